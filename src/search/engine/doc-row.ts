/**
 * The stored row of an indexed document: its date as the integers the
 * filters and sorting compare, and its facet values packed as ids.
 * @module
 */
import { parsePartialDate } from '../../domain/partial-date.js';
import type { IndexEntry } from '../../backends/search-index.js';
import { facetValues } from '../facets.js';
import { APPROXIMATE, facetIndex, UNCERTAIN, UNDATED, VALUE_BITS } from './doc-columns.js';
import type { MaybePromise, NewDocRow } from './index-storage.js';

/** Facet value ids already looked up in one write, so each is asked of the storage once. */
export type ValueIds = Map<string, number>;

export async function docRow(
  entry: IndexEntry,
  length: number,
  dictionary: ValueIds,
  lookUp: (facet: number, value: string) => MaybePromise<number>,
): Promise<NewDocRow> {
  const doc = entry.document;
  const date = doc.date ? parsePartialDate(doc.date) : undefined;
  let start = 0;
  let end = 0;
  let flags = 0;
  let sortKey = UNDATED;
  if (date?.ok) {
    const d = date.value;
    start = Number(d.range.start.replaceAll('-', ''));
    end = Number(d.range.end.replaceAll('-', ''));
    flags = (d.approximate ? APPROXIMATE : 0) | (d.uncertain ? UNCERTAIN : 0);
    // "1955" sorts at the start of 1955, before 1955-01-01: coarser precision first within a day.
    sortKey = start * 10 + { century: 0, decade: 1, year: 2, month: 3, day: 4 }[d.start.precision];
  }
  const packed: number[] = [];
  for (const [facet, values] of facetValues(entry)) {
    const fi = facetIndex(facet);
    for (const v of values) {
      const key = `${fi}\u0000${v}`;
      let id = dictionary.get(key);
      if (id === undefined) dictionary.set(key, (id = await lookUp(fi, v)));
      packed.push((fi << VALUE_BITS) | id);
    }
  }
  return {
    docId: doc.id,
    length,
    dateStart: start,
    dateEnd: end,
    dateFlags: flags,
    sortKey: sortKey === UNDATED ? null : sortKey,
    facets: new Uint32Array(packed),
  };
}
