/**
 * The segments' term dictionaries, held in process: for each segment, the
 * key and count of every stored row, its runs' postings (the rows that
 * hold a segment's rare terms several to a row, engine/term-runs.ts; their
 * positions left out) and the postings of a term's own row when short
 * (`SHORT_LIST_BYTES`), in one compact buffer (SegmentDictionary). With
 * them a search knows, for any term, which row of a segment may hold it: a
 * run held here answers at once (the term's postings, or its absence),
 * another term's own row says the term is absent, a short own row gives its
 * postings, and only a long list (a common word's, kilobytes to megabytes)
 * is still read from PostgreSQL. A rare word, a word of middling frequency,
 * and the rare and absent parts of any query then cost no round trip; a
 * phrase's positions are read.
 *
 * A segment's rows are written once and never change under its name (base,
 * last doc, document count, epoch: segment-postings.ts), so a dictionary is
 * read once per segment, by one COPY that checks the name in the same
 * snapshot, and stays true until the segment leaves the list. The segment
 * list each search is given (the change read after a write, or the list
 * read at the start) names the segments to hold: those not yet held are
 * read in the background, one at a time, and a search until then reads
 * their rows as before; those no longer listed are let go. Bounded by
 * bytes: a segment that would pass the bound is not held (nor read, when
 * the bytes a document of those held took say it would not fit), stays out
 * while it is listed, and its rows are read per search as before.
 * @module
 */
import { findInRow } from '../../search/engine/term-runs.js';
import { compareTerms } from '../../search/engine/segment.js';
import { ByteWriter } from '../../search/engine/varint.js';

/** A segment's rows as read for its dictionary, in term order; `data` for runs, and for a term's own row when short. */
export interface DictionaryRow { term: string; n: number; data: Uint8Array | null }

/** A segment as a search's list names it. */
export interface NamedSegment { base: number; last: number; docs: number; epoch: string }

/** What a held dictionary says of a term in its segment: its lists, its absence (null), or undefined when only its own row can tell. */
export type DictionaryAnswer = { n: number; postings: Uint8Array; positions: Uint8Array | undefined } | null | undefined;

/** Rows a block of the dictionary holds: a lookup searches the blocks' first keys, then walks one block. */
const BLOCK_ROWS = 16;
/** What a block's first key costs beside its characters (the string's header, the array's slot, its offset). */
const HEAD_BYTES = 48;

/**
 * One segment's dictionary, in one buffer: its rows in term order, in blocks
 * of `BLOCK_ROWS`, each row its key front-coded in UTF-8 against the key
 * before it in the block (the block's first key whole), its count and what
 * is held of it, as varints:
 *
 *     varint shared           UTF-8 bytes shared with the key before (0 for a block's first)
 *     varint suffix bytes, the suffix
 *     varint count            zigzag: a run's is minus its term count
 *     varint held             0: a term's own row too long to hold; else 1 + the bytes that follow
 *     the bytes held          a run without its positions (term-runs.ts's layout, every positions length 0), or a short own row's postings
 *
 * The blocks' first keys are kept as strings, searched by `compareTerms`;
 * a block is walked comparing bytes (UTF-8's byte order is code-point order).
 * A search asks a rare word's postings, its positions only for a phrase: the
 * runs are held without their positions, which a phrase reads as it reads a
 * longer list's.
 */
export class SegmentDictionary {
  readonly #heads: string[] = [];
  /** Where each block starts in `#bytes`, and (last) where the last ends. */
  readonly #blocks: Int32Array;
  readonly #bytes: Uint8Array;
  readonly bytes: number;

  /** `docs`: the segment's document count. */
  constructor(rows: readonly DictionaryRow[], readonly docs = 0) {
    const sorted = rows.every((r, i) => i === 0 || compareTerms(rows[i - 1]!.term, r.term) < 0) ? rows : [...rows].sort((a, b) => compareTerms(a.term, b.term));
    const out = new ByteWriter(sorted.reduce((sum, r) => sum + (r.data ? r.data.byteLength : 0), 0) + sorted.length * 12 + 64);
    this.#blocks = new Int32Array(Math.ceil(sorted.length / BLOCK_ROWS) + 1);
    let previous = EMPTY;
    let headChars = 0;
    sorted.forEach((r, i) => {
      const key = encoder.encode(r.term);
      let shared = 0;
      if (i % BLOCK_ROWS === 0) {
        this.#blocks[i / BLOCK_ROWS] = out.length;
        this.#heads.push(r.term);
        headChars += r.term.length;
      } else shared = sharedPrefix(previous, key);
      previous = key;
      out.varint(shared);
      out.varint(key.length - shared);
      out.bytes(key.subarray(shared));
      out.varint(r.n < 0 ? -2 * r.n - 1 : 2 * r.n);
      if (!r.data) out.varint(0);
      else if (r.n < 0) writeRunWithoutPositions(r.data, out);
      else {
        out.varint(r.data.byteLength + 1);
        out.bytes(r.data);
      }
    });
    this.#blocks[this.#blocks.length - 1] = out.length;
    this.#bytes = out.finish();
    this.bytes = this.#bytes.byteLength + this.#blocks.byteLength + this.#heads.length * HEAD_BYTES + headChars * 2;
  }

