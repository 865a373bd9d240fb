/**
 * `npm run bench:load [-- --duration 60 --connections 100 --soak-minutes 10]`
 *
 * The site under a bounded load while it is written to, then a soak.
 *
 * Load: for `--duration` seconds, `--connections` connections (split evenly
 * over five kinds of request: document pages, searches, browse pages, JSON
 * API, OAI-PMH) drive the site in a process of its own (bench-server.ts),
 * while a second process imports into the same archive (FRUS volumes with
 * the real `dossier import`, again and again until the load ends; without
 * the corpus, a generated JSONL file). Prints requests served, errors (any
 * non-2xx answer, socket error or timeout; target 0) and p50/p99 per kind.
 *
 * Soak: then `--soak-minutes` (default 10) of steady load over the same mix,
 * with the server's resident memory (RSS, from /proc) sampled every
 * `--sample-seconds`; prints the curve, each minute's lowest, mean and
 * highest, and the growth of the median RSS from the first half after the
 * first minute to the second half (target < 5%).
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadDemo } from '../src/ingest/demo.js';
import { openArchive } from '../src/open-archive.js';
import { startBenchServer, stopBenchServer } from './bench-server.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    'soak-minutes': { type: 'string', default: '10' },
    'soak-connections': { type: 'string', default: '20' },
    'sample-seconds': { type: 'string', default: '5' },
    dir: { type: 'string', default: '/tmp/dossier-bench-load' },
    port: { type: 'string', default: '3197' },
    'no-import': { type: 'boolean', default: false },
    'reuse': { type: 'boolean', default: false },
    frus: { type: 'string', default: new URL('../../shared/data/frus', import.meta.url).pathname },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const SOAK_SECONDS = Math.round(Number(args['soak-minutes']) * 60);
const SAMPLE_SECONDS = Number(args['sample-seconds']);
const ROOT = new URL('..', import.meta.url).pathname;
const DOSSIER = join(ROOT, 'bin/dossier.js');

// ---- the archive: the demo and half the FRUS volumes; the other half is what the import writes ----

function frusVolumes(): string[] {
  if (!existsSync(args.frus!)) return [];
  return readdirSync(args.frus!).filter((f) => f.endsWith('.xml')).sort().map((f) => join(args.frus!, f));
}

async function buildArchive(dir: string, base: string[]): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = await openArchive({ dataDir: dir });
  await loadDemo(archive);
  await archive.backend.close();
  if (base.length) await run('node', [DOSSIER, '--data', dir, 'import', '--format', 'tei', ...base]);
}

function run(cmd: string, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(' ')} exited with ${code}`))));
  });
}

/** Generated records for the import when the FRUS corpus is absent. */
function generatedImport(dir: string): string {
  const file = join(dir, 'generated.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    lines.push(JSON.stringify({ kind: 'document', id: `load-${i}`, title: `Generated cable ${i}`, date: `19${50 + (i % 40)}`, summary: `Written during the load test, record ${i} of the generated set.` }));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** The writer: imports `sources` into the archive over and over until stopped; counts whole runs. */
function startImporter(dir: string, sources: string[], tei: boolean): { stop: () => Promise<{ runs: number; failures: number }> } {
  let child: ChildProcess | undefined;
  let stopping = false;
  let runs = 0;
  let failures = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const next = () => {
    if (stopping) return done();
    child = spawn('node', [DOSSIER, '--data', dir, 'import', ...(tei ? ['--format', 'tei'] : []), ...sources], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (code === 0) runs++;
      else if (!stopping || signal !== 'SIGTERM') {
        failures++;
        console.error(`import failed (${code ?? signal}): ${err.slice(-500)}`);
      }
      next();
    });
  };
  next();
  return {
    async stop() {
      stopping = true;
      child?.kill('SIGTERM');
      await finished;
      return { runs, failures };
    },
  };
}

// ---- the request mix ----

interface Kind {
  name: string;
  paths: string[];
}

async function requestMix(dir: string): Promise<Kind[]> {
  const archive = await openArchive({ dataDir: dir });
  const { store } = archive.backend;
  const docs = (await store.listDocuments({ limit: 100_000 })).items;
  const step = Math.max(1, Math.floor(docs.length / 500));
  const sample = docs.filter((_, i) => i % step === 0).map((d) => d.id);
  const collections = (await store.listCollections()).slice(0, 100).map((c) => c.id);
  const years = (await store.dateHistogram({ unit: 'year' })).buckets.map((b) => b.key);
  await archive.backend.close();
  const words = ['treaty', 'minister', 'fishing', 'railway', 'consul', 'telegram', 'Tokyo', 'Peking', 'cotton', 'loan', 'embassy', 'war', 'peace',
    'trade', 'China', 'Japan', 'Russia', '"most favored nation"', 'harbor', 'customs', 'silver', 'mission', 'tariff', 'indemnity', 'legation', 'boundary'];
  const enc = encodeURIComponent;
  return [
    { name: 'document', paths: sample.map((id) => `/documents/${enc(id)}`) },
    { name: 'search', paths: words.flatMap((w) => [`/search?q=${enc(w)}`, `/search?q=${enc(w)}&sort=date`, `/search?q=${enc(w)}&page=2`]) },
    { name: 'browse', paths: [...collections.map((id) => `/collections/${id}`), ...years.map((y) => `/dates/${y}`), '/collections', '/dates', '/people', '/places', '/'] },
    {
      name: 'api',
      paths: [...sample.slice(0, 200).map((id) => `/api/v1/documents/${enc(id)}`), ...words.map((w) => `/api/v1/search?q=${enc(w)}`), '/api/v1/documents', '/api/v1/collections'],
    },
    {
      name: 'oai',
      paths: [
        '/oai?verb=Identify', '/oai?verb=ListMetadataFormats', '/oai?verb=ListSets', '/oai?verb=ListRecords&metadataPrefix=oai_dc',
        '/oai?verb=ListIdentifiers&metadataPrefix=oai_dc',
        ...sample.slice(0, 100).map((id) => `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=${enc(`oai:127.0.0.1:${id}`)}`),
      ],
    },
  ];
}

// ---- driving it ----

interface KindResult {
  name: string;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  p50: number;
  p99: number;
}

function drive(port: number, kind: Kind, connections: number, seconds: number): Promise<KindResult> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [{ setupRequest: (req) => ({ ...req, path: kind.paths[i++ % kind.paths.length]! }) }],
      },
      (error, r) => {
        if (error) return reject(error);
        resolve({ name: kind.name, requests: r.requests.total, errors: r.errors, non2xx: r.non2xx, timeouts: r.timeouts, p50: r.latency.p50, p99: r.latency.p99 });
      },
    );
  });
}

