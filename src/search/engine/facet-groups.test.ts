/**
 * Facet counts through grouped slot columns (facet-groups.ts) against a
 * plain count of every value of every hit, over random documents (values
 * past a facet's slots and ids past 16 bits spill), random hit sets and
 * documents appended after the groups were built.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FACET_IDS } from '../facets.js';
import { countFacets } from './collect.js';
import { FacetRows, VALUE_BITS } from './doc-columns.js';
import { facetGroups } from './facet-groups.js';

const FACETS = FACET_IDS.length;

/** Per document, per facet, its value ids. */
type Docs = number[][][];

function rowsOf(docs: Docs, rows = new FacetRows(), from = 0): FacetRows {
  docs.forEach((facets, i) => rows.set(from + i, facets.flatMap((ids, f) => ids.map((id) => (f << VALUE_BITS) | id))));
  return rows;
}

/** Every value of every hit, counted one by one: "facet/value" → count. */
function reference(docs: Docs, hits: number[], wanted: number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of hits) for (const f of new Set(wanted)) for (const id of docs[d]![f]!) counts.set(`${f}/${id}`, (counts.get(`${f}/${id}`) ?? 0) + 1);
  return counts;
}

/** countFacets' non-zero counts, keyed as {@link reference} keys them; every count array as long as its facet's size. */
function counted(rows: FacetRows, docCount: number, hits: number[], wanted: number[], sizes: number[], groupedAt: number, limit?: number): Map<string, number> {
  const set = { docs: Int32Array.from(hits), scores: new Float32Array(hits.length), n: hits.length };
  const counts = new Map<string, number>();
  countFacets(set, rows, wanted, sizes, docCount, groupedAt, limit).forEach((c, f) => {
    if (!wanted.includes(f)) return;
    expect(c.length).toBe(sizes[f]);
    c.forEach((n, id) => n > 0 && counts.set(`${f}/${id}`, n));
  });
  return counts;
}

/** A facet's value ids: small for most facets, large (spilling past 16 bits) for a few. */
const valueIds = (f: number) => fc.uniqueArray(f === 10 ? fc.oneof(fc.integer({ max: 40, min: 0 }), fc.constantFrom(0xfffd, 0xfffe, 70_000)) : fc.integer({ min: 0, max: f * 3 + 1 }), { maxLength: f % 4 === 0 ? 5 : 2 });
const doc = fc.tuple(...Array.from({ length: FACETS }, (_, f) => valueIds(f)));
const sizesOf = (docs: Docs) => Array.from({ length: FACETS }, (_, f) => 1 + Math.max(0, ...docs.flatMap((d) => d[f]!)));

describe('countFacets with grouped slot columns', () => {
  it('counts every value as a plain count of each hit does', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 120 }),
        fc.array(fc.boolean(), { maxLength: 120 }),
        fc.subarray([...FACET_IDS.keys()], { minLength: 1 }),
        fc.integer({ min: 2, max: 5000 }),
        (docs, picks, wanted, limit) => {
          const rows = rowsOf(docs);
          const hits = docs.map((_, d) => d).filter((d) => picks[d] ?? true);
          const sizes = sizesOf(docs);
          // Groups of every size: the drawn limit bounds each group's combinations.
          const groups = facetGroups(rows, docs.length, limit);
          expect(groups.groups.every((g) => g.slots.length > 1 && g.combinations <= limit)).toBe(true);
          expect(counted(rows, docs.length, hits, wanted, sizes, 0, limit)).toEqual(reference(docs, hits, wanted));
          expect(counted(rows, docs.length, hits, wanted, sizes, Infinity)).toEqual(reference(docs, hits, wanted));
        },
      ),
      { numRuns: 200, seed: 25 },
    );
  });

  it('stays exact as documents are appended after the groups were built, new values among them', () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 60 }), fc.array(doc, { minLength: 1, maxLength: 60 }), (first, later) => {
        const rows = rowsOf(first);
        const all = [...first, ...later];
        const sizes = sizesOf(all);
        const wanted = [...FACET_IDS.keys()];
        const before = first.map((_, d) => d);
        expect(counted(rows, first.length, before, wanted, sizes, 0)).toEqual(reference(first, before, wanted));
        rowsOf(later, rows, first.length);
        const hits = all.map((_, d) => d);
        expect(counted(rows, all.length, hits, wanted, sizes, 0)).toEqual(reference(all, hits, wanted));
      }),
      { numRuns: 150, seed: 26 },
    );
  });

  it('extends its codes for appended documents and builds again when a grouped column meets a larger value', () => {
    const rows = new FacetRows();
    // type (facet 3) and language (facet 4): one slot each, a few values.
    for (let d = 0; d < 100; d++) rows.set(d, [(3 << VALUE_BITS) | d % 3, (4 << VALUE_BITS) | d % 2]);
    const first = facetGroups(rows, 100);
    expect(first.groups.map((g) => g.slots.length)).toEqual([2]);
    rows.set(100, [(3 << VALUE_BITS) | 1]);
    expect(facetGroups(rows, 101)).toBe(first);
    rows.set(101, [(3 << VALUE_BITS) | 9]);
    const again = facetGroups(rows, 102);
    expect(again).not.toBe(first);
    expect(again.groups[0]!.radix).toEqual([3, 11]);
    // A document's values set again: the codes are derived afresh.
    rows.set(5, [(3 << VALUE_BITS) | 2]);
    expect(facetGroups(rows, 102)).not.toBe(again);
  });
});
