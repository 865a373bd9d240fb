/**
 * The search engine on its own: the SearchIndex contract over a storage
 * that answers every call with a promise (the engine then reads in rounds,
 * as over a database across the network, and must answer exactly as over
 * SQLite's synchronous storage), merging everything into one segment, and
 * the fast AND path against the general one.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runSearchIndexContract } from '../backends/search-index.contract.js';
import type { IndexEntry } from '../backends/search-index.js';
import { SqliteIndexStorage, sqliteSearchIndex } from '../backends/sqlite/sqlite-index-storage.js';
import { makeDocument } from '../backends/store.contract.js';
import type { DocumentInput } from '../domain/document.js';
import { EngineSearchIndex } from './engine-search-index.js';
import type { IndexStorage } from './engine/index-storage.js';
import { parseQuery } from './query-parser.js';

const text = (html: string) => [{ language: 'en', html: `<p>${html}</p>` }];
const entry = (input: Partial<DocumentInput> & { id: string }): IndexEntry => ({ document: makeDocument(input), names: [], authorities: [] });

/** SQLite's storage, every answer a promise settled on a later tick (iterables read out first). */
function answeringLater(storage: SqliteIndexStorage): IndexStorage {
  return new Proxy(storage, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        new Promise((resolve, reject) =>
          setImmediate(() => {
            try {
              const result = (value as (...a: unknown[]) => unknown).apply(target, args);
              resolve(result && typeof result === 'object' && typeof (result as Iterator<unknown>).next === 'function' ? [...(result as Iterable<unknown>)] : result);
            } catch (error) {
              reject(error as Error);
            }
          }),
        );
    },
  });
}

runSearchIndexContract('engine over a storage answering with promises', async () => {
  const db = new BetterSqlite3(':memory:');
  return { search: new EngineSearchIndex(answeringLater(new SqliteIndexStorage(db))), close: async () => void db.close() };
});

