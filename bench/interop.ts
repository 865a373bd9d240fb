/**
 * `npm run bench:interop [-- --duration 10 --connections 16 --dir /tmp/dossier-bench-interop]`
 *
 * The open interfaces under load, on the FRUS archive: the volumes of
 * ../shared/data/frus imported with the real `dossier import --format tei`
 * into a folder that is built once and reused. The site runs in a process of
 * its own (bench/web-server.ts); autocannon drives it. Each measurement is
 * one step of STEPS below, printed against its target:
 *
 * - API document reads (`/api/v1/documents/<id>`, many documents): ≥ 2,000 req/s;
 * - API search (`/api/v1/search`, many queries), every request searching
 *   (answer cache off): p99 ≤ 100 ms for one client; beside it the same
 *   under `--connections` clients, and as served with the answer cache;
 * - generating the bulk downloads (JSON Lines + CSV, gzip) from the archive.
 *
 * A baseline in the same run: the same document reads with the answer cache
 * off. Further interfaces (an OAI-PMH harvest) join by adding a step.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { writeBulkFiles } from '../src/ingest/bulk-files.js';
import { openArchive } from '../src/open-archive.js';
import { apiPaths } from '../src/web/api/api-urls.js';
import { checkKeptArchive } from './lib/kept-archive.js';
import { harvestFigures } from './oai-harvest.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    dir: { type: 'string', default: join(os.tmpdir(), 'dossier-bench-interop') },
    port: { type: 'string', default: '3198' },
    frus: { type: 'string', default: new URL('../../shared/data/frus', import.meta.url).pathname },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ROOT = new URL('..', import.meta.url).pathname;

/** What each step gets: the archive folder, a running site (answer cache on), and samples of what to ask. */
interface BenchContext {
  dir: string;
  base: string;
  documents: string[];
  searches: string[];
  /** Starts another site process (e.g. with the answer cache off) for a baseline; stop it when done. */
  startServer(cache: boolean): Promise<{ base: string; stop: () => Promise<void> }>;
  /** Published documents in the archive (what a full harvest must return). */
  published: number;
}

interface Row {
  step: string;
  detail: string;
  figure: string;
  target?: string;
  ok?: boolean;
}

/** The measurements, in order. To measure another interface, add a step: a name and a function returning its rows. */
const STEPS: { name: string; run: (ctx: BenchContext) => Promise<Row[]> }[] = [
  { name: 'API document reads', run: apiDocumentReads },
  { name: 'API search', run: apiSearch },
  { name: 'bulk downloads', run: bulkGeneration },
  { name: 'OAI-PMH harvest', run: oaiHarvest },
];

/** A full ListRecords harvest through every resumption token (bench/oai-harvest.ts), in both formats. */
async function oaiHarvest(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  for (const metadataPrefix of ['oai_dc', 'dossier']) {
    const h = await harvestFigures(ctx.base, { metadataPrefix });
    rows.push({
      step: `OAI-PMH harvest (${metadataPrefix})`,
      detail: `${h.records} records, ${h.deleted} deleted, ${h.requests} requests, ${(h.bytes / 1e6).toFixed(1)} MB, ${h.recordsPerSecond.toFixed(0)} records/s`,
      figure: `${h.seconds.toFixed(1)} s`,
      target: '< 30 s, every published document',
      ok: h.seconds < 30 && h.records === ctx.published,
    });
  }
  return rows;
}

// ---- the archive ------------------------------------------------------------

async function buildArchive(dir: string): Promise<void> {
  if (!existsSync(args.frus!) || !readdirSync(args.frus!).some((f) => f.endsWith('.xml'))) {
    console.error(`No FRUS volumes in ${args.frus}: this benchmark needs ../shared/data/frus (or --frus <folder>).`);
    process.exit(1);
  }
  if (existsSync(join(dir, 'built'))) return checkKeptArchive(dir, 'bench:interop');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`Importing ${args.frus} (once; reused from ${dir} afterwards)…`);
  await run('node', [join(ROOT, 'bin/dossier.js'), '--data', dir, 'import', '--format', 'tei', args.frus!]);
  await run('touch', [join(dir, 'built')]);
}

function run(cmd: string, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

async function samples(dir: string): Promise<{ documents: string[]; searches: string[]; published: number }> {
  const archive = await openArchive({ dataDir: dir });
  const docs = (await archive.backend.store.listDocuments({ limit: 100_000 })).items;
  const step = Math.max(1, Math.floor(docs.length / 500));
  const documents = docs.filter((_, i) => i % step === 0).map((d) => apiPaths.document(d.id));
  const words = ['treaty', 'minister', 'fishing', 'railway', 'consul', 'telegram', 'Tokyo', 'Peking', 'cotton', 'loan', 'embassy', 'war',
    'peace', 'trade', 'China', 'Japan', 'Russia', '"most favored nation"', 'Seward', 'harbor', 'customs', 'silver', 'mission', 'Lincoln'];
  // The search page's mix (bench/web.ts), at the page's size of 20 hits, plus a facet filter.
  const searches = words.flatMap((w) => [
    `${apiPaths.search()}?q=${encodeURIComponent(w)}`,
    `${apiPaths.search()}?q=${encodeURIComponent(w)}&sort=date`,
    `${apiPaths.search()}?q=${encodeURIComponent(w)}&f.decade=1860`,
  ]);
  await archive.backend.close();
  return { documents, searches, published: docs.length };
}

// ---- servers and load -----------------------------------------------------------

async function startServer(dir: string, port: number, cache: boolean): Promise<{ base: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'bench/web-server.ts'), dir, String(port), ...(cache ? [] : ['--no-cache'])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { base: `http://127.0.0.1:${port}`, stop };
}

