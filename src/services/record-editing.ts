/**
 * Collections and authority records (people, organizations, places,
 * subjects, repositories, funders, rights statements, types, languages) on
 * the editors' side: read, create, save from the revision an edit started
 * from, and put a collection's documents in order. Editors and admins only,
 * checked here; validated by the import schemas; audited in the same
 * transaction.
 * @module
 */
import type { Backend } from '../backends/backend.js';
import { zodIssues } from '../domain/archive-record.js';
import { AUTHORITY_KINDS, authoritySchema, type Authority, type AuthorityKind } from '../domain/authority.js';
import { collectionSchema, type Collection } from '../domain/collection.js';
import { NotFoundError, RecordExistsError, StaleRevisionError, ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import type { DocumentSummary, Page, RevisionInfo } from '../backends/store.js';
import { requirePermission } from './access.js';
import type { Archive } from './archive.js';
import { audit } from './audit.js';
import { saveAuthority, saveCollection, saveDocument } from './records.js';

export type RecordKind = AuthorityKind | 'collection';
export const RECORD_KINDS: readonly RecordKind[] = ['collection', ...AUTHORITY_KINDS];

export type EditableRecord = Authority | Collection;

export class RecordEditing {
  private readonly backend: Backend;

  constructor(archive: Archive) {
    this.backend = archive.backend;
  }

  async get(actor: Actor, kind: RecordKind, id: string): Promise<{ record: EditableRecord; revision: number }> {
    requirePermission(actor, 'document.read-drafts');
    const { store } = this.backend;
    const record = kind === 'collection' ? await store.getCollection(id) : await store.getAuthority(kind, id);
    if (!record) throw new NotFoundError(kind, id);
    return { record, revision: (await store.listRevisions(kind, id))[0]?.revision ?? 0 };
  }

  async list(actor: Actor, kind: RecordKind, page: { limit: number; offset: number }): Promise<Page<EditableRecord>> {
    requirePermission(actor, 'document.read-drafts');
    const { store } = this.backend;
    if (kind !== 'collection') return store.listAuthorities(kind, page);
    const all = await store.listCollections();
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length };
  }

  /** A record's revisions, newest first. */
  async revisions(actor: Actor, kind: RecordKind, id: string): Promise<RevisionInfo[]> {
    await this.get(actor, kind, id);
    return this.backend.store.listRevisions(kind, id);
  }

  /** A collection's documents, drafts included, in the collection's order (for ordering them by hand). */
  async collectionDocuments(actor: Actor, id: string): Promise<DocumentSummary[]> {
    requirePermission(actor, 'document.read-drafts');
    return (await this.backend.store.listDocuments({ collection: id, status: 'any', order: 'collection', limit: 2000 })).items;
  }

  /** Creates (`base` undefined) or replaces a record; a replacement must start from the current revision. */
  async save(actor: Actor, kind: RecordKind, input: Record<string, unknown>, base: number | undefined, note?: string): Promise<{ record: EditableRecord; revision: number }> {
    requirePermission(actor, 'document.edit');
    const { createdAt: _c, updatedAt: _u, ...rest } = input;
    const parsed = (kind === 'collection' ? collectionSchema : authoritySchema).safeParse({ ...rest, kind });
    if (!parsed.success) throw new ValidationError(zodIssues(parsed.error), `The ${kind} is not valid`);
    const record = parsed.data as EditableRecord;
    return this.backend.transaction(async (tx) => {
      await tx.store.lockForWrite(); // the check below and the write land with no other writer between them
      const revisions = await tx.store.listRevisions(kind, record.id);
      const exists = kind === 'collection' ? await tx.store.getCollection(record.id) : await tx.store.getAuthority(kind, record.id);
      if (base === undefined && exists) throw new RecordExistsError(kind, record.id);
      if (base !== undefined && !exists) throw new NotFoundError(kind, record.id);
      if (base !== undefined && (revisions[0]?.revision ?? 0) !== base) throw new StaleRevisionError(record.id, base, revisions[0]!.revision);
      const change = { actor: actor.name, note };
      const outcome = record.kind === 'collection' ? await saveCollection(tx, record, change) : await saveAuthority(tx, record, change);
      if (outcome !== 'unchanged') await audit(tx, actor, `${kind === 'collection' ? 'collection' : 'authority'}.${base === undefined ? 'create' : 'update'}`, `${kind}:${record.id}`, { note });
      return { record, revision: (await tx.store.listRevisions(kind, record.id))[0]?.revision ?? 0 };
    });
  }

  /**
   * Puts a collection's documents in the editor's order: each listed document gets its position
   * (a new revision of each that moved), in one transaction; the collection is set to manual order.
   */
  async orderCollection(actor: Actor, id: string, documentIds: string[]): Promise<number> {
    requirePermission(actor, 'document.edit');
    return this.backend.transaction(async (tx) => {
      const collection = await tx.store.getCollection(id);
      if (!collection) throw new NotFoundError('collection', id);
      const docs = await tx.store.getDocuments(documentIds);
      const issues = documentIds.flatMap((d, i) => {
        if (documentIds.indexOf(d) !== i) return [{ path: `documents.${i}`, message: `"${d}" is listed twice` }];
        if (!docs.get(d)?.collections.some((c) => c.id === id)) return [{ path: `documents.${i}`, message: `"${d}" is not a document of this collection` }];
        return [];
      });
      if (issues.length > 0) throw new ValidationError(issues, 'The order cannot be saved');
      let moved = 0;
      for (const [position, docId] of documentIds.entries()) {
        const doc = docs.get(docId)!;
        if (doc.collections.find((c) => c.id === id)!.position === position) continue;
        const collections = doc.collections.map((c) => (c.id === id ? { ...c, position } : c));
        await saveDocument(tx, { ...doc, collections }, { actor: actor.name, note: `Position ${position + 1} in ${collection.title}` });
        moved++;
      }
      if (collection.order !== 'manual') await saveCollection(tx, { ...collection, order: 'manual' }, { actor: actor.name, note: 'Ordered by hand' });
      await audit(tx, actor, 'collection.order', `collection:${id}`, { documents: documentIds.length, moved });
      return moved;
    });
  }
}
