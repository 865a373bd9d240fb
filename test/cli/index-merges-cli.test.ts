/**
 * Index merges run by the command line. `dossier import` alone, with no
 * server or worker to run the jobs: an import of ten files (ten
 * transactions, ten segments) queues a merge and runs it before it exits,
 * so the archive is left merged. And a `dossier worker` killed in the
 * middle of an index merge. On SQLite the worker is stopped (SIGSTOP) once
 * it holds the write lock of its merge's transaction, then killed. On
 * PostgreSQL it is held inside the merge's transaction (the test locks the
 * postings table, so the merge's first rewrite waits), searches answer meanwhile from the
 * index as it was, the worker is killed with SIGKILL, and the index is
 * still whole (the same answers, the same segments). A second worker runs
 * the job again once its lease has run out, and the merge lands once.
 * @module
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/open-archive.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { answers, writeOneByOne } from '../merge-fixtures.js';
import { postgresAvailable, startCluster, type PostgresCluster } from '../postgres-cluster.js';
import { until } from '../until.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');

beforeAll(async () => {
  await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}, 60_000);

describe('dossier import with nothing running the jobs (SQLite)', () => {
  it('runs the merges its batches queued before it exits', async () => {
    const data = tempDir();
    const sources = tempDir();
    await run(process.execPath, [BIN, 'init', '--data', data], { cwd: ROOT });
    await run(process.execPath, [BIN, 'import', SMALL_ARCHIVE, '--data', data], { cwd: ROOT });
    // Each file is a transaction of its own, so each is a segment.
    for (let i = 0; i < 10; i++) {
      writeFileSync(join(sources, `cable-${i}.jsonl`), `${JSON.stringify({ kind: 'document', id: `c-${i}`, status: 'published', title: `Cable ${i} on the harbour`, collections: [{ id: 'test-cables' }] })}\n`);
    }
    await run(process.execPath, [BIN, 'import', sources, '--data', data], { cwd: ROOT });
    const db = new Database(join(data, 'archive.sqlite'), { readonly: true });
    try {
      const segments = (db.prepare('select count(*) as n from ix_segments').get() as { n: number }).n;
      const jobs = db.prepare(`select status, attempts from jobs where kind = 'merge-index'`).all();
      expect(jobs).toEqual([{ status: 'done', attempts: 1 }]);
      // Eleven segments were written; the merge left fewer than the eight that make one due.
      expect(segments).toBeLessThan(8);
    } finally {
      db.close();
    }
    const { stdout } = await run(process.execPath, [BIN, 'search', 'harbour', '--data', data], { cwd: ROOT });
    for (let i = 0; i < 10; i++) expect(stdout).toContain(`Cable ${i} on the harbour`);
  }, 60_000);
});

describe('dossier worker killed mid-merge (SQLite)', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  /** Fictional cables of a few hundred words drawn from a made-up vocabulary: a merge of eight such files takes a while. */
  function bulkyFile(dir: string, file: number, docs: number): string {
    let seed = file * 7919 + 1;
    const word = () => `w${((seed = (seed * 48271) % 2147483647) % 5000).toString(36)}`;
    const lines = Array.from({ length: docs }, (_, d) => JSON.stringify({
      kind: 'document', id: `bulk-${file}-${d}`, status: 'published', title: `Cable ${file}-${d} on the harbour`,
      summary: Array.from({ length: 300 }, word).join(' '), collections: [{ id: 'test-cables' }],
    }));
    const path = join(dir, `bulk-${file}.jsonl`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  it('leaves the index as it was, and the job runs again once', async () => {
    const data = tempDir();
    const sources = tempDir();
    const file = join(data, 'archive.sqlite');
    const archive = await openArchive({ dataDir: data });
    await importPaths(archive, [SMALL_ARCHIVE]);
    // Each file its own transaction and segment, none merged: the ninth makes the merge due.
    for (let f = 0; f < 9; f++) await importPaths(archive, [bulkyFile(sources, f, 200)]);
    const expected = await answers(archive);
    await archive.close();
    const reader = new Database(file, { readonly: true });
    const segments = () => (reader.prepare('select count(*) as n from ix_segments').get() as { n: number }).n;
    const job = () => reader.prepare(`select id, status, attempts, worker from jobs where kind = 'merge-index'`).get() as { id: string; status: string; attempts: number; worker: string } | undefined;
    /** Whether another connection holds the write lock (the worker, inside its merge's transaction). */
    const writeLocked = () => {
      const probe = new Database(file, { timeout: 0 });
      try {
        probe.exec('begin immediate');
        probe.exec('rollback');
        return false;
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
        throw error;
      } finally {
        probe.close();
      }
    };
    try {
      const before = segments();
      expect(before).toBe(10);
      expect(job()).toMatchObject({ status: 'queued' });
      const out: string[] = [];
      const start = () => {
        const child = spawn(process.execPath, [BIN, 'worker', '--only', 'merge-index', '--lease', '2', '--data', data], { cwd: ROOT });
        for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => out.push(...chunk.toString().split('\n').filter(Boolean)));
        children.push(child);
        return child;
      };
      // Caught inside the merge: the job claimed, the worker stopped (SIGSTOP) while it holds the write lock.
      const victim = start();
      const deadline = Date.now() + 20_000;
      let caught = false;
      while (!caught && Date.now() < deadline) {
        if (job()?.status !== 'running') {
          await new Promise((r) => setTimeout(r, 1));
          continue;
        }
        victim.kill('SIGSTOP');
        caught = writeLocked();
        if (!caught) {
          expect(job()?.status, 'the merge ended before the worker could be stopped inside it').toBe('running');
          victim.kill('SIGCONT');
          await new Promise((r) => setTimeout(r, 1));
        }
      }
      expect(caught).toBe(true);
      // Readable meanwhile: the segments as they were.
      expect(segments()).toBe(before);
      const killed = new Promise((resolve) => victim.once('exit', (_code, signal) => resolve(signal)));
      victim.kill('SIGKILL');
      expect(await killed).toBe('SIGKILL');
      expect(segments()).toBe(before);
      expect(job()).toMatchObject({ status: 'running', attempts: 1 });

      const survivor = start();
      await until('the merge run again and done', async () => job()?.status === 'done');
      expect(job()).toMatchObject({ attempts: 2, worker: expect.stringMatching(new RegExp(`:${survivor.pid}$`)) });
      expect(segments()).toBeLessThan(before);
      const exited = new Promise((resolve) => survivor.once('exit', (code) => resolve(code)));
      survivor.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      reader.close();
    }
    const after = await openArchive({ dataDir: data });
    try {
      expect(await answers(after)).toEqual(expected);
    } finally {
      await after.close();
    }
  }, 60_000);
});

