/**
 * Segments: the unit in which posting lists are written. A segment holds,
 * for every term of a contiguous run of documents, one posting list
 * (document numbers as gaps, a weighted term frequency, a field mask) and,
 * apart, the word positions of each posting, read only for phrases; both in
 * blocks of 128 (posting-codec.ts). Segments are immutable; newer ones are merged into larger ones
 * (segment-store.ts), dropping replaced documents on the way.
 * @module
 */
import { analyzeWith, FIELD_GAP, type TokenSink } from '../analyzer.js';
import { FIELD, FIELD_WEIGHTS, type FieldText } from '../index-fields.js';
import type { AnalyzedDoc } from './pending-doc.js';
import { BLOCK, decodeAll, decodeInto, encodePositions, encodePostings, PostingBuffer, postingCount, type DocLengths, type Postings } from './posting-codec.js';
import { decodeExactInto, encodeExact, isExactForm, stemOfExact, stemPart } from './exact-codec.js';
import { ByteWriter } from './varint.js';

export { decodeInto, PositionCursor, postingCount, type Postings } from './posting-codec.js';

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

/** The index of the last of the sorted `keys` at or before `term` (in {@link compareTerms}' order); -1 when all are after it. */
export function keyAtOrBefore(keys: readonly string[], term: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTerms(keys[mid]!, term) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
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
  /** Appends `src`, each value plus `add`. */
  append(src: Int32Array, add = 0): void {
    if (this.length + src.length > this.data.length) {
      const next = new Int32Array(Math.max(this.data.length * 2, this.length + src.length));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    if (add === 0) this.data.set(src, this.length);
    else for (let i = 0; i < src.length; i++) this.data[this.length + i] = src[i]! + add;
    this.length += src.length;
  }
  /** Takes `values` as its content (no copy). */
  adopt(values: Int32Array): void {
    this.data = values.length > 0 ? values : new Int32Array(1);
    this.length = values.length;
  }
  /** A compact copy of the values. */
  copy(): Int32Array {
    return this.data.slice(0, this.length);
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
  /** Each document's number and length, in the order added: the lengths each full block's bound is made from. */
  readonly #lengthDocs = new IntList(1024);
  readonly #lengths = new IntList(1024);
  /** The length of the document {@link prepare} analyzed last. */
  #prepared = 0;
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
  readonly #buffer = new PostingBuffer();
  /** A form as typed's stem's postings, while the form is written. */
  readonly #stemBuffer = new PostingBuffer();
  /** Names this builder in the analyzer's term slots (a number, so a slot never keeps a builder alive). */
  readonly #owner = ++builders;
  readonly #gaps = new Int32Array(BLOCK);
  /** Terms already handed over by takeChunk. */
  #sentTerms = 0;
  /**
   * Ids here (+ 1; 0: not yet looked up) of the terms of addChunk's recent generations, by their id there: runs
   * analyzed in the helper thread and in the caller's (two numberings) come in turns, and each keeps its map.
   */
  readonly #chunkIds = new Map<number, { ids: Int32Array }>();

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
    this.#lengthDocs.length = this.#lengths.length = mark.docs;
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
    this.#addLength(doc, analyzed.length);
    if (this.minDoc < 0) this.minDoc = doc;
    this.maxDoc = doc;
    this.docs++;
  }

  #addLength(doc: number, length: number): void {
    this.#lengthDocs.push(doc);
    this.#lengths.push(length);
  }

  /** The documents' lengths by doc number, for the blocks' bounds. */
  #docLengths(): DocLengths {
    const from = Math.max(0, this.minDoc);
    const len = new Int32Array(Math.max(0, this.maxDoc - from + 1));
    const docs = this.#lengthDocs.data;
    const lengths = this.#lengths.data;
    for (let i = 0; i < this.#lengths.length; i++) len[docs[i]! - from] = lengths[i]!;
    return { from, len };
  }

  /**
   * Hands over the documents added since the last call (numbered from 0) as
   * an {@link AnalyzedChunk}, and starts afresh, keeping the terms: ids stay
   * the same from chunk to chunk (so the analyzer's term slots keep
   * working), and each chunk carries only the terms first met in it.
   * `lengths` are the documents' lengths as {@link add} returned them.
   */
  takeChunk(generation: number, lengths: Int32Array): AnalyzedChunk {
    const chunk = {
      generation,
      firstTerm: this.#sentTerms,
      newTerms: this.#terms.slice(this.#sentTerms),
      lengths,
      pTerm: this.#pTerm.copy(),
      pDoc: this.#pDoc.copy(),
      pInfo: this.#pInfo.copy(),
      pPos: this.#pPos.copy(),
      positions: this.#positions.copy(),
    };
    this.#sentTerms = this.#terms.length;
    this.#pTerm.length = this.#pDoc.length = this.#pInfo.length = this.#pPos.length = this.#positions.length = 0;
    this.#lengthDocs.length = this.#lengths.length = 0;
    this.docs = 0;
    this.minDoc = this.maxDoc = -1;
    return chunk;
  }

  /** The builder's terms and postings, copied, to encode elsewhere ({@link fromParts}). */
  parts(): BuilderParts {
    return {
      terms: this.#terms.slice(), docs: this.docs, minDoc: this.minDoc, maxDoc: this.maxDoc,
      pTerm: this.#pTerm.copy(), pDoc: this.#pDoc.copy(), pInfo: this.#pInfo.copy(), pPos: this.#pPos.copy(), positions: this.#positions.copy(),
      lengthDocs: this.#lengthDocs.copy(), lengths: this.#lengths.copy(),
    };
  }

  /** A builder holding `parts` (another builder's, its arrays taken as they are), which encodes as that one does. */
  static fromParts(parts: BuilderParts): SegmentBuilder {
    const b = new SegmentBuilder();
    for (const t of parts.terms) b.#termIds.set(t, b.#terms.push(t) - 1);
    b.#pTerm.adopt(parts.pTerm);
    b.#pDoc.adopt(parts.pDoc);
    b.#pInfo.adopt(parts.pInfo);
    b.#pPos.adopt(parts.pPos);
    b.#positions.adopt(parts.positions);
    b.#lengthDocs.adopt(parts.lengthDocs);
    b.#lengths.adopt(parts.lengths);
    b.docs = parts.docs;
    b.minDoc = parts.minDoc;
    b.maxDoc = parts.maxDoc;
    return b;
  }

  /** Distinct terms met so far. */
  get termCount(): number {
    return this.#terms.length;
  }

  /**
   * Adds a chunk of documents analyzed elsewhere ({@link takeChunk}), its
   * document i as `docs[i]`: the same postings as adding each document here.
   * `terms` are every term of the chunk's generation so far; each is looked
   * up here once per generation, then found by its id.
   */
  addChunk(chunk: AnalyzedChunk, terms: readonly string[], docs: readonly number[]): void {
    if (docs.length === 0) return;
    if (docs[0]! <= this.maxDoc) throw new Error(`documents must be added in increasing order (${docs[0]} after ${this.maxDoc})`);
    let map = this.#chunkIds.get(chunk.generation);
    if (!map) {
      // A few generations at a time: a numbering's older generations never come back.
      if (this.#chunkIds.size >= RECENT_GENERATIONS) this.#chunkIds.delete(this.#chunkIds.keys().next().value!);
      map = { ids: new Int32Array(Math.max(1024, terms.length)) };
      this.#chunkIds.set(chunk.generation, map);
    }
    if (map.ids.length < terms.length) {
      const ids = new Int32Array(Math.max(terms.length, map.ids.length * 2));
      ids.set(map.ids);
      map.ids = ids;
    }
    const ids = map.ids;
    const n = chunk.pTerm.length;
    const from = this.#pTerm.length;
    this.#pTerm.append(chunk.pTerm);
    this.#pDoc.append(chunk.pDoc);
    const pTerm = this.#pTerm.data;
    const pDoc = this.#pDoc.data;
    for (let i = from; i < from + n; i++) {
      const t = pTerm[i]!;
      let id = ids[t]! - 1;
      if (id < 0) {
        const term = terms[t]!;
        id = this.#termIds.get(term) ?? -1;
        if (id < 0) {
          id = this.#terms.push(term) - 1;
          this.#termIds.set(term, id);
        }
        ids[t] = id + 1;
      }
      pTerm[i] = id;
      pDoc[i] = docs[pDoc[i]!]!;
    }
    this.#pInfo.append(chunk.pInfo);
    this.#pPos.append(chunk.pPos, this.#positions.length);
    this.#positions.append(chunk.positions);
    this.#lengthDocs.append(Int32Array.from(docs));
    this.#lengths.append(chunk.lengths);
    if (this.minDoc < 0) this.minDoc = docs[0]!;
    this.maxDoc = docs[docs.length - 1]!;
    this.docs += docs.length;
  }

  /** Analyzes and adds one document; returns its length in words (for ranking). */
  add(doc: number, fields: readonly FieldText[]): number {
    if (doc <= this.maxDoc) throw new Error(`documents must be added in increasing order (${doc} after ${this.maxDoc})`);
    const length = this.prepare(fields);
    this.addPrepared(doc);
    return length;
  }

  /**
   * The first half of {@link add}: analyzes a document not yet numbered and returns its length, so
   * that its row can be written with it; {@link addPrepared} then adds it under its number.
   */
  prepare(fields: readonly FieldText[]): number {
    const scratch = this.#scratch;
    scratch.tokens = 0;
    let position = 0;
    let length = 0;
    let bit = 0;
    const termIds = this.#termIds;
    const terms = this.#terms;
    const owner = this.#owner;
    const sink: TokenSink = (term, _start, _end, at, extra, _surface, slot) => {
      let id: number | undefined;
      if (slot !== undefined && slot.owner === owner) id = slot.id;
      else {
        id = termIds.get(term);
        if (id === undefined) {
          id = terms.push(term) - 1;
          termIds.set(term, id);
        }
        if (slot !== undefined) {
          slot.owner = owner;
          slot.id = id;
        }
      }
      // Exact forms carry no positions: they only rank, phrases use the stems.
      scratch.push(id, extra === 'exact' ? -1 : at, bit);
      if (extra === undefined) length++;
    };
    for (const { field, texts } of fields) {
      bit = FIELD[field];
      for (const text of texts) position = analyzeWith(text, position, sink) + FIELD_GAP;
    }
    this.#prepared = length;
    return length;
  }

  /** Adds the document {@link prepare} analyzed last as `doc`. */
  addPrepared(doc: number): void {
    if (doc <= this.maxDoc) {
      // Terms the document brought are interned with no postings: the term list must skip them.
      this.#rewound = true;
      throw new Error(`documents must be added in increasing order (${doc} after ${this.maxDoc})`);
    }
    const scratch = this.#scratch;
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
    this.#addLength(doc, this.#prepared);
    if (this.minDoc < 0) this.minDoc = doc;
    this.maxDoc = doc;
    this.docs++;
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
      // The engine's own sort of strings orders UTF-16 units, which is code point order unless a term holds a
      // unit from U+D800 up; then (rarely: astral or private-use characters) the ids are sorted by compareTerms.
      if (terms.some((t) => HIGH_UNITS.test(t))) this.#sorted = Array.from(terms.keys()).sort((a, b) => compareTerms(terms[a]!, terms[b]!));
      else this.#sorted = [...terms].sort().map((t) => this.#termIds.get(t)!);
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
    const lengths = this.#docLengths();
    for (const t of this.#byName()) {
      const from = start[t]!;
      const to = start[t + 1]!;
      if (to <= from) continue;
      const term = this.#terms[t]!;
      if (!isExactForm(term)) {
        yield this.#encodeTerm(term, order.subarray(from, to), base, transient, lengths);
        continue;
      }
      // A form as typed is written against its stem's postings here (none: the stem has no posting in the segment).
      const s = this.#termIds.get(stemOfExact(term));
      const stem = s === undefined ? order.subarray(0, 0) : order.subarray(start[s]!, start[s + 1]!);
      yield this.#encodeTerm(term, order.subarray(from, to), base, transient, lengths, stem);
    }
  }

  /** The postings `postings` (indexes into the builder's arrays) as doc, frequency and mask, in `b`. */
  #fill(b: PostingBuffer, postings: Int32Array): void {
    const doc = this.#pDoc.data;
    const info = this.#pInfo.data;
    b.reset();
    for (let i = 0; i < postings.length; i++) {
      const p = postings[i]!;
      b.push(doc[p]!, (info[p]! >>> 8) & 0xff, info[p]! & 0xff, 0);
    }
  }

  #encodeTerm(term: string, postings: Int32Array, base: number, transient: boolean, lengths: DocLengths, stem?: Int32Array): EncodedTerm {
    const n = postings.length;
    const doc = this.#pDoc.data;
    const info = this.#pInfo.data;
    const posStart = this.#pPos.data;
    const positions = this.#positions.data;
    const buffer = this.#buffer;
    buffer.reset();
    const ends = this.#pPos.length;
    for (let i = 0; i < n; i++) {
      const p = postings[i]!;
      const from = posStart[p]!;
      const to = p + 1 < ends ? posStart[p + 1]! : this.#positions.length;
      buffer.push(doc[p]!, (info[p]! >>> 8) & 0xff, info[p]! & 0xff, to - from);
      const out = buffer.positionRoom(to - from);
      let at = buffer.npos;
      for (let k = from; k < to; k++) out[at++] = positions[k]!;
      buffer.npos = at;
    }
    const w = transient ? this.#postingWriter : new ByteWriter(n * 3 + 8);
    const pw = transient ? this.#positionWriter : new ByteWriter(buffer.npos * 2 + n + 8);
    w.reset();
    pw.reset();
    if (stem) {
      const b = this.#stemBuffer;
      this.#fill(b, stem);
      encodeExact(buffer, stemPart(b), base, w, this.#gaps, lengths);
    } else encodePostings(buffer, base, w, this.#gaps, lengths);
    encodePositions(buffer, pw);
    return transient ? { term, n, postings: w.view(), positions: pw.view() } : { term, n, postings: w.finish(), positions: pw.finish() };
  }
}

/**
 * Documents analyzed into postings by a builder of their own (numbered 0,
 * 1, 2…), to be added to another: the terms first met in them (ids from
 * `firstTerm` on, in a numbering that lasts the generation), and the
 * postings as parallel arrays (term id, document, weighted frequency << 8 |
 * field mask, where its positions start) with the positions after them.
 */
export interface AnalyzedChunk {
  generation: number;
  firstTerm: number;
  newTerms: string[];
  lengths: Int32Array;
  pTerm: Int32Array;
  pDoc: Int32Array;
  pInfo: Int32Array;
  pPos: Int32Array;
  positions: Int32Array;
}

/** A builder's content as plain arrays (a thread can be sent them). */
export interface BuilderParts {
  terms: string[];
  docs: number;
  minDoc: number;
  maxDoc: number;
  pTerm: Int32Array;
  pDoc: Int32Array;
  pInfo: Int32Array;
  pPos: Int32Array;
  positions: Int32Array;
  /** Each document's number and length, in the order added. */
  lengthDocs: Int32Array;
  lengths: Int32Array;
}

export interface BuilderMark {
  docs: number;
  minDoc: number;
  maxDoc: number;
  postings: number;
  positions: number;
}

let builders = 0;

/** Generations whose term maps a builder keeps (see addChunk). */
const RECENT_GENERATIONS = 4;

const HIGH_UNITS = /[\ud800-\uffff]/;

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

/**
 * Concatenates one term's lists from adjacent segments (in doc order) into
 * one, leaving out the documents `keep` rejects; the new blocks' bounds are
 * made from the documents' `lengths`.
 */
export function mergeTerm(
  term: string,
  parts: readonly { base: number; postings: Uint8Array; positions: Uint8Array }[],
  base: number,
  keep: (doc: number) => boolean,
  lengths: DocLengths,
): EncodedTerm | undefined {
  const all = MERGE_IN;
  all.reset();
  for (const part of parts) decodeAll(part.postings, part.positions, part.base, all);
  const kept = MERGE_OUT;
  kept.reset();
  let at = 0;
  for (let i = 0; i < all.n; i++) {
    const count = all.counts[i]!;
    if (keep(all.docs[i]!)) {
      kept.push(all.docs[i]!, all.wtf[i]!, all.masks[i]!, count);
      kept.positionRoom(count).set(all.positions.subarray(at, at + count), kept.npos);
      kept.npos += count;
    }
    at += count;
  }
  if (kept.n === 0) return undefined;
  const w = new ByteWriter(kept.n * 3 + 8);
  const pw = new ByteWriter(kept.npos * 2 + kept.n + 8);
  encodePostings(kept, base, w, MERGE_GAPS, lengths);
  encodePositions(kept, pw);
  return { term, n: kept.n, postings: w.finish(), positions: pw.finish() };
}

/** A stem's lists in the segments of a merge, decoded: `ends[i]` is where segment `bases[i]`'s postings end in `all`; `kept` the merged list. */
export interface MergedStem {
  all: Postings;
  bases: number[];
  ends: number[];
  kept: Postings;
}

/** Decodes a stem's lists from adjacent segments (in doc order) and merges them as {@link mergeTerm} does, for its forms as typed. */
export function mergedStem(parts: readonly { base: number; postings: Uint8Array }[], keep: (doc: number) => boolean): MergedStem {
  // Arrays of the lists' own length: a merge decodes tens of thousands of stems.
  const total = parts.reduce((sum, part) => sum + postingCount(part.postings), 0);
  const all: Postings = { docs: new Int32Array(total), wtf: new Uint8Array(total), masks: new Uint8Array(total), n: total };
  const ends: number[] = [];
  let at = 0;
  for (const part of parts) ends.push((at = decodeInto(part.postings, part.base, all, at)));
  let live = 0;
  for (let i = 0; i < total; i++) if (keep(all.docs[i]!)) live++;
  if (live === total) return { all, bases: parts.map((p) => p.base), ends, kept: all };
  const kept: Postings = { docs: new Int32Array(live), wtf: new Uint8Array(live), masks: new Uint8Array(live), n: live };
  for (let i = 0, k = 0; i < total; i++) {
    if (!keep(all.docs[i]!)) continue;
    kept.docs[k] = all.docs[i]!;
    kept.wtf[k] = all.wtf[i]!;
    kept.masks[k++] = all.masks[i]!;
  }
  return { all, bases: parts.map((p) => p.base), ends, kept };
}

const EMPTY_BYTES = new Uint8Array(0);

/**
 * {@link mergeTerm} for a word's form as typed: each segment's list read against its stem's there, the merged one
 * written against the stem's merged list (`stem`, of the same segments).
 */
export function mergeExact(
  term: string,
  parts: readonly { base: number; postings: Uint8Array }[],
  stem: MergedStem,
  base: number,
  keep: (doc: number) => boolean,
  lengths: DocLengths,
): EncodedTerm | undefined {
  const all = MERGE_IN;
  all.reset();
  for (const part of parts) {
    const n = postingCount(part.postings);
    const at = all.n;
    for (let i = 0; i < n; i++) all.push(0, 0, 0, 0);
    const k = stem.bases.indexOf(part.base);
    const from = k > 0 ? stem.ends[k - 1]! : 0;
    const to = k >= 0 ? stem.ends[k]! : 0;
    decodeExactInto(part.postings, part.base, stemPart(stem.all, from, to), all, at);
  }
  const kept = MERGE_OUT;
  kept.reset();
  for (let i = 0; i < all.n; i++) if (keep(all.docs[i]!)) kept.push(all.docs[i]!, all.wtf[i]!, all.masks[i]!, 0);
  if (kept.n === 0) return undefined;
  const w = new ByteWriter(kept.n * 2 + 8);
  encodeExact(kept, stemPart(stem.kept), base, w, MERGE_GAPS, lengths);
  return { term, n: kept.n, postings: w.finish(), positions: EMPTY_BYTES };
}

/** Scratch for merges (which run one term at a time). */
const MERGE_IN = new PostingBuffer();
const MERGE_OUT = new PostingBuffer();
const MERGE_GAPS = new Int32Array(BLOCK);
