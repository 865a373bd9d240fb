/**
 * Writing documents to the catalog, one or many in the same statements. An
 * import writes hundreds of documents in a row, and statement by statement
 * each cost a dozen round trips (a few hundred microseconds on SQLite, a
 * millisecond and more on PostgreSQL); here a group of documents takes one
 * read of their current rows, one step of the change counter, multi-row
 * inserts for the rows, their links and revisions, and one step of the
 * revision counter. The outcome is what writing them one after another
 * would give: the same change numbers, slugs, revision numbers and rows.
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import { contentHash } from '../../domain/canonical-json.js';
import type { Document } from '../../domain/document.js';
import { slugify } from '../../domain/ids.js';
import { parsePartialDate, UNDATED_SORT_KEY } from '../../domain/partial-date.js';
import type { ChangeMeta, WriteOutcome } from '../store.js';
import type { QueryTemplates } from './query-templates.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row statement at most: 18 columns × 128 stays far below either database's parameter limit. */
const MAX_ROWS = 128;

/**
 * Appends many rows to one table by the database's own bulk path (COPY on PostgreSQL, copy-rows.ts),
 * where it has one; given by the Backend inside its transactions. Without it, rows go in multi-row inserts.
 */
export type BulkInsert = (table: keyof Database & string, columns: readonly string[], rows: unknown[][]) => Promise<void>;

/**
 * Rows from which the bulk path is taken: below, the multi-row inserts' one or two round trips cost less
 * than COPY's two (the statement, then the rows).
 */
export const BULK_MIN_ROWS = 48;

/** A revision to append: the record's kind and id, its hash (or `deleted`) and its JSON (null for a deletion). */
export interface RevisionRow {
  kind: string;
  id: string;
  hash: string;
  record: string | null;
}

/**
 * Creates or replaces each document as `putDocument` would, in order. Ids
 * must not repeat (a repeated id is written in a later group, after the
 * first has landed).
 */
export async function writeDocuments(db: Db, templates: QueryTemplates, inputs: readonly Document[], change: ChangeMeta, bulk?: BulkInsert): Promise<{ outcome: WriteOutcome; document: Document }[]> {
  const seen = new Set<string>();
  const repeat = inputs.findIndex((d) => seen.has(d.id) || !seen.add(d.id));
  if (repeat > 0) return [...(await writeDocuments(db, templates, inputs.slice(0, repeat), change, bulk)), ...(await writeDocuments(db, templates, inputs.slice(repeat), change, bulk))];
  const now = change.at ?? new Date().toISOString();
  const current = await currentRows(db, inputs.map((d) => d.id));
  const plans = inputs.map((input) => planDocument(input, current.get(input.id), now));
  const changed = plans.filter((p) => !p.unchanged);
  if (changed.length === 0) return plans.map((p) => ({ outcome: 'unchanged', document: p.document }));
  // The change numbers are taken before new slugs are chosen: on PostgreSQL the counter's row lock keeps
  // other writers out until this one commits, so two processes creating documents of one title cannot both
  // pick the same slug.
  let seq = (await nextValues(db, templates, 'change', changed.length)) - changed.length;
  await assignSlugs(db, changed);
  const inserts: unknown[][] = [];
  const revisions: RevisionRow[] = [];
  for (const plan of changed) {
    const { document, input, previous } = plan;
    plan.hash ??= contentHash(document);
    document.updatedAt = input.updatedAt && input.updatedAt !== previous?.updatedAt ? input.updatedAt : now;
    const record = JSON.stringify(document);
    const row = documentRow(document, ++seq, now, plan.hash, record);
    if (plan.existing) {
      await templates.run(db, 'document.update', [document.id, ...DOCUMENT_COLUMNS.map((c) => row[c])], ([id, ...rest]) =>
        db.updateTable('documents').set(Object.fromEntries(DOCUMENT_COLUMNS.map((c, i) => [c, rest[i]]))).where('id', '=', id as string),
      );
    } else inserts.push([document.id, ...DOCUMENT_COLUMNS.map((c) => row[c])]);
    revisions.push({ kind: 'document', id: document.id, hash: plan.hash, record });
  }
  await insertRows(db, templates, 'documents', ['id', ...DOCUMENT_COLUMNS], inserts, bulk);
  await deleteDocumentLinks(db, changed.filter((p) => p.existing).map((p) => p.document.id));
  await insertDocumentLinks(db, templates, changed.map((p) => p.document), bulk);
  await addRevisions(db, templates, revisions, change, now, bulk);
  return plans.map((p) => ({ outcome: p.unchanged ? 'unchanged' : p.existing ? 'updated' : 'created', document: p.document }));
}

