/**
 * The search engine's tables on PostgreSQL and the queries over them: the
 * same tables the SQLite index keeps (sqlite/sqlite-index-storage.ts), with
 * what several processes sharing one database need on top.
 * PostgresIndexStorage (postgres-index-storage.ts) fills the engine's
 * index-storage port with these.
 *
 * - `ix_segments`, `ix_postings`: segments and their stored rows (a common
 *   term's postings and positions, or a run of rare terms keyed by its
 *   first: engine/term-runs.ts) as bytea, keys in byte order (collate "C"),
 *   which is the engine's `compareTerms` order, so merges read ranges as on
 *   SQLite and a term is read from the row keyed at or before it;
 * - `ix_docs`: one row per indexed document version, the doc columns;
 * - `ix_pending`: documents waiting to become a segment;
 * - `ix_facet_values` with a counter per facet in `ix_facet_counters`;
 * - `search_state`: one row holding the layout, the epoch (changed by a
 *   rebuild), the generation (the change marker) and the next doc number
 *   (doc numbers start at 1, as SQLite's rowids do).
 *
 * Doc numbers and facet value ids are handed out by `update … returning` on
 * a counter row, not by a sequence or `max()+1`: the row stays locked until
 * the writer commits, so numbers are gapless and commit in increasing order,
 * which the engine relies on when it loads "every doc from N on". Writers of
 * the index are thereby serialized, as they are on SQLite. Each reservation
 * also raises the generation and sends NOTIFY `dossier_search` with it,
 * which PostgreSQL delivers only when (and if) the transaction commits, so
 * other processes reload exactly when there is something new to see.
 * @module
 */
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { findInRow, termsInRows } from '../../search/engine/term-runs.js';
import { BULK_MIN_ROWS } from '../sql/document-writes.js';
import type { RowCopier } from './copy-rows.js';
import { SHORT_LIST_BYTES, type DictionaryRow } from './segment-dictionaries.js';

type Db = Kysely<any> | Transaction<any>;

/** Version of these tables' layout and of the lists in them (`pg-ix-6`: a word's form as typed written against its stem's list, as on SQLite; `pg-ix-5`: positions in blocks that state their length); tables of another are dropped and rebuilt (the archive then reindexes). */
export const PG_INDEX_LAYOUT = 'pg-ix-6';
export const SEARCH_CHANNEL = 'dossier_search';

/** A segment; `terms` is the list of its stored rows' keys. */
export interface SegmentRow { base: number; last: number; docs: number; level: number; terms: string[] }
export interface PostingRow { term: string; n: number; data: Uint8Array; positions: Uint8Array }
export interface DocColumnRow {
  doc: number; docId: string; live: boolean; length: number;
  dateStart: number; dateEnd: number; dateFlags: number; sortKey: number | null; facets: Uint8Array;
}
export interface SearchStateRow { layout: string; epoch: string; generation: number; nextDoc: number }

/**
 * Of the segment `q.base`, the stored row keyed at or before `q.term` (the one that may hold it): its key, count and,
 * only when it may hold the term (a run, or the term's own row), its bytes; a common word's list keyed just before
 * is not read.
 */
const AT_OR_BEFORE = `select r.term, r.n, case when r.n < 0 or r.term = q.term then r.data end as data
  from ix_postings r where r.base = q.base and r.term <= q.term order by r.term desc limit 1`;
/** The same row with its positions, each column as it is (the reading statement picks what it sends). */
const AT_OR_BEFORE_WITH_POSITIONS = `select r.term, r.n, r.data, r.positions
  from ix_postings r where r.base = q.base and r.term <= q.term order by r.term desc limit 1`;

/** The runs of terms a row holds at most: a row this size stays in its page, under PostgreSQL's TOAST threshold (~2 KB). */
export const PG_RUN_BYTES = 1000;

const EMPTY = new Uint8Array(0);

/** Rows per multi-row insert: well under PostgreSQL's 65,535 parameters a statement. */
const BATCH = 1000;
/** Term rows per statement, and their bytes (postings and positions), at most. */
const BATCH_ROWS = 20_000;
const BATCH_BYTES = 64 * 1024 * 1024;