  /**
   * The term's postings in this segment, null when it has none, undefined when they are in a row of its own too long
   * to be held. Its positions are not held (`positions` undefined): a phrase reads them.
   */
  find(term: string): DictionaryAnswer {
    // The block whose first key is the greatest not after the term.
    let lo = 0;
    let hi = this.#heads.length - 1;
    let block = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTerms(this.#heads[mid]!, term) <= 0) {
        block = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (block < 0) return null;
    const wanted = utf8(term);
    const bytes = this.#bytes;
    const at = [this.#blocks[block]!];
    const end = this.#blocks[block + 1]!;
    // The row keyed at or before the term: the last of the block's rows whose key is not after it.
    let key = keyScratch;
    let keyLength = 0;
    let n = 0;
    let held = 0;
    let heldAt = 0;
    let rowKeyLength = 0;
    let equal = false;
    while (at[0]! < end) {
      const shared = varint(bytes, at);
      const suffix = varint(bytes, at);
      if (key.length < shared + suffix) key = keyScratch = grow(key, shared + suffix);
      key.set(bytes.subarray(at[0], at[0]! + suffix), shared);
      at[0]! += suffix;
      keyLength = shared + suffix;
      const order = compareBytes(key, keyLength, wanted);
      if (order > 0) break;
      const zigzag = varint(bytes, at);
      n = zigzag & 1 ? -(zigzag + 1) / 2 : zigzag / 2;
      held = varint(bytes, at);
      heldAt = at[0]!;
      at[0]! += held > 0 ? held - 1 : 0;
      equal = order === 0;
      if (equal) break;
      // The row's key kept aside (the walk goes on in `key`), for a run's lookup.
      if (rowKeyScratch.length < keyLength) rowKeyScratch = grow(rowKeyScratch, keyLength);
      rowKeyScratch.set(key.subarray(0, keyLength));
      rowKeyLength = keyLength;
    }
    if (n >= 0 && !equal) return null;
    if (held === 0) return undefined;
    const data = bytes.subarray(heldAt, heldAt + held - 1);
    // Copied out, as a run's term's lists are: the engine's decoders read a list from the start of its buffer.
    if (n >= 0) return { n, postings: new Uint8Array(data), positions: undefined };
    const found = findInRow(equal ? term : decoder.decode(rowKeyScratch.subarray(0, rowKeyLength)), n, data, EMPTY, term);
    return found ? { n: found.n, postings: new Uint8Array(found.postings), positions: undefined } : null;
  }
}

/**
 * Writes `held` (1 + the bytes that follow) and the run `run` without its terms' positions: the same layout
 * (term-runs.ts), every positions length 0 and only the postings after the header.
 */
function writeRunWithoutPositions(run: Uint8Array, out: ByteWriter): void {
  const at = [0];
  const count = varint(run, at);
  const headerBytes = varint(run, at);
  const lists = at[0]! + headerBytes;
  // The new header, then the postings, in a scratch writer: its length goes first.
  const header = runScratch;
  header.reset();
  let listBytes = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      const shared = varint(run, at);
      const suffix = varint(run, at);
      header.varint(shared);
      header.varint(suffix);
      header.bytes(run.subarray(at[0], at[0]! + suffix));
      at[0]! += suffix;
    }
    const postings = varint(run, at);
    const positions = varint(run, at);
    header.varint(postings);
    header.varint(0);
    listBytes += postings;
    spans[2 * i] = postings;
    spans[2 * i + 1] = positions;
    if (spans.length < 2 * (i + 2)) spans = grow32(spans, 2 * (i + 2));
  }
  const headerLength = header.length;
  const counts = new ByteWriter(16);
  counts.varint(count);
  counts.varint(headerLength);
  out.varint(counts.length + headerLength + listBytes + 1);
  out.bytes(counts.view());
  out.bytes(header.view());
  let from = lists;
  for (let i = 0; i < count; i++) {
    out.bytes(run.subarray(from, from + spans[2 * i]!));
    from += spans[2 * i]! + spans[2 * i + 1]!;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const runScratch = new ByteWriter(4096);
let spans: Int32Array = new Int32Array(256);
let keyScratch: Uint8Array = new Uint8Array(256);
let rowKeyScratch: Uint8Array = new Uint8Array(256);
let utf8Scratch: Uint8Array = new Uint8Array(256);

function utf8(text: string): Uint8Array {
  // Three bytes at most per UTF-16 unit.
  if (utf8Scratch.length < text.length * 3) utf8Scratch = new Uint8Array(text.length * 3);
  return utf8Scratch.subarray(0, encoder.encodeInto(text, utf8Scratch).written);
}

function grow(bytes: Uint8Array, size: number): Uint8Array {
  const next = new Uint8Array(Math.max(size, bytes.length * 2));
  next.set(bytes);
  return next;
}

function grow32(values: Int32Array, size: number): Int32Array {
  const next = new Int32Array(Math.max(size, values.length * 2));
  next.set(values);
  return next;
}

/** Reads a varint at `at[0]`, moving it. */
function varint(bytes: Uint8Array, at: number[]): number {
  let b = bytes[at[0]!++]!;
  let v = b & 0x7f;
  for (let shift = 7; b >= 0x80; shift += 7) {
    b = bytes[at[0]!++]!;
    v += (b & 0x7f) * 2 ** shift;
  }
  return v;
}

function sharedPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** The order of the first `length` bytes of `a` and all of `b`. */
function compareBytes(a: Uint8Array, length: number, b: Uint8Array): number {
  const n = Math.min(length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return length - b.length;
}

const EMPTY = new Uint8Array(0);

/** A term's own row whose postings are at most this long is held with the dictionary (a word in up to a few thousand documents of a segment). */
export const SHORT_LIST_BYTES = 4096;

export class SegmentDictionaries {
  readonly #held = new Map<string, SegmentDictionary>();
  #bytes = 0;
  /** Segments still to read, in the order they were listed; one read runs at a time. */
  #queue: NamedSegment[] = [];
  #listed = new Set<string>();
  #reading: Promise<void> | undefined;
  /** Segments left out for the bound, not read again while they are listed; and the documents of those held. */
  #refused = new Set<string>();
  #docs = 0;

  /**
   * `read(segment)`: the segment's rows, or undefined when no segment of that name is in the index any more.
   * `limitBytes`: the most the dictionaries held may take together.
   */
  constructor(private readonly read: (segment: NamedSegment) => Promise<DictionaryRow[] | undefined>, private readonly limitBytes: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  /** How many segments' dictionaries are held. */
  get size(): number {
    return this.#held.size;
  }

  /** Takes a segment list a search reads by: lets go of the segments not in it, and starts reading those not held. */
  listed(segments: readonly NamedSegment[]): void {
    const names = new Set(segments.map(nameOf));
    this.#listed = names;
    for (const [name, dictionary] of this.#held) {
      if (names.has(name)) continue;
      this.#held.delete(name);
      this.#bytes -= dictionary.bytes;
      this.#docs -= dictionary.docs;
    }
    for (const name of this.#refused) if (!names.has(name)) this.#refused.delete(name);
    // Smallest first: a new segment's few rows are read at once, a merged one's after.
    this.#queue = segments.filter((s) => !this.#held.has(nameOf(s)) && !this.#refused.has(nameOf(s))).sort((a, b) => a.docs - b.docs);
    this.#startReading();
  }

  #startReading(): void {
    if (this.#reading || this.#queue.length === 0) return;
    // Cleared after the reads, never within them (they may all end at once, with nothing awaited); a list taken
    // in between is read next.
    this.#reading = this.#readQueued().finally(() => {
      this.#reading = undefined;
      this.#startReading();
    });
  }

  /** The dictionary of the segment so named, if held. */
  get(segment: NamedSegment): SegmentDictionary | undefined {
    return this.#held.get(nameOf(segment));
  }

  /** Resolves once every segment listed last is held, or was left out (too large, gone, or its read failed). */
  async settled(): Promise<void> {
    while (this.#reading) await this.#reading;
  }

  async #readQueued(): Promise<void> {
    for (let segment = this.#queue.shift(); segment; segment = this.#queue.shift()) {
      const name = nameOf(segment);
      if (this.#held.has(name) || !this.#listed.has(name)) continue;
      // A segment the bound cannot take by the bytes a document of those held took is not read at all (at a
      // million documents, a merged segment's dictionary is hundreds of MB).
      if (this.#docs > 0 && this.#bytes + (segment.docs * this.#bytes) / this.#docs > this.limitBytes) {
        this.#refused.add(name);
        continue;
      }
      let rows: DictionaryRow[] | undefined;
      try {
        rows = await this.read(segment);
      } catch {
        // A failed read leaves the segment's rows to be read per search, as before; the next list tries again.
        continue;
      }
      if (!rows || !this.#listed.has(name) || this.#held.has(name)) continue;
      const dictionary = new SegmentDictionary(rows, segment.docs);
      if (this.#bytes + dictionary.bytes > this.limitBytes) {
        this.#refused.add(name);
        continue;
      }
      this.#held.set(name, dictionary);
      this.#bytes += dictionary.bytes;
      this.#docs += dictionary.docs;
    }
  }
}

function nameOf(segment: NamedSegment): string {
  return `${segment.epoch}/${segment.base}/${segment.last}/${segment.docs}`;
}
