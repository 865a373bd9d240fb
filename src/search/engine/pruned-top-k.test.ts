/**
 * The pruned top k (a word's blocks skipped by their bounds, an AND's
 * documents by their postings' bounds) against exhaustive evaluation: on random small
 * indexes, and on random posting lists, lengths, dates and deletions full of
 * ties — the same total, the same hits in the same order, the same scores,
 * for words, fielded words and ANDs of words, with and without date filters.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchFilters, SearchRequest } from '../../backends/search-index.js';
import { sqliteSearchIndex } from '../../backends/sqlite/sqlite-index-storage.js';
import { analyze } from '../analyzer.js';
import { FIELD } from '../index-fields.js';
import { parseQuery } from '../query-parser.js';
import { indexRandomDocs } from '../../../test/random-index.js';
import { DocColumns, UNDATED } from './doc-columns.js';
import { DocFilter } from './doc-filter.js';
import { FacetPostings } from './facet-postings.js';
import { collect } from './collect.js';
import { B, bm25, evaluate, type PostingSource } from './match.js';
import { BLOCK, BlockList, encodePositions, encodePostings, PostingBuffer, type PositionPart } from './posting-codec.js';
import { prunedTopK, shortestLength, type BlockSource } from './pruned-top-k.js';
import { PositionCursor, type Postings } from './segment.js';
import { ByteWriter } from './varint.js';

const VOCABULARY = ['treaty', 'treaties', 'trade', 'trading', 'harbour', 'minister', 'loan', 'yen', 'fisheries', 'cable', 'peking', 'soviet'];

/** Words drawn with a skew (the first words common, the last rare), as in real text. */
const word = fc.integer({ min: 0, max: 2 ** 16 - 1 }).map((x) => VOCABULARY[Math.floor(VOCABULARY.length * (x / 2 ** 16) ** 2)]!);

const doc = fc.record({
  title: fc.array(word, { minLength: 0, maxLength: 3 }),
  body: fc.array(word, { minLength: 1, maxLength: 80 }),
  year: fc.option(fc.integer({ min: 1900, max: 1999 }), { nil: undefined }),
});

const query = fc.record({
  text: fc.oneof(
    word,
    word.map((w) => `title:${w}`),
    fc.array(word, { minLength: 2, maxLength: 3 }).map((ws) => ws.join(' ')),
    fc.array(word, { minLength: 2, maxLength: 3 }).map((ws) => `"${ws.join(' ')}"`),
  ),
  decade: fc.option(fc.integer({ min: 190, max: 199 }), { nil: undefined }),
  limit: fc.integer({ min: 1, max: 25 }),
  offset: fc.integer({ min: 0, max: 5 }),
  upTo: fc.integer({ min: 1, max: 60 }),
});

/**
 * `p` as it is stored: two segments' lists (cut at posting `cut`), each full block with its bound from the columns'
 * lengths (every document's, replaced ones included, as the segments are written).
 */
function stored(p: Postings, columns: DocColumns, cut: number): BlockList {
  const lengths = { from: 0, len: Int32Array.from(columns.length.subarray(0, columns.size)) };
  const parts: { base: number; postings: Uint8Array }[] = [];
  for (const [from, to] of [[0, cut], [cut, p.n]] as const) {
    if (to <= from) continue;
    const b = new PostingBuffer();
    for (let i = from; i < to; i++) b.push(p.docs[i]!, p.wtf[i]!, p.masks[i]!, 0);
    const w = new ByteWriter();
    encodePostings(b, p.docs[from]!, w, new Int32Array(BLOCK), lengths);
    parts.push({ base: p.docs[from]!, postings: w.finish() });
  }
  return new BlockList(parts);
}

/** Posting lists gathered document by document (with their positions, for phrases), made typed arrays by {@link expectAsExhaustive}. */
class Lists extends Map<string, { docs: number[]; wtf: number[]; masks: number[]; positions: number[][] }> {
  add(term: string, d: number, wtf: number, mask: number, positions: number[] = []): void {
    const l = this.get(term) ?? { docs: [], wtf: [], masks: [], positions: [] };
    this.set(term, l);
    l.docs.push(d);
    l.wtf.push(wtf);
    l.masks.push(mask);
    l.positions.push(positions);
  }