/** Creates the tables when missing (or of another layout); safe to run from several processes at once. */
export async function createSegmentTables(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${SEARCH_CHANNEL}))`.execute(trx);
    const { rows } = await sql<{ present: boolean }>`select to_regclass('search_state') is not null as present`.execute(trx);
    const layout = rows[0]!.present ? (await sql<{ layout: string }>`select layout from search_state where id = 1`.execute(trx)).rows[0]?.layout : undefined;
    if (layout === PG_INDEX_LAYOUT) return;
    await sql`drop table if exists ix_postings, ix_segments, ix_docs, ix_pending, ix_facet_values, ix_facet_counters, search_state`.execute(trx);
    for (const statement of [
      sql`create table ix_segments (base bigint primary key, last bigint not null, docs integer not null, level integer not null, terms bytea not null)`,
      sql`create table ix_postings (base bigint not null, term text collate "C" not null, n integer not null, data bytea not null, positions bytea not null, primary key (base, term))`,
      sql`create table ix_docs (doc bigint primary key, doc_id text collate "C" not null, live boolean not null, length integer not null,
        date_start integer not null, date_end integer not null, date_flags integer not null, sort_key double precision, facets bytea not null)`,
      // Encoded postings barely compress, and pglz would cost every write and read of a large row: stored as they are.
      sql`alter table ix_postings alter column data set storage external, alter column positions set storage external`,
      sql`create index ix_docs_live_id on ix_docs (doc_id) where live`,
      sql`create index ix_docs_dead on ix_docs (doc) where not live`,
      sql`create table ix_pending (doc bigint primary key, data bytea not null)`,
      sql`create table ix_facet_values (facet integer not null, id integer not null, value text collate "C" not null, primary key (facet, id), unique (facet, value))`,
      sql`create table ix_facet_counters (facet integer primary key, next integer not null)`,
      // Every text column in byte order from the start (byte-order.ts): converted by a later open instead, the
      // table would change under other processes' named statements ("cached plan must not change result type").
      sql`create table search_state (id integer primary key check (id = 1), layout text collate "C" not null, epoch text collate "C" not null, generation bigint not null, next_doc bigint not null)`,
      sql`insert into search_state values (1, ${PG_INDEX_LAYOUT}, gen_random_uuid()::text, 0, 1)`,
    ]) await statement.execute(trx);
  });
}

/** Told of each read a search makes (its statement's name, milliseconds and rows): how the benchmark's `--trace` profiles a query. */
export type StatementTrace = (name: string, ms: number, rows: number) => void;

/** One (segment, term) pair's postings as read, with the identity of the segment they came from. */
export interface SegmentPostingRow {
  base: number;
  term: string;
  last: number;
  docs: number;
  epoch: string;
  /** Null where the segment holds no row for the term. */
  row: { n: number; data: Uint8Array } | null;
}

/** What {@link SegmentTables.changesSince} reads, as of one snapshot. */
export interface IndexChangeRows {
  epoch: string;
  generation: number;
  maxDoc: number;
  docs: DocColumnRow[];
  dead: number[];
  facetValues: { facet: number; id: number; value: string }[];
  segments: { base: number; last: number; docs: number; level: number; epoch: string }[];
  pending: { doc: number; data: Uint8Array; live: boolean }[];
}

export class SegmentTables {
  /**
   * `pool`: the pool behind `db` (never a transaction's), on which a search's reads run as named statements.
   * `trace`: told of each of those reads.
   * `copier`: writes term rows with COPY on `db`'s own client (a transaction's); else multi-row inserts.
   */
  constructor(private readonly db: Db, private readonly pool?: pg.Pool, private readonly trace?: StatementTrace, private readonly copier?: RowCopier) {}

  /**
   * A read every search makes: on the pool, a named statement, which each
   * connection parses and plans once instead of per search (a tenth of a
   * millisecond of a rare word's one round trip); else through Kysely.
   */
  async #hot<R>(name: string, text: string, values: unknown[] = []): Promise<R[]> {
    const started = this.trace ? performance.now() : 0;
    const rows = this.pool
      ? ((await this.pool.query({ name, text, values })).rows as R[])
      : ((await this.db.executeQuery(CompiledQuery.raw(text, values))).rows as R[]);
    this.trace?.(name, performance.now() - started, rows.length);
    return rows;
  }

  async state(): Promise<SearchStateRow> {
    const { rows } = await sql<{ layout: string; epoch: string; generation: string; next_doc: string }>`
      select layout, epoch, generation::text, next_doc::text from search_state where id = 1`.execute(this.db);
    const r = rows[0]!;
    return { layout: r.layout, epoch: r.epoch, generation: Number(r.generation), nextDoc: Number(r.next_doc) };
  }

  /**
   * Reserves `count` doc numbers and raises the generation, announcing it on
   * commit. Call inside the writing transaction; other writers wait here until it ends.
   */
  async reserve(count: number): Promise<{ firstDoc: number; generation: number; epoch: string }> {
    const { rows } = await sql<{ first: string; generation: string; epoch: string }>`
      update search_state set next_doc = next_doc + ${count}, generation = generation + 1 where id = 1
      returning (next_doc - ${count})::text as first, generation::text, epoch`.execute(this.db);
    const generation = rows[0]!.generation;
    await sql`select pg_notify(${SEARCH_CHANNEL}, ${generation})`.execute(this.db);
    return { firstDoc: Number(rows[0]!.first), generation: Number(generation), epoch: rows[0]!.epoch };
  }

  /** The change marker alone: one row read by primary key. */
  async generation(): Promise<number> {
    const rows = await this.#hot<{ generation: string }>('ix_generation', 'select generation::text from search_state where id = 1');
    return Number(rows[0]!.generation);
  }

  /** Empties the index for a rebuild: a new epoch, doc numbers from 1 again. */
  async clear(epoch?: string): Promise<void> {
    await sql`truncate ix_postings, ix_segments, ix_docs, ix_pending, ix_facet_values, ix_facet_counters`.execute(this.db);
    await sql`update search_state set epoch = coalesce(${epoch ?? null}::text, gen_random_uuid()::text), next_doc = 1, generation = generation + 1 where id = 1`.execute(this.db);
    await sql`select pg_notify(${SEARCH_CHANNEL}, (select generation::text from search_state where id = 1))`.execute(this.db);
  }

  // ---- doc columns --------------------------------------------------------

  async insertDocs(rows: readonly DocColumnRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      const values = rows.slice(i, i + BATCH).map((r) =>
        sql`(${r.doc}, ${r.docId}, ${r.live}, ${r.length}, ${r.dateStart}, ${r.dateEnd}, ${r.dateFlags}, ${r.sortKey}, ${Buffer.from(r.facets)})`);
      await sql`insert into ix_docs (doc, doc_id, live, length, date_start, date_end, date_flags, sort_key, facets) values ${sql.join(values)}`.execute(this.db);
    }
  }

  async maxDoc(): Promise<number> {
    const { rows } = await sql<{ doc: string }>`select coalesce(max(doc), 0)::text as doc from ix_docs`.execute(this.db);
    return Number(rows[0]!.doc);
  }

  async liveCount(): Promise<number> {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from ix_docs where live`.execute(this.db);
    return Number(rows[0]!.n);
  }

  /** Deletes replaced rows (after every segment was merged without them). */
  async purgeDead(): Promise<void> {
    await sql`delete from ix_docs where not live`.execute(this.db);
  }

  /** Marks the live version of a document replaced; returns its doc number, if it had one. */
  async replace(docId: string): Promise<number | undefined> {
    const { rows } = await sql<{ doc: string }>`update ix_docs set live = false where doc_id = ${docId} and live returning doc::text`.execute(this.db);
    if (rows[0]) await sql`delete from ix_pending where doc = ${rows[0].doc}::bigint`.execute(this.db);
    return rows[0] ? Number(rows[0].doc) : undefined;
  }

  /** Every doc row from `doc` on, in doc order (the engine appends them to its columns). */
  async docsFrom(doc: number): Promise<DocColumnRow[]> {
    const { rows } = await sql<{ doc: string; doc_id: string; live: boolean; length: number; date_start: number; date_end: number; date_flags: number; sort_key: number | null; facets: Buffer }>`
      select doc::text, doc_id, live, length, date_start, date_end, date_flags, sort_key, facets from ix_docs where doc >= ${doc} order by ix_docs.doc`.execute(this.db);
    return rows.map((r) => ({
      doc: Number(r.doc), docId: r.doc_id, live: r.live, length: r.length, dateStart: r.date_start, dateEnd: r.date_end,
      dateFlags: r.date_flags, sortKey: r.sort_key, facets: new Uint8Array(r.facets),
    }));
  }

  /** Doc numbers of replaced rows, in [from, to] when given. */
  async deadDocs(from?: number, to?: number): Promise<number[]> {
    const { rows } = from === undefined || to === undefined
      ? await sql<{ doc: string }>`select doc::text from ix_docs where not live order by ix_docs.doc`.execute(this.db)
      : await sql<{ doc: string }>`select doc::text from ix_docs where not live and doc between ${from} and ${to} order by ix_docs.doc`.execute(this.db);
    return rows.map((r) => Number(r.doc));
  }

  // ---- segments -------------------------------------------------------------

  /** Writes one segment: its row and every term's postings, in multi-row inserts. */
  async writeSegment(segment: SegmentRow, postings: Iterable<PostingRow>): Promise<void> {
    await this.putPostings(segment.base, postings);
    await this.putSegment(segment);
  }

  async putSegment(segment: SegmentRow): Promise<void> {
    await sql`insert into ix_segments (base, last, docs, level, terms) values
      (${segment.base}, ${segment.last}, ${segment.docs}, ${segment.level}, ${encodeTerms(segment.terms)})`.execute(this.db);
  }

  /**
   * Writes term rows of the segment at `base`, BATCH_ROWS to a statement.
   * Inside a Backend transaction a batch of BULK_MIN_ROWS or more is one
   * COPY (copy-rows.ts: each row's bytes as they are, nothing for the server
   * to cut or decode).
   * Elsewhere a statement carries the terms and counts as arrays and all
   * the rows' bytes as one bytea (sent in binary), which the server cuts by
   * the lengths: a bytea array would travel as hex text, twice the size, and
   * rows of VALUES cost a parameter each.
   */
  async putPostings(base: number, postings: Iterable<PostingRow>): Promise<void> {
    let batch: PostingRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      if (this.copier && batch.length >= BULK_MIN_ROWS) {
        await this.copier.copy(this.db, 'ix_postings', ['base', 'term', 'n', 'data', 'positions'], batch.map((p) => [base, p.term, p.n, p.data, p.positions]),
          (row) => `segment ${base}, term ${JSON.stringify(row[1])}`);
        batch = [];
        return;
      }
      const data = Buffer.concat(batch.map((p) => p.data));
      const positions = Buffer.concat(batch.map((p) => p.positions));
      await sql`insert into ix_postings (base, term, n, data, positions)
        select ${base}, u.term, u.n, substring(${data}::bytea from u.d_end - u.d_len + 1 for u.d_len), substring(${positions}::bytea from u.p_end - u.p_len + 1 for u.p_len)
        from (select term, n, d_len, p_len, (sum(d_len) over w)::integer as d_end, (sum(p_len) over w)::integer as p_end
              from unnest(${batch.map((p) => p.term)}::text[], ${batch.map((p) => p.n)}::integer[], ${batch.map((p) => p.data.length)}::integer[],
                ${batch.map((p) => p.positions.length)}::integer[]) with ordinality as t(term, n, d_len, p_len, i)
              window w as (order by i)) u`.execute(this.db);
      batch = [];
    };
    let bytes = 0;
    for (const p of postings) {
      batch.push(p);
      bytes += p.data.length + p.positions.length;
      if (batch.length === BATCH_ROWS || bytes >= BATCH_BYTES) {
        await flush();
        bytes = 0;
      }
    }
    await flush();
  }

  /** Every segment without its term list (what a search and a merge plan need), by base. */
  async segmentList(): Promise<{ base: number; last: number; docs: number; level: number }[]> {
    const { rows } = await sql<{ base: string; last: string; docs: number; level: number }>`
      select base::text, last::text, docs, level from ix_segments order by ix_segments.base`.execute(this.db);
    return rows.map((r) => ({ base: Number(r.base), last: Number(r.last), docs: r.docs, level: r.level }));
  }

  /**
   * Every segment as {@link segmentList} gives it, each with the rebuild marker (the epoch) read in the same
   * statement: together they name a segment whose rows are written once and never change (segment-postings.ts).
   */
  async segmentIdentities(): Promise<{ base: number; last: number; docs: number; level: number; epoch: string }[]> {
    const rows = await this.#hot<{ base: string; last: string; docs: number; level: number; epoch: string }>('ix_segment_list', `
      select s.base::text, s.last::text, s.docs, s.level, st.epoch from ix_segments s cross join search_state st
      where st.id = 1 order by s.base`);
    return rows.map((r) => ({ base: Number(r.base), last: Number(r.last), docs: r.docs, level: r.level, epoch: r.epoch }));
  }

  /**
   * For each (segment, term) pair asked for, the row or its absence (`n` and `data` null), with the identity of the
   * segment it was read from, all in one statement and so one snapshot; a pair whose segment is gone has no row.
   */
  async postingsOfPairs(bases: readonly number[], terms: readonly string[]): Promise<SegmentPostingRow[]> {
    const rows = await this.#hot<{ base: string; term: string; last: string; docs: number; epoch: string; key: string | null; n: number | null; data: string | null }>('ix_postings_of', `
      select q.base::text, q.term, s.last::text, s.docs, st.epoch, p.term as key, p.n, encode(p.data, 'base64') as data
      from unnest($1::bigint[], $2::text[]) as q(base, term)
      join ix_segments s on s.base = q.base
      cross join search_state st
      left join lateral (${AT_OR_BEFORE}) p on true
      where st.id = 1`, [bases.map(String), terms]);
    return rows.map((r) => {
      const found = r.key === null || r.n === null || r.data === null ? undefined : findInRow(r.key, r.n, fromBase64(r.data), EMPTY, r.term);
      return { base: Number(r.base), term: r.term, last: Number(r.last), docs: r.docs, epoch: r.epoch, row: found ? { n: found.n, data: own(found.postings) } : null };
    });
  }

  /**
   * A segment's dictionary (segment-dictionaries.ts): every stored row's key and count, and a run's bytes or a short
   * list's postings, in term
   * order, by binary COPY, only if a segment of that name (base, last doc, count, epoch) is in the index in the same
   * snapshot; undefined when none is. Without a pool, undefined (inside a transaction nothing is held).
   */
  async dictionaryOf(segment: { base: number; last: number; docs: number; epoch: string }): Promise<DictionaryRow[] | undefined> {
    if (!this.pool) return undefined;
    const rows = await this.#copyOut('ix_dictionary_of', `select p.term, p.n, case when p.n < 0 or length(p.data) <= ${SHORT_LIST_BYTES} then p.data end
      from ix_segments s join search_state st on st.id = 1 and st.epoch = ${pg.escapeLiteral(segment.epoch)}
      left join ix_postings p on p.base = s.base
      where s.base = ${inlineInteger(segment.base)} and s.last = ${inlineInteger(segment.last)} and s.docs = ${inlineInteger(segment.docs)}
      order by p.term`, ['text', 'int4', 'bytea']);
    if (rows.length === 0) return undefined;
    return rows.filter((r) => r[0] !== null).map(([term, n, data]) => ({ term: term as string, n: n as number, data: data as Uint8Array | null }));
  }

  /**
   * What a search engine reads after the index changed, in one round trip
   * and one snapshot: the state, doc rows from `fromDoc` on, every replaced
   * row, facet values from `facetSizes[facet]` on, the segments with the
   * epoch (as segmentIdentities gives them) and the pending rows. The
   * statements go as one message of the simple protocol inside a
   * repeatable-read transaction, which takes no parameters: the numbers are
   * written into the text, after checking they are integers. Undefined
   * without a pool (inside a transaction).
   */
  async changesSince(fromDoc: number, facetSizes: readonly number[]): Promise<IndexChangeRows | undefined> {
    if (!this.pool) return undefined;
    if (![fromDoc, ...facetSizes].every((n) => Number.isSafeInteger(n) && n >= 0)) throw new Error(`search index: bad doc number or facet size in ${fromDoc}, ${facetSizes.join(',')}`);
    const text = `begin transaction isolation level repeatable read read only;
      select epoch, generation::text, (select coalesce(max(doc), 0) from ix_docs)::text as max_doc from search_state where id = 1;
      select doc::text, doc_id, live, length, date_start, date_end, date_flags, sort_key, encode(facets, 'base64') as facets
        from ix_docs where doc >= ${fromDoc} order by ix_docs.doc;
      select doc::text from ix_docs where not live order by ix_docs.doc;
      select facet, id, value from ix_facet_values where id >= coalesce(('{${facetSizes.join(',')}}'::integer[])[facet + 1], 0) order by facet, id;
      select base::text, last::text, docs, level from ix_segments order by ix_segments.base;
      select p.doc::text, encode(p.data, 'base64') as data, d.live from ix_pending p join ix_docs d on d.doc = p.doc order by p.doc;
      commit`;
    const started = this.trace ? performance.now() : 0;
    const client = await this.pool.connect();
    let results: pg.QueryResult[];
    try {
      results = (await client.query(text)) as unknown as pg.QueryResult[];
    } catch (error) {
      // The message stops at the failing statement, leaving the transaction open on this connection.
      await client.query('rollback').catch(() => undefined);
      client.release();
      throw error;
    }
    client.release();
    const [, state, docs, dead, facets, segments, pending] = results.map((r) => r.rows);
    this.trace?.('ix_changes_since', performance.now() - started, docs!.length);
    const s = state![0] as { epoch: string; generation: string; max_doc: string };
    return {
      epoch: s.epoch,
      generation: Number(s.generation),
      maxDoc: Number(s.max_doc),
      docs: docs!.map((r) => ({
        doc: Number(r.doc), docId: r.doc_id, live: r.live, length: r.length, dateStart: r.date_start, dateEnd: r.date_end,
        dateFlags: r.date_flags, sortKey: r.sort_key, facets: fromBase64(r.facets),
      })),
      dead: dead!.map((r) => Number(r.doc)),
      facetValues: facets as { facet: number; id: number; value: string }[],
      segments: segments!.map((r) => ({ base: Number(r.base), last: Number(r.last), docs: r.docs, level: r.level, epoch: s.epoch })),
      pending: pending!.map((r) => ({ doc: Number(r.doc), data: fromBase64(r.data), live: r.live })),
    };
  }

  /** The keys of a segment's stored rows, as its row lists them. */
  async segmentKeys(base: number): Promise<string[]> {
    const { rows } = await sql<{ terms: Buffer }>`select terms from ix_segments where base = ${base}`.execute(this.db);
    return rows[0] ? decodeTerms(rows[0].terms) : [];
  }

  /**
   * The rows of each of `terms` in the segments at `bases`, without positions: by term, each term's rows in base order.
   * What a search reads comes as base64 (a third larger than the bytes) rather than `pg`'s default text form of
   * bytea, hex (twice as large): a phrase of two common words reads megabytes of positions. The rows are put in
   * base order here, not by the statement: a sort on the server would copy every row's encoded bytes once more.
   */
  async postingsOf(bases: readonly number[], terms: readonly string[]): Promise<Map<string, { base: number; n: number; data: Uint8Array }[]>> {
    const rows = await this.#hot<{ base: string; term: string; key: string; n: number; data: string | null }>('ix_postings_of_bases', `
      select q.base::text, q.term, p.term as key, p.n, encode(p.data, 'base64') as data
      from unnest($1::bigint[]) as b(base) cross join unnest($2::text[]) as t(term)
      cross join lateral (select b.base, t.term) q
      cross join lateral (${AT_OR_BEFORE}) p`, [bases.map(String), terms]);
    const found = [];
    for (const r of inBaseOrder(rows)) {
      const hit = r.data !== null && findInRow(r.key, r.n, fromBase64(r.data), EMPTY, r.term);
      if (hit) found.push({ term: r.term, base: Number(r.base), n: hit.n, data: own(hit.postings) });
    }
    return byTerm(found);
  }

  /**
   * The positions of each of `terms` in the segments at `bases`: by term, each term's rows in base order. On the
   * pool they come by COPY in its binary format ({@link #copyOut}): a common word's positions are a megabyte at
   * 50,000 documents, which as base64 text costs the server an encoding, the wire a third more bytes and the
   * driver a parse into a string and a decode. Inside a transaction, as the other reads do.
   */
  async positionsOf(bases: readonly number[], terms: readonly string[]): Promise<Map<string, { n: number; positions: Uint8Array }[]>> {
    if (this.pool) return (await this.positionsAndPostingsOf(bases, terms, [])).positions;
    type Row = { base: number; term: string; key: string; n: number; data: Uint8Array | null; positions: Uint8Array | null };
    const read = await this.#hot<{ base: string; term: string; key: string; n: number; data: string | null; positions: string | null }>('ix_positions_of', `
      select x.base::text, x.term, x.key, x.n, encode(x.data, 'base64') as data, encode(x.positions, 'base64') as positions
      from (select q.base, q.term, p.term as key, p.n, case when p.n < 0 then p.data end as data,
          case when p.n >= 0 and p.term = q.term then p.positions end as positions
        from unnest($1::bigint[]) as b(base) cross join unnest($2::text[]) as t(term) cross join lateral (select b.base, t.term) q
        cross join lateral (${AT_OR_BEFORE_WITH_POSITIONS}) p) x`, [bases.map(String), terms]);
    const rows: Row[] = read.map((r) => ({ ...r, base: Number(r.base), data: r.data === null ? null : fromBase64(r.data), positions: r.positions === null ? null : fromBase64(r.positions) }));
    return positionsByTerm(rows);
  }

  /**
   * {@link positionsOf} and, for each of `withPostings` (some of `terms`), its postings in every
   * segment at `bases` as {@link postingsOfPairs} gives them, with the identity of the segment they came from: a
   * phrase's words' lists come in the read of their positions, one statement and one snapshot instead of two (on
   * the pool; without one, two statements).
   */
  async positionsAndPostingsOf(bases: readonly number[], terms: readonly string[], withPostings: readonly string[]): Promise<{
    positions: Map<string, { n: number; positions: Uint8Array }[]>; postings: SegmentPostingRow[];
  }> {
    if (!this.pool) {
      // Without a pool, as two statements.
      const [positions, postings] = await Promise.all([this.positionsOf(bases, terms),
        withPostings.length === 0 ? [] : this.postingsOfPairs(withPostings.flatMap(() => bases), withPostings.flatMap((term) => bases.map(() => term)))]);
      return { positions, postings };
    }
    const postingsToo = withPostings.length === 0 ? 'false' : `q.term = any(${inlineArray(withPostings)})`;
    const copied = await this.#copyOut('ix_positions_of', `select q.base, q.term, s.last, s.docs, st.epoch, p.term as key, p.n,
        case when p.n < 0 or (p.term = q.term and ${postingsToo}) then p.data end as data,
        case when p.n >= 0 and p.term = q.term then p.positions end as positions
      from unnest(${inlineArray(bases.map(inlineInteger), 'bigint')}) as b(base) cross join unnest(${inlineArray(terms)}) as t(term)
      cross join lateral (select b.base, t.term) q
      join ix_segments s on s.base = q.base
      cross join search_state st
      left join lateral (${AT_OR_BEFORE_WITH_POSITIONS}) p on true
      where st.id = 1`, ['int8', 'text', 'int8', 'int4', 'text', 'text', 'int4', 'bytea', 'bytea']);
    const rows = copied.map(([base, term, last, docs, epoch, key, n, data, positions]) =>
      ({ base, term, last, docs, epoch, key, n, data, positions }) as { base: number; term: string; last: number; docs: number; epoch: string; key: string | null; n: number | null; data: Uint8Array | null; positions: Uint8Array | null });
    const wanted = new Set(withPostings);
    const postings: SegmentPostingRow[] = [];
    for (const r of rows) {
      if (!wanted.has(r.term)) continue;
      const found = r.key === null || r.n === null || r.data === null ? undefined : findInRow(r.key, r.n, r.data, EMPTY, r.term);
      postings.push({ base: r.base, term: r.term, last: r.last, docs: r.docs, epoch: r.epoch, row: found ? { n: found.n, data: own(found.postings) } : null });
    }
    const positions = positionsByTerm(rows.filter((r): r is typeof r & { key: string; n: number } => r.key !== null && r.n !== null));
    return { positions, postings };
  }

  /**
   * The rows of `select` (its every value written into its text), read by COPY in its binary format on a
   * connection of the pool: each value travels as its bytes, and a bytea comes as itself, copied once out of
   * what the socket read into a buffer of its own. COPY takes no parameters and is planned at each call (a
   * fraction of a millisecond), so it is for reads whose bytes outweigh that.
   */
  async #copyOut(name: string, select: string, types: readonly CopyOutType[]): Promise<unknown[][]> {
    const started = this.trace ? performance.now() : 0;
    const client = await this.pool!.connect();
    let bytes: Buffer;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo(`copy (${select}) to stdout (format binary)`))) chunks.push(chunk as Buffer);
      bytes = Buffer.concat(chunks);
    } catch (error) {
      // A COPY cut short leaves the connection in no state to reuse.
      client.release(error as Error);
      throw error;
    }
    client.release();
    const rows = binaryCopyRows(bytes, types);
    this.trace?.(name, performance.now() - started, rows.length);
    return rows;
  }

  /** Deletes one segment's rows for terms in [from, to] and returns them (in no particular order): a merge step in one statement. */
  async takeRange(base: number, from: string, to: string): Promise<PostingRow[]> {
    const { rows } = await sql<PostingRow>`
      delete from ix_postings where base = ${base} and term >= ${from} and term <= ${to} returning term, n, data, positions`.execute(this.db);
    return rows;
  }

  async segments(): Promise<SegmentRow[]> {
    const { rows } = await sql<{ base: string; last: string; docs: number; level: number; terms: Buffer }>`
      select base::text, last::text, docs, level, terms from ix_segments order by ix_segments.base`.execute(this.db);
    return rows.map((r) => ({ base: Number(r.base), last: Number(r.last), docs: r.docs, level: r.level, terms: decodeTerms(r.terms) }));
  }

  /** A term's rows in every segment, in doc order. */
  async postings(term: string): Promise<(PostingRow & { base: number })[]> {
    const { rows } = await sql<{ base: string; term: string; n: number; data: Buffer; positions: Buffer }>`
      select base::text, term, n, data, positions from ix_postings where term = ${term} order by ix_postings.base`.execute(this.db);
    return rows.map((r) => ({ base: Number(r.base), term: r.term, n: r.n, data: r.data, positions: r.positions }));
  }

  /** One segment's rows for terms in [from, to], in term order: what a merge reads, chunk by chunk. */
  async range(base: number, from: string, to: string): Promise<PostingRow[]> {
    const { rows } = await sql<PostingRow>`
      select term, n, data, positions from ix_postings where base = ${base} and term >= ${from} and term <= ${to} order by term`.execute(this.db);
    return rows;
  }

  /** One segment's rows for terms in [from, to] without their positions, in no particular order: a merge reading stems ahead. */
  async postingsInRange(base: number, from: string, to: string): Promise<{ term: string; n: number; data: Uint8Array }[]> {
    const { rows } = await sql<{ term: string; n: number; data: Uint8Array }>`
      select term, n, data from ix_postings where base = ${base} and term >= ${from} and term <= ${to}`.execute(this.db);
    return rows;
  }

  async deleteRange(base: number, from: string, to: string): Promise<void> {
    await sql`delete from ix_postings where base = ${base} and term >= ${from} and term <= ${to}`.execute(this.db);
  }

  async deleteSegments(bases: readonly number[]): Promise<void> {
    if (bases.length) await sql`delete from ix_segments where base in (${sql.join(bases)})`.execute(this.db);
  }

  /**
   * Document frequency of every term in [from, to) (over the segments at `bases`, when given), most frequent first:
   * per segment, the row at or before `from` (a run may begin before it) and those keyed inside the range.
   */
  async termsInRange(from: string, to: string, limit: number, bases?: readonly number[]): Promise<{ term: string; df: number }[]> {
    const inBases = bases ? sql`unnest(${bases.map(String)}::bigint[]) as b(base)` : sql`(select base from ix_segments) as b`;
    const started = this.trace ? performance.now() : 0;
    const { rows } = await sql<{ term: string; n: number; data: string | null }>`
      select p.term, p.n, encode(case when p.n < 0 then p.data end, 'base64') as data from ${inBases}
      cross join lateral (select x.term, x.n, x.data from ix_postings x where x.base = b.base and x.term < ${to} and x.term >= coalesce(
        (select y.term from ix_postings y where y.base = b.base and y.term <= ${from} order by y.term desc limit 1), ${from})) p`.execute(this.db);
    this.trace?.('ix_terms_in_range', performance.now() - started, rows.length);
    return termsInRows(rows.map((r) => ({ term: r.term, n: r.n, postings: r.data === null ? EMPTY : fromBase64(r.data) })), from, to, limit);
  }

  // ---- pending documents and facet values -----------------------------------------

  async addPending(doc: number, data: Uint8Array): Promise<void> {
    await sql`insert into ix_pending (doc, data) values (${doc}, ${Buffer.from(data)})`.execute(this.db);
  }

  async pending(): Promise<{ doc: number; data: Uint8Array; live: boolean }[]> {
    const { rows } = await sql<{ doc: string; data: Buffer; live: boolean }>`
      select p.doc::text, p.data, d.live from ix_pending p join ix_docs d on d.doc = p.doc order by p.doc`.execute(this.db);
    return rows.map((r) => ({ doc: Number(r.doc), data: r.data, live: r.live }));
  }

  async pendingCount(): Promise<number> {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from ix_pending`.execute(this.db);
    return Number(rows[0]!.n);
  }

  async clearPending(): Promise<void> {
    await sql`delete from ix_pending`.execute(this.db);
  }

  /** The id of a facet value, giving it the facet's next id if it is new (dense ids: the engine packs them in 24 bits). */
  async facetValueId(facet: number, value: string): Promise<number> {
    const found = await sql<{ id: number }>`select id from ix_facet_values where facet = ${facet} and value = ${value}`.execute(this.db);
    if (found.rows[0]) return found.rows[0].id;
    await sql`insert into ix_facet_counters (facet, next) values (${facet}, 0) on conflict (facet) do nothing`.execute(this.db);
    // The counter row is locked until commit: a second writer of a new value of this facet waits, then finds it.
    const { rows } = await sql<{ id: number }>`update ix_facet_counters set next = next + 1 where facet = ${facet} returning next - 1 as id`.execute(this.db);
    const again = await sql<{ id: number }>`select id from ix_facet_values where facet = ${facet} and value = ${value}`.execute(this.db);
    if (again.rows[0]) {
      await sql`update ix_facet_counters set next = next - 1 where facet = ${facet}`.execute(this.db);
      return again.rows[0].id;
    }
    await sql`insert into ix_facet_values (facet, id, value) values (${facet}, ${rows[0]!.id}, ${value})`.execute(this.db);
    return rows[0]!.id;
  }

  /** Every facet value, with the generation and epoch they are complete for (one statement: one snapshot). */
  async facetValuesAt(): Promise<{ generation: number; epoch: string; values: { facet: number; id: number; value: string }[] }> {
    const { rows } = await sql<{ generation: string; epoch: string; facet: number | null; id: number | null; value: string | null }>`
      select s.generation::text, s.epoch, v.facet, v.id, v.value from search_state s left join ix_facet_values v on true
      where s.id = 1 order by v.facet, v.id`.execute(this.db);
    const values = rows.filter((r) => r.facet !== null).map((r) => ({ facet: r.facet!, id: r.id!, value: r.value! }));
    return { generation: Number(rows[0]?.generation ?? -1), epoch: rows[0]?.epoch ?? '', values };
  }

  async facetValues(): Promise<{ facet: number; id: number; value: string }[]> {
    const { rows } = await sql<{ facet: number; id: number; value: string }>`select facet, id, value from ix_facet_values order by facet, id`.execute(this.db);
    return rows;
  }
}

