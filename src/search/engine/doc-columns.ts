/**
 * Per-document columns held in memory, indexed by doc number: whether the
 * document is live, its length, its date range with qualifiers and sort key,
 * and its facet values (one flat array of packed facet/value ids). Filters,
 * sorting and facet counts read these typed arrays instead of running SQL
 * GROUP BY, which is what makes counting 350,000 hits take milliseconds.
 * The record ids come along (doc-ids.ts), so a page of hits needs no read.
 * @module
 */
import { FACET_IDS, FACETS, type FacetId } from '../facets.js';
import { DocIds } from './doc-ids.js';

/** Date qualifier bits. */
export const APPROXIMATE = 1;
export const UNCERTAIN = 2;
/** Sort key of an undated document: after every date. */
export const UNDATED = Number.POSITIVE_INFINITY;

const FACET_INDEX = new Map(FACET_IDS.map((id, i) => [id, i]));
export function facetIndex(id: FacetId): number {
  return FACET_INDEX.get(id)!;
}
/** Facet values are packed as facet index (high 8 bits) and value id (low 24 bits). */
export const VALUE_BITS = 24;
export const VALUE_MASK = (1 << VALUE_BITS) - 1;

export interface DocRow {
  doc: number;
  /** The record id of the document this row is a version of. */
  docId: string;
  live: boolean;
  length: number;
  /** yyyymmdd, 0 when undated. */
  dateStart: number;
  dateEnd: number;
  dateFlags: number;
  sortKey: number;
  /** Packed facet values. */
  facets: ArrayLike<number>;
}

/** Facet values ↔ small integer ids, per facet. */
export class FacetDictionary {
  readonly values: string[][] = FACET_IDS.map(() => []);
  readonly ids: Map<string, number>[] = FACET_IDS.map(() => new Map());

  set(facet: number, id: number, value: string): void {
    this.values[facet]![id] = value;
    this.ids[facet]!.set(value, id);
  }

  id(facet: number, value: string): number | undefined {
    return this.ids[facet]!.get(value);
  }

  size(facet: number): number {
    return this.values[facet]!.length;
  }
}

export class DocColumns {
  /** One past the largest doc number held. */
  size = 0;
  liveCount = 0;
  /** Documents held that are not live (replaced or removed); gaps in the numbering are not counted. */
  deadCount = 0;
  totalLength = 0;
  live = new Uint8Array(1024);
  length = new Uint32Array(1024);
  dateStart = new Int32Array(1024);
  dateEnd = new Int32Array(1024);
  dateFlags = new Uint8Array(1024);
  sortKey = new Float64Array(1024);
  /** Every facet value of every document, in fixed-width rows. */
  readonly facets = new FacetRows();
  readonly dictionary = new FacetDictionary();
  /** Record ids by doc number. */
  ids = new DocIds();

  #ensure(capacity: number): void {
    if (capacity < this.live.length) return;
    let size = this.live.length;
    while (size <= capacity) size *= 2;
    const grow = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(a: T, n: number): T => {
      const next = new (a.constructor as new (n: number) => T)(n);
      next.set(a);
      return next;
    };
    this.live = grow(this.live, size);
    this.length = grow(this.length, size);
    this.dateStart = grow(this.dateStart, size);
    this.dateEnd = grow(this.dateEnd, size);
    this.dateFlags = grow(this.dateFlags, size);
    this.sortKey = grow(this.sortKey, size);
  }

  /** Appends a document; doc numbers must increase (gaps are left empty and dead). */
  append(row: DocRow): void {
    if (row.doc < this.size) throw new Error(`doc ${row.doc} appended after ${this.size - 1}`);
    this.#ensure(row.doc + 1);
    for (let d = this.size; d < row.doc; d++) this.sortKey[d] = UNDATED;
    const d = row.doc;
    this.live[d] = row.live ? 1 : 0;
    this.length[d] = row.length;
    this.dateStart[d] = row.dateStart;
    this.dateEnd[d] = row.dateEnd;
    this.dateFlags[d] = row.dateFlags;
    this.sortKey[d] = row.sortKey;
    this.facets.set(d, row.facets);
    this.ids.append(d, row.docId);
    this.size = d + 1;
    if (row.live) {
      this.liveCount++;
      this.totalLength += row.length;
    } else this.deadCount++;
  }

  kill(doc: number): void {
    if (doc < this.size && this.live[doc]) {
      this.live[doc] = 0;
      this.liveCount--;
      this.deadCount++;
      this.totalLength -= this.length[doc]!;
    }
  }

  averageLength(): number {
    return this.liveCount > 0 ? this.totalLength / this.liveCount : 1;
  }

  /** Bytes held, for the benchmark's memory report. */
  bytes(): number {
    return (
      this.live.byteLength + this.length.byteLength + this.dateStart.byteLength * 2 + this.dateFlags.byteLength + this.sortKey.byteLength +
      this.facets.bytes() + this.ids.byteLength()
    );
  }
}

