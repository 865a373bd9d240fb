/**
 * What the posting reader keeps between searches: a very common word's
 * positions, once read for a phrase, are kept for the next phrase with it as
 * long as they take no more than half of the positions' budget; a list kept
 * as stored by a pruned top k is decoded from what was kept when a search
 * with facets wants it whole, not read again.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../backends/search-index.js';
import { SqliteIndexStorage } from '../../backends/sqlite/sqlite-index-storage.js';
import { makeDocument } from '../../backends/store.contract.js';
import { EngineSearchIndex } from '../engine-search-index.js';
import { parseQuery } from '../query-parser.js';

const WORDS = ['harbour', 'minister', 'loan', 'treaty', 'fisheries', 'consul', 'embassy', 'cable'];

/** 400 documents, each with *the* before every other word: a list of positions far larger than any other word's. */
function entries(): IndexEntry[] {
  return Array.from({ length: 400 }, (_, i) => {
    const words = Array.from({ length: 60 }, (_, k) => `the ${WORDS[(i * 7 + k * 3) % WORDS.length]}`);
    return { document: makeDocument({ id: `d${i}`, title: `Note ${i}`, transcripts: [{ language: 'en', html: `<p>${words.join(' ')}</p>` }] }), names: [], authorities: [] };
  });
}

/** An engine over `db` with `cacheBytes` of decoded lists, counting the reads of each word's positions and postings. */
function countingEngine(db: BetterSqlite3.Database, cacheBytes: number, options: { pruning?: boolean } = {}): { engine: EngineSearchIndex; reads: string[]; postingReads: string[] } {
  const storage = new SqliteIndexStorage(db);
  const reads: string[] = [];
  const postingReads: string[] = [];
  const positions = storage.positions.bind(storage);
  storage.positions = (bases, term) => {
    reads.push(term);
    return positions(bases, term);
  };
  const postings = storage.postings.bind(storage);
  storage.postings = (bases, term) => {
    postingReads.push(term);
    return postings(bases, term);
  };
  return { engine: new EngineSearchIndex(storage, { cacheBytes, analysisThread: false, ...options }), reads, postingReads };
}

describe('the posting reader', () => {
  it('keeps a word’s positions that take more than a quarter of the positions’ budget, and reads them once for several phrases', async () => {
    const db = new BetterSqlite3(':memory:');
    const { engine: writer } = countingEngine(db, 1 << 20);
    await writer.index(entries());
    const storage = new SqliteIndexStorage(db);
    const bases = (storage.segments() as { base: number }[]).map((s) => s.base);
    const stored = (storage.positions(bases, 'the') as { positions: Uint8Array }[]).reduce((sum, r) => sum + r.positions.byteLength, 0);
    expect(stored).toBeGreaterThan(5000);
    // The positions' budget is a quarter of the cache: two and a half times the word's positions, so that what is kept of
    // them (the rows, where their blocks start, a few bytes of bookkeeping) takes more than a quarter of it and less than half.
    const { engine, reads } = countingEngine(db, 4 * 2.5 * stored);
    const search = (q: string) => engine.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0 });
    const totals: number[] = [];
    for (const word of WORDS.slice(0, 4)) totals.push((await search(`"the ${word}"`)).total);
    expect(totals.every((t) => t > 0)).toBe(true);
    expect(reads.filter((t) => t === 'the')).toHaveLength(1);
    db.close();
  });

  it('decodes a list kept as stored by a pruned top k whole for the search with facets that follows, reading nothing again', async () => {
    const db = new BetterSqlite3(':memory:');
    const { engine: writer } = countingEngine(db, 1 << 20);
    // A segment, then a few documents one at a time: pending ones, the last part of every list.
    await writer.index(entries());
    for (const e of entries().slice(0, 3)) await writer.index([{ ...e, document: { ...e.document, id: `late-${e.document.id}` } }]);
    const { engine, postingReads } = countingEngine(db, 1 << 24);
    const { engine: fresh } = countingEngine(db, 1 << 24, { pruning: false });
    const request = (facets: boolean) => ({ query: parseQuery('the').root, filters: {}, sort: 'relevance' as const, limit: 20, offset: 0, ...(facets ? { facets: [{ id: 'decade' as const, limit: 0 }] } : {}) });
    const top = await engine.search(request(false));
    expect(top.total).toBe(403);
    expect(postingReads.filter((t) => t === 'the')).toHaveLength(1);
    const withFacets = await engine.search(request(true));
    expect(postingReads.filter((t) => t === 'the')).toHaveLength(1);
    const expected = await fresh.search(request(true));
    expect([withFacets.total, withFacets.hits, withFacets.facets]).toEqual([expected.total, expected.hits, expected.facets]);
    expect(withFacets.hits).toEqual(top.hits);
    db.close();
  });
});