/**
 * Calls `onChange` with the new generation each time another process's
 * index write commits. A connection of its own (LISTEN holds it); returns
 * the function that stops listening.
 */
export async function listenForChanges(url: string, onChange: (generation: number) => void): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  client.on('notification', (message) => {
    if (message.channel === SEARCH_CHANNEL) onChange(Number(message.payload));
  });
  await client.query(`listen ${SEARCH_CHANNEL}`);
  return async () => {
    await client.end();
  };
}

/** The types {@link binaryCopyRows} reads. */
type CopyOutType = 'int8' | 'int4' | 'text' | 'bytea';

/** PostgreSQL's binary COPY signature: "PGCOPY\n\377\r\n\0". */
const COPY_SIGNATURE = Buffer.from('5047434f50590aff0d0a00', 'hex');

/**
 * The rows of a COPY in its binary format (a header, then per row its field count and each field as a length and
 * its bytes, -1 for null; a count of -1 ends it), each field read as `types` says: bytea copied into a buffer of
 * its own, so that nothing kept holds on to what the socket read.
 */
function binaryCopyRows(bytes: Buffer, types: readonly CopyOutType[]): unknown[][] {
  if (bytes.length < 19 || !bytes.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('search index: a COPY answered without the binary format’s header');
  let at = 19 + bytes.readInt32BE(15);
  const rows: unknown[][] = [];
  for (let fields = bytes.readInt16BE(at); fields !== -1; fields = bytes.readInt16BE(at)) {
    if (fields !== types.length) throw new Error(`search index: a COPY row of ${fields} fields where ${types.length} were asked for`);
    at += 2;
    const row: unknown[] = [];
    for (const type of types) {
      const length = bytes.readInt32BE(at);
      at += 4;
      if (length === -1) {
        row.push(null);
        continue;
      }
      row.push(type === 'int8' ? Number(bytes.readBigInt64BE(at)) : type === 'int4' ? bytes.readInt32BE(at) : type === 'text' ? bytes.toString('utf8', at, at + length) : new Uint8Array(bytes.subarray(at, at + length)));
      at += length;
    }
    rows.push(row);
  }
  return rows;
}

/** An integer written into a statement's text, after checking it is one. */
function inlineInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`search index: ${n} is not a segment's base`);
  return String(n);
}