  /** A term's positions as stored, in two segments cut at posting `cut` (or one). */
  positionParts(term: string, cut: number): PositionPart[] {
    const l = this.get(term);
    if (!l) return [];
    const parts: PositionPart[] = [];
    for (const [from, to] of [[0, cut], [cut, l.docs.length]] as const) {
      if (to <= from) continue;
      const b = new PostingBuffer();
      for (let i = from; i < to; i++) {
        const ps = l.positions[i]!;
        b.push(l.docs[i]!, l.wtf[i]!, l.masks[i]!, ps.length);
        b.positionRoom(ps.length).set(ps, b.npos);
        b.npos += ps.length;
      }
      const w = new ByteWriter();
      encodePositions(b, w);
      parts.push({ n: to - from, positions: w.finish() });
    }
    return parts;
  }
}

/** A source of `lists` decoded, their positions as stored in two segments (cut at that quarter of each, with `cut`). */
function sourceOf(lists: Lists, columns: DocColumns, cut = 0): { source: PostingSource; postings: Map<string, Postings> } {
  const postings = new Map<string, Postings>(
    [...lists].map(([term, l]) => [term, { docs: Int32Array.from(l.docs), wtf: Uint8Array.from(l.wtf), masks: Uint8Array.from(l.masks), n: l.docs.length }]),
  );
  const source: PostingSource = {
    postings: (term) => postings.get(term),
    positions: (term) => new PositionCursor(lists.positionParts(term, Math.floor(((lists.get(term)?.docs.length ?? 0) * cut) / 4))),
    expandPrefix: () => ({ terms: [], truncated: false }),
    facetPostings: () => new FacetPostings(columns, 0),
  };
  return { source, postings };
}

/**
 * The pruned top k of `text` over `lists` against the exhaustive path: the same total, hits and scores; decoded
 * lists, and with `cut` the same lists as stored in two segments (cut at that quarter of each), read block by block.
 * With `upTo`, counted only up to that many: the same hits and scores, and a total that is exact when it says so
 * (always when fewer match), else at least `upTo` and at most the true count.
 */
function expectAsExhaustive(lists: Lists, columns: DocColumns, text: string, dated: boolean, k: number, cut?: number, upTo = Infinity): void {
  const { source, postings } = sourceOf(lists, columns, cut);
  const query = parseQuery(text).root!;
  const ctx = { source, columns, notices: [], exactForms: text.includes(' ') };
  const filters = dated ? { dateFrom: '1951', dateTo: '1952' } : {};
  const exhaustive = collect(evaluate(query, ctx), columns, { filters, sort: 'relevance', k, facets: [] });
  const sources: PostingSource[] = [source];
  if (cut !== undefined) {
    const stores = new Map([...postings].map(([term, p]) => [term, stored(p, columns, Math.floor((p.n * cut) / 4))]));
    const blockSource: PostingSource & BlockSource = { ...source, blocks: (term) => stores.get(term) };
    sources.push(blockSource);
  }
  for (const s of sources) {
    const pruned = prunedTopK(query, { ...ctx, source: s }, new DocFilter(columns, filters), k, upTo);
    // A phrase with an exact total and no filter is left to the exhaustive path: its walk would check every candidate too.
    if (text.startsWith('"') && !dated && upTo === Infinity) {
      expect(pruned, text).toBeUndefined();
      continue;
    }
    expect(pruned, text).toBeDefined();
    expect(pruned!.hits.map((h) => [h.doc, h.score]), text).toEqual(exhaustive.hits.map((h) => [h.doc, h.score]));
    if (upTo === Infinity || exhaustive.total < upTo) expect(pruned!.exact, text).toBe(true);
    if (pruned!.exact) expect(pruned!.total, text).toBe(exhaustive.total);
    else {
      expect(pruned!.total, text).toBeGreaterThanOrEqual(upTo);
      expect(pruned!.total, text).toBeLessThanOrEqual(exhaustive.total);
    }
  }
}

