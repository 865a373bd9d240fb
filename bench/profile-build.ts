/**
 * `tsx bench/profile-build.ts [--docs 10000] [--dir /tmp/dossier-bench-build] [--build off]`:
 * the search index's build, phase by phase, on bench:search's synthetic
 * documents: making each document's field texts (HTML to text), analysis
 * alone (every token handed to a sink that drops it), and a whole build
 * into a fresh SQLite file (analysis, postings, encoding, writes; `--thread off`
 * without the analysis thread) — the load for `node --cpu-prof` on the build,
 * without bench:search's queries. `--build off` stops after analysis alone
 * (its figure, in a process of its own, as a build's analysis meets it: the
 * analyzer's tables start empty).
 * @module
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { analyzeWith, FIELD_GAP } from '../src/search/analyzer.js';
import { indexFields } from '../src/search/index-fields.js';
import { sqliteSearchIndex } from '../src/backends/sqlite/sqlite-index-storage.js';
import { loadCorpora } from './lib/corpus.js';
import { SyntheticArchive } from './lib/synthetic.js';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '10000' },
    dir: { type: 'string', default: '/tmp/dossier-bench' },
    batch: { type: 'string', default: '20000' },
    thread: { type: 'string', default: 'on' },
    build: { type: 'string', default: 'on' },
  },
});
const DOCS = Number(args.docs);
const BATCH = Number(args.batch);
const synthetic = new SyntheticArchive(loadCorpora(args.dir!));
const entries = Array.from({ length: DOCS }, (_, i) => synthetic.doc(i).entry);

let t = performance.now();
const fields = entries.map(indexFields);
const fieldsMs = performance.now() - t;

t = performance.now();
const cpu = process.cpuUsage();
let tokens = 0;
const sink = () => void tokens++;
for (const f of fields) {
  let position = 0;
  for (const { texts } of f) for (const text of texts) position = analyzeWith(text, position, sink) + FIELD_GAP;
}
const analysisMs = performance.now() - t;
const { user, system } = process.cpuUsage(cpu);
const analysisCpuMs = (user + system) / 1000;

const rate = (ms: number) => `${(ms / 1000).toFixed(2)} s, ${Math.round(DOCS / (ms / 1000)).toLocaleString()} docs/s`;
console.log(`${DOCS.toLocaleString()} documents, ${tokens.toLocaleString()} tokens`);
console.log(`field texts (HTML to text): ${rate(fieldsMs)}`);
console.log(`analysis alone: ${rate(analysisMs)}, ${(analysisMs / DOCS).toFixed(3)} ms a document, ${((analysisMs * 1e6) / tokens).toFixed(0)} ns a token`);
// CPU time, which other processes on a shared machine stretch less than wall time.
console.log(`analysis alone, CPU time: ${(analysisCpuMs / DOCS).toFixed(3)} ms a document, ${((analysisCpuMs * 1e6) / tokens).toFixed(0)} ns a token`);
if (args.build !== 'off') await build();
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

async function build(): Promise<void> {
  const dir = join(args.dir!, 'profile-build');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = new BetterSqlite3(join(dir, 'index.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const index = sqliteSearchIndex(db, { analysisThread: args.thread !== 'off' });
  await index.count();
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (let from = 0; from < DOCS; from += BATCH) {
    db.exec('BEGIN');
    await index.index(entries.slice(from, from + BATCH));
    db.exec('COMMIT');
  }
  const buildMs = performance.now() - t;
  const { user, system } = process.cpuUsage(cpu);
  db.close();
  console.log(`whole build (incl. field texts and analysis again; analysis thread ${args.thread}): ${rate(buildMs)}`);
  // This process's CPU time (every thread's): what other processes on a shared machine stretch less than wall time.
  console.log(`whole build, CPU time: ${rate((user + system) / 1000)}`);
}
