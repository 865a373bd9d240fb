/**
 * The byte layout of a word's form as typed (an exact form: a term
 * beginning with `EXACT`, indexed without positions) in a segment, written
 * relative to its stem's list in the same segment. Every occurrence of the
 * form is one of its stem's, so its documents are a subset of the stem's
 * and, in each, its weighted frequency is at most the stem's and its fields
 * are among the stem's; most often they are the same (a document that uses
 * only that form of the word). So a document is its rank in the stem's
 * list, and its frequency and fields are what it lacks beside the stem's
 * posting there: mostly nothing.
 *
 * `n`, then a varint whose two low bits name the mode:
 * - 2: the list is the stem's list itself (every document, frequency and field): nothing follows;
 * - 1: ranks. The rest of the varint is the first posting's rank in the stem's list; then per full block of 128 the
 *   gaps to the rank before less one (the first gap of the list counts as 0), the frequencies less and the field bits
 *   lacking, each packed (posting-codec's `pack`: a block like its stem's is three two-byte streams); per remaining
 *   posting `gap·2 + changed` and, when changed, `frequency less·2 + fields lack` and then those fields' bits;
 * - 0: the list as posting-codec writes any list (after its count): for a form whose stem, as {@link stemOfExact}
 *   makes it from the form, is not the one its words were indexed under (an apostrophe's word, a word cut at the
 *   longest term), so that some posting is not within the stem's.
 *
 * Reading one needs the stem's postings of the same segment, decoded.
 * @module
 */
import { EXACT, termOf } from '../analyzer.js';
import { BLOCK, decodeBody, encodePostings, pack, unpack, type DocLengths, type PostingBuffer, type Postings } from './posting-codec.js';
import { ByteWriter } from './varint.js';

/** Whether `term` is a word's form as typed (its list is stored relative to its stem's). */
export function isExactForm(term: string): boolean {
  return term.charCodeAt(0) === 1;
}

/** The stem an exact form's list is stored against: the term its word is indexed under, when it has no apostrophe and is not cut. */
export function stemOfExact(term: string): string {
  return termOf(term.slice(EXACT.length));
}

/**
 * A stem's postings in one segment: `docs[from]` to `docs[to - 1]` and the frequencies and masks beside them. A reader
 * may give more after them (documents of later segments): a list is read from `from` and never past its own postings.
 */
export interface StemPostings {
  docs: Int32Array;
  wtf: Uint8Array;
  masks: Uint8Array;
  from: number;
  to: number;
}

/** The postings `from` up to (not with) `to` of a list's arrays (all of them by default) as a stem's, without copying. */
export function stemPart(p: { docs: Int32Array; wtf: Uint8Array; masks: Uint8Array; n: number }, from = 0, to = p.n): StemPostings {
  return { docs: p.docs, wtf: p.wtf, masks: p.masks, from, to };
}

const MODE_STORED = 0;
const MODE_RANKS = 1;
const MODE_STEM = 2;

/** Scratch of one list's ranks, gaps and what each posting lacks beside the stem's; grown to the longest list. */
let ranks = new Int32Array(1024);
let gaps = new Int32Array(1024);
let less = new Int32Array(1024);
let lack = new Int32Array(1024);
const STORED = new ByteWriter(1024);

/**
 * Writes the exact form's postings `e` (doc numbers from `base`) to `w`, relative to its stem's `s` of the same
 * segment; `scratch` and `lengths` as encodePostings takes them, for a list that cannot be written so.
 */
