/**
 * A process's postings of the index's segments, kept across index writes.
 * A segment's term rows are written once, with its row, and never change:
 * a merge writes a new segment (a longer doc range or fewer documents under
 * the first base) and a rebuild starts a new epoch. So the segment's base,
 * last doc, document count and the epoch, read in one statement, name rows
 * that stay true for as long as any segment bears that name, and what a
 * search read is still right after a write added a segment beside it —
 * unlike the engine's decoded cache and hot-rows.ts, which a write empties.
 * After an editor's save the next search then reads only the new segment's
 * rows instead of every segment's again.
 *
 * Names come from the segment list (`identified`), and a pair's rows are
 * kept under the name read with them, in the same statement: a list read
 * before a merge never lets a search take the merged segment's rows as the
 * older one's, or the other way round. A segment's absence of a term is kept
 * too (most rare words are absent from most segments). The asks of one
 * synchronous pass of the engine become one statement of (segment, term)
 * pairs, only those not kept, but for a term whose positions the same pass
 * reads (a phrase's words): its postings come with them, in that one read.
 * Bounded by bytes, least recently used first
 * (hot-rows.ts, whose "generation" here is the epoch).
 * @module
 */
import type { SegmentPostingRow } from './segment-tables.js';
import { HotRows } from './hot-rows.js';
import type { DictionaryAnswer, NamedSegment, SegmentDictionaries } from './segment-dictionaries.js';

export type SegmentRows = { base: number; n: number; postings: Uint8Array }[];
type Kept = { n: number; postings: Uint8Array } | null;

interface Ask {
  bases: readonly number[];
  term: string;
  kept: Map<number, Kept>;
  resolve: (rows: SegmentRows) => void;
  reject: (error: unknown) => void;
}

/** What a kept pair costs beyond its bytes (the key, the entry, the view). */
const ENTRY_BYTES = 96;

export class SegmentPostings {
  readonly #kept: HotRows<Kept>;
  /** Each segment's name (base, last doc, doc count) from the last segment list read outside a transaction. */
  #names = new Map<number, string>();
  /** The same segments as listed, for their dictionaries. */
  #listed = new Map<number, NamedSegment>();
  #epoch: string | undefined;
  #asks: Ask[] = [];

  /**
   * `read(bases, terms)`: the pairs (bases[i], terms[i]), as SegmentTables.postingsOfPairs reads them.
   * `alongside(bases, term)`: the term's rows over `bases` when another read of the same pass brings them (a
   * phrase's positions, read with its words' postings), else undefined; those pairs are then left out of `read`.
   */
  constructor(
    private readonly read: (bases: number[], terms: string[]) => Promise<SegmentPostingRow[]>,
    limitBytes: number,
    private readonly alongside?: (bases: readonly number[], term: string) => Promise<SegmentPostingRow[]> | undefined,
    private readonly dictionaries?: SegmentDictionaries,
  ) {
    this.#kept = new HotRows(limitBytes);
  }

  get bytes(): number {
    return this.#kept.bytes;
  }

  /** Takes the names of the segments a search will read, from a list read in one statement with the epoch. */
  identified(segments: readonly { base: number; last: number; docs: number; epoch: string }[]): void {
    this.#names = new Map(segments.map((s) => [s.base, name(s)]));
    this.#listed = new Map(segments.map((s) => [s.base, s]));
    this.#epoch = segments[0]?.epoch;
    this.dictionaries?.listed(segments);
  }

  /** What the dictionary held for the segment at `base` says of the term; undefined when none is held or it cannot tell. */
  #held(base: number, term: string): DictionaryAnswer {
    const segment = this.dictionaries && this.#listed.get(base);
    return segment ? this.dictionaries!.get(segment)?.find(term) : undefined;
  }

  /** The term's positions in the segments at `bases`, in base order, when the dictionaries held answer for every one of them. */
  heldPositions(bases: readonly number[], term: string): { n: number; positions: Uint8Array }[] | undefined {
    if (!this.dictionaries) return undefined;
    const rows: { n: number; positions: Uint8Array }[] = [];
    for (const base of bases) {
      const found = this.#held(base, term);
      if (found === undefined || (found && !found.positions)) return undefined;
      if (found) rows.push({ n: found.n, positions: found.positions! });
    }
    return rows;
  }

  /** A term's rows in the segments at `bases`, in base order: at once when every segment's are kept, else after one read of those that are not. */
  get(bases: readonly number[], term: string): SegmentRows | Promise<SegmentRows> {
    const kept = new Map<number, Kept>();
    for (const base of bases) {
      const segment = this.#names.get(base);
      const hit = segment === undefined || this.#epoch === undefined ? undefined : this.#kept.get(this.#epoch, key(segment, term));
      if (hit !== undefined) {
        kept.set(base, hit);
        continue;
      }
      const found = this.#held(base, term);
      if (found !== undefined) kept.set(base, found && { n: found.n, postings: found.postings });
    }
    if (kept.size === bases.length) return assemble(bases, kept);
    return new Promise((resolve, reject) => {
      if (this.#asks.length === 0) queueMicrotask(() => this.#flush());
      this.#asks.push({ bases, term, kept, resolve, reject });
    });
  }

  #flush(): void {
    const asks = this.#asks;
    this.#asks = [];
    const pairs = new Set<string>();
    const bases: number[] = [];
    const terms: string[] = [];
    const reads: Promise<SegmentPostingRow[]>[] = [];
    for (const ask of asks) {
      if (ask.bases.some((base) => !ask.kept.has(base))) {
        const brought = this.alongside?.(ask.bases, ask.term);
        if (brought) {
          reads.push(brought);
          for (const base of ask.bases) pairs.add(`${base}\u0000${ask.term}`);
          continue;
        }
      }
      for (const base of ask.bases) {
        const pair = `${base}\u0000${ask.term}`;
        if (ask.kept.has(base) || pairs.has(pair)) continue;
        pairs.add(pair);
        bases.push(base);
        terms.push(ask.term);
      }
    }
    if (bases.length > 0) reads.push(this.read(bases, terms));
    Promise.all(reads).then(
      (results) => {
        const read = new Map<string, Kept>();
        for (const r of results.flat()) {
          const value: Kept = r.row && { n: r.row.n, postings: r.row.data };
          read.set(`${r.base}\u0000${r.term}`, value);
          this.#kept.set(r.epoch, key(name(r), r.term), value, ENTRY_BYTES + (value ? value.postings.byteLength : 0));
        }
        for (const ask of asks) {
          for (const base of ask.bases) {
            const value = read.get(`${base}\u0000${ask.term}`);
            if (!ask.kept.has(base) && value !== undefined) ask.kept.set(base, value);
          }
          ask.resolve(assemble(ask.bases, ask.kept));
        }
      },
      (error) => {
        for (const ask of asks) ask.reject(error);
      },
    );
  }
}

function name(segment: { base: number; last: number; docs: number }): string {
  return `${segment.base}/${segment.last}/${segment.docs}`;
}

function key(segment: string, term: string): string {
  return `${segment}\u0000${term}`;
}

/** The rows in base order, leaving out segments without the term (and any gone before the read). */
function assemble(bases: readonly number[], kept: Map<number, Kept>): SegmentRows {
  const rows: SegmentRows = [];
  for (const base of bases) {
    const row = kept.get(base);
    if (row) rows.push({ base, n: row.n, postings: row.postings });
  }
  return rows;
}