describe('the engine', () => {
  it('answers the same, scores included, over synchronous and asynchronous storage', async () => {
    const sync = sqliteSearchIndex(new BetterSqlite3(':memory:'));
    const later = new EngineSearchIndex(answeringLater(new SqliteIndexStorage(new BetterSqlite3(':memory:'))));
    const words = ['treaty', 'treaties', 'trade', 'harbour', 'minister', 'loan', 'yen', 'fisheries'];
    const entries = Array.from({ length: 300 }, (_, i) => entry({ id: `e${i}`, title: words[i % 8]!, transcripts: text(`${words[i % 8]} ${words[(i + 1) % 8]} ${words[(i * 3) % 8]} ${words[(i * 5) % 8]}`) }));
    for (const index of [sync, later]) {
      for (let i = 0; i < 40; i++) await index.index([entries[i]!]);
      await index.index(entries.slice(40));
    }
    for (const q of ['treaty', 'treat* trade', '"harbour minister"', 'loan OR yen -trade', 'title:fisheries']) {
      const request = { query: parseQuery(q).root, filters: {}, sort: 'relevance' as const, limit: 300, offset: 0 };
      const [a, b] = [await sync.search(request), await later.search(request)];
      expect(b.total, q).toBe(a.total);
      expect(b.hits, q).toEqual(a.hits);
      expect(a.total, q).toBeGreaterThan(0);
    }
  });

  it('keeps every document through a merge of everything into one segment', async () => {
    const index = sqliteSearchIndex(new BetterSqlite3(':memory:'));
    for (let i = 0; i < 40; i++) await index.index([entry({ id: `n${i}`, title: `Note ${i}`, transcripts: text(i % 2 ? 'odd harbour' : 'even harbour') })]);
    await index.index([entry({ id: 'n3', title: 'Note 3', transcripts: text('now even') })]);
    await index.remove(['n5']);
    await index.optimize();
    const total = async (q: string) => (await index.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 1, offset: 0 })).total;
    expect(await total('odd')).toBe(18);
    expect(await total('harbour')).toBe(38);
    expect(await total('"now even"')).toBe(1);
    expect(await index.count()).toBe(39);
  });

  it('keeps words’ forms as typed through merges, replaced and removed documents among them, over synchronous and asynchronous storage', async () => {
    // Forms of a few stems, alone or together in a document, some in titles: their lists are written against the stem's.
    const vocabulary = ['negotiations', 'negotiated', 'negotiate', 'treaty', 'treaties', 'trading', 'trade', 'traders', 'the', 'loan', 'loans', 'harbour'];
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
    // Forty words of its own in each document besides: more rows than a merge takes in one chunk, so that forms as typed
    // are merged before their stems' rows are taken.
    const letters = (n: number) => `zz${[...n.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')}s`;
    const own = (i: number) => Array.from({ length: 40 }, (_, k) => letters(i * 40 + k)).join(' ');
    const entries = Array.from({ length: 420 }, (_, i) => entry({ id: `m${i}`, title: pick(1 + (i % 3)), transcripts: text(`${pick(3 + Math.floor(random() * 30))} ${own(i)}`) }));
    const replaced = entries.filter((_, i) => i % 13 === 0).map((e) => entry({ id: e.document.id, title: pick(2), transcripts: text(pick(10)) }));
    const removed = entries.filter((_, i) => i % 17 === 5).map((e) => e.document.id);
    const live = [...entries.filter((e) => !removed.includes(e.document.id) && !replaced.some((r) => r.document.id === e.document.id)), ...replaced.filter((r) => !removed.includes(r.document.id))];
    const db = new BetterSqlite3(':memory:');
    const merged = sqliteSearchIndex(db);
    // Segments of 20 documents: merges of eight, then of those, as the writes go on.
    for (let i = 0; i < entries.length; i += 20) await merged.index(entries.slice(i, i + 20));
    await merged.index(replaced);
    await merged.remove(removed);
    await merged.optimize();
    // And a few written one at a time after it (pending documents, the last part of every list), with a stem's other forms
    // ("harbours": the stem's list runs on past the segment's, where "harbour"'s list is all of it).
    const late = ['negotiated treaty loans', 'negotiate traders', 'the treaties harbours'].map((t, i) => entry({ id: `late${i}`, title: 'Note', transcripts: text(t) }));
    for (const e of late) await merged.index([e]);
    const later = new EngineSearchIndex(answeringLater(new SqliteIndexStorage(db)));
    const once = sqliteSearchIndex(new BetterSqlite3(':memory:'));
    await once.index([...live, ...late]);
    for (const q of ['negotiations treaty', 'harbour treaties', 'negotiated trade loans', `${letters(7 * 40 + 2)} ${letters(7 * 40 + 9)}`, `${letters(401 * 40 + 3)} ${letters(401 * 40 + 30)}`, 'the traders', 'treaties harbour loan', 'negotiat* trading', 'title:negotiations']) {
      const request = { query: parseQuery(q).root, filters: {}, sort: 'relevance' as const, limit: 1000, offset: 0 };
      // Every hit (the documents are numbered otherwise in each index, so ties may be ordered otherwise): by id.
      const hits = async (index: { search: typeof once.search }) => (await index.search(request)).hits.map((h) => [h.id, h.score]).sort();
      const expected = await hits(once);
      expect(expected.length, q).toBeGreaterThan(0);
      expect(await hits(merged), q).toEqual(expected);
      expect(await hits(later), q).toEqual(expected);
    }
  });

  it('finds with the fast AND path the same documents, with the same scores, as by intersecting each word’s set, phrases too', async () => {
    const vocabulary = ['treaty', 'treaties', 'trade', 'trading', 'harbour', 'minister', 'ministers', 'loan', 'yen', 'as', '1955', 'Peking', 'fisheries', 'fishing'];
    let seed = 5;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
    const entries = Array.from({ length: 600 }, (_, i) => entry({ id: `w${i}`, title: pick(2), transcripts: text(pick(5 + Math.floor(random() * 40))) }));
    const index = sqliteSearchIndex(new BetterSqlite3(':memory:'));
    const general = sqliteSearchIndex(new BetterSqlite3(':memory:'), { plainAnd: false });
    for (let i = 0; i < entries.length; i += 100) {
      await index.index(entries.slice(i, i + 100));
      await general.index(entries.slice(i, i + 100));
    }
    const queries = ['"treaty trade"', 'treaty trade', 'treaties minister loan', 'as 1955', 'harbour yen -loan', 'fishing Peking treaty', 'trade trade', 'nothing treaty', '"harbour minister loan"', '"trade trade"', '"loan yen"', '"Peking harbour as"', 'title:"yen loan"'];
    for (const q of queries) {
      const request = { query: parseQuery(q).root, filters: {}, sort: 'relevance' as const, limit: 600, offset: 0 };
      const [fast, slow] = [await index.search(request), await general.search(request)];
      expect(fast.total, q).toBe(slow.total);
      expect(fast.hits, q).toEqual(slow.hits);
    }
    expect((await index.search({ query: parseQuery('treaty trade').root, filters: {}, sort: 'relevance', limit: 1, offset: 0 })).total).toBeGreaterThan(0);
  });

  it('counts each selected facet over the documents that pass every other selection, whatever the number of selections', async () => {
    let seed = 9;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const of = <T,>(values: T[]) => values[Math.floor(random() * values.length)]!;
    const index = sqliteSearchIndex(new BetterSqlite3(':memory:'));
    await index.index(
      Array.from({ length: 300 }, (_, i) =>
        entry({ id: `f${i}`, type: of(['cable', 'memo', 'letter']), languages: [of(['en', 'ja', 'ru', 'fr'])], subjects: [...new Set([of(['trade', 'fisheries', 'oil']), of(['trade', 'loans'])])], date: `19${50 + (i % 30)}` }),
      ),
    );
    const selected = { type: ['cable', 'letter'], language: ['ja', 'ru'], subject: ['trade'] };
    const ids = Object.keys(selected) as (keyof typeof selected)[];
    const request = (facets: Partial<typeof selected>, id: keyof typeof selected) => ({ filters: { facets }, sort: 'date' as const, limit: 5, offset: 0, facets: [{ id, limit: 0 }] });
    const all = await index.search({ ...request(selected, 'type'), facets: ids.map((id) => ({ id, limit: 0 })) });
    expect(all.total).toBeGreaterThan(0);
    for (const id of ids) {
      // The definition: the same search without this facet's own selection, counting this facet alone.
      const others = Object.fromEntries(Object.entries(selected).filter(([k]) => k !== id));
      const alone = await index.search(request(others, id));
      expect(all.facets![id], id).toEqual(alone.facets![id]);
      expect(alone.total, id).toBeGreaterThan(all.total);
    }
  });
});

