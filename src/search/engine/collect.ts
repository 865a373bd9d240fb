/**
 * The last pass over the matches: filters (scope, date range with its
 * qualifiers, selected facet values), the total, the top k hits in the
 * requested order, and facet counts over the typed columns, one tight loop
 * per facet. Facet counts follow the multi-select rule: a facet's counts
 * ignore that facet's own selection (so its other values stay selectable)
 * but honour every other filter.
 * @module
 */
import { facetDeclaration, type FacetId } from '../facets.js';
import type { FacetCount, FacetRequest, SearchFilters, SearchSort } from '../../backends/search-index.js';
import { facetIndex, VALUE_BITS, VALUE_MASK, type DocColumns, type FacetRows } from './doc-columns.js';
import { DocFilter } from './doc-filter.js';
import type { DocSet } from './match.js';
import { facetGroups, GROUP_LIMIT, spreadCombinations, type FacetGroup } from './facet-groups.js';
import { countColumns, PARALLEL_THRESHOLD } from './parallel-count.js';
import { TopK } from './top-k.js';

export interface CollectRequest {
  filters: SearchFilters;
  sort: SearchSort;
  /** Hits wanted: offset + limit. */
  k: number;
  facets: readonly FacetRequest[];
}

export interface Collected {
  total: number;
  /** Best first. */
  hits: { doc: number; score: number }[];
  facets: Partial<Record<FacetId, FacetCount[]>>;
  /** Milliseconds spent filtering and ranking, and counting facets. */
  timings: { filter: number; facets: number };
}

interface Selection {
  id: FacetId;
  facet: number;
  rows: FacetRows;
  /** Selected value ids flagged, indexed by value id. */
  flags: Uint8Array;
  needed: number;
  join: 'or' | 'and';
}

/** Documents (with scores) that pass the live, scope and date filters; `set` undefined means every document. */
function baseFilter(set: DocSet | undefined, columns: DocColumns, filters: SearchFilters): DocSet {
  const filter = new DocFilter(columns, filters);
  // Nothing to filter out: the matches themselves (the common case for a plain query).
  if (set && filter.passesAll) return set;
  const n = set ? set.n : columns.size;
  const docs = new Int32Array(n);
  const scores = new Float32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const d = set ? set.docs[i]! : i;
    if (!filter.accepts(d)) continue;
    docs[m] = d;
    scores[m++] = set ? set.scores[i]! : 0;
  }
  return { docs, scores, n: m };
}

const scratch: number[] = [];

function passes(s: Selection, d: number): boolean {
  let hits = 0;
  for (const v of s.rows.values(d, s.facet, scratch)) if (s.flags[v]) hits++;
  return s.join === 'or' ? hits > 0 : hits >= s.needed;
}

/**
 * The documents that pass every selection, and for each selection those that
 * fail it alone: a facet's counts (multi-select) are over both. One check of
 * each document against the selections, however many there are.
 */
function keep(set: DocSet, selections: Selection[]): { passing: DocSet; failsOnly: Int32Array[]; failsOnlyN: Int32Array } {
  const failsOnly: Int32Array[] = selections.map(() => new Int32Array(0));
  const failsOnlyN = new Int32Array(selections.length);
  if (selections.length === 0) return { passing: set, failsOnly, failsOnlyN };
  const docs = new Int32Array(set.n);
  const scores = new Float32Array(set.n);
  let m = 0;
  for (let i = 0; i < set.n; i++) {
    const d = set.docs[i]!;
    let failed = -1;
    let failures = 0;
    for (let s = 0; s < selections.length && failures < 2; s++) {
      if (passes(selections[s]!, d)) continue;
      failed = s;
      failures++;
    }
    if (failures === 0) {
      docs[m] = d;
      scores[m++] = set.scores[i]!;
    } else if (failures === 1) {
      let list = failsOnly[failed]!;
      const at = failsOnlyN[failed]!;
      if (at === list.length) failsOnly[failed] = list = grow(list);
      list[at] = d;
      failsOnlyN[failed] = at + 1;
    }
  }
  return { passing: { docs, scores, n: m }, failsOnly, failsOnlyN };
}

