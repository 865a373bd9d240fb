/**
 * Export in Dossier's own JSON Lines format: every authority, collection and
 * document, each record on one line, in an order that imports cleanly
 * (anything a record refers to comes before it). Importing an export into an
 * empty archive reproduces every record exactly.
 * @module
 */
import type { Authority, AuthorityKind } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import type { ArchiveRecord } from '../domain/archive-record.js';
import type { Archive } from '../services/archive.js';

/** Kinds in dependency order: documents refer to all of them. */
const AUTHORITY_ORDER: AuthorityKind[] = ['type', 'language', 'rights', 'funder', 'repository', 'subject', 'organization', 'person', 'place'];

/** `publicOnly` leaves out drafts and withdrawn documents: the public archive, as the bulk downloads give it. */
export async function* exportRecords(archive: Archive, options: { publicOnly?: boolean } = {}): AsyncIterable<ArchiveRecord> {
  const { store } = archive.backend;
  for (const kind of AUTHORITY_ORDER) {
    const { items } = await store.listAuthorities(kind);
    yield* parentsFirst(items as Authority[], (a) => ('parent' in a ? a.parent : 'broader' in a ? a.broader : undefined));
  }
  yield* parentsFirst(await store.listCollections(), (c: Collection) => c.parent);
  for await (const doc of store.scanDocuments({ status: options.publicOnly ? 'published' : 'any' })) yield { kind: 'document', ...doc };
}

/** Orders records so that each comes after the record its `parent` names (cycles and dangling parents are kept, last). */
function parentsFirst<T extends { id: string }>(items: T[], parentOf: (item: T) => string | undefined): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: T[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (item: T) => {
    if (placed.has(item.id) || visiting.has(item.id)) return;
    visiting.add(item.id);
    const parent = parentOf(item);
    if (parent && byId.has(parent)) place(byId.get(parent)!);
    visiting.delete(item.id);
    placed.add(item.id);
    out.push(item);
  };
  items.forEach(place);
  return out;
}
