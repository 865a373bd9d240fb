/**
 * The byte layout of one term's postings and positions in a segment, in
 * blocks of 128 postings, as Lucene and Tantivy lay them out: a posting
 * list is mostly a few common terms' long lists, whose doc-number gaps,
 * weighted frequencies and field masks need a few bits each (a mask is
 * often the same across a whole block: zero bits), while a varint spends at
 * least a byte on each. So every full block is bit-packed (frame of
 * reference: the block's minimum, then each value's offset from it at the
 * width the largest needs), and the short remainder, which is all of a rare
 * term's list, is written as varints.
 *
 * Postings: `n`; per full block the 128 doc gaps, the 128 weighted term
 * frequencies and the 128 field masks, each packed; then per remaining
 * posting `gap·2 + changed` and, only when changed, the frequency and mask
 * bytes (most rare-term postings are one body word: frequency 1, mask body).
 *
 * Positions (read only for phrases): per full block the 128 position counts
 * packed, then each posting's positions as varint gaps; per remaining
 * posting `position·2` when it has one position (most postings of a rare
 * term: the count would cost a byte as large as the position's), else
 * `count·2 + 1` and the gaps. A list without positions at all (an exact
 * form's) is an empty blob.
 * @module
 */
import { ByteWriter } from './varint.js';

/** Postings per block. */
export const BLOCK = 128;

/** Names this layout in the index's version: a change reindexes archives written in another. */
export const POSTINGS_FORMAT = 'blocks-2';

/** Weighted frequency and field mask a short list's posting is assumed to have unless it says otherwise (one body word). */
const DEFAULT_WTF = 1;
const DEFAULT_MASK = 4;

/** One term's postings gathered for encoding (or decoded for a merge), in growable typed arrays. */
export class PostingBuffer {
  docs = new Int32Array(1024);
  wtf = new Uint8Array(1024);
  masks = new Uint8Array(1024);
  /** Positions per posting. */
  counts = new Int32Array(1024);
  positions = new Int32Array(4096);
  n = 0;
  npos = 0;

  reset(): void {
    this.n = 0;
    this.npos = 0;
  }

  push(doc: number, wtf: number, mask: number, count: number): void {
    if (this.n === this.docs.length) {
      const size = this.n * 2;
      this.docs = grow(this.docs, size);
      this.wtf = grow(this.wtf, size);
      this.masks = grow(this.masks, size);
      this.counts = grow(this.counts, size);
    }
    this.docs[this.n] = doc;
    this.wtf[this.n] = wtf;
    this.masks[this.n] = mask;
    this.counts[this.n++] = count;
  }

  /** Room for `extra` more positions; returns the array to write them at `npos`. */
  positionRoom(extra: number): Int32Array {
    if (this.npos + extra > this.positions.length) this.positions = grow(this.positions, Math.max(this.positions.length * 2, this.npos + extra));
    return this.positions;
  }
}

function grow<T extends Int32Array | Uint8Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

/** Writes the postings of `b` (doc numbers as gaps from `base`) to `w`. */
export function encodePostings(b: PostingBuffer, base: number, w: ByteWriter, gaps: Int32Array): void {
  const n = b.n;
  w.varint(n);
  const full = n - (n % BLOCK);
  let prev = base;
  for (let from = 0; from < full; from += BLOCK) {
    for (let i = 0; i < BLOCK; i++) {
      const d = b.docs[from + i]!;
      gaps[i] = d - prev;
      prev = d;
    }
    pack(w, gaps, 0);
    pack(w, b.wtf, from);
    pack(w, b.masks, from);
  }
  let wtf = DEFAULT_WTF;
  let mask = DEFAULT_MASK;
  for (let i = full; i < n; i++) {
    const d = b.docs[i]!;
    const changed = b.wtf[i] !== wtf || b.masks[i] !== mask;
    w.varint((d - prev) * 2 + (changed ? 1 : 0));
    prev = d;
    if (!changed) continue;
    wtf = b.wtf[i]!;
    mask = b.masks[i]!;
    w.byte(wtf);
    w.byte(mask);
  }
}

