/**
 * The segments of the search index over an IndexStorage: writing a new one
 * per batch of documents, finding which to read, and merging. Each segment
 * is a contiguous run of doc numbers with its sorted term list, its rows
 * keyed (base, term): a new segment is appended after the others and a
 * merge reads and deletes whole key ranges, instead of touching every term's
 * rows all over the database; a term is then one seek per segment. A run of
 * MERGE_FANOUT adjacent segments of one size class (powers of the fan-out)
 * is merged into one, so every posting is rewritten O(log₈ N) times and a
 * term is read from O(log₈ N) rows; merging drops the postings of replaced
 * and removed documents.
 *
 * A merge that falls due in a Backend transaction is left to a job
 * (`merge-index`, queued by sql/engine-transaction.ts) so the write that
 * made it due does not wait for it; a write merges itself only when a run
 * has grown to MERGE_BACKLOG (the jobs are far behind, or nothing runs
 * them), so reads never face an unbounded number of segments.
 * @module
 */
import type { IndexStorage, MaybePromise, SegmentRow, TermRow } from './index-storage.js';
import { analysisThreadRuns, encodeInThread } from './analysis-worker.js';
import { compareTerms, keyAtOrBefore, mergedStem, mergeExact, mergeTerm, unionOfSorted, type MergedStem, type SegmentBuilder } from './segment.js';
import { isExactForm, stemOfExact } from './exact-codec.js';
import type { DocLengths } from './posting-codec.js';
import { packRuns, RunPacker, unpackRow } from './term-runs.js';

/** A segment this large is encoded in the analysis thread, when that runs, while this one inserts its rows. */
const THREAD_ENCODE_POSTINGS = 100_000;

/** A run of this many segments of one size class is merged into one. */
const MERGE_FANOUT = 8;

/** A run this long is merged by the write that makes it, whoever was to run the queued merge. */
const MERGE_BACKLOG = 2 * MERGE_FANOUT;

/**
 * Stored rows per merge step, counted over the union of the run's keys:
 * each step reads, deletes and rewrites one key range of every segment in
 * the run. A key is most often a run of rare terms, so a step spans about as
 * many terms as 2,048 single rows did.
 */
/** Stems decoded for a merge's forms as typed, kept for the forms after. */
const STEMS_KEPT = 16;
const MERGE_CHUNK = 256;
/** Rows of a segment read in one range for a merge's stems, while the next wanted row is at most this many rows on. */
const AHEAD_GAP = 16;

/** The segments a search reads: their bases, and a key naming them (base, last doc and count of each) that changes with any of them. */
export interface SegmentList {
  bases: number[];
  key: string;
}

export class SegmentStore {
  #list: SegmentList | undefined;

  /** `threadEncoding`: large segments may be encoded in the analysis thread (analysis-worker.ts) when it runs. */
  constructor(
    private readonly storage: IndexStorage,
    private readonly threadEncoding = false,
  ) {}

  /** Forgets the cached segment list (another connection may have written). */
  invalidate(): void {
    this.#list = undefined;
  }

  /** Takes the segment list as read with the rest of the index's changes (IndexStorage.changesSince). */
  known(segments: readonly SegmentRow[]): void {
    this.#list = listOf(segments);
  }

  /** The segment list as last read, if it is known: what decoded postings were decoded from (posting-reader.ts). */
  current(): SegmentList | undefined {
    return this.#list;
  }

  async write(builder: SegmentBuilder): Promise<void> {
    if (builder.docs === 0) return;
    const base = builder.minDoc;
    const segment = { base, last: builder.maxDoc, docs: builder.docs, level: levelOf(builder.docs) };
    // The rows come in key order, so their keys are the segment's key list.
    const keys: string[] = [];
    if (this.threadEncoding && builder.postings >= THREAD_ENCODE_POSTINGS && analysisThreadRuns()) {
      // One packer across the thread's batches, so runs fill over their boundaries.
      const packer = new RunPacker(this.storage.runBytes);
      for await (const rows of encodeInThread(builder, base)) await this.storage.putTerms(base, noting(packRuns(rows, this.storage.runBytes, packer), keys));
      const last: TermRow[] = [];
      packer.flush(last);
      await this.storage.putTerms(base, noting(last, keys));
    } else {
      await this.storage.putTerms(base, noting(packRuns(builder.encode(base, true), this.storage.runBytes), keys));
    }
    await this.storage.putSegment(segment, keys);
    this.#list = undefined;
  }

