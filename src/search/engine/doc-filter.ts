/**
 * The filters a search applies to every matching document before it is
 * ranked: live, scope (collections), date range with its qualifiers. One
 * predicate for both ways of collecting: the exhaustive pass (collect.ts),
 * which filters the matched set, and the pruned top k (pruned-top-k.ts),
 * which asks before it scores a document at all.
 * @module
 */
import type { SearchFilters } from '../../backends/search-index.js';
import { APPROXIMATE, facetIndex, UNCERTAIN, type DocColumns } from './doc-columns.js';
import { boundNumber } from './leaf-sets.js';

export class DocFilter {
  /** True when the filter lets every live document through (only the live check remains). */
  readonly unfiltered: boolean;
  readonly #columns: DocColumns;
  readonly #scope: Uint8Array | undefined;
  readonly #lo: number;
  readonly #hi: number;
  readonly #ranged: boolean;
  readonly #exact: boolean;
  readonly #collection = facetIndex('collection');
  readonly #buf: number[] = [];

  constructor(columns: DocColumns, filters: SearchFilters) {
    this.#columns = columns;
    this.unfiltered = !filters.collections && !filters.dateFrom && !filters.dateTo && filters.qualifiers !== 'exclude';
    if (filters.collections) {
      const fi = this.#collection;
      const scope = new Uint8Array(Math.max(1, columns.dictionary.size(fi)));
      for (const c of filters.collections) {
        const id = columns.dictionary.id(fi, c);
        if (id !== undefined) scope[id] = 1;
      }
      this.#scope = scope;
    }
    this.#lo = filters.dateFrom ? boundNumber(filters.dateFrom, 'start') : -Infinity;
    this.#hi = filters.dateTo ? boundNumber(filters.dateTo, 'end') : Infinity;
    this.#ranged = filters.dateFrom !== undefined || filters.dateTo !== undefined;
    this.#exact = filters.qualifiers === 'exclude';
  }

  /** Whether nothing would be filtered out of a set of live documents' matches. */
  get passesAll(): boolean {
    return this.unfiltered && this.#columns.deadCount === 0;
  }

  accepts(d: number): boolean {
    const c = this.#columns;
    if (!c.live[d]) return false;
    if (this.#ranged) {
      const s = c.dateStart[d]!;
      if (s === 0 || s > this.#hi || c.dateEnd[d]! < this.#lo) return false;
    }
    if (this.#exact && (c.dateFlags[d]! & (APPROXIMATE | UNCERTAIN)) !== 0) return false;
    const scope = this.#scope;
    if (scope && !c.facets.values(d, this.#collection, this.#buf).some((v) => scope[v])) return false;
    return true;
  }
}