function grow(a: Int32Array): Int32Array {
  const next = new Int32Array(Math.max(64, a.length * 2));
  next.set(a);
  return next;
}

/** From this many hits on, slot columns with few values are counted in groups (facet-groups.ts). */
export const GROUPED_AT = 8_192;

/**
 * Counts of every value of the wanted facets over a set of documents: one
 * tight pass per slot column, or per group of slot columns for large sets
 * (shared between two threads for larger ones). `docCount` is one past the
 * largest doc number the rows hold; `groupLimit` bounds a group's combinations;
 * from `parallelAt` hits on, the passes are shared with a helper thread.
 */
export function countFacets(
  set: DocSet,
  rows: FacetRows,
  wanted: number[],
  sizes: number[],
  docCount: number,
  groupedAt = GROUPED_AT,
  groupLimit = GROUP_LIMIT,
  parallelAt = PARALLEL_THRESHOLD,
): Int32Array[] {
  // Counts are shifted by one (slot value 0 means empty); each facet's counts are views into one flat array.
  const facetOf = new Int32Array(rows.stride);
  rows.width.forEach((w, f) => facetOf.fill(f, rows.first[f]!, rows.first[f]! + w));
  const start = new Int32Array(rows.width.length).fill(-1);
  let total = 0;
  for (const f of wanted) {
    if (start[f]! >= 0) continue;
    start[f] = total;
    total += sizes[f]! + 1;
  }
  const columns: Uint16Array[] = [];
  const offsets: number[] = [];
  const alone = (slot: number) => {
    // A column no document fills would only count "no value"; a facet few documents have costs nothing.
    if (start[facetOf[slot]!]! < 0 || rows.filled[slot] === 0) return;
    columns.push(rows.columns[slot]!);
    offsets.push(start[facetOf[slot]!]!);
  };
  const groups = set.n >= groupedAt ? facetGroups(rows, docCount, groupLimit) : undefined;
  // Each group's combinations are counted after the facets' counts, then spread over them.
  const spread: { group: FacetGroup; at: number; into: number[] }[] = [];
  if (groups) {
    for (const slot of groups.singles) alone(slot);
    for (const group of groups.groups) {
      const into = group.slots.map((slot) => start[facetOf[slot]!]!);
      if (into.every((at) => at < 0)) continue;
      spread.push({ group, at: total, into });
      columns.push(group.codes);
      offsets.push(total);
      total += group.combinations;
    }
  } else for (let slot = 0; slot < rows.stride; slot++) alone(slot);
  const flat = new Int32Array(Math.max(total, 1));
  countColumns(set.docs, set.n, columns, Int32Array.from(offsets), flat, parallelAt);
  for (const s of spread) spreadCombinations(s.group, flat, s.at, s.into, flat);
  const out = Array.from(rows.width, (_, f) => (start[f]! >= 0 ? flat.subarray(start[f]!, start[f]! + sizes[f]! + 1) : new Int32Array(1)));
  if (rows.spill.length > 0) {
    const wantedFlags = new Uint8Array(rows.width.length);
    for (const f of wanted) wantedFlags[f] = 1;
    const spilled = rows.spilled;
    for (let i = 0; i < set.n; i++) {
      const at = spilled[set.docs[i]!]!;
      if (at === 0) continue;
      for (const p of rows.spill[at - 1]!) {
        const f = p >>> VALUE_BITS;
        if (wantedFlags[f]) out[f]![(p & VALUE_MASK) + 1]!++;
      }
    }
  }
  return out.map((c) => c.subarray(1));
}

