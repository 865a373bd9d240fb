/**
 * Several web processes on one PostgreSQL database with a streaming
 * replica, each its own Archive and app (its own pool, caches and read
 * routing, as separate processes have): a change committed by one is
 * announced to the others' caches through LISTEN at once; an editor whose
 * requests alternate between processes reads their own save back while the
 * replica lags; two editors saving one record at once through two processes
 * get one save and one conflict page, never two saves; a visitor's
 * searches are counted once between the processes.
 * @module
 */
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/ingest/demo.js';
import { openArchive } from '../../src/open-archive.js';
import { CLI_ACTOR } from '../../src/services/access.js';
import { Accounts } from '../../src/services/accounts.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp } from '../../src/web/app.js';
import { ArchiveVersion } from '../../src/web/archive-version.js';
import { SEARCH_RATE_LIMIT } from '../../src/web/http-hygiene.js';
import { Client, formValues, PASSWORD, ROLE_USERS } from '../http/admin-helpers.js';
import { tempDir } from '../helpers.js';
import { postgresAvailable, replicaOf, startCluster, type PostgresCluster } from '../postgres-cluster.js';

const DOC = 'demo-0029';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client whose requests go to each process in turn, as a load balancer without stickiness sends them. */
function balanced(apps: Hono<any>[]): { app: Hono<any>; last: () => number } {
  let next = 0;
  const app = { request: (...args: Parameters<Hono<any>['request']>) => apps[next++ % apps.length]!.request(...args) } as Hono<any>;
  return { app, last: () => (next - 1) % apps.length };
}