/** Writes the positions of `b`, parallel to its postings, to `w`. */
export function encodePositions(b: PostingBuffer, w: ByteWriter): void {
  if (b.npos === 0) return;
  const n = b.n;
  const full = n - (n % BLOCK);
  const positions = b.positions;
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (i < full && i % BLOCK === 0) pack(w, b.counts, i);
    const count = b.counts[i]!;
    if (i >= full) {
      if (count === 1) {
        w.varint(positions[at++]! * 2);
        continue;
      }
      w.varint(count * 2 + 1);
    }
    let last = 0;
    for (let k = 0; k < count; k++) {
      const p = positions[at++]!;
      w.varint(p - last);
      last = p;
    }
  }
}

/** Number of postings in an encoded list, without decoding it. */
export function postingCount(blob: Uint8Array): number {
  let n = 0;
  let shift = 0;
  for (let pos = 0; ; pos++) {
    const b = blob[pos]!;
    n += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return n;
    shift += 7;
  }
}

/** Decoded postings of one term, in increasing doc number. */
export interface Postings {
  docs: Int32Array;
  wtf: Uint8Array;
  masks: Uint8Array;
  n: number;
}

/** Decodes `blob` (a list stored with gaps from `base`) into `out` from index `at`; returns the next free index. */
export function decodeInto(blob: Uint8Array, base: number, out: Postings, at: number): number {
  let pos = 0;
  let n = 0;
  let shift = 0;
  for (let b = blob[pos++]!; ; b = blob[pos++]!) {
    n |= (b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7;
  }
  const docs = out.docs;
  const full = n - (n % BLOCK);
  let prev = base;
  for (let from = 0; from < full; from += BLOCK) {
    pos = unpack(blob, pos, docs, at + from);
    for (let i = at + from, end = at + from + BLOCK; i < end; i++) docs[i] = prev += docs[i]!;
    pos = unpack(blob, pos, out.wtf, at + from);
    pos = unpack(blob, pos, out.masks, at + from);
  }
  // The remainder, with varints inlined: every rare term's list is only this.
  let wtf = DEFAULT_WTF;
  let mask = DEFAULT_MASK;
  for (let i = at + full, end = at + n; i < end; i++) {
    let b = blob[pos++]!;
    let v = b & 0x7f;
    if (b >= 0x80) {
      let sh = 7;
      do {
        b = blob[pos++]!;
        v |= (b & 0x7f) << sh;
        sh += 7;
      } while (b >= 0x80);
      v >>>= 0;
    }
    prev += v >>> 1;
    docs[i] = prev;
    if (v & 1) {
      wtf = blob[pos++]!;
      mask = blob[pos++]!;
    }
    out.wtf[i] = wtf;
    out.masks[i] = mask;
  }
  return at + n;
}

/** Decodes a list and its positions whole into `b` (appending), for a merge. */
export function decodeAll(postings: Uint8Array, positions: Uint8Array, base: number, b: PostingBuffer): void {
  const n = postingCount(postings);
  const start = b.n;
  for (let i = 0; i < n; i++) b.push(0, 0, 0, 0);
  decodeInto(postings, base, b, start);
  if (positions.length === 0) return;
  const full = n - (n % BLOCK);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    if (i < full && i % BLOCK === 0) pos = unpack(positions, pos, b.counts, start + i);
    let count: number;
    if (i < full) count = b.counts[start + i]!;
    else {
      let v: number;
      [v, pos] = varintAt(positions, pos);
      if ((v & 1) === 0) {
        b.counts[start + i] = 1;
        b.positionRoom(1)[b.npos++] = v >>> 1;
        continue;
      }
      count = v >>> 1;
      b.counts[start + i] = count;
    }
    const out = b.positionRoom(count);
    let p = 0;
    for (let k = 0; k < count; k++) {
      let v: number;
      [v, pos] = varintAt(positions, pos);
      out[b.npos++] = p += v;
    }
  }
}

function varintAt(d: Uint8Array, pos: number): [number, number] {
  let b = d[pos++]!;
  let v = b & 0x7f;
  for (let sh = 7; b >= 0x80; sh += 7) {
    b = d[pos++]!;
    v |= (b & 0x7f) << sh;
  }
  return [v >>> 0, pos];
}

