/**
 * One writing transaction's document rows, replacements, pending rows and
 * new facet values, held in memory and sent to PostgreSQL a statement per
 * kind (arrays through `unnest`) instead of a round trip per call. The
 * engine writes a document as three calls (replace the old row, insert the
 * new one, set its length) and looks up each of its facet values: on
 * PostgreSQL that was four round trips a document, most of a bulk build's
 * time (about 250 documents/s).
 *
 * This is only possible because the transaction holds the index's writers'
 * row (`search_state`, segment-tables.ts) from its first write: no other
 * process hands out doc numbers or facet ids meanwhile, so both are counted
 * here and written back with the rows. Whatever is buffered is flushed
 * before anything else reads or writes the index's tables in the
 * transaction, before it commits, and on each side of a savepoint (a
 * rollback to one must take the rows written in it along); after a rollback
 * to a savepoint the counters are read again, since the database's went
 * back.
 * @module
 */
import { sql, type Transaction } from 'kysely';
import type { NewDocRow } from '../../search/engine/index-storage.js';
import type { DocColumnRow } from './segment-tables.js';

/** Facet values looked up one by one before the whole dictionary is read instead (a bulk write). */
const LOOKUPS_BEFORE_LOADING = 64;
/** Buffered document rows sent at once, past which the buffer is flushed (memory stays bounded). */
const MAX_ROWS = 20_000;

/** Committed facet values known to the process, valid for one epoch of the index. */
export interface FacetCache {
  epoch: string;
  /** The generation at which every committed value was in `ids`, or -1. */
  completeAt: number;
  ids: Map<string, number>;
  /** Per facet, one past the largest id in `ids`: ids are given densely, so how many of its values are known. */
  sizes: number[];
}

export const facetKey = (facet: number, value: string) => `${facet}\u0000${value}`;

export class IndexWriteBuffer {
  /** The next doc number to hand out, undefined until read (again). */
  #nextDoc: number | undefined;
  #docs: DocColumnRow[] = [];
  /** Index of a buffered live row by document id. */
  #liveRow = new Map<string, number>();
  #kills = new Set<string>();
  #pending = new Map<number, { docId: string; data: Uint8Array }>();
  #newValues: { facet: number; id: number; value: string }[] = [];
  /** Facet ids known in this transaction (found, loaded or given). */
  #facetIds = new Map<string, number>();
  /** Every committed value is known (cache complete, or dictionary read): a value not found is new. */
  #complete = false;
  #lookups = 0;
  #counters: Map<number, number> | undefined;

  constructor(
    private readonly trx: Transaction<any>,
    /** The generation and epoch this transaction's first write read under the writers' row. */
    private generation: number,
    private epoch: string,
    nextDoc: number,
  ) {
    this.#nextDoc = nextDoc;
  }

  get size(): number {
    return this.#docs.length + this.#kills.size + this.#pending.size + this.#newValues.length;
  }

