/**
 * A search on PostgreSQL after the index changed reads what changed since
 * its columns were read in one statement (IndexStorage.changesSince) and
 * decodes only the new segments' part of a list it decoded before, and
 * still answers exactly as SQLite does, and as an engine that decodes
 * everything afresh: after every step of a series of
 * saves, replacements and removals, in transactions and outside them; a
 * write by another process is seen by the next search once its notice has
 * arrived; nothing kept from before a write (decoded lists, positions,
 * prefix expansions, facet values) outlives it; and a rare word answered
 * from the segments' dictionaries held in process, with no statement, is
 * still answered rightly after another process's saves, a draft and a merge.
 * @module
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import { tempDir } from '../../../test/temp-dirs.js';
import { until } from '../../../test/until.js';
import { EngineSearchIndex } from '../../search/engine-search-index.js';
import { parseQuery } from '../../search/query-parser.js';
import type { Backend } from '../backend.js';
import type { IndexEntry, SearchRequest, SearchResult } from '../search-index.js';
import { openSqliteBackend } from '../sqlite/sqlite-backend.js';
import { sqliteSearchIndex } from '../sqlite/sqlite-index-storage.js';
import { makeDocument } from '../store.contract.js';
import { ChangeNotices } from './change-notices.js';
import { openPostgres } from './open-postgres.js';
import { openPostgresBackend } from './postgres-backend.js';
import { PostgresIndexStorage } from './postgres-index-storage.js';

const WORDS = ['cable', 'embassy', 'note', 'verbale', 'treaty', 'harbour', 'consul', 'rice', 'tin', 'railway', 'loan', 'minister'];

/** A document of `n` words drawn from WORDS by `seed`, so lengths and frequencies differ and scores rarely tie. */
function entry(id: string, seed: number, subjects: string[], extra = ''): IndexEntry {
  const words: string[] = [];
  let x = seed * 7919 + 13;
  for (let i = 0; i < 6 + (seed % 11); i++) {
    x = (x * 48271) % 2147483647;
    words.push(WORDS[x % WORDS.length]!);
  }
  return {
    document: makeDocument({ id, status: 'published', subjects, transcripts: [{ language: 'en', html: `<p>${words.join(' ')} ${extra}</p>` }] }),
    names: [],
    authorities: [],
  };
}

const request = (q: string): SearchRequest => ({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0, facets: [{ id: 'subject', limit: 0 }] });
const QUERIES = ['cable', 'embassy treaty', '"note verbale"', 'rail*', 'harbour -consul', 'walrus', 'zinc'];
const answer = (r: SearchResult) => ({ total: r.total, hits: r.hits.map((h) => h.id), subjects: r.facets?.subject?.map((f) => `${f.value}:${f.count}`).sort() });