describe('the pruned top k', () => {
  it('answers exactly as exhaustive evaluation on random indexes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { minLength: 150, maxLength: 500 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(query, { minLength: 8, maxLength: 8 }),
        async (docs, replaced, queries) => {
          const pruned = sqliteSearchIndex(new BetterSqlite3(':memory:'));
          const exhaustive = sqliteSearchIndex(new BetterSqlite3(':memory:'), { pruning: false });
          await indexRandomDocs([pruned, exhaustive], docs, 100, replaced);
          for (const q of queries) {
            const request: SearchRequest = {
              query: parseQuery(q.text).root,
              filters: q.decade ? { dateFrom: String(q.decade * 10), dateTo: String(q.decade * 10 + 9) } : {},
              sort: 'relevance',
              limit: q.limit,
              offset: q.offset,
            };
            const [a, b] = [await pruned.search(request), await exhaustive.search(request)];
            expect(a.total, q.text).toBe(b.total);
            expect(a.hits, q.text).toEqual(b.hits);
            expect(a.totalRelation, q.text).toBe('eq');
            // Counted only up to a few: the same hits, a total that is at least that many (exact when fewer match).
            const upTo = await pruned.search({ ...request, totalUpTo: q.upTo });
            expect(upTo.hits, q.text).toEqual(b.hits);
            const floor = Math.max(q.upTo, q.offset + q.limit + 1);
            if (upTo.totalRelation === 'eq') expect(upTo.total, q.text).toBe(b.total);
            else expect([b.total >= floor, upTo.total >= floor, upTo.total <= b.total], q.text).toEqual([true, true, true]);
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);

  it('scores only the blocks of a common word that can reach the top, and still counts every posting', () => {
    // 20,000 documents; the word in every other one, mostly once, four times in every thousandth; lengths vary.
    const columns = new DocColumns();
    const n = 20_000;
    for (let d = 0; d < n; d++) columns.append({ doc: d, docId: `d${d}`, live: true, length: 20 + ((d * 7919) % 400), dateStart: 0, dateEnd: 0, dateFlags: 0, sortKey: UNDATED, facets: [] });
    const docs = Int32Array.from({ length: n / 2 }, (_, i) => 2 * i);
    const wtf = Uint8Array.from(docs, (d) => (d % 1000 === 0 ? 4 : 1));
    const postings: Postings = { docs, wtf, masks: new Uint8Array(docs.length).fill(FIELD.body), n: docs.length };
    const source: PostingSource = {
      postings: (term) => (term === 'cabl' ? postings : undefined),
      positions: () => new PositionCursor([]),
      expandPrefix: () => ({ terms: [], truncated: false }),
      facetPostings: () => new FacetPostings(columns, 0),
    };
    const ctx = { source, columns, notices: [], exactForms: false };
    const top = prunedTopK(parseQuery('cable').root!, ctx, new DocFilter(columns, {}), 10)!;
    expect(top.total).toBe(n / 2);
    expect(top.scored).toBeLessThan(n / 4);
    // The oracle: every posting scored, sorted by score, then doc.
    const avg = columns.averageLength();
    const idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
    const all = Array.from(docs, (d, i) => ({ doc: d, score: bm25(postings, i, idf, 1 - B + (B * columns.length[d]!) / avg) }));
    all.sort((a, b) => b.score - a.score || a.doc - b.doc);
    expect(top.hits.map((h) => ({ doc: h.doc, score: h.score }))).toEqual(all.slice(0, 10));
    // The same list as stored, block by block: only the blocks whose stored bound reaches the top are decoded.
    const list = stored(postings, columns, 3000);
    const blockSource: PostingSource & BlockSource = { ...source, blocks: (term) => (term === 'cabl' ? list : undefined) };
    const blockCtx = { ...ctx, source: blockSource };
    const fromBlocks = prunedTopK(parseQuery('cable').root!, blockCtx, new DocFilter(columns, {}), 10)!;
    expect(fromBlocks.total).toBe(n / 2);
    expect(fromBlocks.scored).toBeLessThan(n / 4);
    expect(fromBlocks.hits).toEqual(top.hits);
    // A replaced document: the blocks around it are counted from their doc numbers, the others by their counts.
    columns.kill(4000);
    const afterKill = prunedTopK(parseQuery('cable').root!, blockCtx, new DocFilter(columns, {}), 10)!;
    expect(afterKill.total).toBe(n / 2 - 1);
    expect(afterKill.hits).toEqual(prunedTopK(parseQuery('cable').root!, ctx, new DocFilter(columns, {}), 10)!.hits);
  });

  it('answers exactly as the exhaustive path over random lists, lengths, dates and deletions, ties included', () => {
    // Few distinct lengths, frequencies and dates, so that many postings tie on score and on date.
    const posting = fc.record({
      wtf: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 255 }) }),
      mask: fc.oneof({ weight: 8, arbitrary: fc.constant(FIELD.body) }, { weight: 1, arbitrary: fc.constant(FIELD.title | FIELD.body) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 255 }) }),
    });
    const column = fc.record({
      stored: fc.boolean(),
      length: fc.oneof({ weight: 6, arbitrary: fc.constant(60) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 6 }).map((x) => x * 15) }, { weight: 1, arbitrary: fc.integer({ min: 25, max: 2000 }) }),
      year: fc.option(fc.integer({ min: 1950, max: 1953 }), { nil: undefined }),
      dead: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
      // Per word (stem, then its form as typed): whether the document holds it, and how.
      words: fc.array(fc.tuple(fc.option(posting, { nil: undefined, freq: 2 }), fc.option(posting, { nil: undefined, freq: 1 })), { minLength: 3, maxLength: 3 }),
    });
    const words = ['cable', 'harbour', 'trading'];
    const forms = words.map((w) => analyze(w)).map((ts) => [ts[0]!.term, ts.find((t) => t.extra === 'exact')?.term] as const);
    fc.assert(
      fc.property(
        fc.array(column, { minLength: 1, maxLength: 700, size: 'max' }),
        fc.constantFrom('cable', 'title:harbour', 'trading', 'cable harbour', 'harbour trading cable'),
        fc.boolean(),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 300 }),
        (rows, text, dated, k, cut, upTo) => {
          const columns = new DocColumns();
          const lists = new Lists();
          // Doc 0 and every number not stored are gaps: a gap's length of 0 is no document's.
          for (const [i, r] of rows.entries()) {
            const d = i + 1;
            if (!r.stored) continue;
            const date = r.year ? r.year * 10000 + 101 : 0;
            columns.append({ doc: d, docId: `d${d}`, live: true, length: r.length, dateStart: date, dateEnd: date ? date + 1130 : 0, dateFlags: 0, sortKey: date || UNDATED, facets: [] });
            for (const [w, [stem, exact]] of r.words.entries()) {
              if (stem) lists.add(forms[w]![0], d, stem.wtf, stem.mask);
              if (stem && exact && forms[w]![1]) lists.add(forms[w]![1]!, d, exact.wtf, exact.mask);
            }
          }
          for (const [i, r] of rows.entries()) if (r.stored && r.dead) columns.kill(i + 1);
          expectAsExhaustive(lists, columns, text, dated, k, cut);
          expectAsExhaustive(lists, columns, text, dated, k, cut, upTo);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes stored lists by their blocks\' bounds and answers as the exhaustive path, over many blocks (fast-check)', () => {
    // Per word, the share of documents holding it; the form as typed is in half of those that hold a stemmed word.
    const words = [
      ['cable', 0.65],
      ['harbour', 0.3],
      ['trading', 0.05],
    ] as const;
    const forms = words.map(([w]) => analyze(w)).map((ts) => [ts[0]!.term, ts.find((t) => t.extra === 'exact')?.term] as const);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 1200, max: 4000 }),
        fc.constantFrom('cable', 'title:cable', 'cable harbour', 'harbour cable', 'trading cable', 'cable harbour trading'),
        fc.constantFrom(0, 0.02, 0.3),
        fc.boolean(),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 2000 }),
        (seed, size, text, deadShare, dated, k, cut, plain, upTo) => {
          let s = seed;
          const random = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
          const columns = new DocColumns();
          const lists = new Lists();
          for (let d = 1; d <= size; d++) {
            if (random() < 0.1) continue;
            // Few lengths and frequencies, so that scores tie; now and then a long or a short document. Plain lists:
            // every posting one body word; else varied frequencies, a few title words (weighing ten) in long documents.
            const f = plain ? 0 : random();
            const title = f > 0.95;
            const r = random();
            const length = title ? 200 + Math.floor(random() * 2000) : r < 0.6 ? 60 : r < 0.9 ? 15 * (2 + Math.floor(random() * 5)) : 5 + Math.floor(random() * 2000);
            const year = random() < 0.5 ? 1950 + Math.floor(random() * 4) : 0;
            const date = year ? year * 10000 + 101 : 0;
            columns.append({ doc: d, docId: `d${d}`, live: true, length, dateStart: date, dateEnd: date ? date + 1130 : 0, dateFlags: 0, sortKey: date || UNDATED, facets: [] });
            for (const [w, [, share]] of words.entries()) {
              if (random() >= share) continue;
              const wtf = title ? 10 + Math.floor(random() * 3) : f < 0.7 ? 1 : f < 0.93 ? 1 + Math.floor(random() * 4) : Math.floor(random() * 256);
              const mask = title ? FIELD.title | FIELD.body : FIELD.body;
              lists.add(forms[w]![0], d, wtf, mask);
              if (forms[w]![1] && random() < 0.5) lists.add(forms[w]![1]!, d, Math.max(1, wtf - 1), mask);
            }
          }
          for (let d = 1; d <= size; d++) if (random() < deadShare) columns.kill(d);
          expectAsExhaustive(lists, columns, text, dated, k, cut);
          expectAsExhaustive(lists, columns, text, dated, k, cut, upTo);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers a phrase as the exhaustive path over random bodies, lengths, dates and deletions, ties included, counted as asked (fast-check)', () => {
    const words = ['cable', 'harbour', 'trading'];
    const stems = words.map((w) => analyze(w)[0]!.term);
    const column = fc.record({
      stored: fc.integer({ min: 0, max: 4 }).map((x) => x > 0),
      length: fc.oneof({ weight: 6, arbitrary: fc.constant(60) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 6 }).map((x) => x * 15) }, { weight: 1, arbitrary: fc.integer({ min: 25, max: 2000 }) }),
      year: fc.option(fc.integer({ min: 1950, max: 1953 }), { nil: undefined }),
      dead: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
      title: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
      // The body as indexes into `words`, skewed to the first.
      body: fc.array(fc.integer({ min: 0, max: 8 }).map((x) => (x < 4 ? 0 : x < 7 ? 1 : 2)), { minLength: 0, maxLength: 12 }),
    });
    fc.assert(
      fc.property(
        fc.array(column, { minLength: 1, maxLength: 700, size: 'max' }),
        fc.constantFrom('"cable harbour"', '"harbour cable"', '"cable harbour trading"', '"trading cable"', '"cable cable"', '"harbour trading harbour"', '"trading trading"'),
        fc.boolean(),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 300 }),
        (rows, text, dated, k, cut, upTo) => {
          const columns = new DocColumns();
          const lists = new Lists();
          for (const [i, r] of rows.entries()) {
            const d = i + 1;
            if (!r.stored) continue;
            const date = r.year ? r.year * 10000 + 101 : 0;
            columns.append({ doc: d, docId: `d${d}`, live: true, length: r.length, dateStart: date, dateEnd: date ? date + 1130 : 0, dateFlags: 0, sortKey: date || UNDATED, facets: [] });
            for (const [w, stem] of stems.entries()) {
              const at = r.body.flatMap((x, j) => (x === w ? [j] : []));
              if (at.length === 0) continue;
              lists.add(stem, d, Math.min(255, at.length + (r.title ? 10 : 0)), r.title ? FIELD.title | FIELD.body : FIELD.body, at);
            }
          }
          for (const [i, r] of rows.entries()) if (r.stored && r.dead) columns.kill(i + 1);
          expectAsExhaustive(lists, columns, text, dated, k, cut);
          expectAsExhaustive(lists, columns, text, dated, k, cut, upTo);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("checks a common phrase's positions while its total is counted, then only where a document can enter the top", () => {
    // 20,000 documents: "harbour" in every one, "cable" in every other; the phrase in every fourth, once and late,
    // or (every 500th) twice and early; lengths vary. A body: "harbour" at 0 and 10, "cable" at 11 (the phrase) or 5.
    const columns = new DocColumns();
    const n = 20_000;
    const lists = new Lists();
    const [harbour, cable] = ['harbour', 'cable'].map((w) => analyze(w)[0]!.term);
    for (let d = 0; d < n; d++) {
      const year = 1950 + (d % 10);
      columns.append({ doc: d, docId: `d${d}`, live: true, length: 20 + ((d * 7919) % 400), dateStart: year * 10000 + 101, dateEnd: year * 10000 + 1231, dateFlags: 0, sortKey: year * 10000 + 101, facets: [] });
      const twice = d % 500 === 0;
      lists.add(harbour!, d, twice ? 3 : 2, FIELD.body, twice ? [0, 2, 10] : [0, 10]);
      if (d % 2 === 0) lists.add(cable!, d, twice ? 2 : 1, FIELD.body, twice ? [1, 3] : d % 4 === 0 ? [11] : [5]);
    }
    const { source } = sourceOf(lists, columns, 1);
    const ctx = { source, columns, notices: [], exactForms: false };
    const query = parseQuery('"harbour cable"').root!;
    const top = (filters: SearchFilters, upTo = Infinity) => prunedTopK(query, ctx, new DocFilter(columns, filters), 10, upTo)!;
    const exhaustive = (filters: SearchFilters) => collect(evaluate(query, ctx), columns, { filters, sort: 'relevance', k: 10, facets: [] });
    // An exact total with no filter: left to the exhaustive path.
    expect(prunedTopK(query, ctx, new DocFilter(columns, {}), 10)).toBeUndefined();
    // An exact total with a filter every document passes (none is approximately dated): every document with both words is checked.
    const all = top({ qualifiers: 'exclude' });
    expect([all.total, all.exact, all.checked]).toEqual([n / 4, true, n / 2]);
    const pairs = (hits: { doc: number; score: number }[]) => hits.map((h) => [h.doc, h.score]);
    expect(pairs(all.hits)).toEqual(pairs(exhaustive({}).hits));
    // Counted up to 100: past that, only candidates that can reach the heap.
    const bounded = top({}, 100);
    expect(bounded.hits).toEqual(all.hits);
    expect(bounded.exact).toBe(false);
    expect(bounded.total).toBeGreaterThanOrEqual(100);
    expect(bounded.total).toBeLessThan(n / 4);
    expect(bounded.checked).toBeLessThan(n / 20);
    // The date filter comes before the positions: only the documents of 1950 (every tenth) are checked.
    const dated = top({ dateFrom: '1950', dateTo: '1950' });
    expect([dated.total, dated.exact, dated.checked]).toEqual([n / 20, true, n / 10]);
    expect(pairs(dated.hits)).toEqual(pairs(exhaustive({ dateFrom: '1950', dateTo: '1950' }).hits));
  });

  it('bounds by the shortest document stored, passing over numbers never stored', () => {
    const columns = new DocColumns();
    const row = (doc: number, length: number, live = true) => ({ doc, docId: `d${doc}`, live, length, dateStart: 0, dateEnd: 0, dateFlags: 0, sortKey: UNDATED, facets: [] });
    columns.append(row(3, 40));
    columns.append(row(7, 25, false));
    expect(shortestLength(columns)).toBe(25);
    columns.append(row(9, 60));
    expect(shortestLength(columns)).toBe(25);
    columns.append(row(12, 5));
    expect(shortestLength(columns)).toBe(5);
  });
});