function driveMix(port: number, mix: Kind[], connections: number, seconds: number): Promise<KindResult[]> {
  const each = Math.max(1, Math.floor(connections / mix.length));
  return Promise.all(mix.map((k) => drive(port, k, each, seconds)));
}

function printResults(results: KindResult[]): number {
  console.log('  kind        requests   errors (timeouts)   p50 ms   p99 ms');
  let errors = 0;
  for (const r of results) {
    // autocannon counts a timeout among its errors too.
    const e = r.errors + r.non2xx;
    errors += e;
    console.log(`  ${r.name.padEnd(10)} ${String(r.requests).padStart(9)} ${String(e).padStart(8)} ${`(${r.timeouts})`.padStart(10)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)}`);
  }
  const total = results.reduce((n, r) => n + r.requests, 0);
  console.log(`  ${'all'.padEnd(10)} ${String(total).padStart(9)} ${String(errors).padStart(8)}`);
  return errors;
}

// ---- memory ----

/** The server's own process: the deepest descendant of the wrapper that runs web-server.ts (tsx runs the script in a child, beside an esbuild service). */
function serverPid(root: number): number {
  const children = (pid: number): number[] => {
    try {
      return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      return [];
    }
  };
  const runsServer = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('web-server.ts');
  let pid = root;
  for (;;) {
    const next = children(pid).find(runsServer);
    if (next === undefined) return pid;
    pid = next;
  }
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

async function soak(port: number, pid: number, mix: Kind[]): Promise<{ errors: number; growth: number }> {
  const samples: { t: number; mb: number }[] = [];
  const started = Date.now();
  const sample = () => samples.push({ t: (Date.now() - started) / 1000, mb: rssMb(pid) });
  sample();
  const timer = setInterval(sample, SAMPLE_SECONDS * 1000);
  const results = await driveMix(port, mix, Number(args['soak-connections']), SOAK_SECONDS);
  clearInterval(timer);
  sample();
  console.log(`\nSoak: ${args['soak-minutes']} min at ${args['soak-connections']} connections over the same mix`);
  const errors = printResults(results);
  console.log('\n  RSS of the server (MB), sampled every', SAMPLE_SECONDS, 's:');
  const width = 50;
  const max = Math.max(...samples.map((s) => s.mb));
  for (const s of samples) console.log(`  ${s.t.toFixed(0).padStart(5)} s ${s.mb.toFixed(1).padStart(8)} ${'#'.repeat(Math.round((s.mb / max) * width))}`);
  // The heap saws up and down by hundreds of MB between major collections, with a period of minutes,
  // so one sample or one minute says little: the level is the median of many. The growth compares the
  // median of the first half after warm-up with that of the second half.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const warmUp = Math.min(60, SOAK_SECONDS / 4);
  const mid = (warmUp + SOAK_SECONDS) / 2;
  const first = median(samples.filter((s) => s.t >= warmUp && s.t < mid).map((s) => s.mb));
  const second = median(samples.filter((s) => s.t >= mid).map((s) => s.mb));
  const growth = ((second - first) / first) * 100;
  console.log('\n  per minute: lowest / mean / highest RSS (MB)');
  for (let m = 0; m * 60 < SOAK_SECONDS; m++) {
    const w = samples.filter((s) => s.t >= m * 60 && s.t < (m + 1) * 60).map((s) => s.mb);
    if (w.length) console.log(`  ${String(m + 1).padStart(4)}  ${Math.min(...w).toFixed(0).padStart(6)} ${(w.reduce((a, b) => a + b, 0) / w.length).toFixed(0).padStart(6)} ${Math.max(...w).toFixed(0).padStart(6)}`);
  }
  console.log(`\n  median RSS ${warmUp.toFixed(0)}–${mid.toFixed(0)} s: ${first.toFixed(1)} MB; ${mid.toFixed(0)}–${SOAK_SECONDS} s: ${second.toFixed(1)} MB; growth ${growth.toFixed(1)}% (target < 5%)`);
  return { errors, growth };
}

// ---- main ----

const dir = args.dir!;
const volumes = frusVolumes();
const half = Math.ceil(volumes.length / 2);
console.log(`Building the archive in ${dir}: demo${volumes.length ? ` + ${half} FRUS volumes` : ' only (../shared/data/frus not found)'}…`);
if (!args.reuse || !existsSync(join(dir, 'archive.sqlite'))) await buildArchive(dir, volumes.slice(0, half));
const mix = await requestMix(dir);
const writes = volumes.length ? volumes.slice(half) : [generatedImport(dir)];
const server = await startBenchServer(dir, Number(args.port), true);
let failed = false;
try {
  const pid = serverPid(server.pid!);
  console.log(`\nLoad: ${DURATION} s at ${CONNECTIONS} connections (${mix.map((k) => `${k.name} ${k.paths.length} URLs`).join(', ')}),`);
  console.log(`while another process imports ${volumes.length ? `${writes.length} FRUS volumes` : 'a generated JSONL file of 20,000 records'} into the same archive, again and again`);
  const importer = args['no-import'] ? { stop: async () => ({ runs: 0, failures: 0 }) } : startImporter(dir, writes, volumes.length > 0);
  const results = await driveMix(Number(args.port), mix, CONNECTIONS, DURATION);
  const imported = await importer.stop();
  const errors = printResults(results);
  console.log(`  import: ${imported.runs} whole runs during the load, ${imported.failures} failed (the run cut by the end of the load not counted)`);
  console.log(`  errors: ${errors} (target 0)`);
  if (errors > 0 || imported.failures > 0) failed = true;
  if (SOAK_SECONDS > 0) {
    const s = await soak(Number(args.port), pid, mix);
    if (s.errors > 0 || s.growth >= 5) failed = true;
  }
} finally {
  await stopBenchServer(server);
}
if (failed) {
  console.log('\nA target was missed (see above).');
  process.exitCode = 1;
}