async function load(base: string, paths: string[], options: { warm?: boolean; duration?: number; connections?: number } = {}) {
  if (options.warm !== false) for (const p of paths) await fetch(base + p, { headers: { 'accept-encoding': 'gzip' } }).then((r) => r.arrayBuffer());
  const result = await autocannon({
    url: base,
    connections: options.connections ?? CONNECTIONS,
    duration: options.duration ?? DURATION,
    headers: { 'accept-encoding': 'gzip' },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

// ---- the steps ----------------------------------------------------------------

async function apiDocumentReads(ctx: BenchContext): Promise<Row[]> {
  const cached = await load(ctx.base, ctx.documents);
  const off = await ctx.startServer(false);
  const baseline = await load(off.base, ctx.documents, { duration: Math.min(DURATION, 10) });
  await off.stop();
  return [
    { step: 'API document reads', detail: `${ctx.documents.length} documents, p50 ${cached.p50} ms, p99 ${cached.p99} ms, ${cached.errors} errors`, figure: `${cached.rps.toFixed(0)} req/s`, target: '≥ 2,000 req/s', ok: cached.rps >= 2000 && cached.errors === 0 },
    { step: '  baseline: answer cache off', detail: `p50 ${baseline.p50} ms, p99 ${baseline.p99} ms, ${baseline.errors} errors`, figure: `${baseline.rps.toFixed(0)} req/s` },
  ];
}

async function apiSearch(ctx: BenchContext): Promise<Row[]> {
  // Every request searching: the server's answer cache off, so repeated queries are not served from memory. The
  // warm-up pass loads the index as a running server has it. Latency is measured with one client (each search
  // alone) and throughput with CONNECTIONS clients (where latency is mostly time spent queueing for the one core).
  const off = await ctx.startServer(false);
  const alone = await load(off.base, ctx.searches, { connections: 1 });
  const busy = await load(off.base, ctx.searches, { warm: false });
  await off.stop();
  const cached = await load(ctx.base, ctx.searches);
  return [
    { step: 'API search, one client, no answer cache', detail: `${ctx.searches.length} queries, p50 ${alone.p50} ms, ${alone.rps.toFixed(0)} req/s, ${alone.errors} errors`, figure: `p99 ${alone.p99} ms`, target: 'p99 ≤ 100 ms', ok: alone.p99 <= 100 && alone.errors === 0 },
    { step: `  ${CONNECTIONS} clients, no answer cache`, detail: `${busy.rps.toFixed(0)} req/s, p50 ${busy.p50} ms, ${busy.errors} errors`, figure: `p99 ${busy.p99} ms` },
    { step: `  ${CONNECTIONS} clients, as served (cache on)`, detail: `${cached.rps.toFixed(0)} req/s, p50 ${cached.p50} ms, ${cached.errors} errors`, figure: `p99 ${cached.p99} ms` },
  ];
}

async function bulkGeneration(ctx: BenchContext): Promise<Row[]> {
  const archive = await openArchive({ dataDir: ctx.dir });
  const out = mkdtempSync(join(os.tmpdir(), 'dossier-bench-bulk-'));
  const started = performance.now();
  const manifest = await writeBulkFiles(archive, out, { marker: (await archive.changeMarker()).marker, origin: 'https://archive.example.org' });
  const seconds = (performance.now() - started) / 1000;
  await archive.backend.close();
  rmSync(out, { recursive: true, force: true });
  const files = manifest.files.map((f) => `${f.name} ${(f.bytes / 1024 / 1024).toFixed(1)} MB (${f.records} records)`).join(', ');
  return [{ step: 'bulk downloads generated', detail: `${manifest.counts.documents} documents: ${files}`, figure: `${seconds.toFixed(1)} s` }];
}

// ---- main ---------------------------------------------------------------------

const dir = args.dir!;
await buildArchive(dir);
const { documents, searches, published } = await samples(dir);
const port = Number(args.port);
console.log(`\nDossier interfaces benchmark — FRUS (${published} published documents) in ${dir}`);
console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model}), Node ${process.version}; autocannon, ${CONNECTIONS} connections, ${DURATION} s per load\n`);

const server = await startServer(dir, port, true);
const ctx: BenchContext = { dir, base: server.base, documents, searches, published, startServer: (cache) => startServer(dir, port + 1, cache) };
const rows: Row[] = [];
try {
  for (const step of STEPS) {
    const got = await step.run(ctx);
    for (const r of got) console.log(`${r.step.padEnd(38)} ${r.figure.padStart(14)}  ${r.target ? `${r.ok ? '✓ meets' : '✗ misses'} ${r.target}  ` : ''}${r.detail}`);
    rows.push(...got);
  }
} finally {
  await server.stop();
}
console.log('\nThe machine is shared: run it a few times and quote the medians.');
