/**
 * What PostgreSQL needs beyond the Store contract: migrations run once however
 * many processes start together, SQLite's byte order whatever the database's
 * collation, change numbers in commit order and revision numbers without
 * repeats under concurrent writers, and a clear, bounded failure when the
 * database is down. Each "process" is a catalog with a pool of its own.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, replicaOf, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import { openSqliteBackend } from '../sqlite/sqlite-backend.js';
import { migrationProvider } from '../sql/migrations/index.js';
import { makeAuthority, makeCollection, makeDocument } from '../store.contract.js';
import type { Store } from '../store.js';
import { useByteOrder } from './byte-order.js';
import { DatabaseUnavailableError, openPostgres } from './open-postgres.js';
import { openPostgresCatalog } from './postgres-catalog.js';
import { createSegmentTables } from './segment-tables.js';

const change = { actor: 'test' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dbName = (url: string) => new URL(url).pathname.slice(1);

describe.skipIf(!postgresAvailable())('PostgreSQL catalog', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('migrates a fresh database once when two processes open it at the same moment, and a second run changes nothing', async () => {
    const url = await cluster.createDatabase();
    const [a, b] = await Promise.all([openPostgresCatalog(url, { poolSize: 2 }), openPostgresCatalog(url, { poolSize: 2 })]);
    const expected = Object.keys(await migrationProvider.getMigrations()).sort();
    const applied = async () => (await cluster.query<{ name: string }>('select name from kysely_migration order by name', [], dbName(url))).map((r) => r.name);
    expect(await applied()).toEqual(expected);
    await a.store.putDocument(makeDocument({ id: 'kept' }), change);
    expect((await b.store.getDocument('kept'))?.id).toBe('kept');
    await Promise.all([a.close(), b.close()]);

    const again = await openPostgres(url);
    expect(await applied()).toEqual(expected);
    expect(await useByteOrder(again.db)).toBe(0);
    const notByteOrder = await cluster.query<{ n: number }>(
      `select count(*)::int as n from information_schema.columns where table_schema = 'public' and data_type = 'text' and coalesce(collation_name, '') <> 'C'`,
      [], dbName(url),
    );
    expect(notByteOrder[0]!.n).toBe(0);
    const [{ n }] = await cluster.query<{ n: number }>('select count(*)::int as n from documents', [], dbName(url)) as [{ n: number }];
    expect(n).toBe(1);
    await again.db.destroy();
  });

  it('creates the search index\'s tables in byte order, so no later open alters them under another process\'s statements', async () => {
    const url = await cluster.createDatabase();
    const opened = await openPostgres(url);
    try {
      await createSegmentTables(opened.db);
      const loose = await cluster.query<{ column: string }>(
        `select table_name || '.' || column_name as column from information_schema.columns
         where table_schema = 'public' and data_type = 'text' and coalesce(collation_name, '') <> 'C' order by 1`,
        [], dbName(url),
      );
      expect(loose.map((r) => r.column)).toEqual([]);
      expect(await useByteOrder(opened.db)).toBe(0);
    } finally {
      await opened.db.destroy();
    }
  });

  it('orders ids, slugs, titles and names as SQLite does (byte order), on a database whose collation is en-US', async () => {
    const pg = await openPostgresCatalog(await cluster.createDatabase());
    const lite = await openSqliteBackend(':memory:');
    const ids = ['a', 'B', 'a-b', 'ab', 'a.c', 'Z', 'e', 'A', '10', '9', 'a_b', 'a~b'];
    const fill = async (store: Store) => {
      for (const id of ids) await store.putDocument(makeDocument({ id, title: id === 'B' || id === 'Z' ? 'Memo' : `Memo ${id}` }), change);
      for (const [i, title] of ['b', 'B', 'a b', 'a-b', 'Äpfel', 'apfel'].entries()) await store.putCollection(makeCollection({ id: `c${i}`, title }), change);
      for (const name of ['Chou En-lai', 'chiang', 'Ch’en Yi', 'Chu Teh', 'CHEN']) await store.putAuthority(makeAuthority({ kind: 'person', id: name.toLowerCase().replace(/\W+/g, '-'), name }), change);
    };
    await fill(pg.store);
    await fill(lite.store);
    const observe = async (store: Store) => {
      const scanned: string[] = [];
      for await (const d of store.scanDocuments({ batchSize: 5 })) scanned.push(`${d.id}=${d.slug}`);
      return {
        scanned,
        listed: (await store.listDocuments({ limit: 100 })).items.map((d) => d.id),
        collections: (await store.listCollections()).map((c) => c.title),
        authorities: (await store.listAuthorities('person')).items.map((a) => a.name),
        suggested: (await store.suggestAuthorities(['person'], 'ch', 10)).map((a) => a.matched),
        bySlug: await store.findDocumentIdBySlug('memo-2'),
      };
    };
    const onPostgres = await observe(pg.store);
    expect(onPostgres).toEqual(await observe(lite.store));
    // Byte order, not a language's: '-' before '.' before digits before upper case before '_' before lower case before '~'.
    expect(onPostgres.listed).toEqual([...ids].sort());
    expect(onPostgres.collections).toEqual(['B', 'a b', 'a-b', 'apfel', 'b', 'Äpfel']);
    await pg.close();
    await lite.close();
  });

  it('hands out change numbers in commit order: a writer waits for an open transaction instead of numbering ahead of it', async () => {
    const url = await cluster.createDatabase();
    const [one, two] = await Promise.all([openPostgresCatalog(url), openPostgresCatalog(url)]);
    // Two processes writing as fast as they can: every number distinct.
    await Promise.all([one, two].map(async (catalog, w) => {
      for (let i = 0; i < 15; i++) await catalog.store.putDocument(makeDocument({ id: `w${w}-${i}` }), change);
    }));
    const seqs = (await one.store.listDocumentChanges(0, 100)).map((c) => c.seq);
    expect(seqs).toHaveLength(30);
    expect(new Set(seqs).size).toBe(30);

    // A harvester that has seen number N must never later find a document committed with a number below N.
    let firstWritten!: () => void;
    const written = new Promise<void>((resolve) => (firstWritten = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = one.transaction(async (tx) => {
      await tx.store.putDocument(makeDocument({ id: 'slow-1' }), change);
      firstWritten();
      await gate;
      await tx.store.putDocument(makeDocument({ id: 'slow-2' }), change);
    });
    await written;
    let fastDone = false;
    const fast = two.store.putDocument(makeDocument({ id: 'fast' }), change).then(() => (fastDone = true));
    await sleep(300);
    expect(fastDone).toBe(false);
    release();
    await Promise.all([slow, fast]);
    const order = (await one.store.listDocumentChanges(Math.max(...seqs), 10)).map((c) => c.id);
    expect(order).toEqual(['slow-1', 'slow-2', 'fast']);
    await Promise.all([one.close(), two.close()]);
  });

  it('numbers the revisions of one record without repeats or gaps when two processes edit it at once', async () => {
    const url = await cluster.createDatabase();
    const [one, two] = await Promise.all([openPostgresCatalog(url), openPostgresCatalog(url)]);
    await one.store.putDocument(makeDocument({ id: 'shared', title: 'First' }), change);
    await Promise.all([one, two].map(async (catalog, w) => {
      for (let i = 0; i < 10; i++) await catalog.store.putDocument(makeDocument({ id: 'shared', title: `Edit ${w}-${i}` }), { actor: `editor-${w}` });
    }));
    const revisions = (await two.store.listRevisions('document', 'shared')).map((r) => r.revision);
    expect(revisions).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i));
    const latest = await one.store.getDocument('shared');
    expect(await one.store.getRevision('document', 'shared', 21)).toEqual(latest);
    await Promise.all([one.close(), two.close()]);
  });

  it('never gives two documents one slug when two processes create them with one title at once', async () => {
    const url = await cluster.createDatabase();
    const [one, two] = await Promise.all([openPostgresCatalog(url), openPostgresCatalog(url)]);
    const created = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      (i % 2 ? one : two).store.putDocument(makeDocument({ id: `memo-${i}`, title: 'Memorandum of Conversation' }), change)));
    const slugs = created.map((c) => c.document.slug);
    expect(new Set(slugs).size).toBe(12);
    expect(slugs).toContain('memorandum-of-conversation');
    expect(slugs).toContain('memorandum-of-conversation-12');
    await Promise.all([one.close(), two.close()]);
  });

  it('lets two transactions write one authority and documents in opposite orders without a deadlock', async () => {
    const url = await cluster.createDatabase();
    const [one, two] = await Promise.all([openPostgresCatalog(url), openPostgresCatalog(url)]);
    const results = await Promise.allSettled([
      one.transaction(async (tx) => {
        await tx.store.putAuthority(makeAuthority({ kind: 'person', id: 'zhou', name: 'Zhou Enlai' }), change);
        await sleep(200);
        await tx.store.putDocument(makeDocument({ id: 'from-one' }), change);
      }),
      two.transaction(async (tx) => {
        await sleep(50);
        await tx.store.putDocument(makeDocument({ id: 'from-two' }), change);
        await sleep(300);
        await tx.store.putAuthority(makeAuthority({ kind: 'person', id: 'zhou', name: 'Chou En-lai' }), change);
      }),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(['fulfilled', 'fulfilled']);
    expect((await one.store.getAuthority('person', 'zhou'))?.name).toBe('Chou En-lai');
    expect((await one.store.listRevisions('person', 'zhou')).map((r) => r.revision)).toEqual([2, 1]);
    await Promise.all([one.close(), two.close()]);
  });

  it('writes a document, its links and its revision together or not at all outside a transaction', async () => {
    const url = await cluster.createDatabase();
    const catalog = await openPostgresCatalog(url);
    await catalog.store.putCollection(makeCollection({ id: 'c' }), change);
    // A constraint on revisions makes the write fail at its last statement, after the document and its links.
    await cluster.query(`alter table revisions add constraint no_doomed check (record_id <> 'doomed')`, [], dbName(url));
    await expect(catalog.store.putDocument(makeDocument({ id: 'doomed', collections: [{ id: 'c' }] }), change)).rejects.toThrow(/no_doomed/);
    expect(await catalog.store.getDocument('doomed')).toBeUndefined();
    expect((await catalog.store.countCollectionDocuments()).get('c')).toBeUndefined();
    const [{ n }] = await cluster.query<{ n: number }>(`select count(*)::int as n from document_collections`, [], dbName(url)) as [{ n: number }];
    expect(n).toBe(0);
    await catalog.close();
  });
  it('loses a transaction whole when its connection is cut mid-way, and goes on serving', async () => {
    const url = await cluster.createDatabase();
    const catalog = await openPostgresCatalog(url, { poolSize: 2 });
    await catalog.store.putCollection(makeCollection({ id: 'c' }), change);
    const cut = catalog.transaction(async (tx) => {
      await tx.store.putDocument(makeDocument({ id: 'half', collections: [{ id: 'c' }] }), change);
      // The server ends this session (a failover, an operator, a network fault) before the second write.
      await cluster.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and state like 'idle in transaction%'`, [dbName(url)]);
      await tx.store.putDocument(makeDocument({ id: 'other-half' }), change);
    });
    await expect(cut).rejects.toThrow();
    expect(await catalog.store.getDocument('half')).toBeUndefined();
    expect(await catalog.store.listRevisions('document', 'half')).toEqual([]);
    expect((await catalog.store.countCollectionDocuments()).get('c')).toBeUndefined();
    await catalog.store.putDocument(makeDocument({ id: 'after' }), change);
    expect((await catalog.store.getDocument('after'))?.id).toBe('after');
    await catalog.close();
  });

  it('reads from a streaming replica what the primary wrote, without migrating it', async () => {
    const url = await cluster.createDatabase();
    const primary = await openPostgresCatalog(url);
    await primary.store.putDocument(makeDocument({ id: 'B', title: 'Replicated' }), change);
    await primary.store.putDocument(makeDocument({ id: 'a' }), change);
    const replica = await replicaOf(cluster);
    try {
      const reader = await openPostgresCatalog(replica.url(dbName(url)), { readOnly: true });
      expect((await reader.store.getDocument('B'))?.title).toBe('Replicated');
      // The byte-order columns came along with the data: the replica orders as the primary does.
      expect((await reader.store.listDocuments({ limit: 10 })).items.map((d) => d.id)).toEqual(['B', 'a']);
      await primary.store.putDocument(makeDocument({ id: 'later' }), change);
      let seen: unknown;
      for (let i = 0; i < 50 && !seen; i++) {
        seen = await reader.store.getDocument('later');
        if (!seen) await sleep(50);
      }
      expect(seen).toBeDefined();
      await expect(reader.store.putDocument(makeDocument({ id: 'refused' }), change)).rejects.toThrow(/read-only transaction/);
      await reader.close();
    } finally {
      await replica.destroy();
      await primary.close();
    }
  });
});

describe.skipIf(!postgresAvailable())('PostgreSQL down at start', () => {
  let cluster: PostgresCluster;
  let url: string;
  beforeAll(async () => {
    cluster = await startCluster();
    url = (await cluster.createDatabase('archive')).replace('postgres@', 'postgres:s3cret@');
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('gives up after bounded retries with a named error that shows the database without its password', async () => {
    await cluster.stop();
    const started = Date.now();
    const error = await openPostgresCatalog(url, { attempts: 4, backoffMs: 100 }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toContain(`PostgreSQL at postgres://postgres@127.0.0.1:${cluster.port}/archive is not reachable (4 attempts`);
    expect((error as Error).message).not.toContain('s3cret');
    expect(elapsed).toBeGreaterThanOrEqual(100 + 200 + 400);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('waits out a database that comes up while it retries', async () => {
    const opening = openPostgresCatalog(url, { attempts: 10, backoffMs: 200 });
    await sleep(300);
    await cluster.start();
    const catalog = await opening;
    await catalog.store.putDocument(makeDocument({ id: 'after-start' }), change);
    expect((await catalog.store.getDocument('after-start'))?.id).toBe('after-start');

    // A restart under an open pool drops its idle connections; the process carries on and reconnects.
    await cluster.stop();
    await cluster.start();
    expect((await catalog.store.getDocument('after-start'))?.id).toBe('after-start');
    await catalog.close();
  });

  it('refuses at once a database that does not exist, since waiting would not create it', async () => {
    const started = Date.now();
    const error = await openPostgresCatalog(url.replace('/archive', '/missing'), { attempts: 5, backoffMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/refused the archive: database "missing" does not exist/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
