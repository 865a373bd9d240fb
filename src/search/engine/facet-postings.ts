/**
 * A facet turned inside out: for each value of one facet, the documents
 * that have it, built in one pass over the facet rows when a query first
 * filters on that facet (`type:cable`, `lang:ja`) and kept until the index
 * changes.
 * @module
 */
import type { DocColumns } from './doc-columns.js';

export class FacetPostings {
  readonly #start: Uint32Array;
  readonly #docs: Int32Array;

  constructor(columns: DocColumns, facet: number) {
    const size = columns.dictionary.size(facet);
    const rows = columns.facets;
    const live = columns.live;
    const counts = new Uint32Array(size + 1);
    const buf: number[] = [];
    for (let d = 0; d < columns.size; d++) if (live[d]) for (const v of rows.values(d, facet, buf)) counts[v + 1]!++;
    for (let i = 1; i <= size; i++) counts[i]! += counts[i - 1]!;
    this.#start = counts.slice();
    this.#docs = new Int32Array(this.#start[size]!);
    for (let d = 0; d < columns.size; d++) if (live[d]) for (const v of rows.values(d, facet, buf)) this.#docs[counts[v]!++] = d;
  }

  /** Documents with value `id`, in increasing doc number. */
  docs(id: number): Int32Array {
    if (id + 1 >= this.#start.length) return new Int32Array(0);
    return this.#docs.subarray(this.#start[id]!, this.#start[id + 1]!);
  }
}
