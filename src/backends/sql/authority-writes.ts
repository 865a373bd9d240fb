/**
 * Writing authorities (people, organizations, places, subjects…) to the
 * catalog, one or many in the same statements. A FRUS volume brings a
 * persons list of a hundred names or so, and written one at a time each cost
 * seven statements (its current row, the writers' lock, the row, its names,
 * the revision's counter, row and sequence): on PostgreSQL, where each is a
 * round trip, that was a third of an import's statements. Here a group
 * takes one read of the current rows per kind, one lock, multi-row inserts
 * for the rows, their names and their revisions. The outcome is what
 * writing them one after another would give: the same rows, names and
 * revision numbers.
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import { allNames, type Authority } from '../../domain/authority.js';
import { contentHash } from '../../domain/canonical-json.js';
import { foldName } from '../../domain/names.js';
import type { ChangeMeta, WriteOutcome } from '../store.js';
import { addRevisions, insertRows, runs, type BulkInsert, type RevisionRow } from './document-writes.js';
import type { QueryTemplates } from './query-templates.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Takes the catalog writers' lock (the `change` counter's row) until the
 * transaction ends: on PostgreSQL, concurrent writers of the catalog queue
 * here, as SQLite's single writer does.
 */
export async function lockWriters(db: Db, templates: QueryTemplates): Promise<void> {
  await templates.run(db, 'sequence.lock', ['change'], ([name]) =>
    db.updateTable('sequences').set((eb) => ({ value: eb.ref('value') })).where('name', '=', name as string),
  );
}

/**
 * Creates or replaces each authority as `putAuthority` would, in order. A
 * (kind, id) that repeats is written in a later group, after the first has
 * landed, so it is compared with what the first wrote.
 */
export async function writeAuthorities(db: Db, templates: QueryTemplates, inputs: readonly Authority[], change: ChangeMeta, bulk?: BulkInsert): Promise<{ outcome: WriteOutcome; authority: Authority }[]> {
  const seen = new Set<string>();
  const repeat = inputs.findIndex((a) => seen.has(keyOf(a)) || !seen.add(keyOf(a)));
  if (repeat > 0) return [...(await writeAuthorities(db, templates, inputs.slice(0, repeat), change, bulk)), ...(await writeAuthorities(db, templates, inputs.slice(repeat), change, bulk))];
  const now = change.at ?? new Date().toISOString();
  const current = await currentRows(db, inputs);
  const plans = inputs.map((input) => {
    const existing = current.get(keyOf(input));
    const hash = contentHash(input);
    return { input, hash, existing, unchanged: existing?.hash === hash };
  });
  const changed = plans.filter((p) => !p.unchanged);
  if (changed.length > 0) {
    await lockWriters(db, templates);
    const inserts: unknown[][] = [];
    const names: unknown[][] = [];
    const revisions: RevisionRow[] = [];
    for (const { input, hash, existing } of changed) {
      const record = JSON.stringify(input);
      if (existing) {
        await db.updateTable('authorities').set({ name: input.name, updated_at: now, hash, record }).where('kind', '=', input.kind).where('id', '=', input.id).execute();
      } else inserts.push([input.kind, input.id, input.name, now, hash, record]);
      for (const name of new Set(allNames(input))) names.push([input.kind, input.id, name, foldName(name)]);
      revisions.push({ kind: input.kind, id: input.id, hash, record });
    }
    await deleteNames(db, changed.filter((p) => p.existing).map((p) => p.input));
    await insertRows(db, templates, 'authorities', ['kind', 'id', 'name', 'updated_at', 'hash', 'record'], inserts, bulk);
    await insertRows(db, templates, 'authority_names', ['kind', 'id', 'name', 'folded'], names, bulk);
    await addRevisions(db, templates, revisions, change, now, bulk);
  }
  return plans.map((p) => ({
    outcome: p.unchanged ? 'unchanged' : p.existing ? 'updated' : 'created',
    authority: p.unchanged ? (JSON.parse(p.existing!.record) as Authority) : p.input,
  }));
}

function keyOf(a: { kind: string; id: string }): string {
  return `${a.kind}\u0000${a.id}`;
}

/** The stored hash and record of each authority that exists, by kind and id: one statement per kind (and per run of ids). */
async function currentRows(db: Db, inputs: readonly Authority[]): Promise<Map<string, { hash: string; record: string }>> {
  const out = new Map<string, { hash: string; record: string }>();
  for (const [kind, ids] of idsByKind(inputs)) {
    for (const run of runs(ids)) {
      const rows = await db.selectFrom('authorities').select(['id', 'hash', 'record']).where('kind', '=', kind).where('id', 'in', run).execute();
      for (const r of rows) out.set(keyOf({ kind, id: r.id }), r);
    }
  }
  return out;
}

/** The names of authorities about to be replaced: their new names are inserted after. */
async function deleteNames(db: Db, replaced: readonly Authority[]): Promise<void> {
  for (const [kind, ids] of idsByKind(replaced)) {
    for (const run of runs(ids)) await db.deleteFrom('authority_names').where('kind', '=', kind).where('id', 'in', run).execute();
  }
}

function idsByKind(authorities: readonly Authority[]): Map<string, string[]> {
  const byKind = new Map<string, string[]>();
  for (const a of authorities) {
    const ids = byKind.get(a.kind) ?? [];
    if (ids.length === 0) byKind.set(a.kind, ids);
    ids.push(a.id);
  }
  return byKind;
}
