/**
 * The index-storage port: the few kinds of rows Dossier's search engine
 * keeps in the archive's database, so the engine (EngineSearchIndex) runs
 * unchanged on any of them and each database fills only this. Three parts:
 *
 * - **documents**: one row per indexed document version (live or replaced),
 *   numbered by the storage in increasing order, with the columns the engine
 *   loads into typed arrays (record id, length, date range, sort key, packed
 *   facet value ids), the facet values ↔ ids, and a few documents waiting as
 *   single rows (pending) before they become a segment;
 * - **segments**: per segment a row (base, last doc, docs, size class) and
 *   its stored rows, each keyed (segment, term): a common term's row holds
 *   its encoded postings and, apart, its positions (read only for phrases);
 *   a run's row holds several rare terms, front-coded, with their lists
 *   (engine/term-runs.ts), keyed by its first term. A segment's rows cover
 *   its terms in order without overlap, so the row that may hold a term is
 *   the one with the greatest key at or before it: a term's lookup is one
 *   seek, as before runs, and the storage finds the term in the row with
 *   `findInRow` (a range walk with `termsInRows`). The storage never reads
 *   inside a run otherwise: to it, a run is a row like another;
 * - **the change marker**: a value that moves whenever any connection or
 *   process commits a change, and an epoch that changes when the index is
 *   cleared, so cached columns and postings are reloaded only when needed.
 *
 * Terms are compared by code point (`compareTerms` in segment.ts), never by
 * a locale collation: every list of terms and every term range here is in
 * that order (SQLite's BINARY on UTF-8 gives it; PostgreSQL needs
 * `COLLATE "C"`).
 *
 * Every method may answer synchronously or with a promise. SQLite answers at
 * once, and the engine then evaluates a query in one synchronous pass over
 * typed arrays, reading each posting list as it needs it, with no await in
 * the loop (query evaluation stays the synchronous code it was). A storage
 * that answers with promises (a database across the network) is read in
 * rounds: the engine evaluates with what it has, collects the terms it
 * lacked, awaits them together (one round trip for all of them) and
 * evaluates again until nothing is missing; only the last round's result is
 * used, so both give the same answer. Writes are awaited one by one.
 * @module
 */
import type { DocRow } from './doc-columns.js';

export type MaybePromise<T> = T | Promise<T>;

/** A document row as the engine writes it (its doc number is given by the storage). */
export interface NewDocRow {
  docId: string;
  length: number;
  /** yyyymmdd, 0 when undated. */
  dateStart: number;
  dateEnd: number;
  dateFlags: number;
  /** Null when undated. */
  sortKey: number | null;
  /** Packed facet values (facet index << VALUE_BITS | value id). */
  facets: Uint32Array;
}

export interface SegmentRow {
  /** First doc number of the segment: its key. */
  base: number;
  last: number;
  docs: number;
  /** Size class (powers of the merge fan-out). */
  level: number;
}

/**
 * A stored row of one segment: one term's lists, or (`n` negative) a run of
 * −n terms keyed by its first, its bytes in `postings` (term-runs.ts).
 */
export interface TermRow {
  /** The term, or the run's first term: the row's key. */
  term: string;
  n: number;
  /** Encoded postings (segment.ts), or a run's bytes. */
  postings: Uint8Array;
  /** Encoded word positions, parallel to the postings; empty in a run's row. */
  positions: Uint8Array;
}

export interface PendingRow {
  doc: number;
  /** An analyzed document (pending-doc.ts). */
  data: Uint8Array;
}

/** Where the stored index stands. */
export interface IndexMarker {
  /** Moves whenever anything is committed to the index (by this connection or another). */
  version: number | string;
  /** True while this connection has an open transaction: what is read may yet be rolled back. */
  inTransaction: boolean;
}

/** The doc columns as one blob (column-snapshot.ts), covering doc numbers up to `upto`. */
export interface ColumnSnapshot {
  format: string;
  epoch: string;
  upto: number;
  data: Uint8Array;
}

/** Everything that changed since the engine's columns were read, as {@link IndexStorage.changesSince} answers it. */
export interface IndexChanges {
  epoch: string;
  maxDoc: number;
  /** Document rows from the doc number asked for on, in doc order. */
  docs: Iterable<DocRow>;
  /** Every replaced row's doc number. */
  dead: number[];
  /** Facet values with ids from those asked for on: [facet, id, value]. */
  facetValues: Iterable<[number, number, string]>;
  /** Every segment, by base. */
  segments: SegmentRow[];
  /** Every pending row, live or replaced, in doc order. */
  pending: PendingRow[];
}

export interface IndexStorage {
  /** Names the layout of the storage's tables; part of the index's version, so a new layout reindexes. */
  readonly layout: string;
  /** A read-only storage serves searches but is never written. */
  readonly readonly: boolean;
  /** The bytes a run of terms stays within (term-runs.ts): what a row of the storage holds without spilling. */
  readonly runBytes: number;

