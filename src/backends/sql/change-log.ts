/**
 * The archive's documents in the order this archive changed them
 * (`change_seq`), with the time of each change (`changed_at`): what OAI-PMH
 * harvesting pages through and what feeds list newest first. A position in
 * this order is one number, so a harvest resumed from it neither skips nor
 * repeats a record however many others change meanwhile (a record changed
 * behind the position moves ahead of it and is harvested again, as it should).
 * @module
 */
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Document } from '../../domain/document.js';
import type { Database } from './schema.js';
import type { ChangedDocument, ChangeQuery, ChangeStamp } from '../store.js';

type Db = Kysely<Database> | Transaction<Database>;
type Query = SelectQueryBuilder<Database, 'documents', {}>;

/** Most ids one statement carries; beyond this a list of ids is queried in chunks. */
const ID_CHUNK = 5_000;

export async function listChanges(db: Db, query: ChangeQuery & { limit: number }): Promise<ChangedDocument[]> {
  if (query.ids && query.ids.length > ID_CHUNK) {
    const parts = await Promise.all(chunks(query.ids, ID_CHUNK).map((ids) => listChanges(db, { ...query, ids })));
    const all = parts.flat().sort((a, b) => (query.order === 'desc' ? b.seq - a.seq : a.seq - b.seq));
    return all.slice(0, query.limit);
  }
  const rows = await filtered(db, query)
    .select(['id', 'change_seq', 'changed_at', 'updated_at', 'record'])
    .orderBy('change_seq', query.order ?? 'asc')
    .limit(query.limit)
    .execute();
  return rows.map((r) => ({
    seq: Number(r.change_seq),
    changedAt: r.changed_at ?? r.updated_at,
    document: JSON.parse(r.record) as Document,
  }));
}

export async function listChangeStamps(db: Db, query: ChangeQuery & { limit: number; offset?: number }): Promise<ChangeStamp[]> {
  const rows = await filtered(db, query)
    .select(['id', 'change_seq', 'changed_at', 'updated_at'])
    .orderBy('change_seq', query.order ?? 'asc')
    .limit(query.limit)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map((r) => ({ id: r.id, seq: Number(r.change_seq), changedAt: r.changed_at ?? r.updated_at }));
}

export async function countChanges(db: Db, query: ChangeQuery): Promise<number> {
  if (query.ids && query.ids.length > ID_CHUNK) {
    const counts = await Promise.all(chunks(query.ids, ID_CHUNK).map((ids) => countChanges(db, { ...query, ids })));
    return counts.reduce((a, b) => a + b, 0);
  }
  const row = await filtered(db, query).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function earliestChange(db: Db, statuses: ChangeQuery['statuses']): Promise<string | undefined> {
  if (statuses.length === 0) return undefined;
  const row = await db
    .selectFrom('documents')
    .where('status', 'in', [...statuses])
    .select((eb) => eb.fn.min('changed_at').as('at'))
    .executeTakeFirst();
  return (row?.at as string | null | undefined) ?? undefined;
}

function filtered(db: Db, query: ChangeQuery): Query {
  // An empty list would render as invalid SQL (`in ()`); it matches nothing (`false`: PostgreSQL
  // refuses a NUL character in text, so no impossible value can stand in for the list).
  const none = sql<boolean>`false`;
  let q: Query = db.selectFrom('documents').where(query.statuses.length ? (eb) => eb('status', 'in', [...query.statuses]) : none);
  if (query.afterSeq !== undefined) q = q.where('change_seq', '>', query.afterSeq);
  if (query.changedFrom) q = q.where('changed_at', '>=', query.changedFrom);
  if (query.changedBefore) q = q.where('changed_at', '<', query.changedBefore);
  if (query.ids) q = query.ids.length ? q.where('id', 'in', [...query.ids]) : q.where(none);
  if (query.collections) {
    const ids = [...query.collections];
    q = ids.length ? q.where('id', 'in', (eb) => eb.selectFrom('document_collections').select('document_id').where('collection_id', 'in', ids)) : q.where(none);
  }
  if (query.ref) {
    const { kind, id } = query.ref;
    q = q.where('id', 'in', (eb) => eb.selectFrom('document_refs').select('document_id').where('kind', '=', kind).where('ref_id', '=', id));
  }
  return q;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
