/**
 * The job runner on an archive file, with the archive's own kinds: the bulk
 * download files queued by the site (once per change, whatever the number
 * of requests) and written by the runner while the site serves the old
 * ones; scheduled publication; a job whose payload cannot be used failed at
 * once with the reason, not retried; an idle runner that writes nothing
 * while an import holds the write lock; and stop() letting the job in hand
 * finish.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { jobKinds } from '../../src/cli/job-kinds.js';
import { openArchive } from '../../src/open-archive.js';
import type { Archive } from '../../src/services/archive.js';
import { JobRunner } from '../../src/services/jobs/job-runner.js';
import { queueJob } from '../../src/services/jobs/queue-job.js';
import { createWebApp } from '../../src/web/app.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';

const BASE = 'http://archive.test';

describe('job runner', () => {
  let dataDir: string;
  let archive: Archive;
  let runner: JobRunner;
  let app: Hono<any>;
  let nudges = 0;
  const log: string[] = [];
  beforeAll(async () => {
    dataDir = tempDir('dossier-jobs-');
    archive = await openArchive({ dataDir });
    await importPaths(archive, [SMALL_ARCHIVE]);
    runner = new JobRunner(archive, jobKinds(dataDir), { log: (line) => log.push(line), pollMs: 20 });
    app = createWebApp(archive, { log: 'silent', baseUrl: BASE, bulkDir: join(dataDir, 'bulk'), jobs: { workers: true, nudge: () => nudges++ } });
  });
  afterAll(async () => {
    await runner.stop();
    await archive.close();
  });

  const manifest = async () => (await (await app.request(`${BASE}/data/manifest.json`)).json()) as { marker: string; counts: { documents: number } };
  const queued = () => archive.backend.jobs.list({ kind: 'bulk-files' });

  it('queues the bulk files once per change and serves the old ones until the runner has written the new', async () => {
    const first = await manifest(); // no files yet: the first build is made in the request
    expect(await queued()).toEqual([]);
    const extra = join(tempDir(), 'more.jsonl');
    writeFileSync(extra, `${JSON.stringify({ kind: 'document', id: 't-new', title: 'A new cable on harbours', collections: [{ id: 'test-cables' }] })}\n`);
    await importPaths(archive, [extra]);
    const { marker } = await archive.changeMarker();
    expect(marker).not.toBe(first.marker);

    expect((await manifest()).marker).toBe(first.marker);
    await new Promise((r) => setTimeout(r, 1100)); // the manifest on disk is read again at most once a second
    expect((await manifest()).marker).toBe(first.marker);
    const jobs = await queued();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ key: `bulk-files@${marker}`, status: 'queued', payload: { origin: BASE } });
    expect(nudges).toBe(2);

    expect(await runner.runOnce()).toMatchObject({ kind: 'bulk-files', status: 'done', attempts: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    const next = await manifest();
    expect(next.marker).toBe(marker);
    expect(next.counts.documents).toBe(first.counts.documents + 1);
    expect(await queued()).toHaveLength(1);
  });

  it('publishes a scheduled document when its time has come, once', async () => {
    await archive.backend.editors.setSchedule({ documentId: 't-draft', publishAt: new Date(Date.now() - 1000).toISOString(), actor: 'ed' });
    const { id } = await queueJob(archive, { kind: 'publish-due' });
    expect(await runner.runOnce(id)).toMatchObject({ status: 'done' });
    expect((await archive.backend.store.getDocument('t-draft'))?.status).toBe('published');
    const again = await queueJob(archive, { kind: 'publish-due' });
    expect(await runner.runOnce(again.id)).toMatchObject({ status: 'done' });
    const revisions = await archive.backend.store.listRevisions('document', 't-draft');
    expect(revisions.filter((r) => r.note === 'Scheduled by ed')).toHaveLength(1);
  });

  it('fails a job whose payload it cannot use at once, saying why, without retrying', async () => {
    const { id } = await queueJob(archive, { kind: 'bulk-files', payload: { origin: 'not a url' } });
    const job = await runner.runOnce(id);
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job?.lastError).toMatch(/^attempt 1: job bulk-files has a payload it cannot use: origin: /);
    expect(log.some((line) => line.startsWith(`job ${id} bulk-files: failed (for good)`))).toBe(true);
  });

  it('looks for work and re-queues a kept key without writing, so a long import holding the write lock stalls nothing', async () => {
    const bulk = (await queued()).find((j) => j.key !== null)!;
    const importer = new Database(join(dataDir, 'archive.sqlite'));
    importer.exec('begin immediate'); // what an import's transaction holds while it writes
    try {
      const started = performance.now();
      expect(await runner.runOnce()).toBeUndefined();
      expect(await queueJob(archive, { kind: 'bulk-files', key: bulk.key!, payload: { origin: BASE } })).toEqual({ id: bulk.id, queued: false });
      // Under SQLite's busy timeout (5 s), which a write would have waited out, blocking the whole process.
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      importer.exec('rollback');
      importer.close();
    }
  });

  it('runs queued jobs in the background once started, and stops only after the job in hand', async () => {
    runner.start();
    const extra = join(tempDir(), 'more.jsonl');
    writeFileSync(extra, `${JSON.stringify({ kind: 'document', id: 't-newer', title: 'Another cable', collections: [{ id: 'test-cables' }] })}\n`);
    await importPaths(archive, [extra]);
    const { id } = await queueJob(archive, { kind: 'bulk-files', payload: { origin: BASE } });
    runner.nudge();
    const until = Date.now() + 10_000;
    while ((await archive.backend.jobs.get(id))?.status !== 'running' && (await archive.backend.jobs.get(id))?.status !== 'done' && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    await runner.stop();
    expect((await archive.backend.jobs.get(id))?.status).toBe('done');
    // Recurring kinds were queued by the running loop, once per period.
    const recurring = await archive.backend.jobs.list({ kind: 'compact-index' });
    expect(recurring).toHaveLength(1);
    expect(recurring[0]?.key).toMatch(/^compact-index@\d+$/);
  });
});
