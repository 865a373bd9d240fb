/**
 * `dossier worker` killed mid-job, on PostgreSQL: two workers run against
 * one database; the job publishing a scheduled document is held inside its
 * transaction (the test locks the documents table, so the publication
 * waits), the worker holding it is killed with SIGKILL, and the other
 * worker runs the job again once its lease has run out. The document is
 * published once, with one revision and one audit entry, the job ran twice
 * in all (never on both workers at once), and the surviving worker stops
 * cleanly on SIGTERM. Then two workers share two dozen jobs, each run once.
 * @module
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/open-archive.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { postgresAvailable, startCluster, type PostgresCluster } from '../postgres-cluster.js';
import { until } from '../until.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');

interface Worker {
  child: ChildProcessWithoutNullStreams;
  out: string[];
}

describe.skipIf(!postgresAvailable())('dossier worker killed mid-job (PostgreSQL)', () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  let database: string;
  const workers: Worker[] = [];
  beforeAll(async () => {
    await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    cluster = await startCluster();
    databaseUrl = await cluster.createDatabase();
    database = new URL(databaseUrl).pathname.slice(1);
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await cluster?.destroy();
  });

  function startWorker(): Worker {
    const child = spawn(process.execPath, [BIN, 'worker', '--lease', '2', '--data', tempDir()], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    const worker = { child, out: [] as string[] };
    child.stdout.on('data', (chunk: Buffer) => worker.out.push(...chunk.toString().split('\n').filter(Boolean)));
    child.stderr.on('data', (chunk: Buffer) => worker.out.push(...chunk.toString().split('\n').filter(Boolean)));
    workers.push(worker);
    return worker;
  }

  it('runs the job again once on the other worker, and its effect happens once', async () => {
    const archive = await openArchive({ dataDir: tempDir(), databaseUrl });
    const lock = new pg.Client({ connectionString: databaseUrl });
    await lock.connect();
    try {
      await importPaths(archive, [SMALL_ARCHIVE]);
      await archive.backend.editors.setSchedule({ documentId: 't-draft', publishAt: new Date(Date.now() - 60_000).toISOString(), actor: 'ed' });
      // Reads go on; the publication's write to the documents table waits inside its transaction.
      await lock.query('begin');
      await lock.query('lock table documents in exclusive mode');

      const [a, b] = [startWorker(), startWorker()];
      const held = await until('a worker holding the publication job, blocked', async () => {
        // Not on the locking connection: inside its transaction the statistics views would stay as first read.
        const [job] = await cluster.query(`select id, worker, attempts from jobs where kind = 'publish-due' and status = 'running'`, [], database);
        const [waiting] = await cluster.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = $1`, [database]);
        return job && waiting ? (job as { id: string; worker: string; attempts: number }) : undefined;
      });
      expect(held.attempts).toBe(1);
      const pid = Number(held.worker.split(':').pop());
      const victim = [a, b].find((w) => w.child.pid === pid)!;
      const survivor = victim === a ? b : a;
      expect(victim).toBeDefined();
      const killed = new Promise((resolve) => victim.child.once('exit', (_code, signal) => resolve(signal)));
      victim.child.kill('SIGKILL');
      expect(await killed).toBe('SIGKILL');
      await lock.query('commit');

      const job = await until('the job run again and done', async () => {
        const row = await archive.backend.jobs.get(held.id);
        return row?.status === 'done' ? row : undefined;
      });
      expect(job.attempts).toBe(2);
      expect(job.worker).toBe(`${held.worker.split(':').slice(0, -1).join(':')}:${survivor.child.pid}`);
      // The worker logs the job's end after committing it, and its output reaches this process through a pipe.
      await until('the survivor logging the job done', () => survivor.out.some((line) => line.startsWith(`job ${held.id} publish-due: done in`)));
      // Started once on each worker: first on the one killed, then, after its lease ran out, on the other.
      const starts = (w: Worker) => w.out.filter((line) => line.startsWith(`job ${held.id} publish-due: started`));
      expect(starts(victim)).toEqual([expect.stringContaining('attempt 1 of 3')]);
      expect(starts(survivor)).toEqual([expect.stringContaining('attempt 2 of 3')]);

      const doc = await archive.backend.store.getDocument('t-draft');
      expect(doc?.status).toBe('published');
      const revisions = await archive.backend.store.listRevisions('document', 't-draft');
      expect(revisions.filter((r) => r.note === 'Scheduled by ed')).toHaveLength(1);
      const audits = await archive.backend.editors.listAudit({ action: 'document.status', limit: 100 });
      expect(audits.items.filter((e) => e.target === 'document:t-draft')).toHaveLength(1);
      expect(await archive.backend.editors.getSchedule('t-draft')).toBeUndefined();

      // The operator's view of it.
      const { stdout } = await run(process.execPath, [BIN, 'jobs', '--kind', 'publish-due', '--json', '--data', tempDir()], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
      expect(stdout.trim().split('\n').map((line) => JSON.parse(line)).find((j) => j.id === held.id)).toMatchObject({ status: 'done', attempts: 2, lastError: `attempt 1: the worker ${held.worker} stopped before finishing the job (its lease ran out)` });

      const exited = new Promise((resolve) => survivor.child.once('exit', (code) => resolve(code)));
      survivor.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(survivor.out.some((line) => /SIGTERM: stopping once the job in hand is finished/.test(line))).toBe(true);
    } finally {
      await lock.end().catch(() => {});
      await archive.close();
    }
  }, 60_000);

  it('never runs one job on two workers', async () => {
    const archive = await openArchive({ dataDir: tempDir(), databaseUrl });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) ids.push((await archive.backend.jobs.enqueue({ kind: 'compact-index' }, new Date().toISOString())).id);
      const pair = [startWorker(), startWorker()];
      await until('every job done', async () => (await Promise.all(ids.map((id) => archive.backend.jobs.get(id)))).every((j) => j?.status === 'done'));
      // Each worker logs a job's end after committing it; its output reaches this process through a pipe.
      await until('every job logged done', () => ids.every((id) => pair.some((w) => w.out.some((line) => line.startsWith(`job ${id} `) && line.includes(': done in')))));
      for (const id of ids) {
        const starts = pair.flatMap((w) => w.out.filter((line) => line.startsWith(`job ${id} `) && line.includes(': started')));
        expect(starts, id).toHaveLength(1);
        expect((await archive.backend.jobs.get(id))?.attempts).toBe(1);
      }
      for (const w of pair) w.child.kill('SIGTERM');
    } finally {
      await archive.close();
    }
  }, 60_000);
});