export function collect(set: DocSet | undefined, columns: DocColumns, req: CollectRequest): Collected {
  const started = performance.now();
  const base = baseFilter(set, columns, req.filters);
  const dict = columns.dictionary;
  const selections: Selection[] = [];
  for (const [id, values] of Object.entries(req.filters.facets ?? {}) as [FacetId, string[]][]) {
    if (!values || values.length === 0) continue;
    const fi = facetIndex(id);
    const flags = new Uint8Array(Math.max(1, dict.size(fi)));
    const distinct = new Set(values);
    for (const v of distinct) {
      const vid = dict.id(fi, v);
      if (vid !== undefined) flags[vid] = 1;
    }
    selections.push({ id, facet: fi, rows: columns.facets, flags, needed: distinct.size, join: facetDeclaration(id).join });
  }
  const { passing, failsOnly, failsOnlyN } = keep(base, selections);

  const top = new TopK(req.k);
  const { sortKey } = columns;
  // A key below the heap's threshold cannot enter it (top-k.ts): most of a large set is passed on that test alone.
  let floor = top.threshold;
  for (let i = 0; i < passing.n; i++) {
    const d = passing.docs[i]!;
    if (req.sort === 'relevance') {
      const score = passing.scores[i]!;
      if (score < floor) continue;
      top.offer(d, score, sortKey[d]!);
    } else {
      const sk = sortKey[d]!;
      const key = req.sort === 'date' ? -sk : sk === Infinity ? -Infinity : sk;
      if (key < floor) continue;
      top.offer(d, key, sk);
    }
    floor = top.threshold;
  }

  const ranked = performance.now();
  const facets: Partial<Record<FacetId, FacetCount[]>> = {};
  const sizes = dict.values.map((v) => v.length);
  // Every requested facet over the documents passing every filter, in one count; a facet with a selection
  // (multi-select: counted without its own filter) adds the documents that fail only that selection.
  if (req.facets.length > 0) {
    const counts = countFacets(passing, columns.facets, req.facets.map((f) => facetIndex(f.id)), sizes, columns.size);
    const added = new Set<number>();
    for (const f of req.facets) {
      const fi = facetIndex(f.id);
      const s = selections.findIndex((x) => x.id === f.id);
      // Once per facet, should a request name it twice.
      if (s >= 0 && failsOnlyN[s]! > 0 && !added.has(fi)) {
        added.add(fi);
        const extra = countFacets({ docs: failsOnly[s]!, scores: new Float32Array(0), n: failsOnlyN[s]! }, columns.facets, [fi], sizes, columns.size)[fi]!;
        const own = counts[fi]!;
        for (let v = 0; v < own.length; v++) own[v]! += extra[v]!;
      }
      facets[f.id] = topValues(counts[fi]!, dict.values[fi]!, f);
    }
  }
  const hits = top.sorted();
  return { total: passing.n, hits, facets, timings: { filter: ranked - started, facets: performance.now() - ranked } };
}

const byValue = (a: FacetCount, b: FacetCount) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

function topValues(counts: Int32Array, values: string[], req: FacetRequest): FacetCount[] {
  const order = facetDeclaration(req.id).order;
  const out: FacetCount[] = [];
  if (order === 'count' && req.limit > 0) {
    // Only the top `limit`: a threshold pass instead of sorting every value.
    let min = 0;
    for (let id = 0; id < counts.length; id++) {
      const c = counts[id]!;
      if (c <= min || values[id] === undefined) continue;
      out.push({ value: values[id]!, count: c });
      if (out.length > req.limit * 4) {
        out.sort((a, b) => b.count - a.count || byValue(a, b));
        out.length = req.limit;
        min = out[out.length - 1]!.count - 1;
      }
    }
  } else {
    for (let id = 0; id < counts.length; id++) if (counts[id]! > 0 && values[id] !== undefined) out.push({ value: values[id]!, count: counts[id]! });
  }
  if (order === 'count') out.sort((a, b) => b.count - a.count || byValue(a, b));
  else if (order === 'chronological') out.sort((a, b) => Number(a.value) - Number(b.value) || byValue(a, b));
  else out.sort(byValue);
  return req.limit > 0 ? out.slice(0, req.limit) : out;
}