  /** Every segment, cached until the next write or reload (synchronous once known); a new object whenever it changes. */
  list(): MaybePromise<SegmentList> {
    if (this.#list) return this.#list;
    const rows = this.storage.segments();
    if (rows instanceof Promise) return rows.then((r) => (this.#list = listOf(r)));
    return (this.#list = listOf(rows));
  }

  /** Merges the newest run of MERGE_FANOUT (or `minRun`) adjacent segments of one size class, while there is one; whether any was. */
  async mergeIfNeeded(minRun = MERGE_FANOUT): Promise<boolean> {
    let merged = false;
    for (;;) {
      const run = dueRun(await this.storage.segments(), minRun);
      if (!run) return merged;
      await this.#merge(run);
      merged = true;
    }
  }

  /** Merges only a run grown to MERGE_BACKLOG (a write whose due merges are queued as jobs). */
  mergeBacklog(): Promise<boolean> {
    return this.mergeIfNeeded(MERGE_BACKLOG);
  }

  /** The base of the newest segment when a merge is due (the key of the job that will run it), else undefined. */
  async mergeDue(): Promise<number | undefined> {
    const segments = await this.storage.segments();
    return dueRun(segments, MERGE_FANOUT) ? segments[segments.length - 1]!.base : undefined;
  }

  /** Merges every segment into one (after a bulk load, or to purge replaced documents). */
  async mergeAll(): Promise<void> {
    const segments = await this.storage.segments();
    const dead = (await this.storage.deadDocs()).length > 0;
    if (segments.length > 1 || (segments.length === 1 && dead)) await this.#merge(segments);
  }

  /**
   * Merges adjacent segments into one, leaving out replaced documents. The
   * union of their row keys is cut into chunks of MERGE_CHUNK; for each, every
   * segment's rows keyed in that range are taken out and their terms queued
   * (a run taken whole may hold terms past the chunk's last key); every
   * queued term up to that key — all a segment holds up to it, since a term
   * lives in the row keyed at or before it — is merged across the segments,
   * packed into runs again and written back under the first segment's base.
   */
  async #merge(run: SegmentRow[]): Promise<void> {
    if (run.length === 0) return;
    const base = run[0]!.base;
    const last = run[run.length - 1]!.last;
    const dead = new Set(await this.storage.deadDocs(base, last));
    const lengths = await this.#lengths(base, last);
    const keyLists: string[][] = [];
    for (const seg of run) keyLists.push(await this.storage.segmentKeys(seg.base));
    const keys = unionOfSorted(keyLists);
    const keep = (d: number) => !dead.has(d);
    // Per segment, its terms taken and not yet merged, in term order; and how many of its rows were taken.
    const parts = run.map((seg) => ({ base: seg.base, queue: [] as TermRow[], at: 0, taken: 0 }));
    /** Stems' lists decoded and merged for their forms as typed, which come before them in key order. */
    const stems = new Map<string, MergedStem>();
    const packer = new RunPacker(this.storage.runBytes);
    const kept: string[] = [];
    for (let c = 0; c < keys.length; c += MERGE_CHUNK) {
      const from = keys[c]!;
      const final = c + MERGE_CHUNK >= keys.length;
      const to = keys[Math.min(keys.length, c + MERGE_CHUNK) - 1]!;
      for (const part of parts) {
        const rows = await this.storage.takeTerms(part.base, from, to);
        part.taken += rows.length;
        part.queue = part.queue.slice(part.at);
        part.at = 0;
        for (const row of rows) part.queue.push(...unpackRow(row));
      }
      // The stems of this chunk's forms as typed that are keyed after it, read ahead (in place) in a few ranges.
      const ahead = final ? undefined : await this.#stemsAhead(parts, keyLists, to, stems);
      const merged: TermRow[] = [];
      for (;;) {
        // The smallest term queued (segments in doc order), up to the chunk's last key but in the last chunk.
        let term: string | undefined;
        for (const part of parts) {
          const t = part.queue[part.at]?.term;
          if (t !== undefined && (term === undefined || compareTerms(t, term) < 0)) term = t;
        }
        if (term === undefined || (!final && compareTerms(term, to) > 0)) break;
        const rows: { base: number; postings: Uint8Array; positions: Uint8Array }[] = [];
        for (const part of parts) {
          const row = part.queue[part.at];
          if (row !== undefined && row.term === term) {
            rows.push({ base: part.base, postings: row.postings, positions: row.positions });
            part.at++;
          }
        }
        let one: TermRow | undefined;
        if (isExactForm(term)) {
          const stem = ahead?.stemOf.get(term) ?? stemOfExact(term);
          let decoded = stems.get(stem);
          if (!decoded) {
            decoded = mergedStem(await this.#stemRows(parts, stem, final ? undefined : to, ahead), keep);
            // Forms of one stem mostly come near each other ("\u0001negotiate", "\u0001negotiated"…): the last few are kept.
            if (stems.size >= STEMS_KEPT) stems.delete(stems.keys().next().value!);
            stems.set(stem, decoded);
          }
          one = mergeExact(term, rows, decoded, base, keep, lengths);
        } else one = mergeTerm(term, rows, base, keep, lengths);
        if (one) packer.push(one, merged);
      }
      if (final) packer.flush(merged);
      await this.storage.putTerms(base, noting(merged, kept));
    }
    // Every row listed must have been taken: one more or less means the key list and the rows disagree.
    const stray = parts.findIndex((p, i) => p.taken !== keyLists[i]!.length);
    if (stray >= 0) throw new Error(`search index: segment ${parts[stray]!.base} lists ${keyLists[stray]!.length} rows and holds ${parts[stray]!.taken}; run dossier reindex`);
    await this.storage.dropSegments(run.map((s) => s.base));
    const docs = run.reduce((s, r) => s + r.docs, 0) - dead.size;
    await this.storage.putSegment({ base, last, docs, level: levelOf(Math.max(docs, 1)) }, kept);
    this.#list = undefined;
  }

  /**
   * A stem's rows in the segments of a merge, while its forms as typed (keyed before it) are merged: from a
   * segment's queue when its row was taken, else from the storage, where a row keyed after the chunk's last key
   * `to` is still as the segment wrote it (none in the last chunk: every row was taken).
   */
  async #stemRows(
    parts: readonly { base: number; queue: TermRow[]; at: number }[],
    stem: string,
    to: string | undefined,
    ahead: StemsAhead | undefined,
  ): Promise<{ base: number; postings: Uint8Array }[]> {
    const out: { base: number; postings: Uint8Array }[] = [];
    const unread: number[] = [];
    const read = ahead?.stems.get(stem);
    for (const part of parts) {
      const queued = queuedRow(part.queue, part.at, stem);
      if (queued) out.push({ base: part.base, postings: queued.postings });
      else if (to !== undefined && compareTerms(stem, to) > 0) {
        if (!read) unread.push(part.base);
        else for (const row of read) if (row.base === part.base) out.push(row);
      }
    }
    if (unread.length > 0) out.push(...(await this.storage.postings(unread, stem)));
    return out.sort((a, b) => a.base - b.base);
  }

  /**
   * The stems keyed after `to` of the forms as typed queued up to it (but those in `known`), each segment's rows
   * that may hold them read in place, a range of rows at a time: stems sort in about the order of their forms, so a
   * chunk's stems lie in a few runs of neighbouring rows, which one statement each reads, where a statement per stem
   * sought each row. A stem maps to its postings in the segments that hold it (in base order; none: no list there),
   * and each form to its stem (a form is queued in most of the segments).
   */
  async #stemsAhead(
    parts: readonly { base: number; queue: TermRow[]; at: number }[],
    keyLists: readonly (readonly string[])[],
    to: string,
    known: ReadonlyMap<string, MergedStem>,
  ): Promise<StemsAhead> {
    const wanted = new Set<string>();
    const stemOf = new Map<string, string>();
    for (const part of parts) {
      for (let i = part.at; i < part.queue.length; i++) {
        const term = part.queue[i]!.term;
        if (!isExactForm(term) || compareTerms(term, to) > 0) break;
        let stem = stemOf.get(term);
        if (stem === undefined) stemOf.set(term, (stem = stemOfExact(term)));
        if (!known.has(stem) && compareTerms(stem, to) > 0) wanted.add(stem);
      }
    }
    const ahead = new Map<string, StemAhead[]>();
    if (wanted.size === 0) return { stems: ahead, stemOf };
    const sorted = [...wanted].sort(compareTerms);
    for (const stem of sorted) ahead.set(stem, []);
    for (let k = 0; k < parts.length; k++) {
      const keys = keyLists[k]!;
      // Each stem's row: the last keyed at or before it, if that was not taken (keyed after `to`).
      const rows: number[] = [];
      for (const stem of sorted) {
        const at = keyAtOrBefore(keys, stem);
        if (at >= 0 && compareTerms(keys[at]!, to) > 0 && rows[rows.length - 1] !== at) rows.push(at);
      }
      for (let r = 0; r < rows.length; ) {
        let end = r;
        while (end + 1 < rows.length && rows[end + 1]! - rows[end]! <= AHEAD_GAP) end++;
        const base = parts[k]!.base;
        for (const row of await this.storage.peekTerms(base, keys[rows[r]!]!, keys[rows[end]!]!)) {
          for (const entry of unpackRow(row)) ahead.get(entry.term)?.push({ base, postings: entry.postings });
        }
        r = end + 1;
      }
    }
    return { stems: ahead, stemOf };
  }

  /** The lengths of the documents `base` to `last`, from their rows: what the merged blocks' bounds are made from. */
  async #lengths(base: number, last: number): Promise<DocLengths> {
    const len = new Int32Array(last - base + 1);
    for (const row of await this.storage.loadDocs(base)) {
      if (row.doc > last) break;
      len[row.doc - base] = row.length;
    }
    return { from: base, len };
  }
}

/** A stem's postings in one segment, read ahead of the merge. */
interface StemAhead {
  base: number;
  postings: Uint8Array;
}

/** A merge chunk's stems read ahead, and the stem of each of its forms as typed. */
interface StemsAhead {
  stems: Map<string, StemAhead[]>;
  stemOf: Map<string, string>;
}

/** The row of `term` among `queue`'s rows from `from` on (in term order), by bisection. */
function queuedRow(queue: readonly TermRow[], from: number, term: string): TermRow | undefined {
  let lo = from;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTerms(queue[mid]!.term, term) < 0) lo = mid + 1;
    else hi = mid;
  }
  return queue[lo]?.term === term ? queue[lo] : undefined;
}

function listOf(segments: readonly SegmentRow[]): SegmentList {
  return { bases: segments.map((s) => s.base), key: segments.map((s) => `${s.base}/${s.last}/${s.docs}`).join(' ') };
}

/** The newest run of at least `min` adjacent segments of one size class. */
function dueRun(segments: SegmentRow[], min: number): SegmentRow[] | undefined {
  let runEnd = segments.length;
  while (runEnd > 0) {
    let runStart = runEnd - 1;
    while (runStart > 0 && segments[runStart - 1]!.level === segments[runEnd - 1]!.level) runStart--;
    if (runEnd - runStart >= min) return segments.slice(runStart, runEnd);
    runEnd = runStart;
  }
  return undefined;
}

/** Size class of a segment: powers of the merge fan-out. */
function levelOf(docs: number): number {
  return Math.floor(Math.log(Math.max(docs, 1)) / Math.log(MERGE_FANOUT));
}

/** The rows, each one's term noted in `terms` as it goes by. */
function* noting<T extends { term: string }>(rows: Iterable<T>, terms: string[]): Generator<T> {
  for (const row of rows) {
    terms.push(row.term);
    yield row;
  }
}
