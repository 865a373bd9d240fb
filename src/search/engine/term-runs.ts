/**
 * Runs of terms: a segment's rare terms stored several to a row. Most of a
 * segment's (segment, term) rows hold a posting or two, and a database pays
 * about as much for each row's key, record header and cell pointer as for
 * its lists; a run groups consecutive terms of one segment into one row of
 * up to `runBytes`, keyed by its first term (as Lucene's block tree groups
 * its terms dictionary), and a term whose lists are large keeps a row of its
 * own. The rows of a segment, runs and single terms alike, cover its term
 * list in order without overlap, so the row that may hold a term is the one
 * with the greatest key at or before it.
 *
 * A run's bytes (the `postings` of a row whose `n` is minus its term count;
 * its `positions` is empty):
 *
 *     varint terms            k ≥ 1
 *     varint header bytes     the length of what follows up to the lists
 *     per term:               (the first term is the row's key and is not repeated)
 *       varint shared         UTF-8 bytes shared with the term before (terms 2…k)
 *       varint suffix bytes, the suffix in UTF-8   (terms 2…k)
 *       varint postings bytes, varint positions bytes
 *     the lists: term 1's postings, its positions, term 2's postings, …
 *
 * Terms are front-coded in UTF-8, whose byte order is code-point order
 * (`compareTerms`), so a lookup compares bytes and decodes no string. A
 * term's posting count is the first varint of its postings
 * (`postingCount`), so the header does not repeat it.
 * @module
 */
