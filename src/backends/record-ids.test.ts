/**
 * A search's hits carry the record id of the document version they matched,
 * read from the engine's columns (search/engine/doc-ids.ts), never an id a
 * doc number had before: on both databases, in the writing process and in
 * another one whose columns were read before each change — after documents
 * are replaced (a new doc number), removed, written in a transaction that
 * rolls back (whose doc numbers the next write takes again), merged with
 * their replaced rows purged, and cleared and indexed again in another
 * order (every doc number naming another document).
 * @module
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startCluster, type PostgresCluster } from '../../test/postgres-cluster.js';
import { tempDir } from '../../test/temp-dirs.js';
import { EngineSearchIndex } from '../search/engine-search-index.js';
import { parseQuery } from '../search/query-parser.js';
import type { Backend } from './backend.js';
import type { IndexEntry, SearchIndex } from './search-index.js';
import { openPostgres } from './postgres/open-postgres.js';
import { openPostgresBackend } from './postgres/postgres-backend.js';
import { PostgresIndexStorage } from './postgres/postgres-index-storage.js';
import { openSqliteBackend } from './sqlite/sqlite-backend.js';
import { sqliteSearchIndex } from './sqlite/sqlite-index-storage.js';
import { makeDocument } from './store.contract.js';

/** A word of its own for version `n` of a document, of letters no stemmer or folding changes. */
function word(n: number): string {
  const letters = 'bcdfghjklmnpqrtvwxz';
  return `zq${letters[Math.floor(n / letters.length) % letters.length]}${letters[n % letters.length]}`;
}

const entry = (id: string, n: number): IndexEntry => ({
  document: makeDocument({ id, status: 'published', transcripts: [{ language: 'en', html: `<p>harbour ${word(n)}</p>` }] }),
  names: [],
  authorities: [],
});

const ids = async (index: SearchIndex, q: string) =>
  (await index.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 200, offset: 0 })).hits.map((h) => h.id).sort();

interface Pair {
  writer: Backend;
  /** Another process's index on the same database: it read its columns before each change. */
  reader: SearchIndex;
  close(): Promise<void>;
}

function runRecordIdTests(name: string, open: () => Promise<Pair>): void {
  it(`${name}: answer every hit with its current record id, in the writing process and another, through replacements, removals, rollbacks, merges and a reindex`, async () => {
    const { writer, reader, close } = await open();
    /** Each live document's version: the word only it holds now. */
    const live = new Map<string, number>();
    const gone: number[] = [];
    const check = async (step: string) => {
      for (const index of [writer.search, reader]) {
        expect(await ids(index, 'harbour'), `${step}: every live document`).toEqual([...live.keys()].sort());
        for (const [id, n] of live) expect(await ids(index, word(n)), `${step}: ${id}'s word`).toEqual([id]);
        for (const n of gone) expect(await ids(index, word(n)), `${step}: a version no longer live`).toEqual([]);
      }
    };
    /** Writes version `n` of each document [id, n]. */
    const write = async (versions: [string, number][]) => {
      await writer.search.index(versions.map(([id, n]) => entry(id, n)));
      for (const [id, n] of versions) {
        const was = live.get(id);
        if (was !== undefined) gone.push(was);
        live.set(id, n);
      }
    };
    try {
      // A segment, then documents written one at a time (pending rows on SQLite).
      await write(Array.from({ length: 80 }, (_, i) => [`d${i}`, i]));
      for (let i = 80; i < 85; i++) await write([[`d${i}`, i]]);
      await check('written');

      // Replaced, in a segment and pending: new doc numbers; removed.
      await write([['d3', 103], ['d81', 181]]);
      await writer.search.remove(['d5', 'd82']);
      for (const id of ['d5', 'd82']) {
        gone.push(live.get(id)!);
        live.delete(id);
      }
      await check('replaced and removed');

      // A transaction that writes, is searched and rolls back: the next write takes its doc numbers again.
      await expect(
        writer.transaction(async ({ search }) => {
          await search.index([entry('x1', 200), entry('d7', 207)]);
          expect(await ids(search, word(200))).toEqual(['x1']);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await check('after a rollback');
      await write([['y1', 201], ['y2', 202]]);
      gone.push(200, 207);
      await check('written after a rollback');

      // A third of the documents replaced: compacting merges every segment and purges the replaced rows.
      await write(Array.from({ length: 30 }, (_, i) => [`d${i + 10}`, 300 + i]));
      expect(await writer.search.compact()).toBe(true);
      await check('merged and purged');

      // A reindex in reverse order: every doc number now names another document.
      const all = [...live].map(([id, n]) => entry(id, n)).reverse();
      await writer.search.clear();
      await writer.search.index(all);
      await check('reindexed in another order');
    } finally {
      await close();
    }
  }, 120_000);
}

describe('record ids of hits', () => {
  runRecordIdTests('SQLite', async () => {
    const path = join(tempDir(), 'ids.sqlite');
    const writer = await openSqliteBackend(path);
    const readerDb = new BetterSqlite3(path, { readonly: true });
    return { writer, reader: sqliteSearchIndex(readerDb), close: async () => (readerDb.close(), await writer.close()) };
  });

  describe.skipIf(!postgresAvailable())('on PostgreSQL', () => {
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startCluster();
    });
    afterAll(async () => {
      await cluster?.destroy();
    });
    runRecordIdTests('PostgreSQL', async () => {
      const url = await cluster.createDatabase();
      const writer = await openPostgresBackend(url, { poolSize: 3 });
      const { db } = await openPostgres(url, { poolSize: 2 });
      return { writer, reader: new EngineSearchIndex(new PostgresIndexStorage(db)), close: async () => (await db.destroy(), await writer.close()) };
    });
  });
});