describe.skipIf(!postgresAvailable())('a search on PostgreSQL after the index changed', () => {
  let cluster: PostgresCluster;
  let url: string;
  let primary: Backend;
  let other: Backend;
  let sqlite: Backend;
  const sqlitePath = join(tempDir(), 'peer.sqlite');
  beforeAll(async () => {
    cluster = await startCluster();
    url = await cluster.createDatabase('catch_up');
    primary = await openPostgresBackend(url, { poolSize: 3 });
    other = await openPostgresBackend(url, { poolSize: 3 });
    sqlite = await openSqliteBackend(sqlitePath);
  });
  afterAll(async () => {
    await primary?.close();
    await other?.close();
    await sqlite?.close();
    await cluster?.destroy();
  });

  /** A web process's engine on a pool of its own, its change notices, and the names of the statements its searches run. */
  async function webProcess() {
    const { db } = await openPostgres(url, { poolSize: 3 });
    const notices = new ChangeNotices(url);
    const reads: string[] = [];
    const storage = new PostgresIndexStorage(db, { notices, trace: (name) => void reads.push(name) });
    const engine = new EngineSearchIndex(storage);
    await engine.search(request('cable'));
    await until('the notices to listen', () => notices.listening, 10_000, 20);
    return { engine, storage, reads, db, close: async () => (await notices.close(), await db.destroy()) };
  }

  it('answers as SQLite does after every step of a series of saves, replacements and removals, reading the changes in one statement', async () => {
    const web = await webProcess();
    const subjects = ['trade', 'navy', 'loans'];
    const steps: [string, (b: Backend) => Promise<void>][] = [
      ['a segment of 80 documents', (b) => b.search.index(Array.from({ length: 80 }, (_, i) => entry(`d-${i}`, i, [subjects[i % 3]!])))],
      ['a save replacing five with new words and subjects', (b) =>
        b.transaction(async ({ search }) => search.index(Array.from({ length: 5 }, (_, i) => entry(`d-${i * 7}`, 500 + i, ['whaling'], 'walrus'))))],
      ['three removed', (b) => b.search.remove(['d-1', 'd-2', 'd-3'])],
      ['two saved outside a transaction (pending rows)', (b) => b.search.index([entry('p-1', 901, ['zinc'], 'zinc walrus'), entry('p-2', 902, ['trade'])])],
      ['a save adding three and removing a pending one', (b) =>
        b.transaction(async ({ search }) => {
          await search.index([entry('n-1', 911, ['tin-mines']), entry('n-2', 912, ['navy']), entry('n-3', 913, ['zinc', 'navy'], 'zinc')]);
          await search.remove(['p-1']);
        })],
      ['a pending one replaced, a replaced one removed', (b) =>
        b.transaction(async ({ search }) => {
          await search.index([entry('p-2', 921, ['loans'], 'walrus')]);
          await search.remove(['d-7']);
        })],
    ];
    try {
      for (const [step, write] of steps) {
        await write(sqlite);
        await write(primary);
        web.reads.length = 0;
        const want = answer(await sqlite.search.search(request(QUERIES[0]!)));
        await until(`the web process to see ${step}`, async () => JSON.stringify(answer(await web.engine.search(request(QUERIES[0]!)))) === JSON.stringify(want), 10_000, 20);
        expect(web.reads.filter((name) => name === 'ix_changes_since').length, step).toBeGreaterThanOrEqual(1);
        // Engines opened now decode every list afresh: what the others carried over from before the step must match them, scores too.
        const freshLite = sqliteSearchIndex(new BetterSqlite3(sqlitePath, { readonly: true }));
        const freshPg = new EngineSearchIndex(new PostgresIndexStorage(web.db));
        for (const q of QUERIES) {
          const [lite, pg, writer] = [await sqlite.search.search(request(q)), await web.engine.search(request(q)), await primary.search.search(request(q))];
          const [wantLite, wantPg] = [await freshLite.search(request(q)), await freshPg.search(request(q))];
          expect(answer(lite), `${step}: ${q} (SQLite)`).toEqual(answer(wantLite));
          expect(answer(pg), `${step}: ${q}`).toEqual(answer(wantLite));
          expect(answer(writer), `${step}: ${q} (the writing process)`).toEqual(answer(wantLite));
          expect(lite.hits.map((h) => h.score), `${step}: ${q} (SQLite scores)`).toEqual(wantLite.hits.map((h) => h.score));
          expect(pg.hits.map((h) => h.score), `${step}: ${q} (scores)`).toEqual(wantPg.hits.map((h) => h.score));
          // The same writes leave the same segments and pending rows on both databases, so the same statistics.
          expect(wantPg.hits.map((h) => h.score), `${step}: ${q} (PostgreSQL's scores against SQLite's)`).toEqual(wantLite.hits.map((h) => h.score));
        }
      }
      // The series left what it meant to: the words and subjects of replaced and removed documents are gone.
      expect(answer(await web.engine.search(request('walrus'))).hits.sort()).toEqual(['d-0', 'd-14', 'd-21', 'd-28', 'p-2']);
      expect(answer(await web.engine.search(request('zinc'))).subjects).toEqual(['navy:1', 'zinc:1']);
    } finally {
      await web.close();
    }
  });

  it('never answers from a list, a phrase’s positions, an expansion or a facet value kept from before a write by another process', async () => {
    const web = await webProcess();
    const ask = async (q: string) => answer(await web.engine.search(request(q)));
    try {
      await primary.search.index([entry('k-1', 1, ['ports'], 'seal harbour pilot'), entry('k-2', 2, ['ports'], 'seal colony')]);
      await until('the first documents', async () => (await ask('seal')).total === 2, 10_000, 20);
      // Read once, then kept.
      expect((await ask('"seal harbour"')).hits).toEqual(['k-1']);
      expect((await ask('pilo*')).hits).toEqual(['k-1']);
      expect((await ask('seal')).subjects).toEqual(['ports:2']);
      // Another process replaces k-1 (its words and subject change) and adds a document under a subject new to the index.
      await other.transaction(async ({ search }) => {
        await search.index([entry('k-1', 1, ['lighthouses'], 'pilotage dues')]);
        await search.index([entry('k-3', 3, ['sealing'], 'seal harbour')]);
      });
      await until('the other process’s save', async () => (await ask('seal')).total === 2 && (await ask('seal')).hits.includes('k-3'), 10_000, 20);
      expect((await ask('"seal harbour"')).hits).toEqual(['k-3']);
      expect((await ask('pilo*')).hits).toEqual(['k-1']);
      expect((await ask('pilotage')).hits).toEqual(['k-1']);
      expect((await ask('pilotage')).subjects).toEqual(['lighthouses:1']);
      expect((await ask('seal')).subjects).toEqual(['ports:1', 'sealing:1']);
      // The process that caught up writes values it learned from the changes and one nobody has: no value gets two ids.
      await primary.search.search(request('seal'));
      await primary.transaction(async ({ search }) => search.index([entry('k-4', 4, ['sealing', 'lighthouses', 'buoys'], 'seal')]));
      await until('the third save', async () => (await ask('seal')).total === 3, 10_000, 20);
      for (const backend of [primary, other]) {
        expect(answer(await backend.search.search(request('seal'))).subjects).toEqual(['buoys:1', 'lighthouses:1', 'ports:1', 'sealing:2']);
      }
      expect((await ask('seal')).subjects).toEqual(['buoys:1', 'lighthouses:1', 'ports:1', 'sealing:2']);
    } finally {
      await web.close();
    }
  });

  it('answers rare words from the segments’ dictionaries without a statement, and sees another process’s saves and merges', async () => {
    const web = await webProcess();
    const ask = async (q: string) => answer(await web.engine.search(request(q)));
    /** The reads of postings or positions a search sent (the change marker and the change read aside). */
    const listReads = async (q: string) => {
      web.reads.length = 0;
      const result = await ask(q);
      return { result, reads: web.reads.filter((name) => name !== 'ix_generation' && name !== 'ix_changes_since') };
    };
    try {
      await primary.search.index([entry('r-1', 31, ['whaling'], 'narwhal tusk'), entry('r-2', 32, ['whaling'], 'beluga')]);
      await until('the first save', async () => (await ask('narwhal')).total === 1, 10_000, 20);
      expect((await web.storage.dictionariesRead()).segments).toBeGreaterThan(0);
      for (const [q, hits] of [['narwhal', ['r-1']], ['"narwhal tusk"', ['r-1']], ['beluga narwhal', []], ['walrusx', []]] as const) {
        const { result, reads } = await listReads(q);
        expect(result.hits, q).toEqual(hits);
        expect(reads, q).toEqual([]);
      }
      // Another process replaces r-1 (narwhal gone), adds a word, and saves a draft with a word of its own.
      await other.transaction(async ({ search }) => {
        await search.index([entry('r-1', 31, ['whaling'], 'beluga'), entry('r-3', 33, ['whaling'], 'narwhal orca')]);
        await search.index([{ ...entry('r-4', 34, ['whaling'], 'dolphinfish'), document: { ...entry('r-4', 34, []).document, status: 'draft' } }]);
      });
      await until('the other process’s save', async () => (await ask('orca')).total === 1, 10_000, 20);
      await web.storage.dictionariesRead();
      expect((await listReads('narwhal')).result.hits).toEqual(['r-3']);
      expect((await listReads('beluga')).result.hits.sort()).toEqual(['r-1', 'r-2']);
      expect((await listReads('dolphinfish')).result.total).toBe(0);
      // A merge writes new segments under old bases: their dictionaries are read anew, and the answers stay.
      await primary.search.compact();
      await until('the merge', async () => (web.reads.length = 0, await ask('orca'), web.reads.includes('ix_changes_since')), 10_000, 20);
      await web.storage.dictionariesRead();
      for (const [q, hits] of [['narwhal', ['r-3']], ['orca', ['r-3']], ['tusk', []], ['dolphinfish', []]] as const) {
        const { result, reads } = await listReads(q);
        expect(result.hits, q).toEqual(hits);
        expect(reads, q).toEqual([]);
      }
    } finally {
      await web.close();
    }
  });
});
