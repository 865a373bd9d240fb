/**
 * Segments: the unit in which posting lists are written. A segment holds,
 * for every term of a contiguous run of documents, one posting list
 * (document numbers as gaps, a weighted term frequency byte, a field-mask
 * byte) and, apart, the word positions of each posting, read only for
 * phrases. Segments are immutable; newer ones are merged into larger ones
 * (segment-merge.ts), dropping replaced documents on the way.
 * @module
 */
import { analyzeWith, FIELD_GAP, type TokenSink } from '../analyzer.js';
import { FIELD, FIELD_WEIGHTS, type FieldText } from '../index-fields.js';
import type { AnalyzedDoc } from './pending-doc.js';
import { ByteReader, ByteWriter } from './varint.js';

/**
 * Orders terms by code point, which is how SQLite orders TEXT (BINARY on
 * UTF-8); JavaScript's `<` compares UTF-16 units and puts U+E000–U+FFFF
 * after astral characters. Shifting the first differing unit fixes that.
 */
export function compareTerms(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** The union of sorted term lists, sorted, each term once. */
export function unionOfSorted(lists: readonly (readonly string[])[]): string[] {
  if (lists.length === 1) return [...lists[0]!];
  const at = lists.map(() => 0);
  const out: string[] = [];
  for (;;) {
    let min: string | undefined;
    for (let k = 0; k < lists.length; k++) {
      const t = lists[k]![at[k]!];
      if (t !== undefined && (min === undefined || compareTerms(t, min) < 0)) min = t;
    }
    if (min === undefined) return out;
    out.push(min);
    for (let k = 0; k < lists.length; k++) if (lists[k]![at[k]!] === min) at[k]!++;
  }
}

/** A growable Int32Array. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export interface EncodedTerm {
  term: string;
  n: number;
  postings: Uint8Array;
  positions: Uint8Array;
}

/**
 * Accumulates documents (in increasing doc number) into one segment. Terms
 * are interned to integers and postings kept in flat typed arrays (term,
 * doc, weighted frequency, field mask, where its positions start), so a
 * segment of tens of thousands of documents makes no garbage per word; at
 * the end the postings are grouped by term with a counting sort.
 */
export class SegmentBuilder {
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  readonly #pTerm = new IntList(1 << 16);
  readonly #pDoc = new IntList(1 << 16);
  readonly #pInfo = new IntList(1 << 16);
  readonly #pPos = new IntList(1 << 16);
  readonly #positions = new IntList(1 << 18);
  docs = 0;
  minDoc = -1;
  maxDoc = -1;
  readonly #scratch = new TokenScratch();
  #stampArr = new Int32Array(1024);
  #sorted: number[] | undefined;
  /** Set once rewound: some interned terms may have no postings left. */
  #rewound = false;
  #calls = 0;
  readonly #postingWriter = new ByteWriter(1 << 16);
  readonly #positionWriter = new ByteWriter(1 << 16);
  #slotOf = new Int32Array(1024);

  #stamp(size: number): Int32Array {
    if (size > this.#stampArr.length) {
      let n = this.#stampArr.length;
      while (n < size) n *= 2;
      const next = new Int32Array(n);
      next.set(this.#stampArr);
      this.#stampArr = next;
      this.#slotOf = new Int32Array(n);
    }
    return this.#stampArr;
  }

  get postings(): number {
    return this.#pTerm.length;
  }

  /** Where the builder stands, to go back to with {@link rewind}. */
  mark(): BuilderMark {
    return { docs: this.docs, minDoc: this.minDoc, maxDoc: this.maxDoc, postings: this.#pTerm.length, positions: this.#positions.length };
  }

  /** Forgets every document added since `mark` (their transaction was rolled back). */
  rewind(mark: BuilderMark): void {
    this.docs = mark.docs;
    this.minDoc = mark.minDoc;
    this.maxDoc = mark.maxDoc;
    this.#pTerm.length = this.#pDoc.length = this.#pInfo.length = this.#pPos.length = mark.postings;
    this.#positions.length = mark.positions;
    // Terms first seen since stay interned with no postings; encoding and the term list skip them.
    this.#sorted = undefined;
    this.#rewound = true;
  }

  /** Adds a document analyzed earlier (a pending one, see pending-doc.ts). */
  addAnalyzed(doc: number, analyzed: AnalyzedDoc): void {
    if (doc <= this.maxDoc) throw new Error(`documents must be added in increasing order (${doc} after ${this.maxDoc})`);
    for (const t of analyzed.terms) {
      let id = this.#termIds.get(t.term);
      if (id === undefined) {
        id = this.#terms.push(t.term) - 1;
        this.#termIds.set(t.term, id);
      }
      const start = this.#positions.length;
      for (const p of t.positions) this.#positions.push(p);
      this.#pTerm.push(id);
      this.#pDoc.push(doc);
      this.#pInfo.push((t.wtf << 8) | t.mask);
      this.#pPos.push(start);
    }
    if (this.minDoc < 0) this.minDoc = doc;
    this.maxDoc = doc;
    this.docs++;
  }

  /** Analyzes and adds one document; returns its length in words (for ranking). */
  add(doc: number, fields: readonly FieldText[]): number {
    if (doc <= this.maxDoc) throw new Error(`documents must be added in increasing order (${doc} after ${this.maxDoc})`);
    const scratch = this.#scratch;
    scratch.tokens = 0;
    let position = 0;
    let length = 0;
    let bit = 0;
    const termIds = this.#termIds;
    const terms = this.#terms;
    const sink: TokenSink = (term, _start, _end, at, extra) => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = terms.push(term) - 1;
        termIds.set(term, id);
      }
      // Exact forms carry no positions: they only rank, phrases use the stems.
      scratch.push(id, extra === 'exact' ? -1 : at, bit);
      if (extra === undefined) length++;
    };
    for (const { field, texts } of fields) {
      bit = FIELD[field];
      for (const text of texts) position = analyzeWith(text, position, sink) + FIELD_GAP;
    }
    // Group this document's tokens by term (a counting sort over local slots); positions stay in token order.
    const { ids, pos, bits } = scratch;
    const stamp = this.#stamp(this.#terms.length);
    const slotOf = this.#slotOf;
    const slotTerm: number[] = [];
    const slotCount: number[] = [];
    // A stamp per call, never reused (documents can be rewound), marks the terms this document has.
    const mark = ++this.#calls;
    for (let k = 0; k < scratch.tokens; k++) {
      const id = ids[k]!;
      if (stamp[id] !== mark) {
        stamp[id] = mark;
        slotOf[id] = slotTerm.length;
        slotTerm.push(id);
        slotCount.push(0);
      }
      slotCount[slotOf[id]!]!++;
    }
    const slotStart: number[] = new Array(slotTerm.length + 1);
    slotStart[0] = 0;
    for (let i = 0; i < slotTerm.length; i++) slotStart[i + 1] = slotStart[i]! + slotCount[i]!;
    const fill = slotStart.slice();
    const grouped = scratch.grouped(scratch.tokens);
    for (let k = 0; k < scratch.tokens; k++) grouped[fill[slotOf[ids[k]!]!]!++] = k;
    for (let i = 0; i < slotTerm.length; i++) {
      let mask = 0;
      let wtf = 0;
      const start = this.#positions.length;
      let last = -1;
      let sorted = true;
      for (let g = slotStart[i]!; g < slotStart[i + 1]!; g++) {
        const k = grouped[g]!;
        mask |= bits[k]!;
        wtf += WEIGHT_OF_BIT[bits[k]!]!;
        if (pos[k]! < 0) continue;
        if (pos[k]! < last) sorted = false;
        last = pos[k]!;
        this.#positions.push(pos[k]!);
      }
      // Extra forms (a joined name, a CJK word) come after the words they span; put their positions in order.
      if (!sorted) this.#positions.data.subarray(start, this.#positions.length).sort();
      this.#pTerm.push(slotTerm[i]!);
      this.#pDoc.push(doc);
      this.#pInfo.push((Math.min(255, Math.round(wtf)) << 8) | mask);
      this.#pPos.push(start);
    }
    if (this.minDoc < 0) this.minDoc = doc;
    this.maxDoc = doc;
    this.docs++;
    return length;
  }

  /**
   * The segment's posting lists, encoded; doc numbers are stored as gaps
   * from `base`. With `transient`, each term's bytes are views into one
   * reused buffer, valid only until the next term is asked for (enough to
   * write a row), which spares two allocations per term.
   */
  *encode(base = this.minDoc, transient = false): Generator<EncodedTerm> {
    // In term order, so rows go into the B-tree in key order.
    yield* this.#encodeSorted(base, transient);
  }

  /** Every term of the segment, sorted (as SQLite sorts them). */
  termList(): string[] {
    if (!this.#rewound) return this.#byName().map((t) => this.#terms[t]!);
    const used = new Uint8Array(this.#terms.length);
    for (let i = 0; i < this.#pTerm.length; i++) used[this.#pTerm.data[i]!] = 1;
    return this.#byName().filter((t) => used[t]).map((t) => this.#terms[t]!);
  }

  /** Term ids in term order, sorted once per segment. */
  #byName(): number[] {
    if (this.#sorted?.length !== this.#terms.length) {
      const terms = this.#terms;
      this.#sorted = Array.from(terms.keys()).sort((a, b) => compareTerms(terms[a]!, terms[b]!));
    }
    return this.#sorted;
  }

  *#encodeSorted(base: number, transient: boolean): Generator<EncodedTerm> {
    const n = this.#pTerm.length;
    const terms = this.#terms.length;
    const start = new Int32Array(terms + 1);
    const pTerm = this.#pTerm.data;
    for (let i = 0; i < n; i++) start[pTerm[i]! + 1]!++;
    for (let t = 0; t < terms; t++) start[t + 1]! += start[t]!;
    const order = new Int32Array(n);
    const fill = start.slice(0, terms);
    for (let i = 0; i < n; i++) order[fill[pTerm[i]!]!++] = i;
    for (const t of this.#byName()) {
      const from = start[t]!;
      const to = start[t + 1]!;
      if (to > from) yield this.#encodeTerm(this.#terms[t]!, order.subarray(from, to), base, transient);
    }
  }

  #encodeTerm(term: string, postings: Int32Array, base: number, transient: boolean): EncodedTerm {
    const n = postings.length;
    const doc = this.#pDoc.data;
    const info = this.#pInfo.data;
    const posStart = this.#pPos.data;
    const positions = this.#positions.data;
    const w = transient ? this.#postingWriter : new ByteWriter(n * 4 + 8);
    const pw = transient ? this.#positionWriter : new ByteWriter(n * 4 + 8);
    w.reset();
    pw.reset();
    w.varint(n);
    let prev = base;
    for (let i = 0; i < n; i++) {
      const d = doc[postings[i]!]!;
      w.varint(d - prev);
      prev = d;
    }
    for (let i = 0; i < n; i++) w.byte(info[postings[i]!]! >>> 8);
    for (let i = 0; i < n; i++) w.byte(info[postings[i]!]! & 0xff);
    for (let i = 0; i < n; i++) {
      const p = postings[i]!;
      const from = posStart[p]!;
      const to = p + 1 < this.#pPos.length ? posStart[p + 1]! : this.#positions.length;
      pw.varint(to - from);
      let last = 0;
      for (let j = from; j < to; j++) {
        pw.varint(positions[j]! - last);
        last = positions[j]!;
      }
    }
    return transient ? { term, n, postings: w.view(), positions: pw.view() } : { term, n, postings: w.finish(), positions: pw.finish() };
  }
}

