/**
 * The index storage's own shortcuts on PostgreSQL hold across processes: a
 * page of hits names the documents of the current index, never ones a doc
 * number meant before another process rebuilt the index, nor ones a
 * rolled-back transaction wrote; rows and facet values a transaction
 * buffers go back with a savepoint rolled back to, facet ids that two
 * processes give in turn never collide, and a search trusts the change
 * marker it read while the notices announce nothing newer; a segment's
 * postings read once are not read again after a write, and a merged
 * segment's are read anew though it has the first base. Another
 * process's commit reaches a search once its notice has arrived (a moment
 * after the commit returns), so a read across processes waits for it.
 * @module
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import { parseQuery } from '../../search/query-parser.js';
import type { Backend } from '../backend.js';
import type { IndexEntry } from '../search-index.js';
import { makeDocument } from '../store.contract.js';
import { EngineSearchIndex } from '../../search/engine-search-index.js';
import { sqliteSearchIndex } from '../sqlite/sqlite-index-storage.js';
import { ChangeNotices } from './change-notices.js';
import { KeptMarker } from './kept-marker.js';
import { openPostgres } from './open-postgres.js';
import { openPostgresBackend } from './postgres-backend.js';
import { PostgresIndexStorage } from './postgres-index-storage.js';
import { until } from '../../../test/until.js';

const entry = (id: string, words: string, subjects: string[] = []): IndexEntry => ({
  document: makeDocument({ id, status: 'published', subjects, transcripts: [{ language: 'en', html: `<p>${words}</p>` }] }),
  names: [],
  authorities: [],
});

describe.skipIf(!postgresAvailable())('PostgreSQL index storage', () => {
  let cluster: PostgresCluster;
  let one: Backend;
  let two: Backend;
  const dbName = 'index_storage';
  let url: string;
  beforeAll(async () => {
    cluster = await startCluster();
    url = await cluster.createDatabase(dbName);
    one = await openPostgresBackend(url, { poolSize: 3 });
    two = await openPostgresBackend(url, { poolSize: 3 });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await cluster?.destroy();
  });

  const ids = async (backend: Backend, q: string, subject?: string) =>
    (await backend.search.search({ query: parseQuery(q).root, filters: subject ? { facets: { subject: [subject] } } : {}, sort: 'relevance', limit: 20, offset: 0 }))
      .hits.map((h) => h.id).sort();
  /** Another process's search, once it has heard of the last commit: the notice may arrive a moment after the commit returned. */
  const seen = async (backend: Backend, q: string, want: string[]) => {
    let last: string[] = [];
    await until(`${q} to find ${want.join(', ')}`, async () => {
      last = await ids(backend, q);
      return JSON.stringify(last) === JSON.stringify(want);
    }, 5_000, 20).catch(() => undefined);
    expect(last).toEqual(want);
  };
  const subjects = async (backend: Backend, q: string) =>
    (await backend.search.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0, facets: [{ id: 'subject', limit: 0 }] }))
      .facets?.subject?.map((f) => `${f.value}:${f.count}`).sort();

  it('names the current documents after another process rebuilds the index with others under the same doc numbers', async () => {
    await one.search.index([entry('old-a', 'cable from tokyo'), entry('old-b', 'cable from peking')]);
    expect(await ids(two, 'cable')).toEqual(['old-a', 'old-b']);
    // A rebuild starts the doc numbers over: 1 and 2 are now other documents.
    await one.transaction(async ({ search }) => {
      await search.clear();
      await search.index([entry('new-a', 'cable from manila'), entry('new-b', 'cable from hanoi')]);
    });
    await seen(two, 'cable', ['new-a', 'new-b']);
  });

  it('forgets the documents a rolled-back transaction showed its own searches', async () => {
    await expect(
      two.transaction(async ({ search }) => {
        await search.index([entry('ghost', 'cable from saigon')]);
        expect(await ids(two, 'saigon')).toEqual(['ghost']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // The next document takes the doc number the rolled-back one had.
    await one.search.index([entry('real', 'cable from saigon')]);
    await seen(two, 'saigon', ['real']);
  });

  it('drops the rows and facet values written inside a savepoint rolled back to, and numbers the next ones without a gap', async () => {
    await one.transaction(async ({ search, savepoint }) => {
      await search.index([entry('kept-1', 'telegram from lima', ['andes'])]);
      await expect(savepoint(async () => {
        await search.index([entry('dropped', 'telegram from quito', ['equator'])]);
        throw new Error('bad record');
      })).rejects.toThrow('bad record');
      await search.index([entry('kept-2', 'telegram from bogota', ['coffee'])]);
    });
    await seen(two, 'telegram', ['kept-1', 'kept-2']);
    expect(await subjects(two, 'telegram')).toEqual(['andes:1', 'coffee:1']);
    const docs = await cluster.query<{ doc: string }>(`select doc::text from ix_docs where doc_id like 'kept-%' order by doc`, [], dbName);
    expect(Number(docs[1]!.doc) - Number(docs[0]!.doc)).toBe(1);
    const values = await cluster.query<{ value: string }>(`select value from ix_facet_values where value in ('andes', 'equator', 'coffee') order by id`, [], dbName);
    expect(values.map((v) => v.value)).toEqual(['andes', 'coffee']);
  });

  it('keeps one live row for a document written three times in one transaction, whichever of its versions were sent', async () => {
    await one.transaction(async ({ search }) => {
      await search.index([entry('thrice', 'first draft of the aide-memoire')]);
      await search.index([entry('thrice', 'second draft of the aide-memoire')]);
      // A search inside the transaction sends what was buffered; the next version replaces a row already in the table.
      expect(await ids(one, 'second')).toEqual(['thrice']);
      await search.index([entry('thrice', 'third and final aide-memoire')]);
    });
    await seen(two, 'aide-memoire', ['thrice']);
    expect(await ids(two, 'draft')).toEqual([]);
    const live = await cluster.query<{ n: string }>(`select count(*)::text as n from ix_docs where doc_id = 'thrice' and live`, [], dbName);
    expect(live[0]!.n).toBe('1');
  });

  it('never gives a facet value two ids, nor two values one id, when two processes write in turn, whichever knows the other’s values', async () => {
    // two has read every value (a search), then one adds a value two has never seen: two's next write must find it.
    await ids(two, 'memo');
    await one.search.index([entry('m-1', 'memo on rice', ['rice'])]);
    await two.search.index([entry('m-2', 'memo on tin and rice', ['tin', 'rice'])]);
    // Now both searched nothing since: two writes again right after its own write, one after two's.
    await one.search.index([entry('m-3', 'memo on rubber', ['rubber', 'rice'])]);
    await ids(one, 'memo');
    await one.search.index([entry('m-4', 'memo on tea', ['tea', 'tin'])]);
    await seen(two, 'memo', ['m-1', 'm-2', 'm-3', 'm-4']);
    for (const backend of [one, two]) {
      expect(await subjects(backend, 'memo')).toEqual(['rice:3', 'rubber:1', 'tea:1', 'tin:2']);
      expect(await ids(backend, 'memo', 'tin')).toEqual(['m-2', 'm-4']);
      expect(await ids(backend, 'memo', 'rubber')).toEqual(['m-3']);
    }
  });

  /** An engine on a storage of its own, every statement logged (its pool was not opened by openPostgres, so no read runs as a named statement). */
  function loggedEngine() {
    const statements: string[] = [];
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (event) => void statements.push(event.query.sql) });
    const notices = new ChangeNotices(url);
    const engine = new EngineSearchIndex(new PostgresIndexStorage(db, { notices, checkEveryMs: 60_000 }));
    const found = async (q: string) => (await engine.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0 })).hits.map((h) => h.id);
    return { statements, notices, db, found };
  }

  it('keeps a phrase’s positions and a prefix’s words for the next searches until the index changes', async () => {
    const { statements, notices, db, found } = loggedEngine();
    const reads = (what: RegExp) => statements.filter((q) => what.test(q)).length;
    const positions = /encode\(\w+\.positions/;
    // A prefix's rows: each segment's row at or before it, and those keyed inside it.
    const prefixes = /y\.term <= /;
    try {
      await one.search.index([entry('note-1', 'note verbale from the embassy'), entry('note-2', 'the embassy sent a note')]);
      expect(await found('"note verbale"')).toEqual(['note-1']);
      expect(await found('embas*')).toEqual(['note-1', 'note-2']);
      const before = [reads(positions), reads(prefixes)];
      expect(before.every((n) => n > 0)).toBe(true);
      expect(await found('"note verbale"')).toEqual(['note-1']);
      expect(await found('embas*')).toEqual(['note-1', 'note-2']);
      expect([reads(positions), reads(prefixes)]).toEqual(before);
      // A write raises the generation: what was kept is read again, and the new document found.
      await one.search.index([entry('note-3', 'a note verbale on embassy grounds')]);
      await until('the new document', async () => (await found('"note verbale"')).length === 2, 10_000, 20);
      expect(await found('embas*')).toEqual(['note-1', 'note-2', 'note-3']);
      expect(reads(positions)).toBeGreaterThan(before[0]!);
      expect(reads(prefixes)).toBeGreaterThan(before[1]!);
    } finally {
      await notices.close();
      await db.destroy();
    }
  });

  it('reads a phrase’s words’ postings with their positions, and every word of an AND, in one statement', async () => {
    await one.search.index([entry('wire-1', 'cable traffic from lisbon'), entry('wire-2', 'traffic cable to lisbon'), entry('wire-3', 'naval reports from madrid')]);
    // The pool of a web process, whose reads run as named statements (a phrase's positions by COPY) and are traced.
    const { db } = await openPostgres(url, { poolSize: 4 });
    const reads: string[] = [];
    // No dictionaries held (segment-dictionaries.ts), which would answer these rare words with no statement: the statements are what is tested.
    const engine = new EngineSearchIndex(new PostgresIndexStorage(db, { trace: (name) => void reads.push(name), dictionaryBytes: 0 }));
    const found = async (q: string) => (await engine.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0 })).hits.map((h) => h.id);
    const statements = () => reads.filter((name) => name !== 'ix_generation');
    try {
      await found('lisbon');
      reads.length = 0;
      expect(await found('"cable traffic"')).toEqual(['wire-1']);
      expect(statements()).toEqual(['ix_positions_of']);
      // The words' postings came with their positions, and are kept: the other phrase of the same words reads nothing.
      reads.length = 0;
      expect(await found('"traffic cable"')).toEqual(['wire-2']);
      expect(statements()).toEqual([]);
      // A phrase with a word no document has: its absence is known from the same one read (the other word's
      // positions are kept), and so is the absence of a phrase whose words share no document.
      reads.length = 0;
      expect(await found('"cable zanzibar"')).toEqual([]);
      expect(await found('"naval lisbon"')).toEqual([]);
      expect(statements()).toEqual(['ix_positions_of', 'ix_positions_of']);
      // Two words, one of them stemmed (its form as typed is read too): one statement for all three lists.
      reads.length = 0;
      expect(await found('reports madrid')).toEqual(['wire-3']);
      expect(statements()).toEqual(['ix_postings_of']);
    } finally {
      await db.destroy();
    }
  });

  it('keeps each segment’s postings across writes, and reads a merged segment’s anew though it kept the first base', async () => {
    // Over DIRECT_BATCH documents a call: each call writes a segment of its own.
    const batch = (prefix: string, n: number, words: string) => Array.from({ length: n }, (_, i) => entry(`${prefix}-${i}`, words));
    await one.search.index(batch('keep-a', 70, 'consulate cable a'));
    const { db } = await openPostgres(url, { poolSize: 2 });
    const notices = new ChangeNotices(url);
    // How many (segment, word) pairs each postings statement asked for.
    const pairs: number[] = [];
    // No dictionaries held, so that every segment's rows are read by the statement counted here.
    const engine = new EngineSearchIndex(new PostgresIndexStorage(db, { notices, trace: (name, _ms, rows) => void (name === 'ix_postings_of' && pairs.push(rows ?? -1)), dictionaryBytes: 0 }));
    const total = async (q: string) => (await engine.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0 })).total;
    try {
      expect(await total('consulate')).toBe(70);
      await until('the notices to listen', () => notices.listening, 10_000, 20);
      const sum = () => pairs.reduce((a, b) => a + b, 0);
      const segments = async () => (await cluster.query<{ n: number }>('select count(*)::int as n from ix_segments', [], dbName))[0]!.n;
      const before = await segments();
      // The word (and its form as typed, when stemmed) in every segment.
      const perSegment = sum() / before;
      expect(perSegment).toBeGreaterThanOrEqual(1);
      pairs.length = 0;
      await one.search.index(batch('keep-b', 70, 'consulate cable b'));
      expect(await segments()).toBe(before + 1);
      await until('the second segment', async () => (await total('consulate')) === 140, 10_000, 20);
      // After the write only the new segment's rows of the word were read: the others' were kept.
      expect(sum()).toBe(perSegment);
      // Replacing 40 of the first segment's documents leaves a fifth of the rows dead: compacting merges every segment
      // into one under the first base, with other rows than the segment kept under that base held.
      await one.search.index(batch('keep-a', 40, 'zeppelin only'));
      expect(await one.search.compact()).toBe(true);
      await until('the merged index', async () => (await total('consulate')) === 100, 10_000, 20);
      expect(await total('zeppelin')).toBe(40);
    } finally {
      await notices.close();
      await db.destroy();
    }
  });

  it('merges words’ forms as typed against their stems read ahead of them, finding what an index written at once finds', async () => {
    // Forms of a few stems, and sixty words of its own in each document: a merge takes its rows in several chunks, and the
    // forms (keyed before every stem) are merged while their stems' rows are still stored, read ahead in place.
    const vocabulary = ['negotiations', 'negotiated', 'negotiate', 'treaty', 'treaties', 'trading', 'trade', 'traders', 'loan', 'loans', 'harbour'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
    const letters = (n: number) => `zz${[...n.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')}s`;
    const own = (i: number) => Array.from({ length: 60 }, (_, k) => letters(i * 60 + k)).join(' ');
    const entries = Array.from({ length: 8 * 70 }, (_, i) => entry(`f${i}`, `${pick(2 + Math.floor(random() * 20))} ${own(i)}`));
    const backend = await openPostgresBackend(await cluster.createDatabase('index_forms'), { poolSize: 2 });
    // The same documents written at once: the first seven batches, and all eight.
    const seven = sqliteSearchIndex(new BetterSqlite3(':memory:'));
    const once = sqliteSearchIndex(new BetterSqlite3(':memory:'));
    try {
      await seven.index(entries.slice(0, 7 * 70));
      await once.index(entries);
      // Seven segments of one size class (each call over DIRECT_BATCH writes its own); the eighth makes a merge due.
      for (let i = 0; i < 7 * 70; i += 70) await backend.search.index(entries.slice(i, i + 70));
      const segments = async () => (await cluster.query<{ n: number }>('select count(*)::int as n from ix_segments', [], 'index_forms'))[0]!.n;
      expect(await segments()).toBe(7);
      const queries = ['negotiations treaty', 'harbour treaties', 'negotiated trade loans', 'traders', 'negotiat* trading', `${letters(5 * 60 + 2)} ${letters(5 * 60 + 9)}`, `${letters(530 * 60 + 3)} ${letters(530 * 60 + 50)}`];
      const hits = async (index: { search: typeof once.search }) =>
        Promise.all(queries.map(async (q) => (await index.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 1000, offset: 0 })).hits.map((h) => [h.id, h.score]).sort()));
      expect(await hits(backend.search)).toEqual(await hits(seven));
      const expected = await hits(once);
      expect(expected.every((list) => list.length > 0)).toBe(true);
      // The eighth written, and the run of eight merged (by the write or the compaction).
      await backend.search.index(entries.slice(7 * 70));
      await backend.search.compact();
      expect(await segments()).toBe(1);
      expect(await hits(backend.search)).toEqual(expected);
    } finally {
      await backend.close();
    }
  });

  it('reads the change marker again only when a notice announces a commit, its notices stop, or its own process commits', async () => {
    const { statements, notices, db, found } = loggedEngine();
    const markerReads = () => statements.filter((q) => /select generation::text from search_state/.test(q)).length;
    try {
      await found('dispatch');
      await until('the notices to listen', () => notices.listening, 10_000, 20);
      await found('dispatch');
      const reads = markerReads();
      expect(await found('dispatch')).toEqual([]);
      expect(markerReads()).toBe(reads);
      // Another process commits: its notice makes the next search read the marker (and load the document).
      await one.search.index([entry('dispatch-1', 'dispatch from cairo')]);
      await until('a search to read the marker again', async () => (await found('dispatch'), markerReads() > reads), 10_000, 20);
      expect(await found('dispatch')).toEqual(['dispatch-1']);
      // While the listening connection is down, nothing is trusted: every search reads the marker.
      await cluster.query(`select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen dossier_search' and datname = $1`, [dbName]);
      await until('the listening connection to drop', () => !notices.listening, 10_000, 20);
      const before = markerReads();
      await found('dispatch');
      await found('dispatch');
      expect(markerReads()).toBe(before + 2);
    } finally {
      await notices.close();
      await db.destroy();
    }
  });

  it('renews a kept marker beside the searches of a busy process, and keeps none that a notice made out of date meanwhile', async () => {
    const notices = new ChangeNotices(url);
    let reads = 0;
    let generation = 5;
    let hold: Promise<void> | undefined;
    const marker = new KeptMarker(async () => {
      reads++;
      const value = generation;
      await hold;
      return value;
    }, notices, 1500);
    const settled = async (p: Promise<number>) => Promise.race([p, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 100))]);
    try {
      await marker.get(false);
      await until('the notices to listen', () => notices.listening, 10_000, 20);
      await marker.get(false);
      const kept = Date.now();
      expect(await marker.get(false)).toBe(5);
      const before = reads;
      // Past half its age (with room for a loaded machine's late timers): the kept value answers at once, though the read it started has not.
      await new Promise((resolve) => setTimeout(resolve, 900));
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      generation = 6;
      expect(await settled(marker.get(false))).toBe(5);
      expect(reads).toBe(before + 1);
      release();
      hold = undefined;
      await until('the renewal to land', async () => (await marker.get(false)) === 6, 5_000, 10);
      // Past the first value's age, the renewed one is trusted: no search waits for a read.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, kept + 1650 - Date.now())));
      const renewed = reads;
      hold = new Promise((resolve) => (release = resolve));
      expect(await settled(marker.get(false))).toBe(6);
      expect(reads).toBeLessThanOrEqual(renewed + 1);
      // A read of generation 6 while a notice announces 7 is not kept: the searches read again until one sees 7.
      await cluster.query(`select pg_notify('dossier_search', '7')`, [], dbName);
      await until('the notice', async () => (await settled(marker.get(false))) === 'waiting', 5_000, 20);
      generation = 7;
      release();
      hold = undefined;
      expect(await marker.get(false)).toBe(7);
    } finally {
      await notices.close();
    }
  });
});
