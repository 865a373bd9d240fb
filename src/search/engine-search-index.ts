/**
 * Dossier's search index, on whatever database holds the archive: the
 * SearchIndex port implemented by the engine (engine/) over an IndexStorage
 * (engine/index-storage.ts) that each database fills with its own tables.
 * A general full-text engine (SQLite's FTS5) scores every match of a common
 * word through its SQL machinery (161 ms median for one common word at a
 * million documents, 1.2 s at the 95th percentile, before any facet is
 * counted), so the index keeps its own compact posting lists instead:
 *
 * - segments of posting lists keyed (segment, term): doc-number gaps, a
 *   weighted term frequency and a field mask per document, bit-packed in
 *   blocks of 128 (engine/posting-codec.ts), and apart the word positions,
 *   read only for phrases; every write adds a
 *   segment and a run of eight of one size is merged into one
 *   (engine/segment-store.ts);
 * - one row per indexed document version (live or replaced), with its
 *   record id, length, date range, sort key and facet value ids, loaded
 *   into typed arrays (engine/doc-columns.ts, engine/doc-ids.ts);
 * - documents written a few at a time (an import, an edit) wait as one row
 *   each until PENDING_LIMIT of them become a segment; searches read them as
 *   one small in-memory segment.
 *
 * A query is evaluated in JavaScript over typed arrays: decode the lists,
 * intersect, score with BM25, and in one pass filter, count facets and keep
 * the top k. Writes inside a backend transaction gather into one segment
 * (beginDeferral … flushDeferred), written just before the commit; a merge
 * that falls due then is left to a job (see mergeDueKey), while writes
 * outside a transaction merge at once.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IndexEntry, SearchIndex, SearchRequest, SearchResult } from '../backends/search-index.js';
import { ANALYZER_VERSION } from './analyzer.js';
import { collect } from './engine/collect.js';
import { DocColumns } from './engine/doc-columns.js';
import { decodeColumns, encodeColumns, SNAPSHOT_FORMAT } from './engine/column-snapshot.js';
import { docRow, type ValueIds } from './engine/doc-row.js';
import { FacetPostings } from './engine/facet-postings.js';
import type { IndexMarker, IndexStorage } from './engine/index-storage.js';
import { DocFilter } from './engine/doc-filter.js';
import { evaluate, seek, type DocSet } from './engine/match.js';
import { RunAnalyses } from './engine/run-analyses.js';
import { prunedTopK, type PrunedTop } from './engine/pruned-top-k.js';
import { analyzeDoc, decodeDoc, encodeDoc } from './engine/pending-doc.js';
import { POSTINGS_FORMAT } from './engine/posting-codec.js';
import { CACHE_BYTES, PostingReader, Round } from './engine/posting-reader.js';
import { SegmentBuilder, type BuilderMark } from './engine/segment.js';
import { SegmentStore } from './engine/segment-store.js';
import { FACET_IDS, FACETS_VERSION } from './facets.js';
import { indexFields } from './index-fields.js';
import { textLeaves } from './query.js';

/** Documents waiting as single rows before they are written out as a segment. */
const PENDING_LIMIT = 256;
/** A write of at least this many documents goes straight into a segment of its own. */
const DIRECT_BATCH = 64;
/**
 * The columns are stored as one blob (engine/column-snapshot.ts) once this
 * many rows, or a sixteenth of those it covers, were written since it was:
 * what a fresh process then reads row by row stays a few tenths of a second
 * at a million documents, while the blob is rewritten only every 60,000-odd.
 */
const SNAPSHOT_ROWS = 20_000;
/**
 * A write of at least this many documents is analyzed in the analysis thread, run by run, while this thread
 * writes: reindexing and bulk loads. An import's groups of a hundred stay below it, since the thread's heap
 * would take the import past its memory budget for a gain within the noise.
 */
const THREAD_BATCH = 256;
/** Documents per run sent to the analysis thread: a few ms of work, so the hand-off is small beside it. */
const THREAD_RUN = 128;
/** A deferred segment is written out once it holds this many postings (some tens of MB in memory). */
const DEFERRED_POSTINGS = 2_000_000;