export interface BuilderMark {
  docs: number;
  minDoc: number;
  maxDoc: number;
  postings: number;
  positions: number;
}

/** Reusable per-document token arrays. */
class TokenScratch {
  ids = new Int32Array(4096);
  pos = new Int32Array(4096);
  bits = new Uint8Array(4096);
  #grouped = new Int32Array(4096);
  tokens = 0;

  push(id: number, position: number, bit: number): void {
    if (this.tokens === this.ids.length) {
      const n = this.ids.length * 2;
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const next = new (a.constructor as new (n: number) => T)(n);
        next.set(a);
        return next;
      };
      this.ids = grow(this.ids);
      this.pos = grow(this.pos);
      this.bits = grow(this.bits);
    }
    this.ids[this.tokens] = id;
    this.pos[this.tokens] = position;
    this.bits[this.tokens++] = bit;
  }

  grouped(n: number): Int32Array {
    if (this.#grouped.length < n) this.#grouped = new Int32Array(this.ids.length);
    return this.#grouped;
  }
}

/** Weight of a word by the bit of the field it occurs in. */
const WEIGHT_OF_BIT: number[] = [];
for (const [name, bit] of Object.entries(FIELD)) WEIGHT_OF_BIT[bit] = FIELD_WEIGHTS[name as keyof typeof FIELD];