  async insertDoc(row: NewDocRow): Promise<number> {
    if (this.#docs.length >= MAX_ROWS) await this.flush();
    this.#nextDoc ??= Number((await sql<{ n: string }>`select next_doc::text as n from search_state where id = 1`.execute(this.trx)).rows[0]!.n);
    const doc = this.#nextDoc++;
    const facets = new Uint8Array(row.facets.buffer, row.facets.byteOffset, row.facets.byteLength).slice();
    this.#liveRow.set(row.docId, this.#docs.length);
    this.#docs.push({ doc, docId: row.docId, live: true, length: row.length, dateStart: row.dateStart, dateEnd: row.dateEnd, dateFlags: row.dateFlags, sortKey: row.sortKey, facets });
    return doc;
  }

  kill(docId: string): void {
    const at = this.#liveRow.get(docId);
    if (at !== undefined) {
      this.#docs[at]!.live = false;
      this.#liveRow.delete(docId);
    }
    for (const [doc, p] of this.#pending) if (p.docId === docId) this.#pending.delete(doc);
    // Rows flushed earlier (or committed before) are replaced in the database.
    this.#kills.add(docId);
  }

  addPending(doc: number, data: Uint8Array): void {
    const first = this.#docs[0]?.doc ?? Infinity;
    const docId = doc >= first ? this.#docs[doc - first]?.docId : undefined;
    this.#pending.set(doc, { docId: docId ?? '', data: data.slice() });
  }

  /** The id of a facet value: known, found in the database, or the facet's next. */
  async facetValueId(facet: number, value: string, cache: FacetCache | undefined): Promise<number> {
    const key = facetKey(facet, value);
    const known = this.#facetIds.get(key) ?? (cache?.epoch === this.epoch ? cache.ids.get(key) : undefined);
    if (known !== undefined) return known;
    if (!this.#complete && cache?.epoch === this.epoch && cache.completeAt === this.generation - 1) this.#complete = true;
    if (!this.#complete) {
      // Values this transaction gave are in #facetIds already, so the table needs no flush to be read here.
      if (this.#lookups++ < LOOKUPS_BEFORE_LOADING) {
        const { rows } = await sql<{ id: number }>`select id from ix_facet_values where facet = ${facet} and value = ${value}`.execute(this.trx);
        if (rows[0]) return this.#remember(key, rows[0].id);
      } else {
        const { rows } = await sql<{ facet: number; id: number; value: string }>`select facet, id, value from ix_facet_values`.execute(this.trx);
        for (const r of rows) this.#facetIds.set(facetKey(r.facet, r.value), r.id);
        this.#complete = true;
        const found = this.#facetIds.get(key);
        if (found !== undefined) return found;
      }
    }
    if (!this.#counters) {
      const { rows } = await sql<{ facet: number; next: number }>`select facet, next from ix_facet_counters`.execute(this.trx);
      this.#counters = new Map(rows.map((r) => [r.facet, r.next]));
    }
    const id = this.#counters.get(facet) ?? 0;
    this.#counters.set(facet, id + 1);
    this.#newValues.push({ facet, id, value });
    return this.#remember(key, id);
  }

  #remember(key: string, id: number): number {
    this.#facetIds.set(key, id);
    return id;
  }

  /** After the index was cleared in this transaction: doc numbers from 1, no facet values. */
  cleared(epoch: string): void {
    this.#discard();
    this.epoch = epoch;
    this.#nextDoc = 1;
    this.#facetIds.clear();
    this.#counters = new Map();
    this.#complete = true;
  }

  /** After a rollback to a savepoint: what was written since is gone, so the counters are read again. */
  rolledBack(): void {
    this.#discard();
    this.#nextDoc = undefined;
    this.#facetIds.clear();
    this.#counters = undefined;
    this.#complete = false;
    this.#lookups = 0;
    // Values committed before this transaction are still valid; those it gave are found again in the database.
    this.generation = Number.NaN;
  }

  #discard(): void {
    this.#docs = [];
    this.#liveRow.clear();
    this.#kills.clear();
    this.#pending.clear();
    this.#newValues = [];
  }

  /** Sends everything buffered, in the order the calls made it: replacements, rows, pending rows, facet values, counters. */
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const trx = this.trx;
    const kills = [...this.#kills];
    const docs = this.#docs;
    const pending = [...this.#pending];
    const values = this.#newValues;
    const counters = this.#counters;
    const nextDoc = this.#nextDoc;
    this.#discard();
    if (kills.length) {
      // The buffered rows are not in the table yet, so only older versions are replaced.
      await sql`with k as (update ix_docs set live = false where doc_id = any(${kills}::text[]) and live returning doc)
        delete from ix_pending p using k where p.doc = k.doc`.execute(trx);
    }
    if (docs.length) {
      await sql`insert into ix_docs (doc, doc_id, live, length, date_start, date_end, date_flags, sort_key, facets)
        select * from unnest(${docs.map((d) => d.doc)}::bigint[], ${docs.map((d) => d.docId)}::text[], ${docs.map((d) => d.live)}::boolean[],
          ${docs.map((d) => d.length)}::integer[], ${docs.map((d) => d.dateStart)}::integer[], ${docs.map((d) => d.dateEnd)}::integer[],
          ${docs.map((d) => d.dateFlags)}::integer[], ${docs.map((d) => d.sortKey)}::double precision[], ${docs.map((d) => Buffer.from(d.facets))}::bytea[])`.execute(trx);
      await sql`update search_state set next_doc = ${nextDoc!} where id = 1`.execute(trx);
    }
    if (pending.length) {
      await sql`insert into ix_pending (doc, data) select * from unnest(${pending.map(([doc]) => doc)}::bigint[], ${pending.map(([, p]) => Buffer.from(p.data))}::bytea[])`.execute(trx);
    }
    if (values.length) {
      await sql`insert into ix_facet_values (facet, id, value)
        select * from unnest(${values.map((v) => v.facet)}::integer[], ${values.map((v) => v.id)}::integer[], ${values.map((v) => v.value)}::text[])`.execute(trx);
      const facets = [...counters!];
      await sql`insert into ix_facet_counters (facet, next) select * from unnest(${facets.map(([f]) => f)}::integer[], ${facets.map(([, n]) => n)}::integer[])
        on conflict (facet) do update set next = excluded.next`.execute(trx);
    }
  }
}