interface DocumentPlan {
  input: Document;
  document: Document;
  previous?: Document;
  existing: boolean;
  unchanged: boolean;
  /** Known once the slug is: at once for a stored document, after assignSlugs for a new one without a slug. */
  hash?: string;
}

function planDocument(input: Document, existing: { hash: string; record: string } | undefined, now: string): DocumentPlan {
  const previous = existing ? (JSON.parse(existing.record) as Document) : undefined;
  const document: Document = {
    ...input,
    slug: input.slug ?? previous?.slug,
    // The "original uploaded date" is the first publication: a draft made in the editors' workspace has none yet.
    uploadedAt: input.uploadedAt ?? previous?.uploadedAt ?? (input.status === 'published' ? now : undefined),
    publishedAt: input.publishedAt ?? previous?.publishedAt ?? (input.status === 'published' ? now : undefined),
    updatedAt: undefined,
  };
  if (document.slug === undefined) return { input, document, previous, existing: Boolean(existing), unchanged: false };
  const hash = contentHash(document);
  if (existing && previous && existing.hash === hash) return { input, document: previous, previous, existing: true, unchanged: true, hash };
  return { input, document, previous, existing: Boolean(existing), unchanged: false, hash };
}

async function currentRows(db: Db, ids: string[]): Promise<Map<string, { hash: string; record: string }>> {
  const out = new Map<string, { hash: string; record: string }>();
  for (const run of runs(ids)) {
    const rows = await db.selectFrom('documents').select(['id', 'hash', 'record']).where('id', 'in', run).execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/**
 * Gives each new document without a slug `base`, or `base-N` with N one more than the highest taken,
 * counting the slugs the documents before it in the group take (as if they had been written already).
 * Archives repeat titles thousands of times ("The Secretary of State to the Minister in China"), so a
 * base's taken slugs are read once per group from the slug index alone (no row is visited) and reduced
 * to whether the base itself is taken and its highest numeric suffix; reading each slug's row and
 * comparing every new document with every taken slug made a growing catalog's writes slow down
 * (about 1,200 → 150 documents/s from 10,000 to 60,000 documents with a third of the titles alike).
 */
async function assignSlugs(db: Db, plans: DocumentPlan[]): Promise<void> {
  const bases = new Map(plans.filter((p) => p.document.slug === undefined).map((p) => [p.document.id, slugify(p.document.title, 'document')]));
  if (bases.size === 0) return;
  const taken = new TakenSlugs(new Set(bases.values()));
  for (const slug of await storedSlugs(db, [...taken.bases])) taken.add(slug);
  for (const { document, previous } of plans) {
    const base = bases.get(document.id);
    if (base !== undefined) document.slug = taken.next(base);
    taken.add(document.slug!);
    // A stored document of the group gives up its stored slug once written (it is read back as its new one).
    if (previous) taken.remove(previous.slug!);
  }
}

/**
 * The slugs that can collide with a new slug made from one of `bases`: how many documents hold each base
 * itself and each `base-N`, and the highest N (the next slug is `base-(N+1)`, or `base-2` when none is taken).
 */
class TakenSlugs {
  private readonly exact = new Map<string, number>();
  private readonly suffixes = new Map<string, { counts: Map<number, number>; highest: number }>();
  constructor(readonly bases: ReadonlySet<string>) {}

  next(base: string): string {
    if (!this.exact.get(base)) return base;
    return `${base}-${Math.max(1, this.suffixes.get(base)?.highest ?? 1) + 1}`;
  }

  add(slug: string): void {
    this.adjust(slug, 1);
  }

  remove(slug: string): void {
    this.adjust(slug, -1);
  }

  private adjust(slug: string, by: number): void {
    if (this.bases.has(slug)) this.exact.set(slug, (this.exact.get(slug) ?? 0) + by);
    // `base-N` belongs to the base before its last hyphen, N all digits (`007` is 7).
    const cut = slug.lastIndexOf('-');
    const base = slug.slice(0, cut);
    if (cut <= 0 || !this.bases.has(base) || !/^\d+$/.test(slug.slice(cut + 1))) return;
    const n = Number(slug.slice(cut + 1));
    let tally = this.suffixes.get(base);
    if (!tally) this.suffixes.set(base, (tally = { counts: new Map(), highest: 0 }));
    const count = (tally.counts.get(n) ?? 0) + by;
    if (count > 0) tally.counts.set(n, count);
    else tally.counts.delete(n);
    if (by > 0) tally.highest = Math.max(tally.highest, n);
    else if (count <= 0 && n === tally.highest) {
      tally.highest = 0;
      for (const k of tally.counts.keys()) tally.highest = Math.max(tally.highest, k);
    }
  }
}

/**
 * The stored slugs that are one of `bases` or one followed by a hyphen and a digit, a few dozen bases to a
 * statement. Only the slug is read, so the slug index answers alone (slugs are ASCII, and PostgreSQL's
 * slug column compares in byte order, so `:` is the character after `9`).
 */
async function storedSlugs(db: Db, bases: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < bases.length; i += 32) {
    const some = bases.slice(i, i + 32);
    const rows = await db
      .selectFrom('documents')
      .select('slug')
      .where((eb) => eb.or(some.flatMap((base) => [eb('slug', '=', base), eb.and([eb('slug', '>=', `${base}-0`), eb('slug', '<', `${base}-:`)])])))
      .execute();
    for (const r of rows) out.push(r.slug);
  }
  return out;
}

const DOCUMENT_COLUMNS = [
  'slug', 'title', 'summary', 'status', 'type', 'date_edtf', 'date_start', 'date_end', 'date_sort', 'uploaded_at', 'updated_at', 'published_at', 'sample',
  'change_seq', 'changed_at', 'hash', 'record',
] as const satisfies readonly (keyof Database['documents'])[];

function documentRow(document: Document, seq: number, now: string, hash: string, record: string): Omit<Database['documents'], 'id'> {
  const date = document.date ? parsePartialDate(document.date) : undefined;
  const range = date?.ok ? date.value.range : undefined;
  return {
    slug: document.slug!,
    title: document.title,
    summary: document.summary ?? null,
    status: document.status,
    type: document.type ?? null,
    date_edtf: document.date ?? null,
    date_start: range?.start ?? null,
    date_end: range?.end ?? null,
    date_sort: date?.ok ? date.value.sortKey : UNDATED_SORT_KEY,
    uploaded_at: document.uploadedAt ?? null,
    updated_at: document.updatedAt!,
    published_at: document.publishedAt ?? null,
    sample: document.sample ? 1 : 0,
    change_seq: seq,
    changed_at: new Date(now).toISOString(),
    hash,
    record,
  };
}

export async function deleteDocumentLinks(db: Db, ids: readonly string[]): Promise<void> {
  for (const run of runs(ids)) {
    await db.deleteFrom('document_collections').where('document_id', 'in', run).execute();
    await db.deleteFrom('document_refs').where('document_id', 'in', run).execute();
    await db.deleteFrom('document_relations').where('document_id', 'in', run).execute();
  }
}

async function insertDocumentLinks(db: Db, templates: QueryTemplates, docs: readonly Document[], bulk?: BulkInsert): Promise<void> {
  await insertRows(db, templates, 'document_collections', ['document_id', 'collection_id', 'position'], docs.flatMap((d) => d.collections.map((c) => [d.id, c.id, c.position ?? null])), bulk);
  await insertRows(db, templates, 'document_refs', ['document_id', 'kind', 'ref_id', 'role'], docs.flatMap((d) => documentRefRows(d).map((r) => [r.document_id, r.kind, r.ref_id, r.role])), bulk);
  await insertRows(db, templates, 'document_relations', ['document_id', 'related_id', 'relation'], docs.flatMap((d) => d.related.map((r) => [d.id, r.id, r.relation ?? null])), bulk);
}

/** The authority references of a document as side-table rows (deduplicated: the same person may be creator and mentioned). */
function documentRefRows(doc: Document): Database['document_refs'][] {
  const rows = new Map<string, Database['document_refs']>();
  const add = (kind: string, ref_id: string, role: string) =>
    rows.set(`${kind}\u0000${ref_id}\u0000${role}`, { document_id: doc.id, kind, ref_id, role });
  for (const a of doc.agents) add('agent', a.id, a.role);
  for (const p of doc.places) add('place', p.id, p.role);
  for (const s of doc.subjects) add('subject', s, 'subject');
  for (const f of doc.funders) add('funder', f, 'funder');
  if (doc.rights) add('rights', doc.rights, 'rights');
  if (doc.type) add('type', doc.type, 'type');
  if (doc.source.repository) add('repository', doc.source.repository, 'repository');
  for (const l of doc.languages) add('language', l, 'original');
  for (const t of doc.translations) add('language', t.language, 'translation');
  return [...rows.values()];
}

/**
 * Appends the next revision of each record: its number from the record's own counter row (an upsert that
 * returns it, so concurrent writers of one record queue on that row), never `max(revision) + 1`. The number
 * follows any earlier one, including a deletion. A record must not appear twice in one call.
 */
export async function addRevisions(db: Db, templates: QueryTemplates, revisions: readonly RevisionRow[], change: ChangeMeta, at: string, bulk?: BulkInsert): Promise<void> {
  if (revisions.length === 0) return;
  const numbers = new Map<string, number>();
  for (const run of runs(revisions)) {
    const { rows } = await templates.run(db, `revision.counter.${run.length}`, run.flatMap((r) => [r.kind, r.id]), (m) =>
      db
        .insertInto('revision_counters')
        .values(run.map((_, i) => ({ record_kind: m[2 * i] as string, record_id: m[2 * i + 1] as string, last: 1 })))
        .onConflict((oc) => oc.columns(['record_kind', 'record_id']).doUpdateSet((eb) => ({ last: eb('revision_counters.last', '+', 1) })))
        .returning(['record_kind', 'record_id', 'last']),
    );
    for (const r of rows) numbers.set(`${r.record_kind}\u0000${r.record_id}`, Number(r.last));
  }
  const rows = revisions.map((r) => [r.kind, r.id, numbers.get(`${r.kind}\u0000${r.id}`)!, at, change.actor, change.note ?? null, r.hash, r.record]);
  await insertRows(db, templates, 'revisions', ['record_kind', 'record_id', 'revision', 'changed_at', 'actor', 'note', 'hash', 'record'], rows, bulk);
  await nextValues(db, templates, 'revision', revisions.length);
}

/** Moves a counter of the `sequences` table on by `n` and returns its new value (the last of the `n` taken). */
export async function nextValues(db: Db, templates: QueryTemplates, name: string, n: number): Promise<number> {
  const { rows } = await templates.run(db, 'sequence.add', [name, n], ([counter, by]) =>
    db
      .updateTable('sequences')
      .set((eb) => ({ value: eb('value', '+', by as number) }))
      .where('name', '=', counter as string)
      .returning('value'),
  );
  return Number(rows[0]!.value);
}

/**
 * Multi-row inserts through compiled templates, in runs whose lengths are powers of two (a group of 37
 * rows is 32 + 4 + 1), so each table needs a handful of shapes whatever the group sizes; nothing for no rows.
 * From {@link BULK_MIN_ROWS} rows on, `bulk` writes them instead, where the database has it.
 */
export async function insertRows<T extends keyof Database & string>(db: Db, templates: QueryTemplates, table: T, columns: readonly string[], rows: unknown[][], bulk?: BulkInsert): Promise<void> {
  if (bulk && rows.length >= BULK_MIN_ROWS) return bulk(table, columns, rows);
  for (const run of runs(rows)) {
    await templates.run(db, `${table}.insert.${run.length}`, run.flat(), (markers) =>
      db.insertInto(table).values(run.map((_, r) => Object.fromEntries(columns.map((c, i) => [c, markers[r * columns.length + i]]))) as any),
    );
  }
}

/** Splits values into runs of power-of-two lengths of at most {@link MAX_ROWS}. */
export function* runs<T>(values: readonly T[]): Generator<T[]> {
  for (let i = 0; i < values.length; ) {
    let size = MAX_ROWS;
    while (size > values.length - i) size >>= 1;
    yield values.slice(i, i + size);
    i += size;
  }
}