  // ---- change marker ------------------------------------------------------
  marker(): MaybePromise<IndexMarker>;
  /**
   * Optional, for a storage that answers at once and reads the marker in
   * the same statement as a term's rows (`postings`, `positions`): the
   * marker's version as every row read since the last call saw it, and
   * starts over; undefined when none was read, when they saw different
   * versions, or when another read since may have seen a later state. A
   * search on columns already current then reads no marker of its own when
   * it reads rows: it checks afterwards that they were read as of the
   * version its columns are (engine-search-index.ts), and searches again
   * the usual way if not.
   */
  takeSeenVersion?(): number | string | undefined;
  /** Changes whenever the index is cleared. */
  epoch(): MaybePromise<string>;
  /** Largest doc number ever stored (0 if none). */
  maxDoc(): MaybePromise<number>;

  // ---- documents ----------------------------------------------------------
  /** Stores a live document row and returns its doc number, larger than any before it. */
  insertDoc(row: NewDocRow): MaybePromise<number>;
  /** Marks the live row of `docId` (if any) replaced, and drops its pending row. */
  killDoc(docId: string): MaybePromise<void>;
  /** The id of a facet's value, given the next free id of that facet if it is new. */
  facetValueId(facet: number, value: string): MaybePromise<number>;
  liveCount(): MaybePromise<number>;
  /** Document rows with doc number ≥ `from`, in doc order, record ids included (a page of hits reads its ids from the engine's columns). */
  loadDocs(from: number): MaybePromise<Iterable<DocRow>>;
  /** Doc numbers of replaced rows, in [from, to] when given. */
  deadDocs(from?: number, to?: number): MaybePromise<number[]>;
  /** Every facet value: [facet, id, value]. */
  facetValues(): MaybePromise<Iterable<[number, number, string]>>;
  /**
   * Optional: what the engine reads after the index changed, all at once and
   * as of one moment — doc rows from `docs` on, facet values from
   * `facetSizes[facet]` on, and the replaced rows, segments and pending
   * rows whole. A storage across a network answers it in one round trip
   * where the separate calls take one each. Undefined where it cannot (the
   * engine then makes those calls).
   */
  changesSince?(known: { docs: number; facetSizes: readonly number[] }): MaybePromise<IndexChanges | undefined>;
  /** Deletes replaced rows (after every segment was merged without them), and the column snapshot with them. */
  purgeDead(): MaybePromise<void>;
  /**
   * The stored column snapshot, if any. Optional: a storage without one
   * loads the columns row by row. A storage that keeps one drops it when it
   * deletes document rows (purgeDead, clear). Without `withData`, `data` is
   * empty (to learn how far it reaches without reading it).
   */
  columnSnapshot?(withData: boolean): MaybePromise<ColumnSnapshot | undefined>;
  putColumnSnapshot?(snapshot: ColumnSnapshot): MaybePromise<void>;
  /** Deletes everything and sets a new epoch. */
  clear(epoch: string): MaybePromise<void>;

  // ---- pending documents --------------------------------------------------
  addPending(row: PendingRow): MaybePromise<void>;
  pendingCount(): MaybePromise<number>;
  /** Pending rows in doc order; `liveOnly` leaves out those whose document was replaced. */
  pending(liveOnly: boolean): MaybePromise<PendingRow[]>;
  clearPending(): MaybePromise<void>;

  // ---- segments -----------------------------------------------------------
  /** Every segment, by base. */
  segments(): MaybePromise<SegmentRow[]>;
  /** The keys of a segment's stored rows (each a term, a run's its first), sorted by code point. */
  segmentKeys(base: number): MaybePromise<string[]>;
  /** Records a segment whose rows were written, with their keys (in order). */
  putSegment(segment: SegmentRow, keys: readonly string[]): MaybePromise<void>;
  dropSegments(bases: readonly number[]): MaybePromise<void>;
  /** Writes stored rows of a segment (in key order), as given: runs are made by the engine. */
  putTerms(base: number, rows: Iterable<TermRow>): MaybePromise<void>;
  /** Reads and deletes a segment's stored rows with `from ≤ key ≤ to`, in key order (a merge step). */
  takeTerms(base: number, from: string, to: string): MaybePromise<TermRow[]>;
  /**
   * A segment's stored rows with `from ≤ key ≤ to`, in key order, left in place, their postings only (positions
   * empty; a run's row as stored): a merge reading its stems ahead of their forms as typed, which are keyed before them.
   */
  peekTerms(base: number, from: string, to: string): MaybePromise<TermRow[]>;
  /** A term's postings in each of `bases` that holds it, in base order (found in the row at or before it: `findInRow`). */
  postings(bases: readonly number[], term: string): MaybePromise<{ base: number; n: number; postings: Uint8Array }[]>;
  /** A term's positions in each of `bases` that holds it, in base order. */
  positions(bases: readonly number[], term: string): MaybePromise<{ n: number; positions: Uint8Array }[]>;
  /**
   * Document frequency of every term in [from, to) over `bases`, most
   * frequent first (ties in code-point order), at most `limit`: over each
   * segment's row at or before `from` and its rows keyed up to `to` (`termsInRows`).
   */
  termsInRange(bases: readonly number[], from: string, to: string, limit: number): MaybePromise<{ term: string; df: number }[]>;
}