/** Slot columns live in shared memory so a helper thread can count some of them (parallel-count.ts). */
function shared(length: number): Uint16Array {
  return new Uint16Array(new SharedArrayBuffer(length * 2));
}

/**
 * Facet values per document in fixed slots, one 16-bit column per slot: each
 * facet owns the number of slots its declaration reserves (one for a
 * document's type, two for its collections…); a slot holds value id + 1, 0
 * when empty. Values beyond a facet's slots, and ids past 65,534, spill into
 * a small map. Counting a facet over 400,000 hits is then a tight loop per
 * slot (`counts[column[doc]]++`) over 2-byte cells, with no per-value lookups.
 */
export class FacetRows {
  /** First slot of each facet, and its number of slots. */
  readonly first: Int32Array;
  readonly width: Int32Array;
  /** Number of slots (columns). */
  readonly stride: number;
  columns: Uint16Array[];
  /** Documents with a value in each column: a column no document fills is never counted. */
  readonly filled: Int32Array;
  /** Spilled values, packed as facet << 24 | value: `spill[spilled[doc] - 1]` (0: none). */
  readonly spill: number[][] = [];
  spilled = new Int32Array(1024);
  /** Times a document's values were set again (derived codes, facet-groups.ts, are then built again). */
  rewrites = 0;
  #top = 0;

  constructor() {
    this.width = Int32Array.from(FACET_IDS.map((id) => FACETS.find((f) => f.id === id)!.slots));
    this.first = new Int32Array(FACET_IDS.length);
    let at = 0;
    this.width.forEach((w, i) => {
      this.first[i] = at;
      at += w;
    });
    this.stride = at;
    this.columns = Array.from({ length: at }, () => shared(1024));
    this.filled = new Int32Array(at);
  }

  #ensure(doc: number): void {
    if (doc < this.spilled.length) return;
    let n = this.spilled.length;
    while (n <= doc) n *= 2;
    this.columns = this.columns.map((c) => {
      const next = shared(n);
      next.set(c);
      return next;
    });
    const spilled = new Int32Array(n);
    spilled.set(this.spilled);
    this.spilled = spilled;
  }

  /** Sets a document's values (packed facet << 24 | value). */
  set(doc: number, packed: ArrayLike<number>): void {
    this.#ensure(doc);
    if (doc < this.#top) this.rewrites++;
    else this.#top = doc + 1;
    const used = new Int32Array(this.width.length);
    for (let i = 0; i < packed.length; i++) {
      const v = packed[i]!;
      const f = v >>> VALUE_BITS;
      if (f >= this.width.length) continue;
      if (used[f]! < this.width[f]! && (v & VALUE_MASK) < 0xfffe) {
        const slot = this.first[f]! + used[f]!++;
        if (this.columns[slot]![doc] === 0) this.filled[slot]!++;
        this.columns[slot]![doc] = (v & VALUE_MASK) + 1;
      } else {
        if (!this.spilled[doc]) this.spilled[doc] = this.spill.push([]);
        this.spill[this.spilled[doc]! - 1]!.push(v);
      }
    }
  }

  /** Every value of facet `f` for `doc`. */
  values(doc: number, f: number, into: number[] = []): number[] {
    into.length = 0;
    for (let s = 0; s < this.width[f]!; s++) {
      const v = this.columns[this.first[f]! + s]![doc]!;
      if (v > 0) into.push(v - 1);
    }
    if (this.spilled[doc]) for (const p of this.spill[this.spilled[doc]! - 1]!) if (p >>> VALUE_BITS === f) into.push(p & VALUE_MASK);
    return into;
  }

  bytes(): number {
    return this.columns.reduce((s, c) => s + c.byteLength, 0) + this.spilled.byteLength;
  }
}