/** Where a deferred segment stood when a savepoint began. */
export interface DeferredMark {
  builder: SegmentBuilder;
  at: BuilderMark;
}

export interface EngineSearchIndexOptions {
  /** False evaluates every AND of words and a prefix's words the general way (for tests that compare the two). */
  plainAnd?: boolean;
  /** Bytes of decoded postings to cache (default 256 MB). */
  cacheBytes?: number;
  /** False analyzes every document in the caller's thread (engine/analysis-worker.ts; for measuring, and tests that compare). */
  analysisThread?: boolean;
  /** False collects every top k exhaustively, never skipping blocks (for tests that compare the two). */
  pruning?: boolean;
  /** Rows written since the stored column snapshot that make the next merge store a new one (default SNAPSHOT_ROWS); 0 neither reads nor writes snapshots. */
  snapshotRows?: number;
}

export class EngineSearchIndex implements SearchIndex {
  /** The storage's layout, the posting lists' byte layout, the analyzer that made the terms and the facet values' rules: an archive built by another reindexes (Archive.searchIndexIsStale). */
  readonly version: string;
  readonly #storage: IndexStorage;
  readonly #segments: SegmentStore;
  readonly #reader: PostingReader;
  readonly #plainAnd: boolean;
  readonly #analysisThread: boolean;
  readonly #pruning: boolean;
  readonly #snapshotRows: number;
  readonly #facetPostings = new Map<number, FacetPostings>();
  #columns: DocColumns | undefined;
  #dirty = true;
  #dataVersion: number | string = -1;
  #tentative = false;
  /** While the columns are being read again: no search trusts them then. */
  #loading = false;
  #epoch = '';
  #reloading: Promise<unknown> = Promise.resolve();
  /** Documents written in the open transaction, gathered into one segment (see beginDeferral). */
  #deferred: { builder: SegmentBuilder; savepoints: number; queueMerges: boolean; wroteSegment: boolean } | undefined;

  constructor(storage: IndexStorage, options: EngineSearchIndexOptions = {}) {
    this.#storage = storage;
    this.version = `${storage.layout}/${POSTINGS_FORMAT}/analyzer-${ANALYZER_VERSION}/facets-${FACETS_VERSION}`;
    this.#plainAnd = options.plainAnd ?? true;
    this.#analysisThread = options.analysisThread ?? true;
    this.#pruning = options.pruning ?? true;
    this.#snapshotRows = options.snapshotRows ?? SNAPSHOT_ROWS;
    this.#segments = new SegmentStore(storage, this.#analysisThread);
    this.#reader = new PostingReader(storage, this.#segments, options.cacheBytes ?? CACHE_BYTES);
  }

  // ---- writes ------------------------------------------------------------

  /**
   * From now until {@link endDeferral}, writes gather into one segment in
   * memory, written out by {@link flushDeferred} just before the caller
   * commits (or sooner, once it is large): an import of a thousand
   * documents, one by one, becomes one segment instead of a thousand pending
   * rows. The backend calls these around every transaction, and
   * {@link markDeferred} / {@link rewindDeferred} around every savepoint.
   * `queueMerges`: merges that fall due are left to the caller, who asks
   * {@link mergeDueKey} before committing and queues a job.
   */
  beginDeferral(options: { queueMerges?: boolean } = {}): void {
    this.#deferred = { builder: new SegmentBuilder(), savepoints: 0, queueMerges: options.queueMerges ?? false, wroteSegment: false };
  }