/**
 * Where each block of a positions blob begins, learnt by the cursors that
 * pass them: `offsets[b]` is the byte offset of full block b's counts (and
 * `offsets[full blocks]` that of the remainder), known for b < `known`. A
 * phrase's candidates are few beside a common word's postings; a cursor
 * given the starts its predecessors met jumps to its candidate's block
 * instead of scanning every position before it (the format keeps no block
 * lengths, so the first pass over a blob still scans).
 */
export class BlockStarts {
  readonly offsets: Int32Array;
  known = 1;

  /** For a blob of `n` postings. */
  constructor(n: number) {
    // offsets[0] = 0: the first block, or the remainder of a list shorter than a block, starts the blob.
    this.offsets = new Int32Array(Math.floor(n / BLOCK) + 1);
  }

  get bytes(): number {
    return this.offsets.byteLength;
  }
}

/** One segment's positions for a cursor: its blob, its number of postings, and (when the blob is kept) its block starts. */
export interface PositionPart {
  positions: Uint8Array;
  n: number;
  starts?: BlockStarts;
}

/** Reads the positions of postings in increasing order, across the segments of one term. */
export class PositionCursor {
  #part = 0;
  #index = 0;
  #pos = 0;
  #data: Uint8Array | undefined;
  #consumed = 0;
  readonly #counts = new Int32Array(BLOCK);
  /** The positions last read ({@link read} returns how many). */
  positions = new Int32Array(64);

  /** `parts`: each segment's positions blob and its number of postings, in doc order; block starts where kept. */
  constructor(private readonly parts: readonly PositionPart[]) {
    this.#data = parts[0]?.positions;
  }

