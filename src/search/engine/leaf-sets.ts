/**
 * Query leaves answered from the document columns rather than postings:
 * `date:` (every document whose date range overlaps) and `type:`, `lang:`,
 * `collection:` (documents with one of the resolved values, from the facet
 * inverted once and cached).
 * @module
 */
import type { QueryNode } from '../query.js';
import { facetIndex, type DocColumns } from './doc-columns.js';
import { unionAll, type DocSet, type MatchContext } from './match.js';

/** yyyymmdd of the first or last day a bound names. */
export function boundNumber(bound: string, side: 'start' | 'end'): number {
  const [y = '0', m, d] = bound.split('-');
  const year = Number(y);
  const month = m ? Number(m) : side === 'start' ? 1 : 12;
  const day = d ? Number(d) : side === 'start' ? 1 : new Date(Date.UTC(year, month, 0)).getUTCDate();
  return year * 10000 + month * 100 + day;
}

export function dateSet(from: string | undefined, to: string | undefined, columns: DocColumns): DocSet {
  const lo = from ? boundNumber(from, 'start') : -Infinity;
  const hi = to ? boundNumber(to, 'end') : Infinity;
  const docs = new Int32Array(columns.size);
  let n = 0;
  for (let d = 0; d < columns.size; d++) {
    const s = columns.dateStart[d]!;
    if (s !== 0 && s <= hi && columns.dateEnd[d]! >= lo) docs[n++] = d;
  }
  return { docs: docs.subarray(0, n), scores: new Float32Array(n), n };
}

export function valueSet(node: Extract<QueryNode, { type: 'value' }>, ctx: MatchContext): DocSet {
  const facets =
    node.field === 'type' ? ['type'] : node.field === 'collection' ? ['collection'] : node.field === 'release' || node.field === 'new' ? ['release'] : ['language', 'translation'];
  const ids = node.ids ?? [node.text];
  const sets: DocSet[] = [];
  for (const f of facets) {
    const fi = facetIndex(f as Parameters<typeof facetIndex>[0]);
    const inverted = ctx.source.facetPostings(fi);
    for (const value of ids) {
      const id = ctx.columns.dictionary.id(fi, value);
      if (id === undefined) continue;
      const docs = inverted.docs(id);
      sets.push({ docs, scores: new Float32Array(docs.length), n: docs.length });
    }
  }
  return unionAll(sets, ctx.columns.size);
}
