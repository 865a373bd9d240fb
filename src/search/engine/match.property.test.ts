/**
 * Phrases and prefixes as the engine matches them (a phrase's rarest word
 * driving, positions read only for documents with every word; a prefix's
 * words scored into one dense accumulator) against the general way of
 * match.ts (each term's scored set, intersected or merged by `unionAll`,
 * positions checked after): on random indexes over several segments, with
 * replaced documents, the same totals, hits, scores and facet counts; and
 * without facets (a phrase's pruned top k), within dates or not, the same
 * hits with a total exact or, when asked, counted up to a bound. A
 * phrase written into a document's body is always among its hits.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchRequest } from '../../backends/search-index.js';
import { sqliteSearchIndex } from '../../backends/sqlite/sqlite-index-storage.js';
import { parseQuery } from '../query-parser.js';
import { indexRandomDocs } from '../../../test/random-index.js';

/** Words sharing beginnings and stems, drawn with a skew (the first common, the last rare). */
const VOCABULARY = ['treaty', 'treaties', 'trade', 'trading', 'trader', 'tram', 'harbour', 'harbours', 'minister', 'ministry', 'loan', 'loans', 'yen', 'fisheries', 'fishing', 'cable'];
const word = fc.integer({ min: 0, max: 2 ** 16 - 1 }).map((x) => VOCABULARY[Math.floor(VOCABULARY.length * (x / 2 ** 16) ** 2)]!);

const doc = fc.record({
  title: fc.array(word, { minLength: 0, maxLength: 3 }),
  body: fc.array(word, { minLength: 1, maxLength: 60 }),
  type: fc.constantFrom('cable', 'memorandum', 'letter'),
  year: fc.option(fc.integer({ min: 1940, max: 1989 }), { nil: undefined }),
});

/** A phrase of two or three words (from a document's body, so that some match), or a prefix of one to five letters, in a field or not. */
const query = fc.oneof(
  fc.record({ from: fc.nat(), at: fc.nat(), length: fc.integer({ min: 2, max: 3 }), field: fc.constantFrom('', 'title:') }).map((q) => ({ phrase: q })),
  fc.array(word, { minLength: 2, maxLength: 3 }).map((ws) => ({ text: `"${ws.join(' ')}"` })),
  fc.record({ w: word, letters: fc.integer({ min: 1, max: 5 }), field: fc.constantFrom('', 'title:', 'body:'), before: fc.option(word, { nil: undefined }) }).map((q) => ({
    text: `${q.before ? `${q.before} ` : ''}${q.field}${q.w.slice(0, q.letters)}*`,
  })),
);

/** A top k without facets: within dates or not, how many hits, and how far its total is counted when asked to be bounded. */
const topRequest = fc.record({ dated: fc.boolean(), limit: fc.integer({ min: 1, max: 20 }), upTo: fc.integer({ min: 1, max: 40 }) });

describe('phrases and prefixes', () => {
  it('match as the general way does: the same totals, hits, scores and facet counts, and without facets the same top k', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { minLength: 60, maxLength: 300 }), fc.integer({ min: 0, max: 20 }), fc.array(query, { minLength: 10, maxLength: 10 }), fc.array(topRequest, { minLength: 10, maxLength: 10 }), async (docs, replaced, queries, tops) => {
        const fast = sqliteSearchIndex(new BetterSqlite3(':memory:'));
        const general = sqliteSearchIndex(new BetterSqlite3(':memory:'), { plainAnd: false });
        await indexRandomDocs([fast, general], docs, 40, replaced);
        for (const [i, q] of queries.entries()) {
          let text: string;
          let written: number | undefined;
          if ('phrase' in q) {
            written = q.phrase.from % docs.length;
            const body = docs[written]!.body;
            const at = q.phrase.at % body.length;
            text = `${q.phrase.field}"${body.slice(at, at + q.phrase.length).join(' ')}"`;
            // A phrase of one word left at the body's end is a word; a rewritten document may have lost the phrase.
            if (q.phrase.field || written < replaced || at + q.phrase.length > body.length) written = undefined;
          } else text = q.text;
          const request: SearchRequest = { query: parseQuery(text).root, filters: {}, sort: 'relevance', limit: docs.length, offset: 0, facets: [{ id: 'type', limit: 0 }, { id: 'year', limit: 0 }] };
          const [a, b] = [await fast.search(request), await general.search(request)];
          expect(a.total, text).toBe(b.total);
          expect(a.hits, text).toEqual(b.hits);
          expect(a.facets, text).toEqual(b.facets);
          if (written !== undefined) expect(a.hits.map((h) => h.id), text).toContain(`d${written}`);
          // A top k without facets (a phrase in no field then takes the pruned top k, pruned-top-k.ts), within dates or
          // not, its total exact or counted only up to a few: the same hits, and a total exact when it says so.
          const t = tops[i]!;
          const top: SearchRequest = { query: request.query, filters: t.dated ? { dateFrom: '1950', dateTo: '1969' } : {}, sort: 'relevance', limit: t.limit, offset: 0 };
          const [c, d] = [await fast.search(top), await general.search(top)];
          expect([c.total, c.totalRelation], text).toEqual([d.total, 'eq']);
          expect(c.hits, text).toEqual(d.hits);
          const bounded = await fast.search({ ...top, totalUpTo: t.upTo });
          expect(bounded.hits, text).toEqual(d.hits);
          const floor = Math.max(t.upTo, t.limit + 1);
          if (d.total < floor || bounded.totalRelation === 'eq') expect([bounded.total, bounded.totalRelation], text).toEqual([d.total, 'eq']);
          else expect([bounded.total >= floor, bounded.total <= d.total], text).toEqual([true, true]);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