export function encodeExact(e: PostingBuffer, s: StemPostings, base: number, w: ByteWriter, scratch: Int32Array, lengths: DocLengths): void {
  const n = e.n;
  if (ranks.length < n) [ranks, gaps, less, lack] = [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  let j = s.from;
  let same = true;
  for (let i = 0; i < n; i++) {
    const d = e.docs[i]!;
    while (j < s.to && s.docs[j]! < d) j++;
    const fewer = j < s.to ? s.wtf[j]! - e.wtf[i]! : -1;
    // Outside the stem's list, more frequent, or in a field the stem is not: written as any list is.
    if (j >= s.to || s.docs[j] !== d || fewer < 0 || (e.masks[i]! & ~s.masks[j]!) !== 0) {
      STORED.reset();
      encodePostings(e, base, STORED, scratch, lengths);
      w.varint(n);
      w.varint(MODE_STORED);
      w.bytes(STORED.view().subarray(varintLength(n)));
      return;
    }
    ranks[i] = j - s.from;
    gaps[i] = i === 0 ? 0 : ranks[i]! - ranks[i - 1]! - 1;
    less[i] = fewer;
    lack[i] = s.masks[j]! & ~e.masks[i]!;
    if (fewer !== 0 || lack[i] !== 0) same = false;
    j++;
  }
  w.varint(n);
  if (same && n === s.to - s.from) {
    w.varint(MODE_STEM);
    return;
  }
  w.varint(ranks[0]! * 4 + MODE_RANKS);
  const full = n - (n % BLOCK);
  for (let from = 0; from < full; from += BLOCK) {
    pack(w, gaps, from);
    pack(w, less, from);
    pack(w, lack, from);
  }
  for (let i = full; i < n; i++) {
    const changed = less[i] !== 0 || lack[i] !== 0;
    w.varint(gaps[i]! * 2 + (changed ? 1 : 0));
    if (!changed) continue;
    w.varint(less[i]! * 2 + (lack[i] !== 0 ? 1 : 0));
    if (lack[i] !== 0) w.byte(lack[i]!);
  }
}

function varintLength(v: number): number {
  let bytes = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    bytes++;
  }
  return bytes;
}

const BLOCK_GAPS = new Int32Array(BLOCK);
const BLOCK_LESS = new Uint8Array(BLOCK);
const BLOCK_LACK = new Uint8Array(BLOCK);

/** Decodes an exact form's list `blob` (doc numbers from `base`) against its stem's `s` into `out` from `at`; returns the next free index. */
export function decodeExactInto(blob: Uint8Array, base: number, s: StemPostings, out: Postings, at: number): number {
  let pos = 0;
  let n = 0;
  let b: number;
  for (let shift = 0; ; shift += 7) {
    b = blob[pos++]!;
    n += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  let head = 0;
  for (let shift = 0; ; shift += 7) {
    b = blob[pos++]!;
    head += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  const mode = head % 4;
  if (mode === MODE_STORED) return decodeBody(blob, pos, n, base, out, at);
  if (mode === MODE_STEM) {
    // The stem's first n (a reader's slice may run on into later documents: the pending ones).
    out.docs.set(s.docs.subarray(s.from, s.from + n), at);
    out.wtf.set(s.wtf.subarray(s.from, s.from + n), at);
    out.masks.set(s.masks.subarray(s.from, s.from + n), at);
    return at + n;
  }
  // The rank before the first: each posting's gap (0 for the first) adds one more.
  let r = s.from + (head - MODE_RANKS) / 4 - 1;
  const { docs, wtf, masks } = out;
  const full = n - (n % BLOCK);
  for (let from = 0; from < full; from += BLOCK) {
    pos = unpack(blob, pos, BLOCK_GAPS, 0);
    pos = unpack(blob, pos, BLOCK_LESS, 0);
    pos = unpack(blob, pos, BLOCK_LACK, 0);
    for (let i = 0, o = at + from; i < BLOCK; i++, o++) {
      r += BLOCK_GAPS[i]! + 1;
      docs[o] = s.docs[r]!;
      wtf[o] = s.wtf[r]! - BLOCK_LESS[i]!;
      masks[o] = s.masks[r]! & ~BLOCK_LACK[i]!;
    }
  }
  for (let o = at + full, end = at + n; o < end; o++) {
    let v = blob[pos++]!;
    if (v >= 0x80) {
      let x = v & 0x7f;
      for (let sh = 7; ; sh += 7) {
        b = blob[pos++]!;
        x += (b & 0x7f) * 2 ** sh;
        if (b < 0x80) break;
      }
      v = x;
    }
    r += Math.floor(v / 2) + 1;
    docs[o] = s.docs[r]!;
    if (v % 2 === 0) {
      wtf[o] = s.wtf[r]!;
      masks[o] = s.masks[r]!;
      continue;
    }
    let c = blob[pos++]!;
    if (c >= 0x80) c = (c & 0x7f) | (blob[pos++]! << 7);
    wtf[o] = s.wtf[r]! - (c >>> 1);
    masks[o] = c & 1 ? s.masks[r]! & ~blob[pos++]! : s.masks[r]!;
  }
  return at + n;
}

/** Whether an encoded exact form's list is read without its stem's (written as any list is). */
export function standsAlone(blob: Uint8Array): boolean {
  let pos = 0;
  while (blob[pos++]! >= 0x80);
  return blob[pos] === MODE_STORED;
}