describe.skipIf(!postgresAvailable())('dossier worker killed mid-merge (PostgreSQL)', () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  let database: string;
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeAll(async () => {
    cluster = await startCluster();
    databaseUrl = await cluster.createDatabase();
    database = new URL(databaseUrl).pathname.slice(1);
  }, 60_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await cluster?.destroy();
  });

  function startWorker(out: string[]): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, [BIN, 'worker', '--only', 'merge-index', '--lease', '2', '--data', tempDir()], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => out.push(...chunk.toString().split('\n').filter(Boolean)));
    children.push(child);
    return child;
  }
  const segments = async () => Number((await cluster.query<{ n: string }>('select count(*) as n from ix_segments', [], database))[0]!.n);

  it('leaves the index as it was, and the job runs again once', async () => {
    const archive = await openArchive({ dataDir: tempDir(), databaseUrl });
    const lock = new pg.Client({ connectionString: databaseUrl });
    await lock.connect();
    try {
      await importPaths(archive, [SMALL_ARCHIVE]);
      await writeOneByOne(archive, 0, 10);
      const [job] = await archive.backend.jobs.list({ kind: 'merge-index' });
      expect(job).toMatchObject({ status: 'queued' });
      const expected = await answers(archive);
      const before = await segments();
      expect(before).toBe(11);

      // Reads go on; the merge's rewrite of the postings waits inside its transaction.
      await lock.query('begin');
      await lock.query('lock table ix_postings in exclusive mode');
      const first: string[] = [];
      const victim = startWorker(first);
      await until('the worker holding the merge, blocked', async () => {
        const [row] = await cluster.query(`select 1 from jobs where kind = 'merge-index' and status = 'running'`, [], database);
        const [waiting] = await cluster.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = $1`, [database]);
        return row && waiting;
      });
      expect(await answers(archive)).toEqual(expected);

      const killed = new Promise((resolve) => victim.once('exit', (_code, signal) => resolve(signal)));
      victim.kill('SIGKILL');
      expect(await killed).toBe('SIGKILL');
      await lock.query('commit');
      // Nothing of the merge was kept: every segment as before, every answer the same.
      expect(await segments()).toBe(before);
      expect(await answers(archive)).toEqual(expected);

      const second: string[] = [];
      const survivor = startWorker(second);
      const done = await until('the merge run again and done', async () => {
        const row = await archive.backend.jobs.get(job!.id);
        return row?.status === 'done' ? row : undefined;
      });
      expect(done.attempts).toBe(2);
      expect(done.worker).toMatch(new RegExp(`:${survivor.pid}$`));
      expect(second.filter((line) => line.startsWith(`job ${job!.id} merge-index: started`))).toEqual([expect.stringContaining('attempt 2 of 3')]);
      expect(await segments()).toBeLessThan(before);
      expect(await answers(archive)).toEqual(expected);
      expect(await archive.backend.jobs.list({ kind: 'merge-index', status: 'queued' })).toEqual([]);

      const exited = new Promise((resolve) => survivor.once('exit', (code) => resolve(code)));
      survivor.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await lock.end().catch(() => {});
      await archive.close();
    }
  }, 60_000);
});