import type { TermRow } from './index-storage.js';
import { postingCount } from './posting-codec.js';
import { compareTerms } from './segment.js';
import { ByteReader, ByteWriter } from './varint.js';

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Whether a stored row is a run of terms (its `n` is minus the run's term count). */
export function isRun(row: { n: number }): boolean {
  return row.n < 0;
}

/** A term's lists found in a stored row. */
export interface RunEntry {
  n: number;
  postings: Uint8Array;
  positions: Uint8Array;
}

/**
 * A run being written: its header and its lists grow as terms are added,
 * each term's bytes copied at once (the engine may hand them in a buffer it
 * reuses for the next term).
 */
class RunWriter {
  readonly #header = new ByteWriter(1024);
  readonly #lists = new ByteWriter(1024);
  #first: TermRow | undefined;
  #previous = new Uint8Array(0);
  count = 0;

  /** Bytes the run takes so far, but for its two leading counts. */
  get size(): number {
    return this.#header.length + this.#lists.length;
  }

  add(row: TermRow): void {
    const bytes = encoder.encode(row.term);
    if (this.count === 0) this.#first = row;
    else {
      const shared = sharedPrefix(this.#previous, bytes);
      this.#header.varint(shared);
      this.#header.varint(bytes.length - shared);
      this.#header.bytes(bytes.subarray(shared));
    }
    this.#previous = bytes;
    this.#header.varint(row.postings.length);
    this.#header.varint(row.positions.length);
    this.#lists.bytes(row.postings);
    this.#lists.bytes(row.positions);
    this.count++;
  }

  /** The stored row, and the writer emptied: a run, or with `single` and one term, that term's own row. */
  take(single: boolean): TermRow {
    const first = this.#first!;
    let row: TermRow;
    if (single && this.count === 1) {
      const lists = this.#lists.view();
      const end = first.postings.length;
      row = { term: first.term, n: first.n, postings: lists.slice(0, end), positions: lists.slice(end, end + first.positions.length) };
    } else {
      const out = new ByteWriter(this.size + 10);
      out.varint(this.count);
      out.varint(this.#header.length);
      out.bytes(this.#header.view());
      out.bytes(this.#lists.view());
      row = { term: first.term, n: -this.count, postings: out.finish(), positions: EMPTY };
    }
    this.#header.reset();
    this.#lists.reset();
    this.#first = undefined;
    this.count = 0;
    return row;
  }
}

/** Encodes terms (sorted by code point, at least one) as one run row keyed by the first. */
export function encodeRun(rows: readonly TermRow[]): TermRow {
  if (rows.length === 0) throw new Error('search index: a run of terms needs at least one term');
  const run = new RunWriter();
  for (const row of rows) run.add(row);
  return run.take(false);
}

/** Every term of a stored row with its lists (views into the row's bytes): the row itself when it is not a run. */
export function unpackRow(row: TermRow): TermRow[] {
  if (!isRun(row)) return [row];
  const out: TermRow[] = [];
  scanRun(row.term, row.postings, (bytes, length, postings, positions) => {
    out.push({ term: out.length === 0 ? row.term : decoder.decode(bytes.subarray(0, length)), n: postingCount(postings), postings, positions });
    return true;
  });
  return out;
}

/**
 * `term`'s lists in the stored row keyed `key` (a run, or one term's row), if
 * it holds them. Every search reads such a row per segment for each of its
 * words, so the run is walked without copying a term or allocating per
 * entry: front coding says how much of each term the one before it shares,
 * and with the length `common` that the term before shares with the wanted
 * one, a term sharing less than `common` with its predecessor is past the
 * wanted term (the walk stops), one sharing more is still before it (no
 * comparison), and only one sharing exactly `common` has its suffix
 * compared, in place in the row's bytes.
 */
export function findInRow(key: string, n: number, postings: Uint8Array, positions: Uint8Array, term: string): RunEntry | undefined {
  if (n >= 0) return key === term ? { n, postings, positions } : undefined;
  const wanted = utf8(term, 0);
  const wantedLength = wanted.length;
  const first = utf8(key, 1);
  const blob = postings;
  let pos = 0;
  const read = (): number => {
    let b = blob[pos++]!;
    let v = b & 0x7f;
    for (let shift = 7; b >= 0x80; shift += 7) {
      b = blob[pos++]!;
      v += (b & 0x7f) * 2 ** shift;
    }
    return v;
  };
  const count = read();
  const headerBytes = read();
  let list = pos + headerBytes;
  // The row is keyed at or before the term, so its first term is not after it.
  let common = sharedPrefix(first, wanted);
  let equal = common === wantedLength && first.length === wantedLength;
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      const shared = read();
      const suffix = read();
      if (shared < common) return undefined;
      if (shared === common) {
        let j = 0;
        while (j < suffix && common + j < wantedLength && blob[pos + j] === wanted[common + j]) j++;
        if (j < suffix && (common + j === wantedLength || blob[pos + j]! > wanted[common + j]!)) return undefined;
        equal = j === suffix && common + j === wantedLength;
        common += j;
      }
      pos += suffix;
    }
    const postingBytes = read();
    const positionBytes = read();
    if (equal) {
      const p = blob.subarray(list, list + postingBytes);
      return { n: postingCount(p), postings: p, positions: blob.subarray(list + postingBytes, list + postingBytes + positionBytes) };
    }
    list += postingBytes + positionBytes;
  }
  return undefined;
}

/** Two reused buffers for findInRow's terms in UTF-8 (a view of the bytes written; the next call overwrites it). */
const utf8Scratch = [new Uint8Array(256), new Uint8Array(256)];

function utf8(text: string, slot: number): Uint8Array {
  // Three bytes at most per UTF-16 unit.
  if (utf8Scratch[slot]!.length < text.length * 3) utf8Scratch[slot] = new Uint8Array(text.length * 3);
  const buffer = utf8Scratch[slot]!;
  return buffer.subarray(0, encoder.encodeInto(text, buffer).written);
}

/**
 * The terms of a stored row in [from, to) with their posting counts, in
 * term order (a prefix or range walk): only those terms' strings are decoded.
 */
export function termsOfRow(key: string, n: number, postings: Uint8Array, from: string, to: string): { term: string; df: number }[] {
  if (n >= 0) return inRange(key, from, to) ? [{ term: key, df: n }] : [];
  const low = encoder.encode(from);
  const high = encoder.encode(to);
  const out: { term: string; df: number }[] = [];
  scanRun(key, postings, (bytes, length, p) => {
    if (compareBytes(bytes, length, high) >= 0) return false;
    if (compareBytes(bytes, length, low) >= 0) out.push({ term: decoder.decode(bytes.subarray(0, length)), df: postingCount(p) });
    return true;
  });
  return out;
}

/**
 * The document frequency of every term in [from, to) over stored rows (of
 * each segment, the row at or before `from` and the rows keyed inside the
 * range), summed over segments, most frequent first, ties in code-point
 * order, at most `limit`.
 */
export function termsInRows(rows: Iterable<{ term: string; n: number; postings: Uint8Array }>, from: string, to: string, limit: number): { term: string; df: number }[] {
  const df = new Map<string, number>();
  for (const row of rows) for (const t of termsOfRow(row.term, row.n, row.postings, from, to)) df.set(t.term, (df.get(t.term) ?? 0) + t.df);
  return [...df]
    .sort((a, b) => b[1] - a[1] || compareTerms(a[0], b[0]))
    .slice(0, limit)
    .map(([term, n]) => ({ term, df: n }));
}

/**
 * Groups a segment's term rows (in term order) into stored rows: runs of up
 * to `runBytes`, and a row of its own for a term whose lists take more than
 * half of that. Kept across calls, so a merge's steps fill runs across their
 * boundaries; `flush` ends the run being filled.
 */
export class RunPacker {
  readonly #runBytes: number;
  readonly #run = new RunWriter();

  constructor(runBytes: number) {
    this.#runBytes = runBytes;
  }

  /**
   * Adds the next term; the rows it completes go to `out`. A term with a row
   * of its own is put in `out` as given (the caller writes it before the
   * engine reuses its bytes); the others are copied into the run.
   */
  push(row: TermRow, out: TermRow[]): void {
    // Its lists and a few bytes of header: the term's suffix and two lengths.
    const size = row.postings.length + row.positions.length + row.term.length + 4;
    if (size > this.#runBytes / 2) {
      this.flush(out);
      out.push(row);
      return;
    }
    if (this.#run.count > 0 && this.#run.size + size > this.#runBytes) this.flush(out);
    this.#run.add(row);
  }

  /** Ends the run being filled (its row goes to `out`); a run of one term is stored as that term's own row. */
  flush(out: TermRow[]): void {
    if (this.#run.count > 0) out.push(this.#run.take(true));
  }
}

/**
 * A segment's term rows (in term order) as stored rows (see RunPacker). With
 * a `packer` of the caller's, the run being filled at the end stays in it
 * (for the rows of the next call); else it is flushed.
 */
export function* packRuns(rows: Iterable<TermRow>, runBytes: number, packer?: RunPacker): Generator<TermRow> {
  const own = packer ?? new RunPacker(runBytes);
  const out: TermRow[] = [];
  for (const row of rows) {
    own.push(row, out);
    if (out.length > 0) {
      yield* out;
      out.length = 0;
    }
  }
  if (packer) return;
  own.flush(out);
  yield* out;
}

/**
 * Walks a run's terms in order: `visit(termBytes, termLength, postings,
 * positions)` for each (the term's UTF-8 bytes are `termBytes[0, termLength)`,
 * a scratch buffer the next term overwrites), until it returns false.
 */
function scanRun(key: string, blob: Uint8Array, visit: (termBytes: Uint8Array, termLength: number, postings: Uint8Array, positions: Uint8Array) => boolean): void {
  const r = new ByteReader(blob);
  const count = r.varint();
  const headerBytes = r.varint();
  let list = r.pos + headerBytes;
  let term = encoder.encode(key);
  let length = term.length;
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      const shared = r.varint();
      const suffix = r.varint();
      if (shared + suffix > term.length) {
        const grown = new Uint8Array(Math.max(term.length * 2, shared + suffix));
        grown.set(term.subarray(0, shared));
        term = grown;
      }
      term.set(blob.subarray(r.pos, r.pos + suffix), shared);
      r.pos += suffix;
      length = shared + suffix;
    }
    const postingBytes = r.varint();
    const positionBytes = r.varint();
    const postings = blob.subarray(list, list + postingBytes);
    const positions = blob.subarray(list + postingBytes, list + postingBytes + positionBytes);
    list += postingBytes + positionBytes;
    if (!visit(term, length, postings, positions)) return;
  }
}

/** How many leading bytes `a` and `b` share (it may end inside a character: a term is decoded only whole). */
function sharedPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Compares `a[0, length)` with `b` bytewise (code-point order for UTF-8). */
function compareBytes(a: Uint8Array, length: number, b: Uint8Array): number {
  const n = Math.min(length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return length - b.length;
}

/** Whether `term` is in [from, to) in code-point order. */
function inRange(term: string, from: string, to: string): boolean {
  const t = encoder.encode(term);
  return compareBytes(t, t.length, encoder.encode(from)) >= 0 && compareBytes(t, t.length, encoder.encode(to)) < 0;
}
