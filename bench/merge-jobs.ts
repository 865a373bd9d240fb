/**
 * `npm run bench:merges [-- --docs 20000 --writes 2048 --backend sqlite|postgres]`
 *
 * What taking segment merges off the write path does to a write's latency.
 * Builds an archive of `--docs` synthetic published documents
 * (bench/lib/synthetic.ts; in a temporary folder, or a fresh database on a
 * throwaway PostgreSQL cluster), then saves `--writes` more, one
 * transaction each, as editors' saves are. After each write that queued a
 * merge, the merge job runs at once (as a worker would), timed apart. In
 * the same run, the peer is the write as it was when merges ran inside it:
 * the write's time plus the merge it made due. Prints p50 / p95 / p99 / max
 * of both, and the merges' count and time.
 * @module
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Document } from '../src/domain/document.js';
import { openArchive } from '../src/open-archive.js';
import type { Archive } from '../src/services/archive.js';
import { runQueuedMerges } from '../src/services/jobs/merge-index-job.js';
import { saveDocument } from '../src/services/records.js';
import { startCluster, type PostgresCluster } from '../test/postgres-cluster.js';
import { loadCorpora } from './lib/corpus.js';
import { SyntheticArchive } from './lib/synthetic.js';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '20000' },
    writes: { type: 'string', default: '2048' },
    backend: { type: 'string', default: 'sqlite' },
    cache: { type: 'string', default: '/tmp/dossier-bench-merges-corpora' },
  },
});
const DOCS = Number(args.docs);
const WRITES = Number(args.writes);

const synthetic = new SyntheticArchive(loadCorpora(args.cache!));
const docOf = (k: number): Document => {
  const d = synthetic.doc(k).entry.document;
  // Their references to people and places are dropped: those records do not exist here.
  return { ...d, type: undefined, agents: [], places: [], subjects: [], funders: [], collections: [], source: { obtainedBy: [], translatedBy: [] } } as Document;
};

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const f = (v: number) => v.toFixed(1).padStart(8);
  return `p50 ${f(at(0.5))} ms  p95 ${f(at(0.95))} ms  p99 ${f(at(0.99))} ms  max ${f(s[s.length - 1]!)} ms`;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const dataDir = join(tmpdir(), `dossier-bench-merges-${process.pid}`);
let cluster: PostgresCluster | undefined;
let archive: Archive;
if (args.backend === 'postgres') {
  cluster = await startCluster();
  archive = await openArchive({ dataDir, databaseUrl: await cluster.createDatabase() });
} else {
  mkdirSync(dataDir, { recursive: true });
  archive = await openArchive({ dataDir });
}
try {
  const started = performance.now();
  for (let i = 0; i < DOCS; i += 500) {
    await archive.backend.transaction(async (tx) => {
      for (let k = i; k < Math.min(DOCS, i + 500); k++) await saveDocument(tx, docOf(k), { actor: 'bench' });
    });
    await runQueuedMerges(archive);
  }
  console.log(`${args.backend}: ${DOCS.toLocaleString()} documents built in ${((performance.now() - started) / 1000).toFixed(1)} s; now ${WRITES} writes of one document each`);

  const writes: number[] = [];
  const withMerge: number[] = [];
  const merges: number[] = [];
  for (let w = 0; w < WRITES; w++) {
    const write = await time(() => archive.backend.transaction((tx) => saveDocument(tx, docOf(DOCS + w), { actor: 'bench' })));
    let merge = 0;
    if ((await archive.backend.jobs.list({ kind: 'merge-index', status: 'queued', limit: 1 })).length > 0) {
      merge = await time(() => runQueuedMerges(archive));
      merges.push(merge);
    }
    writes.push(write);
    withMerge.push(write + merge);
  }
  console.log(`write, its merge queued as a job      ${stats(writes)}`);
  console.log(`write with its merge inside (before)  ${stats(withMerge)}`);
  console.log(`merges: ${merges.length}, ${stats(merges)}, ${(merges.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s in all`);
} finally {
  await archive.close();
  await cluster?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
