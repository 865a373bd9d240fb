/**
 * The pruned top k (block bounds, blocks skipped) against exhaustive
 * evaluation on random small indexes: the same total, the same hits in the
 * same order, the same scores, for words, fielded words and ANDs of words,
 * with and without date filters, over replaced documents and several
 * segments.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndexEntry, SearchRequest } from '../../backends/search-index.js';
import { sqliteSearchIndex } from '../../backends/sqlite/sqlite-index-storage.js';
import { makeDocument } from '../../backends/store.contract.js';
import type { DocumentInput } from '../../domain/document.js';
import { FIELD } from '../index-fields.js';
import { parseQuery } from '../query-parser.js';
import { DocColumns, UNDATED } from './doc-columns.js';
import { DocFilter } from './doc-filter.js';
import { FacetPostings } from './facet-postings.js';
import { B, bm25, type PostingSource } from './match.js';
import { prunedTopK } from './pruned-top-k.js';
import { PositionCursor, type Postings } from './segment.js';

const VOCABULARY = ['treaty', 'treaties', 'trade', 'trading', 'harbour', 'minister', 'loan', 'yen', 'fisheries', 'cable', 'peking', 'soviet'];
const entry = (input: Partial<DocumentInput> & { id: string }): IndexEntry => ({ document: makeDocument(input), names: [], authorities: [] });

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
  ),
  decade: fc.option(fc.integer({ min: 190, max: 199 }), { nil: undefined }),
  limit: fc.integer({ min: 1, max: 25 }),
  offset: fc.integer({ min: 0, max: 5 }),
});

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
          const entries = docs.map((d, i) =>
            entry({ id: `d${i}`, title: d.title.join(' ') || `Note ${i}`, date: d.year ? String(d.year) : undefined, transcripts: [{ language: 'en', html: `<p>${d.body.join(' ')}</p>` }] }),
          );
          // Two segments, then a few documents rewritten (their old rows stay, replaced, until a merge).
          const rewritten = entries.slice(0, replaced).map((e, i) => entry({ id: e.document.id, title: 'Rewritten', transcripts: [{ language: 'en', html: `<p>${docs[(i * 7) % docs.length]!.body.join(' ')}</p>` }] }));
          for (const index of [pruned, exhaustive]) {
            await index.index(entries.slice(0, 100));
            await index.index(entries.slice(100));
            for (const e of rewritten) await index.index([e]);
          }
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
  });
});
