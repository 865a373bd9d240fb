/**
 * What the posting reader keeps between searches: a very common word's
 * positions, once read for a phrase, are kept for the next phrase with it as
 * long as they take no more than half of the positions' budget; a list kept
 * as stored by a pruned top k is decoded from what was kept when a search
 * with facets wants it whole, not read again; a word's form as typed is
 * decoded against its stem read over the same segments, even when a merge
 * comes between the two reads (over a storage that answers in rounds).
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../backends/search-index.js';
import { SqliteIndexStorage } from '../../backends/sqlite/sqlite-index-storage.js';
import { makeDocument } from '../../backends/store.contract.js';
import { EngineSearchIndex } from '../engine-search-index.js';
import { parseQuery } from '../query-parser.js';
import { EXACT } from '../analyzer.js';
import { stemOfExact } from './exact-codec.js';
import type { IndexStorage } from './index-storage.js';
import { PostingReader, Round } from './posting-reader.js';
import type { Postings } from './segment.js';
import { SegmentStore } from './segment-store.js';

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

/** The storage's answers as promises, as a storage over a pool of connections gives them: a search then reads in rounds. */
function asynchronous(storage: SqliteIndexStorage): IndexStorage {
  return new Proxy(storage, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => Promise.resolve().then(() => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  }) as unknown as IndexStorage;
}

/** A reader's postings of `term`, read round by round as a search reads them: between rounds, `between(round)`. */
async function readInRounds(reader: PostingReader, term: string, between: (round: number) => Promise<void> = async () => {}): Promise<Postings | undefined> {
  const round = new Round();
  const source = reader.source(round, () => {
    throw new Error('no facets here');
  });
  for (let k = 1; ; k++) {
    const p = source.postings(term);
    if (round.fetches.length === 0) return p;
    await Promise.all(round.fetches);
    round.fetches = [];
    await between(k);
  }
}

describe('a word’s form as typed over a storage read in rounds', () => {
  it('is decoded against its stem over the same segments when a merge lands between the stem’s read and the form’s', async () => {
    const db = new BetterSqlite3(':memory:');
    const writer = new EngineSearchIndex(new SqliteIndexStorage(db), { analysisThread: false });
    // Two segments, each document with *treaties* once and *treaty* in every third: the form's list is a part of its
    // stem's, written as ranks in it.
    const batch = (from: number) =>
      Array.from({ length: 80 }, (_, i) => {
        const k = from + i;
        const words = `Treaties of the harbour ${k % 3 === 0 ? 'and the treaty' : ''} note ${k}`;
        return { document: makeDocument({ id: `d${k}`, title: `Note ${k}`, transcripts: [{ language: 'en', html: `<p>${words}</p>` }] }), names: [], authorities: [] };
      });
    await writer.index(batch(0));
    await writer.index(batch(80));
    const sqlite = new SqliteIndexStorage(db);
    expect(sqlite.segments() as unknown[]).toHaveLength(2);
    const form = `${EXACT}treaties`;
    const stem = stemOfExact(form);
    expect(stem).not.toBe(form);

    const storage = asynchronous(sqlite);
    const segments = new SegmentStore(storage);
    const reader = new PostingReader(storage, segments);
    await segments.list();
    reader.reset([], true);
    // The stem decoded (and kept) over the two segments, as an earlier search with the word leaves it.
    expect((await readInRounds(reader, stem))?.n).toBe(160);

    // The form's rows are read over the two segments; before the next round another process removes documents and
    // merges, and this process takes the new segment list (another search's catch-up): the kept stem is no longer
    // good, so it is read again over the merged segment, and the form's rows read before are of the old segments.
    const form0 = await readInRounds(reader, form, async (round) => {
      if (round !== 1) return;
      await writer.remove(Array.from({ length: 30 }, (_, i) => `d${i * 2}`));
      await writer.optimize();
      segments.invalidate();
      await segments.list();
    });
    expect(sqlite.segments() as unknown[]).toHaveLength(1);

    // What a reader new to the merged index decodes.
    const freshStorage = new SqliteIndexStorage(db);
    const fresh = new PostingReader(freshStorage, new SegmentStore(freshStorage));
    const expected = await readInRounds(fresh, form);
    expect(expected?.n).toBe(130);
    expect(form0 && { n: form0.n, docs: [...form0.docs], wtf: [...form0.wtf], masks: [...form0.masks] }).toEqual(
      expected && { n: expected.n, docs: [...expected.docs], wtf: [...expected.wtf], masks: [...expected.masks] },
    );
    db.close();
  });
});