/** Decoded postings of one term, in increasing doc number. */
export interface Postings {
  docs: Int32Array;
  wtf: Uint8Array;
  masks: Uint8Array;
  n: number;
}

/** Number of postings in an encoded list, without decoding it. */
export function postingCount(blob: Uint8Array): number {
  return new ByteReader(blob).varint();
}

/** Decodes `blob` (a list stored with gaps from `base`) into `out` from index `at`; returns the next free index. */
export function decodeInto(blob: Uint8Array, base: number, out: Postings, at: number): number {
  // Varints inlined: this loop decodes every posting of a common word.
  let pos = 0;
  let n = 0;
  let shift = 0;
  for (let b = blob[pos++]!; ; b = blob[pos++]!) {
    n |= (b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7;
  }
  const docs = out.docs;
  let prev = base;
  for (let i = 0; i < n; i++) {
    let b = blob[pos++]!;
    let v = b & 0x7f;
    if (b >= 0x80) {
      let sh = 7;
      do {
        b = blob[pos++]!;
        v |= (b & 0x7f) << sh;
        sh += 7;
      } while (b >= 0x80);
    }
    prev += v;
    docs[at + i] = prev;
  }
  out.wtf.set(blob.subarray(pos, pos + n), at);
  out.masks.set(blob.subarray(pos + n, pos + 2 * n), at);
  return at + n;
}

/** Reads the positions of postings in increasing order, across the segments of one term. */
export class PositionCursor {
  #part = 0;
  #index = 0;
  #pos = 0;
  #data: Uint8Array | undefined;
  #consumed = 0;
  /** The positions last read ({@link read} returns how many). */
  positions = new Int32Array(64);

  /** `parts`: each segment's positions blob and its number of postings, in doc order. */
  constructor(private readonly parts: readonly { positions: Uint8Array; n: number }[]) {
    this.#data = parts[0]?.positions;
  }

  /**
   * Decodes the positions of the posting with global index `i` (never
   * smaller than the last one asked for) into {@link positions}; returns how
   * many. Varints are decoded inline: a phrase of common words reads
   * millions of them.
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
    if (!d) return 0;
    let pos = this.#pos;
    const local = i - this.#consumed;
    // Skip whole postings: a count, then that many varints (each ends at a byte below 0x80).
    for (; this.#index < local; this.#index++) {
      let count = 0;
      let shift = 0;
      for (let b = d[pos++]!; ; b = d[pos++]!) {
        count |= (b & 0x7f) << shift;
        if (b < 0x80) break;
        shift += 7;
      }
      for (let k = 0; k < count; k++) while (d[pos++]! >= 0x80);
    }
    let count = 0;
    let shift = 0;
    for (let b = d[pos++]!; ; b = d[pos++]!) {
      count |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
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
    this.#index++;
    return count;
  }
}

/**
 * Concatenates one term's lists from adjacent segments (in doc order) into
 * one, leaving out the documents `keep` rejects; positions are copied as
 * they are.
 */
export function mergeTerm(
  term: string,
  parts: readonly { base: number; postings: Uint8Array; positions: Uint8Array }[],
  base: number,
  keep: (doc: number) => boolean,
): EncodedTerm | undefined {
  const docs: number[] = [];
  const wtf: number[] = [];
  const masks: number[] = [];
  const pw = new ByteWriter(1024);
  for (const part of parts) {
    const r = new ByteReader(part.postings);
    const n = r.varint();
    const ds = new Array<number>(n);
    let prev = part.base;
    for (let i = 0; i < n; i++) ds[i] = prev += r.varint();
    const w0 = r.pos;
    const pr = new ByteReader(part.positions);
    for (let i = 0; i < n; i++) {
      const from = pr.pos;
      pr.skip(pr.varint());
      if (!keep(ds[i]!)) continue;
      docs.push(ds[i]!);
      wtf.push(part.postings[w0 + i]!);
      masks.push(part.postings[w0 + n + i]!);
      pw.bytes(part.positions.subarray(from, pr.pos));
    }
  }
  if (docs.length === 0) return undefined;
  const w = new ByteWriter(docs.length * 4 + 8);
  w.varint(docs.length);
  let prev = base;
  for (const d of docs) {
    w.varint(d - prev);
    prev = d;
  }
  for (const x of wtf) w.byte(x);
  for (const x of masks) w.byte(x);
  return { term, n: docs.length, postings: w.finish(), positions: pw.finish() };
}
