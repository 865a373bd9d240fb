/**
 * Bulk changes to the documents a search selects (any query, filters and
 * facets): add to or remove from a collection, add a subject or a funder,
 * set the rights statement, or withdraw. The editor sees how many documents
 * match before applying; the change is one transaction, each document that
 * changed gets a revision noting the batch, and the batch can be undone
 * (each document back to its revision before the batch, where nobody has
 * changed it since), also in one transaction.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Document } from '../domain/document.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import type { SearchParams } from '../search/search-state.js';
import type { DocumentSummary } from '../backends/store.js';
import { requirePermission } from './access.js';
import type { Archive } from './archive.js';
import { audit } from './audit.js';
import { saveDocument } from './records.js';
import { runSearch } from './search.js';

/** The most documents one bulk change may touch: past that, narrow the search. */
export const BULK_MAX = 5000;

export type BulkAction =
  | { kind: 'add-collection' | 'remove-collection'; id: string }
  | { kind: 'add-subject'; id: string }
  | { kind: 'add-funder'; id: string }
  | { kind: 'set-rights'; id: string }
  | { kind: 'withdraw'; reason: string };

export async function bulkPreview(archive: Archive, actor: Actor, params: SearchParams): Promise<{ total: number; sample: DocumentSummary[] }> {
  requirePermission(actor, 'document.edit');
  const page = await runSearch(archive, { ...params, page: 1, perPage: 20 });
  return { total: page.total, sample: page.hits };
}

export async function bulkApply(archive: Archive, actor: Actor, params: SearchParams, action: BulkAction): Promise<{ batch: string; changed: number; matched: number }> {
  requirePermission(actor, action.kind === 'withdraw' ? 'document.withdraw' : 'document.edit');
  if (action.kind === 'withdraw' && !action.reason.trim()) throw new ValidationError([{ path: 'reason', message: 'a withdrawn document shows a public reason' }]);
  const ids = await selection(archive, params);
  const batch = randomBytes(4).toString('hex');
  const note = `Bulk ${batch}: ${describe(action)}`;
  return archive.backend.transaction(async (tx) => {
    if ('id' in action) {
      const kind = action.kind.endsWith('collection') ? 'collection' : action.kind === 'add-subject' ? 'subject' : action.kind === 'add-funder' ? 'funder' : 'rights';
      if ((await tx.store.existingIds(kind, [action.id])).size === 0) throw new ValidationError([{ path: 'id', message: `${kind} "${action.id}" does not exist` }]);
    }
    const docs = await tx.store.getDocuments(ids);
    const changed: { id: string; before: number }[] = [];
    for (const id of ids) {
      const doc = docs.get(id);
      if (!doc) continue;
      const next = apply(doc, action);
      if (JSON.stringify(next) === JSON.stringify(doc)) continue;
      const before = (await tx.store.listRevisions('document', id))[0]?.revision ?? 0;
      await saveDocument(tx, next, { actor: actor.name, note });
      changed.push({ id, before });
    }
    await audit(tx, actor, 'document.bulk', `batch:${batch}`, { action, matched: ids.length, changed });
    return { batch, changed: changed.length, matched: ids.length };
  });
}

/** Puts back every document a batch changed, unless it has changed again since; returns how many were put back and skipped. */
export async function bulkUndo(archive: Archive, actor: Actor, batch: string): Promise<{ restored: number; skipped: string[] }> {
  requirePermission(actor, 'document.edit');
  const entry = (await archive.backend.editors.listAudit({ action: 'document.bulk', limit: 1000 })).items.find((e) => e.target === `batch:${batch}`);
  if (!entry) throw new NotFoundError('Bulk change', batch);
  const changed = (entry.detail?.changed ?? []) as { id: string; before: number }[];
  return archive.backend.transaction(async (tx) => {
    let restored = 0;
    const skipped: string[] = [];
    for (const { id, before } of changed) {
      const [latest] = await tx.store.listRevisions('document', id);
      const old = (await tx.store.getRevision('document', id, before)) as Document | undefined;
      if (!latest || latest.revision !== before + 1 || !latest.note?.startsWith(`Bulk ${batch}:`) || !old) {
        skipped.push(id);
        continue;
      }
      await saveDocument(tx, old, { actor: actor.name, note: `Undid bulk ${batch}` });
      restored++;
    }
    await audit(tx, actor, 'document.bulk-undo', `batch:${batch}`, { restored, skipped });
    return { restored, skipped };
  });
}

async function selection(archive: Archive, params: SearchParams): Promise<string[]> {
  const first = await runSearch(archive, { ...params, page: 1, perPage: 100 });
  if (first.total > BULK_MAX) throw new ValidationError([{ path: 'q', message: `the search matches ${first.total} documents; a bulk change takes at most ${BULK_MAX}` }]);
  const ids = first.hits.map((h) => h.id);
  for (let page = 2; ids.length < first.total && page <= Math.ceil(BULK_MAX / 100); page++) {
    const more = await runSearch(archive, { ...params, page, perPage: 100 });
    if (more.hits.length === 0) break;
    ids.push(...more.hits.map((h) => h.id));
  }
  return [...new Set(ids)];
}

function apply(doc: Document, action: BulkAction): Document {
  switch (action.kind) {
    case 'add-collection':
      return doc.collections.some((c) => c.id === action.id) ? doc : { ...doc, collections: [...doc.collections, { id: action.id }] };
    case 'remove-collection':
      return { ...doc, collections: doc.collections.filter((c) => c.id !== action.id) };
    case 'add-subject':
      return doc.subjects.includes(action.id) ? doc : { ...doc, subjects: [...doc.subjects, action.id] };
    case 'add-funder':
      return doc.funders.includes(action.id) ? doc : { ...doc, funders: [...doc.funders, action.id] };
    case 'set-rights':
      return { ...doc, rights: action.id };
    case 'withdraw':
      return doc.status === 'published' ? { ...doc, status: 'withdrawn', withdrawnReason: action.reason.trim() } : doc;
  }
}

function describe(action: BulkAction): string {
  return action.kind === 'withdraw' ? `withdrawn (${action.reason.trim()})` : `${action.kind.replace('-', ' ')} ${action.id}`;
}