/** An array of values written into a statement's text: integers already checked ({@link inlineInteger}), or text, quoted here. */
function inlineArray(values: readonly string[], type: 'bigint' | 'text' = 'text'): string {
  if (values.length === 0) return `'{}'::${type}[]`;
  return `array[${(type === 'text' ? values.map(pg.escapeLiteral) : values).join(', ')}]::${type}[]`;
}

/** Each term's positions, from rows read with their run's bytes (or none), by term and in base order. */
function positionsByTerm(rows: { base: number; term: string; key: string; n: number; data: Uint8Array | null; positions: Uint8Array | null }[]): Map<string, { n: number; positions: Uint8Array }[]> {
  const found = [];
  for (const r of rows.sort((a, b) => a.base - b.base)) {
    const hit = (r.data !== null || r.positions !== null) && findInRow(r.key, r.n, r.data ?? EMPTY, r.positions ?? EMPTY, r.term);
    if (hit) found.push({ term: r.term, n: hit.n, positions: own(hit.positions) });
  }
  return byTerm(found);
}

/** Rows in the order of their segments' bases (a stable sort: rows of one base keep their order). */
function inBaseOrder<R extends { base: string }>(rows: R[]): R[] {
  return rows.map((r) => ({ r, base: Number(r.base) })).sort((a, b) => a.base - b.base).map(({ r }) => r);
}

