/**
 * What the posting reader keeps between searches: a very common word's
 * positions, once read for a phrase, are kept for the next phrase with it as
 * long as they take no more than half of the positions' budget.
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

/** An engine over `db` with `cacheBytes` of decoded lists, counting the reads of each word's positions. */
function countingEngine(db: BetterSqlite3.Database, cacheBytes: number): { engine: EngineSearchIndex; reads: string[] } {
  const storage = new SqliteIndexStorage(db);
  const reads: string[] = [];
  const positions = storage.positions.bind(storage);
  storage.positions = (bases, term) => {
    reads.push(term);
    return positions(bases, term);
  };
  return { engine: new EngineSearchIndex(storage, { cacheBytes, analysisThread: false }), reads };
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
});