  /**
   * Decodes the positions of the posting with global index `i` (never
   * smaller than the last one asked for) into {@link positions}; returns how
   * many. A phrase of common words reads millions of them, so varints are
   * decoded inline and skipped postings only scanned.
   */
  read(i: number): number {
    while (this.#data && i >= this.#consumed + this.parts[this.#part]!.n) {
      this.#consumed += this.parts[this.#part]!.n;
      this.#part++;
      this.#index = 0;
      this.#pos = 0;
      this.#data = this.parts[this.#part]?.positions;
    }
    const d = this.#data;
    if (!d || d.length === 0) return 0;
    const n = this.parts[this.#part]!.n;
    const full = n - (n % BLOCK);
    const counts = this.#counts;
    const local = i - this.#consumed;
    let pos = this.#pos;
    let index = this.#index;
    const starts = this.parts[this.#part]!.starts;
    if (starts) {
      // Straight to the wanted posting's block (or the remainder) when an earlier cursor learnt where it begins.
      const block = Math.min(Math.floor(local / BLOCK), full / BLOCK);
      if (block * BLOCK > index && block < starts.known) {
        index = block * BLOCK;
        pos = starts.offsets[block]!;
      }
    }
    for (;;) {
      let count: number;
      if (starts && index % BLOCK === 0 && index <= full && index / BLOCK === starts.known) starts.offsets[starts.known++] = pos;
      if (index < full) {
        // Each block start is passed exactly once: its counts are unpacked there.
        if (index % BLOCK === 0) pos = unpack(d, pos, counts, 0);
        if (index < local) {
          // The postings before the wanted one in this block, skipped in one scan of their positions' bytes.
          const from = index % BLOCK;
          const to = Math.min(BLOCK, from + local - index);
          let total = 0;
          for (let j = from; j < to; j++) total += counts[j]!;
          pos = skipVarints(d, pos, total);
          index += to - from;
          continue;
        }
        count = counts[index % BLOCK]!;
      } else {
        let b = d[pos++]!;
        let v = b & 0x7f;
        for (let sh = 7; b >= 0x80; sh += 7) {
          b = d[pos++]!;
          v |= (b & 0x7f) << sh;
        }
        if ((v & 1) === 0) {
          // One position, in the varint itself.
          if (index === local) {
            this.positions[0] = v >>> 1;
            this.#pos = pos;
            this.#index = index + 1;
            return 1;
          }
          index++;
          continue;
        }
        count = v >>> 1;
      }
      if (index === local) {
        if (count > this.positions.length) this.positions = new Int32Array(Math.max(count, this.positions.length * 2));
        const out = this.positions;
        let p = 0;
        for (let k = 0; k < count; k++) {
          let b = d[pos++]!;
          let v = b & 0x7f;
          for (let sh = 7; b >= 0x80; sh += 7) {
            b = d[pos++]!;
            v |= (b & 0x7f) << sh;
          }
          out[k] = p += v;
        }
        this.#pos = pos;
        this.#index = index + 1;
        return count;
      }
      // Skip a posting of the remainder.
      pos = skipVarints(d, pos, count);
      index++;
    }
  }
}

/**
 * The offset just past `total` varints from `pos`: each ends at a byte
 * below 0x80. A phrase of a common word passes millions of positions to
 * reach its candidates' few, so the bytes are counted four at a time
 * (four bytes end at most four varints: never past the last one).
 */
function skipVarints(d: Uint8Array, pos: number, total: number): number {
  while (total >= 4) {
    total -= 4 - ((d[pos]! >>> 7) + (d[pos + 1]! >>> 7) + (d[pos + 2]! >>> 7) + (d[pos + 3]! >>> 7));
    pos += 4;
  }
  while (total > 0) total -= (d[pos++]! >>> 7) ^ 1;
  return pos;
}

/**
 * Packs `BLOCK` values of `v` from `from` as their minimum and offsets from
 * it at the width the largest needs: a width byte, the minimum as a varint,
 * then 16·width bytes (a block of equal values is two bytes).
 */
function pack(w: ByteWriter, v: Int32Array | Uint8Array, from: number): void {
  let min = v[from]!;
  let max = min;
  for (let i = from + 1; i < from + BLOCK; i++) {
    const x = v[i]!;
    if (x < min) min = x;
    else if (x > max) max = x;
  }
  const width = 32 - Math.clz32(max - min);
  w.byte(width);
  w.varint(min);
  const buf = w.room(16 * width);
  let at = w.length;
  let acc = 0;
  let bits = 0;
  if (width <= 24) {
    for (let i = from; i < from + BLOCK; i++) {
      acc |= (v[i]! - min) << bits;
      bits += width;
      while (bits >= 8) {
        buf[at++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
  } else {
    // Wide values (gaps of millions): bit by byte-sized piece.
    for (let i = from; i < from + BLOCK; i++) {
      let rest = v[i]! - min;
      for (let left = width; left > 0; ) {
        const take = Math.min(left, 8 - bits);
        acc |= (rest & ((1 << take) - 1)) << bits;
        rest = Math.floor(rest / 2 ** take);
        bits += take;
        left -= take;
        if (bits === 8) {
          buf[at++] = acc;
          acc = 0;
          bits = 0;
        }
      }
    }
  }
  w.length = at;
}

/** Unpacks one packed block of `BLOCK` values into `out` from `outAt`; returns the byte offset after it. */
function unpack(d: Uint8Array, pos: number, out: Int32Array | Uint8Array, outAt: number): number {
  const width = d[pos++]!;
  let b = d[pos++]!;
  let min = b & 0x7f;
  for (let sh = 7; b >= 0x80; sh += 7) {
    b = d[pos++]!;
    min |= (b & 0x7f) << sh;
  }
  const end = outAt + BLOCK;
  if (width === 0) {
    out.fill(min, outAt, end);
    return pos;
  }
  let acc = 0;
  let bits = 0;
  if (width <= 24) {
    const mask = (1 << width) - 1;
    for (let i = outAt; i < end; i++) {
      while (bits < width) {
        acc |= d[pos++]! << bits;
        bits += 8;
      }
      out[i] = min + (acc & mask);
      acc >>>= width;
      bits -= width;
    }
    return pos;
  }
  for (let i = outAt; i < end; i++) {
    let value = 0;
    for (let got = 0; got < width; ) {
      if (bits === 0) {
        acc = d[pos++]!;
        bits = 8;
      }
      const take = Math.min(width - got, bits);
      value += (acc & ((1 << take) - 1)) * 2 ** got;
      acc >>>= take;
      bits -= take;
      got += take;
    }
    out[i] = min + value;
  }
  return pos;
}
