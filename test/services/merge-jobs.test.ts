/**
 * Index merges as jobs, on SQLite and on PostgreSQL: documents written one
 * transaction at a time (each a segment) make a merge due; the writes queue
 * one `merge-index` job between them and merge nothing themselves; the job
 * merges the segments, and every search answers as before; a document
 * written while the merge runs is found afterwards; with nobody running the
 * jobs, a write merges a run grown to twice the fan-out itself, so reads
 * never face more segments than that.
 * @module
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/open-archive.js';
import type { Archive } from '../../src/services/archive.js';
import { mergeIndexJob, runQueuedMerges } from '../../src/services/jobs/merge-index-job.js';
import { JobRunner } from '../../src/services/jobs/job-runner.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { answers, writeOneByOne } from '../merge-fixtures.js';
import { postgresAvailable, startCluster, type PostgresCluster } from '../postgres-cluster.js';

interface Target {
  name: string;
  skip: boolean;
  open(): Promise<{ archive: Archive; segments: () => Promise<number> }>;
}

let cluster: PostgresCluster | undefined;
const TARGETS: Target[] = [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const dataDir = tempDir();
      const archive = await openArchive({ dataDir });
      const segments = async () => {
        const db = new Database(archive.location, { readonly: true });
        try {
          return (db.prepare('select count(*) as n from ix_segments').get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      return { archive, segments };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !postgresAvailable(),
    async open() {
      cluster ??= await startCluster();
      const url = await cluster.createDatabase();
      const database = new URL(url).pathname.slice(1);
      const archive = await openArchive({ dataDir: tempDir(), databaseUrl: url });
      const segments = async () => Number((await cluster!.query<{ n: string }>('select count(*) as n from ix_segments', [], database))[0]!.n);
      return { archive, segments };
    },
  },
];

afterAll(async () => {
  await cluster?.destroy();
});

describe.each(TARGETS)('index merges as jobs on $name', (target) => {
  let archive: Archive;
  let segments: () => Promise<number>;
  beforeAll(async () => {
    if (target.skip) return;
    ({ archive, segments } = await target.open());
    await importPaths(archive, [SMALL_ARCHIVE]);
  }, 60_000);
  afterAll(async () => {
    await archive?.close();
  });

  it.skipIf(target.skip)('queues one merge for many writes, and the job merges without changing an answer', async () => {
    const before = await segments();
    await writeOneByOne(archive, 0, 12);
    await writeOneByOne(archive, 0, 2, true); // replaced: their old postings are dropped by the merge
    // Every write made its own segment and merged nothing (15 in all, short of the 16 a write merges itself)…
    expect(await segments()).toBe(before + 14);
    // …and the first that made a merge due queued the job; the others found it waiting.
    const queued = await archive.backend.jobs.list({ kind: 'merge-index' });
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ status: 'queued', key: expect.stringMatching(/^merge-index@/) });

    const expected = await answers(archive);
    expect(expected[0]!.total).toBe(12);
    expect([...expected[4]!.hits].sort()).toEqual(['m-0', 'm-1']);

    const runner = new JobRunner(archive, [mergeIndexJob]);
    expect(await runner.runOnce()).toMatchObject({ kind: 'merge-index', status: 'done', attempts: 1 });
    expect(await segments()).toBeLessThan(8);
    expect(await answers(archive)).toEqual(expected);
    // Nothing is due any more: no job queued by the merge itself.
    expect(await archive.backend.jobs.list({ kind: 'merge-index', status: 'queued' })).toEqual([]);
  });

  it.skipIf(target.skip)('keeps a document written while the merge runs', async () => {
    await writeOneByOne(archive, 12, 24);
    const [job] = await archive.backend.jobs.list({ kind: 'merge-index', status: 'queued' });
    expect(job).toBeDefined();
    const expected = await answers(archive);
    const runner = new JobRunner(archive, [mergeIndexJob]);
    // The write waits for the merge's commit (one index writer at a time), or goes first; either way it lands.
    const [ran] = await Promise.all([runner.runOnce(job!.id), writeOneByOne(archive, 100, 101)]);
    expect(ran).toMatchObject({ status: 'done' });
    const after = await answers(archive);
    expect(after[0]!.total).toBe(expected[0]!.total + 1);
    expect(after[0]!.hits).toContain('m-100');
    // Searches that the new document does not match find what they found before.
    expect(after[1]).toEqual(expected[1]);
    expect(after[4]).toEqual(expected[4]);
  });

  it.skipIf(target.skip)('merges a run grown to twice the fan-out in the write when nobody runs the jobs', async () => {
    await runQueuedMerges(archive);
    const before = await segments();
    await writeOneByOne(archive, 200, 230);
    // 30 segments written: the queued merge never ran, so the writes merged each run of 16 themselves.
    const now = await segments();
    expect(now).toBeLessThan(before + 16);
    expect(await archive.backend.jobs.list({ kind: 'merge-index', status: 'queued' })).toHaveLength(1);
    const expected = await answers(archive);
    // What an import does at its end where no runner may run: the queued merges, here.
    expect(await runQueuedMerges(archive)).toBe(1);
    expect(await segments()).toBeLessThan(now);
    expect(await answers(archive)).toEqual(expected);
  });
});
