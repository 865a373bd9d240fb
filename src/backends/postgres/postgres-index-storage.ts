/**
 * The search engine's index-storage port (search/engine/index-storage.ts)
 * on PostgreSQL, over the tables of segment-tables.ts. Every method answers
 * with a promise, so the engine reads a query's postings in rounds, and the
 * terms a round lacked are fetched in one statement (term-batch.ts).
 *
 * Which connection a call uses is decided per call: inside a Backend
 * transaction (`within`), that transaction's, so index writes join the
 * catalog's and searches see them; elsewhere, the pool's. An
 * AsyncLocalStorage carries the transaction, so concurrent requests of one
 * process never share one by accident.
 *
 * The first index write of a transaction raises `search_state.generation`
 * (and announces it with NOTIFY on commit): that row lock serializes the
 * index's writers across processes, as SQLite's single writer does, which
 * keeps doc numbers committed in increasing order (the engine loads "every
 * doc from N on") and lets facet ids be `max + 1`. The change marker is that
 * generation: one row read by primary key, kept between the process's
 * change notices (kept-marker.ts). A transaction's writes are buffered
 * (index-write-buffer.ts), and positions and prefix expansions read once are
 * kept until the generation moves (hot-rows.ts); segments' postings are
 * kept across writes, under each segment's name (segment-postings.ts); a
 * phrase's words' postings come in the read of their positions.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { DocRow } from '../../search/engine/doc-columns.js';
import { UNDATED } from '../../search/engine/doc-columns.js';
import type { IndexChanges, IndexMarker, IndexStorage, MaybePromise, NewDocRow, PendingRow, SegmentRow, TermRow } from '../../search/engine/index-storage.js';
import { compareTerms } from '../../search/engine/segment.js';
import type { ChangeNotices } from './change-notices.js';
import { KeptMarker } from './kept-marker.js';
import { poolOf } from './open-postgres.js';
import type { ReadRouting } from './read-routing.js';
import { HotRows } from './hot-rows.js';
import { SegmentPostings } from './segment-postings.js';
import { SegmentDictionaries } from './segment-dictionaries.js';
import { facetKey, IndexWriteBuffer, type FacetCache } from './index-write-buffer.js';
import { PG_INDEX_LAYOUT, PG_RUN_BYTES, SegmentTables, type DocColumnRow, type IndexChangeRows, type SegmentPostingRow, type StatementTrace } from './segment-tables.js';
import { TermBatcher } from './term-batch.js';
import type { RowCopier } from './copy-rows.js';

export class PostgresIndexStorage implements IndexStorage {
  readonly layout = PG_INDEX_LAYOUT;
  readonly runBytes = PG_RUN_BYTES;
  readonly readonly: boolean;
  readonly #pool: Kysely<any>;
  readonly #routing: ReadRouting<any> | undefined;
  readonly #scope = new AsyncLocalStorage<Transaction<any>>();
  readonly #trace: StatementTrace | undefined;
  readonly #copier: RowCopier | undefined;
  /** Transactions that hold the writers' row (and raised the generation), with what they have not sent yet. */
  readonly #writing = new WeakMap<Transaction<any>, IndexWriteBuffer>();
  /** Committed facet values, as the last read outside a transaction found them: most writes then look none up. */
  #facetCache: FacetCache | undefined;
  /** A round's posting and position reads, each gathered into one statement (term-batch.ts); their bytes come in buffers of their own. */
  readonly #postings = new TermBatcher<{ base: number; n: number; postings: Uint8Array }, Transaction<any>>(async (trx, bases, terms) => {
    const rows = await this.#readOn(trx, (t) => t.postingsOf(bases, terms));
    return mapRows(rows, (r) => ({ base: r.base, n: r.n, postings: r.data }));
  });
  readonly #positions = new TermBatcher<{ n: number; positions: Uint8Array }, Transaction<any>>(async (trx, bases, terms) => {
    if (trx) return this.#readOn(trx, (t) => t.positionsOf(bases, terms));
    // The words whose postings the same pass asked for (a phrase's): they come with their positions.
    const along = terms.flatMap((term) => {
      const key = alongKey(bases, term);
      const waiting = this.#postingsAlong.get(key);
      this.#postingsAlong.delete(key);
      return waiting ? [{ term, waiting }] : [];
    });
    try {
      const { positions, postings } = await this.#readOn(undefined, (t) => t.positionsAndPostingsOf(bases, terms, along.map((a) => a.term)));
      for (const { term, waiting } of along) waiting.resolve(postings.filter((r) => r.term === term));
      return positions;
    } catch (error) {
      for (const { waiting } of along) waiting.reject(error);
      throw error;
    }
  });
  /** Postings a pass asked for that come with the same pass's read of positions, by bases and term. */
  readonly #postingsAlong = new Map<string, Waiting<SegmentPostingRow[]>>();

  /** Segments' postings read outside a transaction, kept across writes under each segment's name (none when its bytes are 0). */
  readonly #segmentPostings: SegmentPostings | undefined;
  /** The segments' term dictionaries with their runs (none when their bytes are 0, or no postings are kept). */
  readonly #dictionaries: SegmentDictionaries | undefined;

  readonly #marker: KeptMarker;
  /** The generation the last search outside a transaction was given: the one its rows are kept under. */
  #generation: number | undefined;
  readonly #hotPositions = new HotRows<{ n: number; positions: Uint8Array }[]>(HOT_POSITIONS_BYTES);
  readonly #hotPrefixes = new HotRows<{ term: string; df: number }[]>(HOT_PREFIX_BYTES);

  /**
   * `routing`: where reads outside a transaction go (a replica, read-routing.ts); the pool's primary otherwise.
   * `notices`: this process's listening connection, which lets a search skip reading the change marker.
   * `trace`: told of every read a search makes outside a transaction (segment-tables.ts).
   * `segmentPostingsBytes`: the bound of the segments' postings kept across writes; 0 keeps none (what the benchmark compares).
   * `dictionaryBytes`: the bound of the segments' dictionaries held (segment-dictionaries.ts); 0 holds none.
   * `copier`: writes a segment's term rows with COPY on the transaction's client; without it, in multi-row inserts.
   */
  constructor(
    db: Kysely<any>,
    options: {
      readonly?: boolean; routing?: ReadRouting<any>; notices?: ChangeNotices; checkEveryMs?: number; trace?: StatementTrace; segmentPostingsBytes?: number;
      dictionaryBytes?: number; copier?: RowCopier;
    } = {},
  ) {
    this.#pool = db;
    this.#copier = options.copier;
    const keep = options.segmentPostingsBytes ?? SEGMENT_POSTINGS_BYTES;
    const hold = options.dictionaryBytes ?? DICTIONARY_BYTES;
    this.#dictionaries = keep > 0 && hold > 0 ? new SegmentDictionaries((segment) => this.#readOn(undefined, (t) => t.dictionaryOf(segment)), hold) : undefined;
    this.#segmentPostings = keep > 0
      ? new SegmentPostings((bases, terms) => this.#readOn(undefined, (t) => t.postingsOfPairs(bases, terms)), keep, (bases, term) => this.#alongPositions(bases, term), this.#dictionaries)
      : undefined;
    this.#trace = options.trace;
    this.#routing = options.routing;
    this.readonly = options.readonly ?? false;
    this.#marker = new KeptMarker(() => this.#read((t) => t.generation()), options.notices, options.checkEveryMs ?? 1000);
  }

  /** Resolves once the dictionaries of the segments listed last are read (or left out): what a process holds in its steady state. */
  async dictionariesRead(): Promise<{ segments: number; bytes: number }> {
    await this.#dictionaries?.settled();
    return { segments: this.#dictionaries?.size ?? 0, bytes: this.#dictionaries?.bytes ?? 0 };
  }

  /** Call after this process committed a transaction: its next search reads the marker, whatever the notices said. */
  committed(): void {
    this.#marker.committed();
  }

  /** Runs `fn` with every call of this storage on `trx`; what it buffered is written before it returns (and so before the commit). */
  within<T>(trx: Transaction<any>, fn: () => Promise<T>): Promise<T> {
    return this.#scope.run(trx, async () => {
      const result = await fn();
      await this.settle();
      return result;
    });
  }

  /**
   * Writes what the current transaction buffered. Called before a savepoint
   * begins and before it ends, so that no buffered row straddles one.
   */
  async settle(): Promise<void> {
    const trx = this.#scope.getStore();
    const buffer = trx && this.#writing.get(trx);
    if (buffer) await buffer.flush();
  }

  /** Called after a rollback to a savepoint: the counters the buffer kept went back in the database. */
  rolledBack(): void {
    const trx = this.#scope.getStore();
    if (trx) this.#writing.get(trx)?.rolledBack();
  }

  /** Whether the caller runs inside a transaction given to {@link within}. */
  inTransaction(): boolean {
    return this.#scope.getStore() !== undefined;
  }

  /** A read: inside a transaction on it, else on the replica when there is one and it is current, else on the pool. */
  #read<T>(fn: (tables: SegmentTables) => Promise<T>): Promise<T> {
    return this.#readOn(this.#scope.getStore(), fn);
  }

  async #readOn<T>(trx: Transaction<any> | undefined, fn: (tables: SegmentTables) => Promise<T>): Promise<T> {
    if (trx) {
      await this.#writing.get(trx)?.flush();
      return fn(new SegmentTables(trx));
    }
    if (this.#routing) return this.#routing.read((db) => fn(new SegmentTables(db, poolOf(db), this.#trace)));
    return fn(new SegmentTables(this.#pool, poolOf(this.#pool), this.#trace));
  }

  /** The transaction to write in, holding the writers' row, with what was buffered written out. */
  async #write(): Promise<SegmentTables> {
    const buffer = await this.#buffer();
    await buffer.flush();
    return new SegmentTables(this.#scope.getStore()!, undefined, undefined, this.#copier);
  }

  /** The current transaction's write buffer; its first call takes the writers' row. */
  async #buffer(): Promise<IndexWriteBuffer> {
    const trx = this.#scope.getStore();
    if (!trx) throw new Error('search index: a write on PostgreSQL must run inside a Backend transaction');
    let buffer = this.#writing.get(trx);
    if (!buffer) {
      const { firstDoc, generation, epoch } = await new SegmentTables(trx).reserve(0);
      this.#writing.set(trx, (buffer = new IndexWriteBuffer(trx, generation, epoch, firstDoc)));
    }
    return buffer;
  }

  // ---- change marker -------------------------------------------------------

  async marker(): Promise<IndexMarker> {
    if (this.inTransaction()) return { version: await this.#read((t) => t.generation()), inTransaction: true };
    // An editor's request must see every committed write at once.
    return { version: (this.#generation = await this.#marker.get(this.#routing?.primaryOnly ?? false)), inTransaction: false };
  }

  async epoch(): Promise<string> {
    return (await this.#read((t) => t.state())).epoch;
  }

  maxDoc(): Promise<number> {
    return this.#read((t) => t.maxDoc());
  }

  // ---- documents -------------------------------------------------------------

  async insertDoc(row: NewDocRow): Promise<number> {
    return (await this.#buffer()).insertDoc(row);
  }

  async killDoc(docId: string): Promise<void> {
    (await this.#buffer()).kill(docId);
  }

  /** A facet value's id: from the values this process knows are committed, else looked up or given by the write buffer. */
  async facetValueId(facet: number, value: string): Promise<number> {
    return (await this.#buffer()).facetValueId(facet, value, this.#facetCache);
  }

  liveCount(): Promise<number> {
    return this.#read((t) => t.liveCount());
  }

  async loadDocs(from: number): Promise<Iterable<DocRow>> {
    return (await this.#read((t) => t.docsFrom(from))).map(docRowOf);
  }

  deadDocs(from?: number, to?: number): Promise<number[]> {
    return this.#read((t) => t.deadDocs(from, to));
  }

  async facetValues(): Promise<Iterable<[number, number, string]>> {
    if (this.inTransaction()) return (await this.#read((t) => t.facetValues())).map((v) => [v.facet, v.id, v.value] as [number, number, string]);
    // Outside a transaction only committed values are seen: the cache the next write starts from.
    const { generation, epoch, values } = await this.#read((t) => t.facetValuesAt());
    const sizes: number[] = [];
    for (const v of values) sizes[v.facet] = Math.max(sizes[v.facet] ?? 0, v.id + 1);
    this.#facetCache = { epoch, completeAt: generation, ids: new Map(values.map((v) => [facetKey(v.facet, v.value), v.id])), sizes: Array.from(sizes, (n) => n ?? 0) };
    return values.map((v) => [v.facet, v.id, v.value] as [number, number, string]);
  }

  /**
   * Everything a search reads after the index changed, in one statement
   * (SegmentTables.changesSince): the rows it keeps as facetValues and
   * segments do (the facet values a write starts from, the segments'
   * names). Inside a transaction undefined: the engine reads call by call there.
   */
  async changesSince(known: { docs: number; facetSizes: readonly number[] }): Promise<IndexChanges | undefined> {
    if (this.inTransaction()) return undefined;
    const changes = await this.#readOn(undefined, (t) => t.changesSince(known.docs, known.facetSizes));
    if (!changes) return undefined;
    this.#addCommittedFacetValues(changes, known.facetSizes);
    this.#segmentPostings?.identified(changes.segments);
    return {
      epoch: changes.epoch,
      maxDoc: changes.maxDoc,
      docs: changes.docs.map(docRowOf),
      dead: changes.dead,
      facetValues: changes.facetValues.map((v) => [v.facet, v.id, v.value] as [number, number, string]),
      segments: changes.segments.map(({ epoch: _, ...segment }) => segment),
      pending: changes.pending.map((r) => ({ doc: r.doc, data: r.data })),
    };
  }

  /**
   * Adds facet values read from `sizes` on to the committed values kept for
   * writes. Ids never change within an epoch, so any value read stays true;
   * the kept values are complete at the new generation only if they were
   * exactly the facets' first `sizes` values before.
   */
  #addCommittedFacetValues(changes: IndexChangeRows, sizes: readonly number[]): void {
    const cache = this.#facetCache;
    if (!cache || cache.epoch !== changes.epoch) return;
    const facets = Math.max(cache.sizes.length, sizes.length);
    const complete = Array.from({ length: facets }, (_, f) => (cache.sizes[f] ?? 0) === (sizes[f] ?? 0)).every(Boolean);
    for (const v of changes.facetValues) {
      cache.ids.set(facetKey(v.facet, v.value), v.id);
      cache.sizes[v.facet] = Math.max(cache.sizes[v.facet] ?? 0, v.id + 1);
    }
    if (complete) cache.completeAt = changes.generation;
  }

  async purgeDead(): Promise<void> {
    await (await this.#write()).purgeDead();
  }

  async clear(epoch: string): Promise<void> {
    await (await this.#write()).clear(epoch);
    // Doc numbers start over and the facet values went with the rest.
    (await this.#buffer()).cleared(epoch);
  }

  // ---- pending documents -----------------------------------------------------

  async addPending(row: PendingRow): Promise<void> {
    (await this.#buffer()).addPending(row.doc, row.data);
  }

  pendingCount(): Promise<number> {
    return this.#read((t) => t.pendingCount());
  }

  async pending(liveOnly: boolean): Promise<PendingRow[]> {
    const rows = await this.#read((t) => t.pending());
    return rows.filter((r) => r.live || !liveOnly).map((r) => ({ doc: r.doc, data: own(r.data) }));
  }

  async clearPending(): Promise<void> {
    await (await this.#write()).clearPending();
  }

  // ---- segments --------------------------------------------------------------

  async segments(): Promise<SegmentRow[]> {
    if (this.inTransaction() || !this.#segmentPostings) return this.#read((t) => t.segmentList());
    const rows = await this.#read((t) => t.segmentIdentities());
    this.#segmentPostings.identified(rows);
    return rows.map(({ epoch: _, ...segment }) => segment);
  }

  segmentKeys(base: number): Promise<string[]> {
    return this.#read((t) => t.segmentKeys(base));
  }

  async putSegment(segment: SegmentRow, keys: readonly string[]): Promise<void> {
    await (await this.#write()).putSegment({ ...segment, terms: [...keys] });
  }

  async dropSegments(bases: readonly number[]): Promise<void> {
    await (await this.#write()).deleteSegments(bases);
  }

  async putTerms(base: number, rows: Iterable<TermRow>): Promise<void> {
    const tables = await this.#write();
    // Rows go out a thousand to a statement, and the engine may hand each term's bytes in a reused buffer.
    const postings = (function* () {
      for (const r of rows) yield { term: r.term, n: r.n, data: own(r.postings), positions: own(r.positions) };
    })();
    await tables.putPostings(base, postings);
  }

  async takeTerms(base: number, from: string, to: string): Promise<TermRow[]> {
    const rows = await (await this.#write()).takeRange(base, from, to);
    return rows.sort((a, b) => compareTerms(a.term, b.term)).map((r) => ({ term: r.term, n: r.n, postings: own(r.data), positions: own(r.positions) }));
  }

  async peekTerms(base: number, from: string, to: string): Promise<TermRow[]> {
    const rows = await (await this.#write()).postingsInRange(base, from, to);
    return rows.sort((a, b) => compareTerms(a.term, b.term)).map((r) => ({ term: r.term, n: r.n, postings: own(r.data), positions: NO_POSITIONS }));
  }

  /** A term's postings: inside a transaction as it sees them; outside, from the segments' kept rows where they are (segment-postings.ts). */
  postings(bases: readonly number[], term: string): MaybePromise<{ base: number; n: number; postings: Uint8Array }[]> {
    if (bases.length === 0) return [];
    const trx = this.#scope.getStore();
    if (trx || !this.#segmentPostings) return this.#postings.get(trx, bases, term);
    return this.#segmentPostings.get(bases, term);
  }

  /**
   * A term's postings outside a transaction, when the pass that asks for them also asks for its positions and they
   * are to be read: they then come with them (SegmentTables.positionsAndPostingsOf), one statement where there were two.
   */
  #alongPositions(bases: readonly number[], term: string): Promise<SegmentPostingRow[]> | undefined {
    if (!this.#positions.waiting(undefined, bases, term)) return undefined;
    const key = alongKey(bases, term);
    let waiting = this.#postingsAlong.get(key);
    if (!waiting) this.#postingsAlong.set(key, (waiting = waitingFor<SegmentPostingRow[]>()));
    return waiting.promise;
  }

  /** A term's positions: kept for the next searches at the same generation (at once, from memory), but inside a transaction. */
  positions(bases: readonly number[], term: string): MaybePromise<{ n: number; positions: Uint8Array }[]> {
    if (bases.length === 0) return [];
    const trx = this.#scope.getStore();
    const held = trx ? undefined : this.#segmentPostings?.heldPositions(bases, term);
    if (held) return held;
    return this.#kept(trx, this.#hotPositions, `${bases.join(',')}\u0000${term}`, () => this.#positions.get(trx, bases, term),
      (rows) => rows.reduce((sum, r) => sum + r.positions.byteLength + 64, 0));
  }

  termsInRange(bases: readonly number[], from: string, to: string, limit: number): MaybePromise<{ term: string; df: number }[]> {
    if (bases.length === 0) return [];
    const trx = this.#scope.getStore();
    return this.#kept(trx, this.#hotPrefixes, `${bases.join(',')}\u0000${from}\u0000${to}\u0000${limit}`, () => this.#read((t) => t.termsInRange(from, to, limit, bases)),
      (rows) => rows.reduce((sum, r) => sum + r.term.length * 2 + 48, 0));
  }

  /** Rows from `hot` when kept at the current generation, else read (and kept, outside a transaction). */
  #kept<V>(trx: Transaction<any> | undefined, hot: HotRows<V>, key: string, read: () => Promise<V>, bytes: (value: V) => number): MaybePromise<V> {
    const generation = this.#generation;
    if (trx || generation === undefined) return read();
    const hit = hot.get(generation, key);
    if (hit) return hit;
    return read().then((value) => {
      hot.set(generation, key, value, bytes(value));
      return value;
    });
  }
}


/** Word positions kept in memory (see hot-rows.ts), and prefix expansions. */
const HOT_POSITIONS_BYTES = 128 * 1024 * 1024;
const HOT_PREFIX_BYTES = 8 * 1024 * 1024;
/** Segments' postings as read (encoded, 1–2 bytes a posting): about as many postings as the engine's decoded cache holds. */
const SEGMENT_POSTINGS_BYTES = 96 * 1024 * 1024;
/** The segments' dictionaries: every row's key and count, and the runs' bytes (a rare term's lists with its positions). */
const DICTIONARY_BYTES = 128 * 1024 * 1024;

/** A doc row as the engine appends it; its facets were read into a buffer of their own, so aligned for 32-bit reads. */
function docRowOf(r: DocColumnRow): DocRow {
  return {
    doc: r.doc, docId: r.docId, live: r.live, length: r.length, dateStart: r.dateStart, dateEnd: r.dateEnd, dateFlags: r.dateFlags,
    sortKey: r.sortKey ?? UNDATED,
    facets: new Uint32Array(r.facets.buffer, r.facets.byteOffset, r.facets.byteLength / 4),
  };
}

/** A promise with the functions that settle it. */
interface Waiting<T> { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void }

function waitingFor<T>(): Waiting<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

function alongKey(bases: readonly number[], term: string): string {
  return `${bases.join(',')}\u0000${term}`;
}

function mapRows<A, B>(rows: Map<string, A[]>, fn: (row: A) => B): Map<string, B[]> {
  return new Map([...rows].map(([term, list]) => [term, list.map(fn)]));
}

const NO_POSITIONS = new Uint8Array(0);

/**
 * A bytea value copied into an ArrayBuffer of its own: `pg` hands out small
 * Buffers that are slices of a shared slab, and the engine's decoders (like
 * SQLite's driver's values) expect a view starting at its buffer's start.
 */
function own(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