  /**
   * In a transaction that queues its merges: when its writes made a merge
   * due, a key naming the index as it then stands (its epoch and newest
   * segment), for the job that will run it; else undefined.
   */
  async mergeDueKey(): Promise<string | undefined> {
    if (!this.#deferred?.wroteSegment) return undefined;
    const newest = await this.#segments.mergeDue();
    return newest === undefined ? undefined : `${await this.#storage.epoch()}/${newest}`;
  }

  /** After a segment is written: merges what is due, or, where merges are queued, only a run grown too long to wait. */
  async #mergeAfterWrite(): Promise<void> {
    const deferred = this.#deferred;
    if (!deferred?.queueMerges) {
      if (await this.#segments.mergeIfNeeded()) await this.#snapshotIfDue();
      return;
    }
    deferred.wroteSegment = true;
    await this.#segments.mergeBacklog();
  }

  /**
   * Writes what was deferred (inside the caller's transaction). Not inside a
   * savepoint: rolling that back would take documents written before it along.
   */
  async flushDeferred(): Promise<void> {
    const deferred = this.#deferred;
    if (!deferred || deferred.builder.docs === 0 || deferred.savepoints > 0) return;
    const builder = deferred.builder;
    deferred.builder = new SegmentBuilder();
    await this.#flushPending();
    await this.#segments.write(builder);
    await this.#mergeAfterWrite();
    this.#dirty = true;
  }

  /** Called as a savepoint begins; the mark goes back to {@link rewindDeferred} if it rolls back. */
  markDeferred(): DeferredMark | undefined {
    const deferred = this.#deferred;
    if (!deferred) return undefined;
    deferred.savepoints++;
    return { builder: deferred.builder, at: deferred.builder.mark() };
  }

  /** Called as a savepoint ends: on rollback, the documents written since its mark are forgotten too. */
  rewindDeferred(mark: DeferredMark | undefined, rolledBack: boolean): void {
    const deferred = this.#deferred;
    if (!deferred || !mark) return;
    deferred.savepoints--;
    // The builder is never flushed inside a savepoint, so it is still the one marked.
    if (rolledBack && mark.builder === deferred.builder) deferred.builder.rewind(mark.at);
  }

  /** Stops deferring; anything not flushed (a transaction that failed) is dropped. */
  endDeferral(): void {
    this.#deferred = undefined;
  }

  async index(entries: readonly IndexEntry[]): Promise<void> {
    this.#dirty = true;
    const dictionary: ValueIds = new Map();
    const deferred = this.#deferred;
    if (deferred) {
      await this.#addAll(deferred.builder, entries, dictionary);
      // Memory stays bounded however large the transaction: a big segment is written out early.
      if (deferred.savepoints === 0 && deferred.builder.postings >= DEFERRED_POSTINGS) await this.flushDeferred();
      return;
    }
    if (entries.length < DIRECT_BATCH) {
      // A few documents: one pending row each, written out together later.
      for (const entry of entries) {
        await this.#storage.killDoc(entry.document.id);
        if (entry.document.status !== 'published') continue;
        const analyzed = analyzeDoc(indexFields(entry));
        const doc = await this.#storage.insertDoc(await docRow(entry, analyzed.length, dictionary, (f, v) => this.#storage.facetValueId(f, v)));
        await this.#storage.addPending({ doc, data: encodeDoc(analyzed) });
      }
      if ((await this.#storage.pendingCount()) >= PENDING_LIMIT) await this.#flushPending();
      return;
    }
    // Pending documents go first, so segments stay in doc-number order.
    await this.#flushPending();
    const builder = new SegmentBuilder();
    await this.#addAll(builder, entries, dictionary);
    await this.#segments.write(builder);
    await this.#mergeAfterWrite();
  }

  /**
   * Adds documents to `builder`. Many are analyzed a run at a time, in the
   * analysis thread and, when that is behind, in this one (run-analyses.ts):
   * this thread writes the document rows of each run and adds its postings
   * in order (same results either way).
   */
  async #addAll(builder: SegmentBuilder, entries: readonly IndexEntry[], dictionary: ValueIds): Promise<void> {
    if (!this.#analysisThread || entries.length < THREAD_BATCH) {
      for (const entry of entries) await this.#addTo(builder, entry, dictionary);
      return;
    }
    const runs: IndexEntry[][] = [];
    for (let i = 0; i < entries.length; i += THREAD_RUN) runs.push(entries.slice(i, i + THREAD_RUN));
    // Field texts are cut out here (HTML to text): they cost less to copy to the thread than whole documents.
    const published = (run: IndexEntry[]) => run.filter((e) => e.document.status === 'published').map(indexFields);
    const analyses = new RunAnalyses(runs.length, (r) => published(runs[r]!));
    try {
      for (let r = 0; r < runs.length; r++) {
        // Lengths known before the rows are written: one statement less per document.
        const { chunk, terms } = await analyses.take(r);
        const docs: number[] = [];
        for (const entry of runs[r]!) {
          await this.#storage.killDoc(entry.document.id);
          if (entry.document.status !== 'published') continue;
          const length = chunk.lengths[docs.length]!;
          docs.push(await this.#storage.insertDoc(await docRow(entry, length, dictionary, (f, v) => this.#storage.facetValueId(f, v))));
        }
        builder.addChunk(chunk, terms, docs);
      }
    } finally {
      analyses.release();
    }
  }

  /** Replaces the document's row and adds it (if published) to `builder`. */
  async #addTo(builder: SegmentBuilder, entry: IndexEntry, dictionary: ValueIds): Promise<void> {
    await this.#storage.killDoc(entry.document.id);
    if (entry.document.status !== 'published') return;
    // Analyzed before its row is written, so that the row holds its length: one statement less.
    const length = builder.prepare(indexFields(entry));
    builder.addPrepared(await this.#storage.insertDoc(await docRow(entry, length, dictionary, (f, v) => this.#storage.facetValueId(f, v))));
  }

  /** Writes every pending document (still live) into one segment. */
  async #flushPending(): Promise<void> {
    const rows = await this.#storage.pending(true);
    if (rows.length === 0) return;
    const builder = new SegmentBuilder();
    for (const r of rows) builder.addAnalyzed(r.doc, decodeDoc(r.data));
    await this.#storage.clearPending();
    await this.#segments.write(builder);
    await this.#mergeAfterWrite();
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.#dirty = true;
    for (const id of ids) await this.#storage.killDoc(id);
  }

  async clear(): Promise<void> {
    await this.#storage.clear(randomUUID());
    this.#segments.invalidate();
    if (this.#deferred) this.#deferred.builder = new SegmentBuilder();
    this.#columns = undefined;
    this.#dirty = true;
  }

  async count(): Promise<number> {
    return this.#storage.liveCount();
  }

  /** Merges every segment into one, dropping replaced documents (after a bulk load). */
  async optimize(): Promise<void> {
    await this.flushDeferred();
    await this.#flushPending();
    await this.#segments.mergeAll();
    await this.#storage.purgeDead();
    // Read again from scratch: the rows replaced since the columns were read are gone, and with them the only sign they were.
    this.#columns = undefined;
    this.#dirty = true;
    await this.#snapshotIfDue();
  }

  /** See SearchIndex.compact: a full merge once replaced documents' rows are a fifth of all, else the pending rows written out and the merges due run. */
  async compact(): Promise<boolean> {
    const dead = (await this.#storage.deadDocs()).length;
    if (dead > 0 && dead * 5 >= dead + (await this.#storage.liveCount())) {
      await this.optimize();
      return true;
    }
    const pending = (await this.#storage.pendingCount()) > 0;
    if (pending) await this.#flushPending();
    const merged = await this.#segments.mergeIfNeeded();
    if (pending || merged) this.#dirty = true;
    await this.#snapshotIfDue();
    return pending || merged;
  }

  // ---- reads -------------------------------------------------------------

  async search(request: SearchRequest): Promise<SearchResult> {
    // Columns current as of the last marker read, and a storage whose row reads see the marker: search first, and
    // check after that nothing was committed meanwhile (a first search reads its rows anyway, so no statement of its
    // own). The answer is kept exactly when the way below would have searched the same columns, segments and lists.
    const storage = this.#storage;
    if (storage.takeSeenVersion && this.#columns && !this.#dirty && !this.#tentative && !this.#deferred && !this.#loading) {
      storage.takeSeenVersion();
      const result = await this.#answer(request, this.#columns);
      const seen = storage.takeSeenVersion() ?? (await storage.marker()).version;
      if (seen === this.#dataVersion) return result;
    }
    // A search inside a transaction sees its writes (but for those of an open savepoint); one outside it
    // (another request, on a storage with a pool of connections) neither sees nor writes them.
    const marker = await storage.marker();
    if (marker.inTransaction) await this.flushDeferred();
    return this.#answer(request, await this.#fresh(marker));
  }

  /** The search evaluated over `columns` and the segments and lists they go with. */
  async #answer(request: SearchRequest, columns: DocColumns): Promise<SearchResult> {
    const started = performance.now();
    let notices: string[] = [];
    let set: DocSet | undefined;
    let pruned: PrunedTop | undefined;
    // Without facets, sorted by relevance and with no facet selected, only the top k needs scores (pruned-top-k.ts).
    const prunable = this.#pruning && request.sort === 'relevance' && !request.facets?.length && !Object.values(request.filters.facets ?? {}).some((v) => v && v.length > 0);
    const filter = prunable ? new DocFilter(columns, request.filters) : undefined;
    const k = request.offset + request.limit;
    // Counted exactly at least past the page's end, so that the caller can tell whether another page follows.
    const countUpTo = request.totalUpTo === undefined ? Infinity : Math.max(request.totalUpTo, k + 1);
    if (request.query) {
      // Rounds: over a synchronous storage the first one has everything (see engine/index-storage.ts).
      const round = new Round();
      const source = this.#reader.source(round, (facet) => this.#facetPostingsOf(columns, facet));
      for (;;) {
        notices = [];
        const ctx = { source, columns, notices, exactForms: textLeaves(request.query).length > 1, plainAnd: this.#plainAnd };
        pruned = filter ? prunedTopK(request.query, ctx, filter, k, countUpTo) : undefined;
        if (!pruned) set = evaluate(request.query, ctx);
        if (round.fetches.length === 0) break;
        await Promise.all(round.fetches);
        round.fetches = [];
      }
      // A query with nothing searchable in it matches nothing.
      if (!set) set = { docs: new Int32Array(0), scores: new Float32Array(0), n: 0 };
    }
    const matched = performance.now();
    const result = pruned
      ? { total: pruned.total, hits: pruned.hits, facets: {}, timings: { filter: 0, facets: 0 } }
      : collect(set, columns, {
          filters: request.filters,
          sort: request.sort,
          k,
          facets: request.facets ?? [],
        });
    const page = result.hits.slice(request.offset);
    return {
      total: result.total,
      totalRelation: pruned?.exact === false ? 'gte' : 'eq',
      // Every hit is a live document of these columns, which hold its record id.
      hits: page.map((h) => ({ id: columns.ids.get(h.doc)!, score: pruned ? h.score : set ? scoreOf(set, h.doc) : 0 })),
      ...(request.facets ? { facets: result.facets } : {}),
      ...(notices.length ? { notices } : {}),
      timings: { match: matched - started, ...result.timings },
    };
  }

  /** Memory the index holds, for the benchmark's report. */
  memory(): { columns: number; cache: number } {
    return { columns: this.#columns?.bytes() ?? 0, cache: this.#reader.cacheBytes };
  }

  #facetPostingsOf(columns: DocColumns, facet: number): FacetPostings {
    let p = this.#facetPostings.get(facet);
    if (!p) this.#facetPostings.set(facet, (p = new FacetPostings(columns, facet)));
    return p;
  }

  /**
   * The in-memory columns, brought up to date with what this or another
   * connection wrote. Reloads run one at a time: over a storage answering
   * with promises, two searches at once would otherwise append the same rows twice.
   */
  #fresh(marker: IndexMarker): Promise<DocColumns> {
    const next = this.#reloading.then(() => this.#reload(marker));
    this.#reloading = next.catch(() => {});
    return next;
  }

  async #reload(marker: IndexMarker): Promise<DocColumns> {
    if (this.#columns && !this.#dirty && marker.version === this.#dataVersion && !(this.#tentative && !marker.inTransaction)) return this.#columns;
    this.#loading = true;
    try {
      const columns = (await this.#catchUp()) ?? (await this.#readAgain());
      this.#facetPostings.clear();
      this.#dirty = false;
      this.#dataVersion = marker.version;
      this.#tentative = marker.inTransaction;
      return columns;
    } finally {
      this.#loading = false;
    }
  }

  /**
   * Columns of this epoch brought up to date from what changed since they
   * were read, where the storage answers that in one read
   * (IndexStorage.changesSince); undefined when it does not, or when the
   * columns cannot simply be appended to (a rebuild, purged rows, a rolled-back transaction's view).
   */
  async #catchUp(): Promise<DocColumns | undefined> {
    const columns = this.#columns;
    if (!columns || this.#tentative || !this.#storage.changesSince) return undefined;
    const facetSizes = FACET_IDS.map((_, f) => columns.dictionary.size(f));
    const changes = await this.#storage.changesSince({ docs: columns.size, facetSizes });
    if (!changes || changes.epoch !== this.#epoch || changes.maxDoc + 1 < columns.size) return undefined;
    for (const row of changes.docs) columns.append(row);
    for (const dead of changes.dead) columns.kill(dead);
    for (const [facet, id, value] of changes.facetValues) {
      if (facet < FACET_IDS.length) columns.dictionary.set(facet, id, value);
    }
    this.#segments.known(changes.segments);
    this.#reader.reset(changes.pending, true);
    return columns;
  }

  /** The columns read call by call: appended to when they are of this epoch, else from the snapshot or from scratch. */
  async #readAgain(): Promise<DocColumns> {
    const epoch = await this.#storage.epoch();
    const maxDoc = await this.#storage.maxDoc();
    const appended = !!this.#columns && !this.#tentative && epoch === this.#epoch && maxDoc + 1 >= this.#columns.size;
    if (!appended) this.#columns = (await this.#fromSnapshot(epoch, maxDoc)) ?? new DocColumns();
    const columns = this.#columns!;
    for (const row of await this.#storage.loadDocs(columns.size)) columns.append(row);
    for (const dead of await this.#storage.deadDocs()) columns.kill(dead);
    for (const [facet, id, value] of await this.#storage.facetValues()) {
      if (facet < FACET_IDS.length) columns.dictionary.set(facet, id, value);
    }
    this.#segments.invalidate();
    // Lists decoded from what a rebuild, a purge or a rolled-back transaction took away are forgotten.
    this.#reader.reset(await this.#storage.pending(false), appended);
    this.#epoch = epoch;
    return columns;
  }

  /** The stored snapshot of the columns, if it is of this index and this build; the rows after it are then read as usual. */
  async #fromSnapshot(epoch: string, maxDoc: number): Promise<DocColumns | undefined> {
    const snapshot = this.#snapshotRows > 0 ? await this.#storage.columnSnapshot?.(true) : undefined;
    if (!snapshot || snapshot.format !== SNAPSHOT_FORMAT || snapshot.epoch !== epoch || snapshot.upto > maxDoc) return undefined;
    const columns = decodeColumns(snapshot.data);
    return columns?.size === snapshot.upto + 1 ? columns : undefined;
  }

  /** After merges (which a large index does rarely): stores the columns whole when enough rows were written since they last were. */
  async #snapshotIfDue(): Promise<void> {
    if (!this.#storage.putColumnSnapshot || this.#storage.readonly || this.#snapshotRows <= 0) return;
    const [held, epoch, maxDoc] = [await this.#storage.columnSnapshot?.(false), await this.#storage.epoch(), await this.#storage.maxDoc()];
    const upto = held && held.format === SNAPSHOT_FORMAT && held.epoch === epoch ? held.upto : 0;
    if (maxDoc - upto < Math.max(this.#snapshotRows, upto / 16)) return;
    const columns = await this.#fresh(await this.#storage.marker());
    await this.#storage.putColumnSnapshot({ format: SNAPSHOT_FORMAT, epoch: this.#epoch, upto: columns.size - 1, data: encodeColumns(columns) });
  }
}

function scoreOf(set: DocSet, doc: number): number {
  const at = seek(set.docs, 0, set.n, doc);
  return at < set.n && set.docs[at] === doc ? set.scores[at]! : 0;
}
