/**
 * Plain lists of the public catalog, page by page, for the JSON API and
 * other machine interfaces: published documents, authority records of one
 * kind, and the document change log that mirrors follow. Drafts never appear;
 * a withdrawn or unpublished document appears in the change log only as a
 * deletion, with nothing of its content.
 * @module
 */
import type { AuthorityKind, AuthorityOf } from '../domain/authority.js';
import type { DocumentSummary, Page } from '../backends/store.js';
import type { Archive } from './archive.js';

export interface CatalogChange {
  id: string;
  seq: number;
  /** `upsert`: fetch the published record; `delete`: the document left the public archive (withdrawn or back to draft). */
  action: 'upsert' | 'delete';
  updatedAt: string;
}

export function publishedDocuments(archive: Archive, limit: number, offset: number): Promise<Page<DocumentSummary>> {
  return archive.backend.store.listDocuments({ status: 'published', order: 'date', limit, offset });
}

export function authorities<K extends AuthorityKind>(archive: Archive, kind: K, limit: number, offset: number): Promise<Page<AuthorityOf<K>>> {
  return archive.backend.store.listAuthorities(kind, { limit, offset });
}

/** Changes after sequence number `since`, oldest first, at most `limit`; `next` is where to continue. */
export async function documentChanges(archive: Archive, since: number, limit: number): Promise<{ changes: CatalogChange[]; next: number; more: boolean }> {
  const rows = await archive.backend.store.listDocumentChanges(since, limit + 1);
  const page = rows.slice(0, limit);
  return {
    changes: page.map((r) => ({ id: r.id, seq: r.seq, action: r.status === 'published' ? 'upsert' : 'delete', updatedAt: r.updatedAt })),
    next: page.at(-1)?.seq ?? since,
    more: rows.length > limit,
  };
}