/** Rows grouped by their term, keeping their order (and dropping the term). */
function byTerm<R extends { term: string }>(rows: R[]): Map<string, Omit<R, 'term'>[]> {
  const out = new Map<string, Omit<R, 'term'>[]>();
  for (const { term, ...rest } of rows) {
    let list = out.get(term);
    if (!list) out.set(term, (list = []));
    list.push(rest);
  }
  return out;
}

/**
 * Base64 decoded into an ArrayBuffer of its own (not a slice of Node's shared
 * pool), as the engine's decoders expect: no second copy needed.
 */
function fromBase64(text: string): Uint8Array {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'base64'));
  return new Uint8Array(bytes.buffer, 0, bytes.write(text, 'base64'));
}

/**
 * What a search keeps of a row it read: a term's own row as decoded (its buffer is its own already, from
 * {@link fromBase64}), and of a run only the term's lists, copied into a buffer of their own (not the whole run).
 */
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 ? bytes : new Uint8Array(bytes);
}

/** A sorted term list as one blob (terms joined by NUL), as on SQLite. */
function encodeTerms(terms: readonly string[]): Buffer {
  return Buffer.from(terms.join('\u0000'), 'utf8');
}

function decodeTerms(blob: Uint8Array): string[] {
  const text = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).toString('utf8');
  return text ? text.split('\u0000') : [];
}
