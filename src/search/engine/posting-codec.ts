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
 * Postings: `n`; per full block a header — its span (its last doc number
 * less the doc its first gap counts from) and its bound: the Pareto-best
 * (weighted frequency · 2 + title flag, document length) pairs of its
 * postings, a count then each pair, most often one or two — then the 128
 * doc gaps, the 128 weighted term frequencies and the 128 field masks, each
 * packed. BM25 rises with the frequency and falls with the length for any
 * average length, so those pairs bound every posting's score in the block
 * whatever the archive's average and document counts are when it is read,
 * and a reader reaches each block's bound and doc range by hopping over the
 * blocks before it (each packed stream states its width), without
 * unpacking (as Lucene's impacts and Tantivy's block-max data do). Then per remaining
 * posting `gap·2 + changed`, where `changed` says its frequency or mask is
 * not the posting before's (at first: frequency 1, mask body, one body
 * word's, as most rare-term postings are); a changed posting then writes
 * `frequency·2` when only its frequency changed (one byte up to 63: a body
 * word met twice), else `mask·2 + 1` and a frequency byte.
 * Positions (read only for phrases): per full block its byte length (a
 * varint, so that a phrase's cursor passes a block it has no candidate in
 * without decoding it), the 128 position counts packed, then the block's
 * positions as one sequence — per posting its first position, then the
 * gaps to the next — in chunks of 128 values packed with patches (each
 * chunk at the width that makes it shortest, the few wider values added
 * after it); per remaining posting `position·2` when it has one position
 * (most postings of a rare term: the count would cost a byte as large as
 * the position's), else `count·2 + 1` and the gaps as varints. A list
 * without positions at all (an exact form's) is an empty blob; an exact
 * form's postings are written against its stem's (exact-codec.ts).
 * @module
 */
import { FIELD } from '../index-fields.js';
import { ByteWriter } from './varint.js';

/** Postings per block. */
export const BLOCK = 128;

/** Names this layout in the index's version: a change reindexes archives written in another. */
export const POSTINGS_FORMAT = 'blocks-5';

/** Weighted frequency and field mask a remainder's first posting is compared with (one body word). */
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

/**
 * Documents' lengths in words (as BM25 counts them) by doc number: `len[doc - from]`. A document outside it counts
 * as length 0, the shortest there can be: its postings' bounds are then looser, never wrong.
 */
export interface DocLengths {
  from: number;
  len: Int32Array;
}

export const NO_LENGTHS: DocLengths = { from: 0, len: new Int32Array(0) };

/** Writes the postings of `b` (doc numbers as gaps from `base`) to `w`, each full block's bound from `lengths`. */
export function encodePostings(b: PostingBuffer, base: number, w: ByteWriter, gaps: Int32Array, lengths: DocLengths): void {
  const n = b.n;
  w.varint(n);
  const full = n - (n % BLOCK);
  let prev = base;
  for (let from = 0; from < full; from += BLOCK) {
    const origin = prev;
    for (let i = 0; i < BLOCK; i++) {
      const d = b.docs[from + i]!;
      gaps[i] = d - prev;
      prev = d;
    }
    w.varint(prev - origin);
    writeBound(w, b, from, lengths);
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
    // Only the frequency changed (a body word met twice, then once again): `wtf·2`, a byte up to 63; else `mask·2 + 1` and a frequency byte.
    wtf = b.wtf[i]!;
    if (b.masks[i] === mask) w.varint(wtf * 2);
    else {
      mask = b.masks[i]!;
      w.varint(mask * 2 + 1);
      w.byte(wtf);
    }
  }
}

/** A bound pair's key while a block's pairs are sorted: code · 2³² + length. */
const PAIR_KEYS = new Float64Array(BLOCK);
const TWO_32 = 2 ** 32;

/**
 * Writes the bound of the full block of `b` from `from`: the count, then per pair (in decreasing code) its code
 * (weighted frequency · 2 + title flag) and its document's length — every (code, length) of the block that no other
 * of the same title flag beats in both frequency and length. Any posting of the block scores no more than one of
 * them would, for every average length.
 */
function writeBound(w: ByteWriter, b: PostingBuffer, from: number, lengths: DocLengths): void {
  const keys = PAIR_KEYS;
  const len = lengths.len;
  const lo = lengths.from;
  let minCode = Infinity;
  let maxCode = -1;
  let minLen = Infinity;
  for (let i = 0; i < BLOCK; i++) {
    const code = (b.wtf[from + i]! << 1) | (b.masks[from + i]! & FIELD.title);
    const l = len[b.docs[from + i]! - lo] ?? 0;
    if (code < minCode) minCode = code;
    if (code > maxCode) maxCode = code;
    if (l < minLen) minLen = l;
    keys[i] = code * TWO_32 + l;
  }
  // Most blocks of a common word: every posting a body word met once, one pair.
  if (minCode === maxCode) {
    w.byte(1);
    w.varint(maxCode);
    w.varint(minLen);
    return;
  }
  keys.sort();
  const start = w.length;
  w.byte(0);
  let count = 0;
  // The shortest length kept so far, per title flag, among codes above the one at hand.
  let shortest0 = Infinity;
  let shortest1 = Infinity;
  for (let i = BLOCK - 1; i >= 0; ) {
    const code = Math.floor(keys[i]! / TWO_32);
    let j = i;
    while (j > 0 && Math.floor(keys[j - 1]! / TWO_32) === code) j--;
    // Sorted by code then length: the group's first is its shortest.
    const l = keys[j]! - code * TWO_32;
    if (code & 1 ? l < shortest1 : l < shortest0) {
      if (code & 1) shortest1 = l;
      else shortest0 = l;
      w.varint(code);
      w.varint(l);
      count++;
    }
    i = j - 1;
  }
  // At most 2 · 256 codes, but a block of 128 postings has at most 128 pairs: one byte.
  w.room(0)[start] = count;
}

/** Scratch for one full block's positions while it is encoded (its byte length is written before it). */
const BLOCK_WRITER = new ByteWriter(1024);
let blockValues = new Int32Array(1024);

/** Writes the positions of `b`, parallel to its postings, to `w`. */
export function encodePositions(b: PostingBuffer, w: ByteWriter): void {
  if (b.npos === 0) return;
  const n = b.n;
  const full = n - (n % BLOCK);
  const positions = b.positions;
  let at = 0;
  for (let from = 0; from < full; from += BLOCK) {
    // The block's positions as one sequence of values: per posting its first position, then the gaps to the next.
    let total = 0;
    for (let i = from; i < from + BLOCK; i++) total += b.counts[i]!;
    if (total > blockValues.length) blockValues = new Int32Array(Math.max(total, blockValues.length * 2));
    const values = blockValues;
    let k = 0;
    for (let i = from; i < from + BLOCK; i++) {
      let last = 0;
      for (let c = b.counts[i]!; c > 0; c--) {
        const p = positions[at++]!;
        values[k++] = p - last;
        last = p;
      }
    }
    const bw = BLOCK_WRITER;
    bw.reset();
    pack(bw, b.counts, from);
    for (let c = 0; c < total; c += BLOCK) packPatched(bw, values, c, Math.min(BLOCK, total - c));
    w.varint(bw.length);
    w.bytes(bw.view());
  }
  for (let i = full; i < n; i++) {
    const count = b.counts[i]!;
    if (count === 1) {
      w.varint(positions[at++]! * 2);
      continue;
    }
    w.varint(count * 2 + 1);
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
  return decodeBody(blob, pos, n, base, out, at);
}

/** Decodes the `n` postings whose bytes begin at `pos` (after the count) into `out` from index `at`; returns the next free index. */
export function decodeBody(blob: Uint8Array, pos: number, n: number, base: number, out: Postings, at: number): number {
  const full = n - (n % BLOCK);
  let prev = base;
  for (let from = 0; from < full; from += BLOCK) {
    pos = skipHeader(blob, pos);
    pos = unpackDocs(blob, pos, prev, out.docs, at + from);
    prev = out.docs[at + from + BLOCK - 1]!;
    pos = unpack(blob, pos, out.wtf, at + from);
    pos = unpack(blob, pos, out.masks, at + from);
  }
  decodeTail(blob, pos, prev, n - full, out, at + full);
  return at + n;
}

/** The offset after a full block's header (its span and bound pairs). */
function skipHeader(d: Uint8Array, pos: number): number {
  while (d[pos++]! >= 0x80);
  return skipVarints(d, pos + 1, 2 * d[pos]!);
}

/** Unpacks a full block's gaps at `pos` into doc numbers after `prev`; returns the offset after them. */
function unpackDocs(d: Uint8Array, pos: number, prev: number, docs: Int32Array, at: number): number {
  pos = unpack(d, pos, docs, at);
  for (let i = at, end = at + BLOCK; i < end; i++) docs[i] = prev += docs[i]!;
  return pos;
}

/** The offset after one packed stream of a full block, without unpacking it. */
function skipPacked(d: Uint8Array, pos: number): number {
  const width = d[pos++]!;
  while (d[pos++]! >= 0x80);
  return pos + 16 * width;
}

/** Decodes the `count` varint postings of a list's remainder at `pos`, after doc `prev`, into `out` from `at`. */
function decodeTail(blob: Uint8Array, pos: number, prev: number, count: number, out: Postings, at: number): void {
  const docs = out.docs;
  // Varints inlined: every rare term's list is only this.
  let wtf = DEFAULT_WTF;
  let mask = DEFAULT_MASK;
  for (let i = at, end = at + count; i < end; i++) {
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
      // Below 2¹⁴ (a frequency or mask of at most 255, doubled, plus one): one or two bytes.
      let x = blob[pos++]!;
      if (x >= 0x80) x = (x & 0x7f) | (blob[pos++]! << 7);
      if ((x & 1) === 0) wtf = x >>> 1;
      else {
        mask = x >>> 1;
        wtf = blob[pos++]!;
      }
    }
    out.wtf[i] = wtf;
    out.masks[i] = mask;
  }
}

/**
 * A term's stored lists (one per segment, in doc order, and the pending documents') read block by block: where
 * each full block's bound, packed streams and doc range are, found by hopping over the headers and stream widths
 * without unpacking anything, so a search decodes only the blocks whose bound can enter its top k. Each list's
 * remainder (all of a rare term's) is a part of its own, decoded whole.
 */
export class BlockList {
  /** Postings in every list. */
  readonly n: number;
  /** Full blocks, then remainders: `blocks` of them are full. */
  readonly blocks: number;
  /** Per full block or remainder: its list, the doc its first gap counts from, its last doc (a remainder's: -1). */
  readonly list: Int32Array;
  readonly prev: Int32Array;
  readonly last: Int32Array;
  /** Per full block the offset of its bound pairs' count; per remainder its number of postings. */
  readonly bound: Int32Array;
  /** The offset of its packed gaps (a remainder's first varint). */
  readonly data: Int32Array;
  /** The full blocks and remainders in doc order (each list's blocks, then its remainder). */
  readonly inDocOrder: Int32Array;
  readonly #blobs: Uint8Array[];

  constructor(lists: readonly { base: number; postings: Uint8Array }[]) {
    let full = 0;
    let tails = 0;
    let n = 0;
    for (const l of lists) {
      const count = postingCount(l.postings);
      n += count;
      full += Math.floor(count / BLOCK);
      if (count % BLOCK) tails++;
    }
    this.n = n;
    this.blocks = full;
    const size = full + tails;
    this.list = new Int32Array(size);
    this.prev = new Int32Array(size);
    this.last = new Int32Array(size);
    this.bound = new Int32Array(size);
    this.data = new Int32Array(size);
    this.inDocOrder = new Int32Array(size);
    this.#blobs = lists.map((l) => l.postings);
    let b = 0;
    let t = full;
    let o = 0;
    lists.forEach((l, li) => {
      const d = l.postings;
      let pos = 0;
      while (d[pos++]! >= 0x80);
      const count = postingCount(d);
      let prev = l.base;
      for (let k = Math.floor(count / BLOCK); k > 0; k--, b++) {
        let x = d[pos++]!;
        let span = x & 0x7f;
        for (let sh = 7; x >= 0x80; sh += 7) {
          x = d[pos++]!;
          span |= (x & 0x7f) << sh;
        }
        this.inDocOrder[o++] = b;
        this.list[b] = li;
        this.prev[b] = prev;
        this.last[b] = prev += span;
        this.bound[b] = pos;
        pos = this.data[b] = skipVarints(d, pos + 1, 2 * d[pos]!);
        pos = skipPacked(d, skipPacked(d, skipPacked(d, pos)));
      }
      if (count % BLOCK === 0) return;
      this.inDocOrder[o++] = t;
      this.list[t] = li;
      this.prev[t] = prev;
      this.last[t] = -1;
      this.bound[t] = count % BLOCK;
      this.data[t++] = pos;
    });
  }

  /** Bytes kept: the lists and the tables. */
  get bytes(): number {
    return this.#blobs.reduce((sum, d) => sum + d.byteLength, 0) + this.list.length * 20 + 64;
  }

  /** Postings in block `b`. */
  count(b: number): number {
    return b < this.blocks ? BLOCK : this.bound[b]!;
  }

  /** Full block `b`'s bound pairs: calls `pair(code, length)` for each (code: weighted frequency · 2 + title flag). */
  pairs(b: number, pair: (code: number, length: number) => void): void {
    const d = this.#blobs[this.list[b]!]!;
    let pos = this.bound[b]!;
    for (let k = d[pos++]!; k > 0; k--) {
      let x = d[pos++]!;
      let code = x & 0x7f;
      for (let sh = 7; x >= 0x80; sh += 7) {
        x = d[pos++]!;
        code |= (x & 0x7f) << sh;
      }
      x = d[pos++]!;
      let length = x & 0x7f;
      for (let sh = 7; x >= 0x80; sh += 7) {
        x = d[pos++]!;
        length |= (x & 0x7f) << sh;
      }
      pair(code, length >>> 0);
    }
  }

  /** Decodes block `b` (full or a remainder) whole into `out` from 0; returns its number of postings. */
  decode(b: number, out: Postings): number {
    const d = this.#blobs[this.list[b]!]!;
    if (b >= this.blocks) {
      decodeTail(d, this.data[b]!, this.prev[b]!, this.bound[b]!, out, 0);
      return this.bound[b]!;
    }
    let pos = unpackDocs(d, this.data[b]!, this.prev[b]!, out.docs, 0);
    pos = unpack(d, pos, out.wtf, 0);
    unpack(d, pos, out.masks, 0);
    return BLOCK;
  }

  /** Every list decoded whole, in doc order, into new arrays. */
  decodeWhole(): Postings {
    const n = this.n;
    const out: Postings = { docs: new Int32Array(n), wtf: new Uint8Array(n), masks: new Uint8Array(n), n };
    let at = 0;
    for (const b of this.inDocOrder) {
      const docs = out.docs.subarray(at);
      at += this.decode(b, { docs, wtf: out.wtf.subarray(at), masks: out.masks.subarray(at), n: n - at });
    }
    return out;
  }

  /** Decodes full block `b`'s doc numbers into `out.docs`, and its masks too when `masks`; the frequencies are passed over. */
  decodeDocs(b: number, out: Postings, masks: boolean): void {
    const d = this.#blobs[this.list[b]!]!;
    const pos = unpackDocs(d, this.data[b]!, this.prev[b]!, out.docs, 0);
    if (masks) unpack(d, skipPacked(d, pos), out.masks, 0);
  }
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
  for (let from = 0; from < full; from += BLOCK) {
    let length: number;
    [length, pos] = varintAt(positions, pos);
    const end = pos + length;
    pos = unpack(positions, pos, b.counts, start + from);
    let total = 0;
    for (let i = start + from; i < start + from + BLOCK; i++) total += b.counts[i]!;
    const out = b.positionRoom(total);
    for (let c = 0; c < total; c += BLOCK) pos = unpackPatched(positions, pos, out, b.npos + c, Math.min(BLOCK, total - c));
    // Gaps to positions, per posting.
    let at = b.npos;
    for (let i = start + from; i < start + from + BLOCK; i++) {
      let p = 0;
      for (let c = b.counts[i]!; c > 0; c--, at++) out[at] = p += out[at]!;
    }
    b.npos = at;
    if (pos !== end) throw new Error(`search index: positions block ${from / BLOCK} holds ${length} bytes, ${pos - end + length} decoded; run dossier reindex`);
  }
  for (let i = full; i < n; i++) {
    let v: number;
    [v, pos] = varintAt(positions, pos);
    if ((v & 1) === 0) {
      b.counts[start + i] = 1;
      b.positionRoom(1)[b.npos++] = v >>> 1;
      continue;
    }
    const count = v >>> 1;
    b.counts[start + i] = count;
    const out = b.positionRoom(count);
    let p = 0;
    for (let k = 0; k < count; k++) {
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
 * pass them: `offsets[b]` is the byte offset of full block b's length (and
 * `offsets[full blocks]` that of the remainder), known for b < `known`.
 * Each block says its byte length, so a cursor hops from block to block
 * reading one varint each; a later cursor given the starts its
 * predecessors met goes straight to its candidate's block.
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
  #consumed = 0;
  #data: Uint8Array | undefined;
  #starts: BlockStarts | undefined;
  /** The first full block not passed yet and its byte offset (once every full block is passed: the remainder's). */
  #nextBlock = 0;
  #nextPos = 0;
  /** The full block being read (-1: none), its counts and where each posting's values begin among its positions. */
  #block = -1;
  readonly #counts = new Int32Array(BLOCK);
  readonly #firsts = new Int32Array(BLOCK + 1);
  /** The block's chunks of 128 positions: the first not passed yet, and its byte offset. */
  #chunk = 0;
  #chunkPos = 0;
  /**
   * The wider values of the chunk at #chunkPos, parsed once for every posting read in it (a chunk's common word
   * has one in most postings, its first position): their indexes in the chunk, ascending, and high bits; how many;
   * the first whose index is not below the last read's first value; and whether they are parsed for this chunk.
   */
  readonly #wideAt = new Int32Array(BLOCK);
  readonly #wideHigh = new Float64Array(BLOCK);
  #wideCount = 0;
  #wideNext = 0;
  #wideParsed = false;
  /** In the remainder: the next posting's index in the part and its byte offset. */
  #index = 0;
  #pos = 0;
  /** The positions last read ({@link read} returns how many). */
  positions = new Int32Array(64);

  /** `parts`: each segment's positions blob and its number of postings, in doc order; block starts where kept. */
  constructor(private readonly parts: readonly PositionPart[]) {
    this.#enter();
  }

  #enter(): void {
    const part = this.parts[this.#part];
    this.#data = part?.positions;
    this.#starts = part?.starts;
    this.#nextBlock = 0;
    this.#nextPos = 0;
    this.#block = -1;
    this.#index = -1;
    this.#pos = 0;
  }

  /**
   * Decodes the positions of the posting with global index `i` (never
   * smaller than the last one asked for) into {@link positions}; returns how
   * many. Blocks before the wanted posting's are passed by their byte
   * lengths, not decoded; the wanted block is decoded once for every
   * posting asked for in it.
   */
  read(i: number): number {
    while (this.#data && i >= this.#consumed + this.parts[this.#part]!.n) {
      this.#consumed += this.parts[this.#part]!.n;
      this.#part++;
      this.#enter();
    }
    const d = this.#data;
    if (!d || d.length === 0) return 0;
    const n = this.parts[this.#part]!.n;
    const blocks = Math.floor(n / BLOCK);
    const local = i - this.#consumed;
    const block = Math.floor(local / BLOCK);
    if (block < blocks) {
      if (block !== this.#block) this.#enterBlock(d, block);
      const k = local - block * BLOCK;
      const from = this.#firsts[k]!;
      const count = this.#firsts[k + 1]! - from;
      if (count === 0) return 0;
      if (count > this.positions.length) this.positions = new Int32Array(Math.max(count, this.positions.length * 2));
      const out = this.positions;
      // Its values, read where they lie in the chunks that hold them; chunks before are passed by their sizes.
      const total = this.#firsts[BLOCK]!;
      for (let j = from, end = from + count; j < end; ) {
        const chunk = Math.floor(j / BLOCK);
        for (; this.#chunk < chunk; this.#chunk++) {
          this.#chunkPos = skipPatched(d, this.#chunkPos, Math.min(BLOCK, total - this.#chunk * BLOCK));
          this.#wideParsed = false;
        }
        const first = chunk * BLOCK;
        const upto = Math.min(end, first + BLOCK, total);
        const size = Math.min(BLOCK, total - first);
        readPacked(d, this.#chunkPos, size, j - first, upto - first, out, j - from);
        this.#patch(d, size, j - first, upto - first, out, j - from);
        j = upto;
      }
      let p = 0;
      for (let c = 0; c < count; c++) out[c] = p += out[c]!;
      return count;
    }
    if (this.#index < 0) {
      this.#hopTo(d, blocks);
      this.#index = blocks * BLOCK;
      this.#pos = this.#nextPos;
    }
    return this.#readRemainder(d, local);
  }

  /**
   * Adds the high bits of the chunk's wider values `from` to `to` (exclusive) to their low bits in `out` from
   * `outAt`, parsing the chunk's list of them on its first read. Reads in a chunk never go back (postings are asked
   * for in increasing order), so the values before `from` are passed for good.
   */
  #patch(d: Uint8Array, size: number, from: number, to: number, out: Int32Array, outAt: number): void {
    if (!this.#wideParsed) {
      this.#wideCount = parseWide(d, this.#chunkPos, size, this.#wideAt, this.#wideHigh);
      this.#wideNext = 0;
      this.#wideParsed = true;
    }
    const at = this.#wideAt;
    const count = this.#wideCount;
    let k = this.#wideNext;
    while (k < count && at[k]! < from) k++;
    this.#wideNext = k;
    if (k === count || at[k]! >= to) return;
    const scale = 2 ** d[this.#chunkPos]!;
    for (; k < count && at[k]! < to; k++) out[outAt + at[k]! - from] = out[outAt + at[k]! - from]! + this.#wideHigh[k]! * scale;
  }

  /** Moves #nextBlock/#nextPos to full block `block` (or the remainder), by learnt starts and then by block lengths. */
  #hopTo(d: Uint8Array, block: number): void {
    const starts = this.#starts;
    if (starts && block > this.#nextBlock && starts.known > this.#nextBlock + 1) {
      const to = Math.min(block, starts.known - 1);
      this.#nextBlock = to;
      this.#nextPos = starts.offsets[to]!;
    }
    let pos = this.#nextPos;
    for (let b = this.#nextBlock; b < block; b++) {
      let x = d[pos++]!;
      let length = x & 0x7f;
      for (let sh = 7; x >= 0x80; sh += 7) {
        x = d[pos++]!;
        length |= (x & 0x7f) << sh;
      }
      pos += length;
      if (starts && b + 1 === starts.known) starts.offsets[starts.known++] = pos;
    }
    this.#nextBlock = block;
    this.#nextPos = pos;
  }

  /** Reads full block `block`'s length and counts; its positions are decoded as postings ask for them. */
  #enterBlock(d: Uint8Array, block: number): void {
    this.#hopTo(d, block);
    let pos = this.#nextPos;
    let x = d[pos++]!;
    let length = x & 0x7f;
    for (let sh = 7; x >= 0x80; sh += 7) {
      x = d[pos++]!;
      length |= (x & 0x7f) << sh;
    }
    const end = pos + length;
    const counts = this.#counts;
    pos = unpack(d, pos, counts, 0);
    const firsts = this.#firsts;
    let total = 0;
    for (let k = 0; k < BLOCK; k++) {
      firsts[k] = total;
      total += counts[k]!;
    }
    firsts[BLOCK] = total;
    this.#chunk = 0;
    this.#chunkPos = pos;
    this.#wideParsed = false;
    this.#block = block;
    this.#nextBlock = block + 1;
    this.#nextPos = end;
    const starts = this.#starts;
    if (starts && block + 1 === starts.known) starts.offsets[starts.known++] = end;
  }

  /** Positions of posting `local` of the remainder (rare terms' lists are only this), scanning from the last one read. */
  #readRemainder(d: Uint8Array, local: number): number {
    let pos = this.#pos;
    let index = this.#index;
    for (;;) {
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
      const count = v >>> 1;
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
      pos = skipVarints(d, pos, count);
      index++;
    }
  }
}

/**
 * The offset just past `total` varints from `pos`: each ends at a byte
 * below 0x80, so the bytes are counted four at a time (four bytes end at
 * most four varints: never past the last one).
 */
function skipVarints(d: Uint8Array, pos: number, total: number): number {
  while (total >= 4) {
    total -= 4 - ((d[pos]! >>> 7) + (d[pos + 1]! >>> 7) + (d[pos + 2]! >>> 7) + (d[pos + 3]! >>> 7));
    pos += 4;
  }
  while (total > 0) total -= (d[pos++]! >>> 7) ^ 1;
  return pos;
}

/** `histogram[w]` counts a chunk's values needing exactly w bits. */
const HISTOGRAM = new Int32Array(33);

/**
 * Packs `count` (at most `BLOCK`) values of `v` from `from` (read as
 * unsigned: a decreasing position, never written, would still round-trip),
 * patched frame of reference: a width byte, an exception-count byte, every
 * value's low `width` bits, then per value wider than that its index (a
 * byte) and its high bits (a varint). The width is the one that makes all
 * of it shortest, so a chunk of positions is not as wide as its few large
 * ones (a document's first occurrence of a word is a position, the rest
 * are gaps).
 */
function packPatched(w: ByteWriter, v: Int32Array, from: number, count: number): void {
  const histogram = HISTOGRAM;
  histogram.fill(0);
  for (let i = from; i < from + count; i++) histogram[32 - Math.clz32(v[i]!)]!++;
  let width = 0;
  let best = Infinity;
  for (let cand = 0; cand <= 32; cand++) {
    let bytes = Math.ceil((count * cand) / 8);
    for (let bits = cand + 1; bits <= 32; bits++) if (histogram[bits]) bytes += histogram[bits]! * (1 + Math.ceil((bits - cand) / 7));
    if (bytes < best) {
      best = bytes;
      width = cand;
    }
  }
  let exceptions = 0;
  for (let bits = width + 1; bits <= 32; bits++) exceptions += histogram[bits]!;
  w.byte(width);
  w.byte(exceptions);
  const buf = w.room(Math.ceil((count * width) / 8));
  let at = w.length;
  let acc = 0;
  let bits = 0;
  const mask = 2 ** width - 1;
  for (let i = from; i < from + count; i++) {
    // Up to 32 bits of a value and 7 pending ones: in steps of at most 24 bits, so `acc` stays within 32.
    let low = (v[i]! >>> 0) % (mask + 1);
    let left = width;
    while (left > 0) {
      const take = Math.min(left, 24);
      acc |= (low & ((1 << take) - 1)) << bits;
      low >>>= take;
      left -= take;
      bits += take;
      while (bits >= 8) {
        buf[at++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
  }
  if (bits > 0) buf[at++] = acc;
  w.length = at;
  if (exceptions === 0) return;
  for (let i = from; i < from + count; i++) {
    const x = v[i]! >>> 0;
    if (x <= mask) continue;
    w.byte(i - from);
    w.varint(Math.floor(x / 2 ** width));
  }
}

/** The byte offset after `count` values packed by {@link packPatched} at `pos`, without decoding them. */
function skipPatched(d: Uint8Array, pos: number, count: number): number {
  const width = d[pos]!;
  const exceptions = d[pos + 1]!;
  pos += 2 + Math.ceil((count * width) / 8);
  for (let e = 0; e < exceptions; e++) {
    pos++;
    while (d[pos++]! >= 0x80);
  }
  return pos;
}

/**
 * The low bits of values `from` to `to` (exclusive) of the `count` packed by {@link packPatched} at `pos`, into
 * `out` from `outAt`: each read at its bit offset, without the values before it. The chunk's wider values get their
 * high bits from {@link parseWide}'s list.
 */
function readPacked(d: Uint8Array, pos: number, count: number, from: number, to: number, out: Int32Array, outAt: number): void {
  const width = d[pos]!;
  const bits = pos + 2;
  if (width === 0) out.fill(0, outAt, outAt + to - from);
  else if (width <= 24) {
    const mask = (1 << width) - 1;
    const last = d.length - 1;
    for (let j = from; j < to; j++) {
      const offset = j * width;
      const at = bits + (offset >>> 3);
      // Up to 24 bits from a bit offset below 8: four bytes hold them (the blob's last bytes read without going past its end).
      const x = at + 3 <= last ? d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24) : tail(d, at);
      out[outAt + j - from] = (x >>> (offset & 7)) & mask;
    }
  } else {
    const all = WIDE_CHUNK;
    unpackBits(d, bits, all, 0, count, width, 0);
    for (let j = from; j < to; j++) out[outAt + j - from] = all[j]!;
  }
}

/**
 * The wider values of the `count` packed by {@link packPatched} at `pos`: their indexes (ascending, as written)
 * into `at` and their high bits, to be scaled by 2^width, into `high`; returns how many.
 */
function parseWide(d: Uint8Array, pos: number, count: number, at: Int32Array, high: Float64Array): number {
  const exceptions = d[pos + 1]!;
  let e = pos + 2 + Math.ceil((count * d[pos]!) / 8);
  for (let k = 0; k < exceptions; k++) {
    at[k] = d[e++]!;
    let b = d[e++]!;
    let h = b & 0x7f;
    for (let sh = 7; b >= 0x80; sh += 7) {
      b = d[e++]!;
      h += (b & 0x7f) * 2 ** sh;
    }
    high[k] = h;
  }
  return exceptions;
}

/** Up to four bytes from `at` to the end of `d`, least significant first. */
function tail(d: Uint8Array, at: number): number {
  let x = 0;
  for (let k = 0; k < 4 && at + k < d.length; k++) x |= d[at + k]! << (8 * k);
  return x;
}

/** Scratch for a chunk of values wider than 24 bits, read whole. */
const WIDE_CHUNK = new Int32Array(BLOCK);

/** Unpacks `count` values packed by {@link packPatched} into `out` from `outAt`; returns the byte offset after them. */
function unpackPatched(d: Uint8Array, pos: number, out: Int32Array, outAt: number, count: number): number {
  const width = d[pos++]!;
  const exceptions = d[pos++]!;
  pos = unpackBits(d, pos, out, outAt, count, width, 0);
  for (let e = 0; e < exceptions; e++) {
    const i = outAt + d[pos++]!;
    let b = d[pos++]!;
    let high = b & 0x7f;
    for (let sh = 7; b >= 0x80; sh += 7) {
      b = d[pos++]!;
      high += (b & 0x7f) * 2 ** sh;
    }
    out[i] = out[i]! + high * 2 ** width;
  }
  return pos;
}

/**
 * Packs `BLOCK` values of `v` from `from` as their minimum and offsets from
 * it at the width the largest needs: a width byte, the minimum as a varint,
 * then 16·width bytes (a block of equal values is two bytes).
 */
export function pack(w: ByteWriter, v: Int32Array | Uint8Array, from: number): void {
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
export function unpack(d: Uint8Array, pos: number, out: Int32Array | Uint8Array, outAt: number): number {
  const width = d[pos++]!;
  let b = d[pos++]!;
  let min = b & 0x7f;
  for (let sh = 7; b >= 0x80; sh += 7) {
    b = d[pos++]!;
    min |= (b & 0x7f) << sh;
  }
  return unpackBits(d, pos, out, outAt, BLOCK, width, min);
}

/** Reads `count` values of `width` bits (least significant first) into `out` from `outAt`, each plus `base`; returns the byte offset after them. */
function unpackBits(d: Uint8Array, pos: number, out: Int32Array | Uint8Array, outAt: number, count: number, width: number, base: number): number {
  const end = outAt + count;
  if (width === 0) {
    out.fill(base, outAt, end);
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
      out[i] = base + (acc & mask);
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
    out[i] = base + value;
  }
  return pos;
}
