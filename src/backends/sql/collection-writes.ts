/**
 * Writing collections to the catalog, one or many in the same statements. A
 * FRUS volume opens a section every dozen documents or so, and written one at
 * a time each section cost six statements (its current row, the writers'
 * lock, the row, the revision's counter, row and sequence); here a group
 * takes one read of the current rows, one lock, one multi-row insert and
 * one set of revision statements. The outcome is what writing them one
 * after another would give.
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import { contentHash } from '../../domain/canonical-json.js';
import type { Collection } from '../../domain/collection.js';
import type { ChangeMeta, WriteOutcome } from '../store.js';
import { lockWriters } from './authority-writes.js';
import { addRevisions, insertRows, runs, type BulkInsert, type RevisionRow } from './document-writes.js';
import type { QueryTemplates } from './query-templates.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Creates or replaces each collection as `putCollection` would, in order
 * (references are the caller's to check). An id that repeats is written in a
 * later group, after the first has landed.
 */
export async function writeCollections(db: Db, templates: QueryTemplates, inputs: readonly Collection[], change: ChangeMeta, bulk?: BulkInsert): Promise<{ outcome: WriteOutcome; collection: Collection }[]> {
  const seen = new Set<string>();
  const repeat = inputs.findIndex((c) => seen.has(c.id) || !seen.add(c.id));
  if (repeat > 0) return [...(await writeCollections(db, templates, inputs.slice(0, repeat), change, bulk)), ...(await writeCollections(db, templates, inputs.slice(repeat), change, bulk))];
  const now = change.at ?? new Date().toISOString();
  const current = new Map<string, { hash: string; record: string }>();
  for (const run of runs(inputs.map((c) => c.id))) {
    for (const r of await db.selectFrom('collections').select(['id', 'hash', 'record']).where('id', 'in', run).execute()) current.set(r.id, r);
  }
  const plans = inputs.map((input) => {
    const existing = current.get(input.id);
    const previous = existing ? (JSON.parse(existing.record) as Collection) : undefined;
    const collection: Collection = { ...input, createdAt: input.createdAt ?? previous?.createdAt ?? now, updatedAt: undefined };
    const hash = contentHash(collection);
    const unchanged = existing !== undefined && existing.hash === hash;
    return { input, collection: unchanged ? previous! : collection, previous, hash, existing: existing !== undefined, unchanged };
  });
  const changed = plans.filter((p) => !p.unchanged);
  if (changed.length > 0) {
    await lockWriters(db, templates);
    const inserts: unknown[][] = [];
    const revisions: RevisionRow[] = [];
    for (const { input, collection, previous, hash, existing } of changed) {
      collection.updatedAt = input.updatedAt && input.updatedAt !== previous?.updatedAt ? input.updatedAt : now;
      const record = JSON.stringify(collection);
      const row = { parent: collection.parent ?? null, position: collection.position ?? null, title: collection.title, updated_at: collection.updatedAt, hash, record };
      if (existing) await db.updateTable('collections').set(row).where('id', '=', collection.id).execute();
      else inserts.push([collection.id, row.parent, row.position, row.title, row.updated_at, hash, record]);
      revisions.push({ kind: 'collection', id: collection.id, hash, record });
    }
    await insertRows(db, templates, 'collections', ['id', 'parent', 'position', 'title', 'updated_at', 'hash', 'record'], inserts, bulk);
    await addRevisions(db, templates, revisions, change, now, bulk);
  }
  return plans.map((p) => ({ outcome: p.unchanged ? 'unchanged' : p.existing ? 'updated' : 'created', collection: p.collection }));
}