describe.skipIf(!postgresAvailable())('web processes sharing one PostgreSQL database', () => {
  let primary: PostgresCluster;
  let replica: PostgresCluster;
  let url: string;
  let db: string;
  const archives: Archive[] = [];
  let apps: Hono<any>[];

  beforeAll(async () => {
    primary = await startCluster();
    url = await primary.createDatabase();
    db = new URL(url).pathname.slice(1);
    const setup = await openArchive({ dataDir: tempDir(), databaseUrl: url });
    await loadDemo(setup);
    const accounts = new Accounts(setup);
    await accounts.add(CLI_ACTOR, { email: ROLE_USERS.editor, role: 'editor', password: PASSWORD });
    await accounts.add(CLI_ACTOR, { email: ROLE_USERS.admin, role: 'admin', password: PASSWORD });
    await setup.close();
    replica = await replicaOf(primary);
    for (let i = 0; i < 2; i++) archives.push(await openArchive({ dataDir: tempDir(), databaseUrl: url, databaseReadUrl: replica.url(db) }));
    apps = archives.map((archive) => createWebApp(archive, { log: 'silent', cache: true, rateLimits: 'archive' }));
  }, 90_000);

  afterAll(async () => {
    for (const archive of archives) await archive.close();
    await replica?.destroy();
    await primary?.destroy();
  });

  it('announces another process’s commit to this one’s caches at once, without waiting for the poll', async () => {
    const [writer, reader] = await Promise.all([openArchive({ dataDir: tempDir(), databaseUrl: url }), openArchive({ dataDir: tempDir(), databaseUrl: url })]);
    try {
      // A poll a minute apart: only the notice can make the second read fresh.
      const version = new ArchiveVersion(() => reader.changeMarker(), 60_000);
      let heard = 0;
      const heardOnce = () => new Promise<void>((resolve) => {
        const stop = reader.watchChanges(() => {
          heard++;
          stop();
          resolve();
        });
      });
      await heardOnce(); // the listening connection is open (its opening counts as one notice)
      reader.watchChanges(() => version.invalidate());
      const before = (await version.marker()).marker;
      expect((await version.marker()).marker).toBe(before);

      const notice = heardOnce();
      const doc = (await writer.backend.store.getDocument(DOC))!;
      await writer.save({ kind: 'document', ...doc, title: 'Cable No. 187, announced' }, { actor: 'test' });
      await notice;
      expect(heard).toBe(2);
      expect((await version.marker()).marker).not.toBe(before);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('reads an editor’s save back through the other process while the replica lags, and public pages from the replica', async () => {
    const balancer = balanced(apps);
    const client = new Client(balancer.app);
    expect((await client.signIn(ROLE_USERS.editor)).status).toBe(303);
    // The replica has everything written so far (the session), then stops replaying.
    const lsn = (await primary.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn', [], db))[0]!.lsn;
    for (let i = 0; i < 200 && !(await replica.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn], db))[0].ok; i++) await sleep(25);
    await replica.query('select pg_wal_replay_pause()', [], db);
    try {
      const form = await client.get(`/admin/edit/${DOC}`);
      const revision = /name="revision" value="(\d+)"/.exec(form.html)![1]!;
      const saved = await client.post(`/admin/edit/${DOC}`, { ...formValues(form.html), title: 'Cable No. 187, saved through one process' });
      expect(saved.res.status).toBe(303);
      const other = apps[(balancer.last() + 1) % apps.length]!;
      for (let i = 0; i < 2; i++) {
        const again = await client.get(`/admin/edit/${DOC}`); // each process in turn
        expect(again.html).toContain('value="Cable No. 187, saved through one process"');
        expect(again.html).toContain(`name="revision" value="${Number(revision) + 1}"`);
      }
      // A visitor's page in the process that did not write comes from the replica, which has not replayed the save yet.
      const page = await (await other.request(`http://localhost/documents/${DOC}`)).text();
      expect(page).not.toContain('saved through one process');
    } finally {
      await replica.query('select pg_wal_replay_resume()', [], db);
    }
  });

  it('saves one of two editors’ simultaneous edits of one record in two processes and shows the other the conflict page', async () => {
    for (let round = 0; round < 2; round++) {
      const a = new Client(apps[0]!);
      const b = new Client(apps[1]!);
      await a.signIn(ROLE_USERS.editor);
      await b.signIn(ROLE_USERS.admin);
      const [formA, formB] = [await a.get(`/admin/edit/${DOC}`), await b.get(`/admin/edit/${DOC}`)];
      const base = /name="revision" value="(\d+)"/.exec(formA.html)![1]!;
      expect(formB.html).toContain(`name="revision" value="${base}"`);
      const [ra, rb] = await Promise.all([
        a.post(`/admin/edit/${DOC}`, { ...formValues(formA.html), title: `Round ${round}: editor A` }),
        b.post(`/admin/edit/${DOC}`, { ...formValues(formB.html), title: `Round ${round}: editor B` }),
      ]);
      const statuses = [ra.res.status, rb.res.status];
      expect(statuses.sort()).toEqual([303, 409]);
      const loser = ra.res.status === 409 ? ra : rb;
      expect(loser.html).toContain('Someone else saved this document while you were editing');
      const winner = ra.res.status === 303 ? 'A' : 'B';
      const stored = (await archives[0]!.onPrimary(() => archives[0]!.backend.store.getDocument(DOC)))!;
      expect(stored.title).toBe(`Round ${round}: editor ${winner}`);
      const revisions = await archives[0]!.onPrimary(() => archives[0]!.backend.store.listRevisions('document', DOC));
      expect(revisions[0]!.revision).toBe(Number(base) + 1);
      await sleep(10);
    }
  });

  it('counts a visitor’s searches once between the processes: the quota spent across both, either refuses the next', async () => {
    const servers = apps.map((app) => serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }));
    await Promise.all(servers.map((server) => new Promise((resolve) => server.once('listening', resolve))));
    const ports = servers.map((server) => (server.address() as AddressInfo).port);
    // 127.0.0.2 is a client of its own on the loopback network (127.0.0.1, a same-host proxy, is not limited).
    const search = (port: number, q: string, localAddress = '127.0.0.2') =>
      new Promise<number>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: `/search?q=${q}`, localAddress }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        }).on('error', reject);
      });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < SEARCH_RATE_LIMIT.requests; i++) statuses.push(await search(ports[i % 2]!, `cable+${i}`));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(await search(ports[0]!, 'again')).toBe(429);
      expect(await search(ports[1]!, 'again')).toBe(429);
      expect(await search(ports[1]!, 'other', '127.0.0.3')).toBe(200);
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});
