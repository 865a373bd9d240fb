/**
 * Reads from a streaming replica (DATABASE_READ_URL): this process's own
 * writes are read back at once even while the replica's replay is paused,
 * others' writes arrive with the replica's lag (so reads really go there),
 * and a stopped replica hands every read, searches included, to the primary.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, replicaOf, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import { parseQuery } from '../../search/query-parser.js';
import type { Backend } from '../backend.js';
import { makeDocument } from '../store.contract.js';
import { openPostgresBackend } from './postgres-backend.js';

const change = { actor: 'test' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function save(backend: Backend, id: string, title: string): Promise<void> {
  await backend.transaction(async (tx) => {
    const { document } = await tx.store.putDocument(makeDocument({ id, title }), change);
    await tx.search.index([{ document, names: [] }]);
  });
}

async function hits(backend: Backend, q: string): Promise<string[]> {
  const result = await backend.search.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 10, offset: 0 });
  return result.hits.map((h) => h.id);
}

describe.skipIf(!postgresAvailable())('PostgreSQL with a read replica', () => {
  let primary: PostgresCluster;
  let replica: PostgresCluster;
  let url: string;
  beforeAll(async () => {
    primary = await startCluster();
    url = await primary.createDatabase();
    // The archive's tables exist before the replica is copied from the primary.
    await (await openPostgresBackend(url)).close();
    replica = await replicaOf(primary);
  });
  afterAll(async () => {
    await replica?.destroy();
    await primary?.destroy();
  });

  it('reads its own writes at once, others’ with the replica’s lag, and everything from the primary once the replica stops', async () => {
    const db = new URL(url).pathname.slice(1);
    const web = await openPostgresBackend(url, { readUrl: replica.url(db) });
    const other = await openPostgresBackend(url);
    try {
      await replica.query('select pg_wal_replay_pause()', [], db);
      await save(web, 'own', 'Memorandum on the Suez canal');
      expect((await web.store.getDocument('own'))?.title).toBe('Memorandum on the Suez canal');
      expect(await hits(web, 'suez')).toEqual(['own']);

      // Once the replica has caught up with this process, its reads go there: another process's write waits for replay.
      await replica.query('select pg_wal_replay_resume()', [], db);
      for (let i = 0; i < 100 && (await replica.query('select 1 from documents where id = $1', ['own'], db)).length === 0; i++) await sleep(50);
      await sleep(100);
      await replica.query('select pg_wal_replay_pause()', [], db);
      await save(other, 'theirs', 'Telegram on the Suez canal');
      expect(await web.store.getDocument('theirs')).toBeUndefined();
      expect(await hits(web, 'telegram')).toEqual([]);
      await replica.query('select pg_wal_replay_resume()', [], db);
      let seen: unknown;
      for (let i = 0; i < 100 && !seen; i++) {
        seen = await web.store.getDocument('theirs');
        if (!seen) await sleep(50);
      }
      expect(seen).toBeDefined();

      await replica.stop();
      await save(other, 'late', 'Aide-mémoire on Aswan');
      expect((await web.store.getDocument('late'))?.title).toBe('Aide-mémoire on Aswan');
      // A search trusts the index generation it read until the commit's notice arrives, a moment after the commit.
      let found: string[] = [];
      for (let i = 0; i < 100 && found.length === 0; i++) {
        found = await hits(web, 'aswan');
        if (found.length === 0) await sleep(50);
      }
      expect(found).toEqual(['late']);
      expect((await hits(web, 'suez')).sort()).toEqual(['own', 'theirs']);
    } finally {
      await other.close();
      await web.close();
    }
  });

  it('keeps a replica that is down when the process starts, reading from the primary until it answers', async () => {
    const db = new URL(url).pathname.slice(1);
    await replica.stop().catch(() => {}); // stopped by the test above when both run
    const web = await openPostgresBackend(url, { readUrl: replica.url(db) });
    const other = await openPostgresBackend(url);
    try {
      await save(other, 'early', 'Note on the Baghdad Pact');
      expect((await web.store.getDocument('early'))?.title).toBe('Note on the Baghdad Pact');
      await replica.start();
      await replica.query('select pg_wal_replay_pause()', [], db);
      await save(other, 'unreplayed', 'Cable on the Baghdad Pact');
      // Reads go back to the replica once its pause after the failure is over: there the new cable is not yet replayed.
      let fromReplica = false;
      for (let i = 0; i < 200 && !fromReplica; i++) {
        fromReplica = (await web.store.getDocument('unreplayed')) === undefined;
        if (!fromReplica) await sleep(50);
      }
      expect(fromReplica).toBe(true);
      await replica.query('select pg_wal_replay_resume()', [], db);
    } finally {
      await other.close();
      await web.close();
    }
  });
});
