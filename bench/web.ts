/**
 * `npm run bench:web [-- --duration 30 --connections 32 --dir /tmp/dossier-bench-web] [--rebuild]`
 *
 * The public site under load. Builds (once, reused) an archive of the demo
 * plus the FRUS volumes from ../shared/data/frus (imported with the real
 * `dossier import --format tei`; without the corpus, the demo alone, said so
 * in the report), starts the site in a process of its own, and drives it with
 * autocannon for `--duration` seconds per page type, each type cycling
 * through many pages of its kind. Prints req/s and p50/p99 latency per page
 * type against the targets (document pages ≥ 2,000 req/s, search ≥ 500,
 * p99 ≤ 50 ms on 2 cores), then checks that responses are compressed and
 * that revalidation gets 304. A baseline measured in the same run — the same
 * document pages with the page cache off — shows what the cache buys.
 *
 * Most visits are not cached (crawlers, distinct searches), so the same run
 * then measures pages rendered on every request: a server with the page cache
 * off, driven with a different document per request and a different search
 * word per request (drawn from the archive's own texts), once with
 * `Accept-Encoding: gzip` and once with `br` (documents at full concurrency
 * for throughput, searches one at a time for the wait a visitor feels, and
 * once at full concurrency); and a server with the cache on
 * asked for search words it has never seen (every request a miss, as a
 * visitor's own search is). `--uncached-only` runs just these rows.
 *
 * `--after-citations` first runs the archive's `citations` job to the end (the job a
 * server or `dossier worker` runs in the background after an import: each published
 * document's citations formatted and its similar documents counted ahead), as a
 * deployed archive is once its jobs have caught up; without it the archive is as
 * the import left it, plus what earlier runs' pages kept in the catalog (a kept
 * archive's "first visits" are then first only in the process).
 *
 * Last, uncached search pages through HAProxy in front of one web process
 * and of two, and a run in which one of the two is killed
 * (bench/web-processes.ts); `--processes-only` runs just those.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadDemo } from '../src/ingest/demo.js';
import { openArchive } from '../src/open-archive.js';
import { makeMissingCitations } from '../src/services/page-citations.js';
import type { Archive } from '../src/services/archive.js';
import { documentPath } from '../src/web/urls.js';
import { startBenchServer, stopBenchServer } from './bench-server.js';
import { fixedShuffle } from './lib/fixed-shuffle.js';
import { checkKeptArchive } from './lib/kept-archive.js';
import { measureProcesses } from './web-processes.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '32' },
    dir: { type: 'string', default: '/tmp/dossier-bench-web' },
    port: { type: 'string', default: '3199' },
    frus: { type: 'string', default: new URL('../../shared/data/frus', import.meta.url).pathname },
    'uncached-only': { type: 'boolean', default: false },
    'processes-only': { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    'after-citations': { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ROOT = new URL('..', import.meta.url).pathname;

// ---- the archive ----------------------------------------------------------

async function buildArchive(dir: string): Promise<{ corpus: string }> {
  const marker = join(dir, 'built');
  // Only what this benchmark wrote there: the archive and the marker.
  if (args.rebuild) for (const f of ['built', 'archive.sqlite', 'archive.sqlite-wal', 'archive.sqlite-shm']) rmSync(join(dir, f), { force: true });
  const haveFrus = existsSync(args.frus!) && readdirSync(args.frus!).some((f) => f.endsWith('.xml'));
  const corpus = haveFrus ? 'demo + FRUS (16 volumes)' : 'demo only (../shared/data/frus not found)';
  if (existsSync(marker)) {
    await checkKeptArchive(dir, 'bench:web', '--rebuild');
    return { corpus };
  }
  mkdirSync(dir, { recursive: true });
  const archive = await openArchive({ dataDir: dir });
  await loadDemo(archive);
  await archive.backend.close();
  if (haveFrus) {
    console.log(`Importing ${args.frus} (once; reused from ${dir} afterwards)…`);
    await run('node', [join(ROOT, 'bin/dossier.js'), '--data', dir, 'import', '--format', 'tei', args.frus!]);
  }
  await run('touch', [marker]);
  return { corpus };
}

function run(cmd: string, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

/** The `citations` job's work (services/jobs/citations-job.ts) run without its twenty-second budget, until no published document lacks citations. */
async function runCitationsJob(dir: string): Promise<string> {
  const archive = await openArchive({ dataDir: dir });
  const cpu = process.cpuUsage();
  const report = await makeMissingCitations(archive, { documentUrl: (id) => `https://archive.invalid${documentPath(id)}`, budgetMs: Number.POSITIVE_INFINITY });
  const used = process.cpuUsage(cpu);
  await archive.backend.close();
  if (!report.done) throw new Error('the citations job stopped before the end');
  return `citations job run first: ${report.made} documents cited, ${report.similar} with their similar documents counted, in ${(report.ms / 1000).toFixed(1)} s (${((used.user + used.system) / 1e6).toFixed(1)} s of CPU)`;
}

async function samplePaths(dir: string) {
  const archive = await openArchive({ dataDir: dir });
  const { store } = archive.backend;
  const docs = (await store.listDocuments({ limit: 100_000 })).items;
  const step = Math.max(1, Math.floor(docs.length / 400));
  const documents = docs.filter((_, i) => i % step === 0).map((d) => documentPath(d.id));
  documents.push('/documents/demo-0029?view=parallel', '/documents/demo-0039', '/documents/demo-0044?view=parallel');
  const collections = (await store.listCollections()).slice(0, 200).map((c) => `/collections/${c.id}`);
  const counted = await store.countDocumentsByRef('person');
  const persons = (await store.listAuthorities('person')).items.filter((p) => counted.has(p.id)).slice(0, 300).map((p) => `/people/${p.id}`);
  const years = (await store.dateHistogram({ unit: 'year' })).buckets.map((b) => `/dates/${b.key}`);
  const words = ['treaty', 'minister', 'fishing', 'railway', 'consul', 'telegram', 'Tokyo', 'Peking', 'cotton', 'loan', 'embassy', 'war',
    'peace', 'trade', 'China', 'Japan', 'Russia', '"most favored nation"', 'Zhou Enlai', '正常化', 'harbor', 'customs', 'silver', 'mission'];
  const searches = words.flatMap((w) => [`/search?q=${encodeURIComponent(w)}`, `/search?q=${encodeURIComponent(w)}&sort=date`]);
  const allDocuments = fixedShuffle(docs.map((d) => documentPath(d.id)));
  const vocabulary = fixedShuffle(await archiveVocabulary(store, docs.filter((_, i) => i % step === 0).map((d) => d.id)));
  await archive.backend.close();
  return { documents, collections, persons, years, searches, allDocuments, vocabulary, docCount: docs.length };
}

/**
 * Words of the archive's own texts (a sample of its documents), each once: lower-case words of
 * four letters or more that occur in at least two sampled documents, so each search finds something.
 */
async function archiveVocabulary(store: Archive['backend']['store'], ids: string[]): Promise<string[]> {
  const seen = new Map<string, number>();
  for (const doc of (await store.getDocuments(ids)).values()) {
    const text = [doc.title, ...doc.translations.map((t) => t.html), ...doc.transcripts.map((t) => t.html)].join(' ').replace(/<[^>]*>/g, ' ');
    for (const w of new Set(text.toLowerCase().match(/\b[a-z]{4,}\b/g) ?? [])) seen.set(w, (seen.get(w) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n >= 2).map(([w]) => w);
}

// ---- the server -------------------------------------------------------------

const startServer = startBenchServer;
const stop = stopBenchServer;

// ---- load -------------------------------------------------------------------

interface Row {
  type: string;
  pages: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  kb: number;
  target?: string;
}

const HEADERS = { 'accept-encoding': 'br, gzip' };

async function load(base: string, type: string, paths: string[], opts: { duration?: number; headers?: Record<string, string>; target?: string } = {}): Promise<Row> {
  // Warm-up: every page once, so the figures are of a site that has been visited, as a public site has.
  for (const p of paths) await fetch(base + p, { headers: HEADERS }).then((r) => r.arrayBuffer());
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: opts.duration ?? DURATION,
    headers: { ...HEADERS, ...opts.headers },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const row: Row = {
    type,
    pages: paths.length,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx - (opts.headers?.['if-none-match'] ? result['3xx'] ?? 0 : 0),
    kb: result.throughput.average / Math.max(result.requests.average, 1) / 1024,
    target: opts.target,
  };
  console.log(format(row));
  return row;
}

function format(r: Row): string {
  const ok = r.target ? (meets(r) ? '  ✓ meets' : '  ✗ misses') + ` ${r.target}` : '';
  return `${r.type.padEnd(40)} ${String(r.pages).padStart(5)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${r.kb.toFixed(1).padStart(7)} ${String(r.errors).padStart(6)}${ok}`;
}

function meets(r: Row): boolean {
  const need = Number(/≥ ([\d,]+)/.exec(r.target ?? '')?.[1]?.replace(',', '') ?? 0);
  const p50 = Number(/p50 ≤ (\d+)/.exec(r.target ?? '')?.[1] ?? Infinity);
  return r.rps >= need && r.p50 <= p50 && r.p99 <= 50;
}

// ---- main -------------------------------------------------------------------

const dir = args.dir!;
const { corpus } = await buildArchive(dir);
const jobs = args['after-citations'] ? await runCitationsJob(dir) : 'no job run first (the archive as imported, plus what earlier runs kept)';
const sample = await samplePaths(dir);
const port = Number(args.port);
const base = `http://127.0.0.1:${port}`;
console.log(`\nDossier web benchmark — ${corpus}: ${sample.docCount} published documents; ${jobs}`);
console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model}), Node ${process.version}; autocannon, ${CONNECTIONS} connections, ${DURATION} s per page type, Accept-Encoding: br, gzip\n`);
console.log(`${'page type'.padEnd(40)} ${'pages'.padStart(5)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'KB/resp'.padStart(7)} ${'errors'.padStart(6)}`);

const processRows = () =>
  measureProcesses({
    dir,
    ports: [port + 1, port + 2],
    searches: sample.vocabulary.map((w) => `/search?q=${encodeURIComponent(w)}`),
    connections: CONNECTIONS,
    durationS: Math.min(DURATION, 15),
  });
if (args['processes-only']) {
  await processRows();
  process.exit(0);
}

const uncachedOnly = args['uncached-only']!;
const rows: Row[] = [];
let server: ChildProcess;
if (!uncachedOnly) {
  server = await startServer(dir, port, true);
  rows.push(await load(base, 'document page', sample.documents, { target: 'target ≥ 2,000 req/s, p99 ≤ 50 ms' }));
  rows.push(await load(base, 'search page', sample.searches, { target: 'target ≥ 500 req/s, p99 ≤ 50 ms' }));
  rows.push(await load(base, 'collection page', sample.collections));
  rows.push(await load(base, 'person page', sample.persons));
  rows.push(await load(base, 'date (year) page', sample.years));
  rows.push(await load(base, 'home, indexes, themes', ['/', '/collections', '/themes', '/people', '/places', '/dates', '/types', '/languages', '/themes/diplomacy']));
  rows.push(await load(base, 'citation download (.ris)', sample.documents.slice(0, 100).map((p) => `${p.replace(/\?.*$/, '')}/cite.ris`)));

  // Revalidation: a browser that has the page sends its ETag and gets 304 with no body.
  const etags = await Promise.all(sample.documents.slice(0, 50).map(async (p) => ({ p, etag: (await fetch(base + p, { headers: HEADERS })).headers.get('etag')! })));
  const revalidate = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: Math.min(DURATION, 10),
    requests: etags.map(({ p, etag }) => ({ method: 'GET', path: p, headers: { 'if-none-match': etag } })),
  });
  console.log(`${'revalidation (If-None-Match)'.padEnd(40)} ${String(etags.length).padStart(5)} ${revalidate.requests.average.toFixed(0).padStart(8)} ${revalidate.latency.p50.toFixed(1).padStart(7)} ${revalidate.latency.p99.toFixed(1).padStart(7)}   304s: ${revalidate['3xx']} of ${revalidate.requests.total}`);

  // Compression and validators, as a browser sees them.
  const probe = await fetch(base + sample.documents[0], { headers: HEADERS });
  const size = Number(probe.headers.get('content-length'));
  await probe.arrayBuffer();
  const plain = (await (await fetch(base + sample.documents[0], { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()).byteLength;
  const again = await fetch(base + sample.documents[0], { headers: { ...HEADERS, 'if-none-match': probe.headers.get('etag')!, 'if-modified-since': probe.headers.get('last-modified')! } });
  console.log(`\nA document page: ${probe.headers.get('content-encoding')} ${size} bytes (${plain} uncompressed); ETag ${probe.headers.get('etag')}; Last-Modified ${probe.headers.get('last-modified')}; revisit → ${again.status}`);
  await stop(server);

  // Baseline in the same run: the same document pages rendered on every request.
  server = await startServer(dir, port, false);
  const baseline = await load(base, 'document page, page cache off', sample.documents, { duration: Math.min(DURATION, 15) });
  await stop(server);
}

// ---- uncached: every request renders ------------------------------------------

/** Paths handed out one per request, across all connections, so no two requests (until the list wraps) ask for the same page. */
function distinct(paths: string[]) {
  let i = 0;
  return [{ method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[i++ % paths.length]! }) }];
}

/** With `once`, each path is asked once and the row ends there (autocannon's `amount`), however long or short that takes. */
async function loadDistinct(type: string, paths: string[], encoding: string, connections: number, target?: string, once = false): Promise<Row> {
  const length = once ? { amount: paths.length } : { duration: UNCACHED_DURATION };
  const result = await autocannon({ url: base, connections, ...length, headers: { 'accept-encoding': encoding }, requests: distinct(paths) });
  const row: Row = {
    type: `${type}, ${encoding}, ${connections} conn`,
    pages: Math.min(paths.length, result.requests.total),
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    kb: result.throughput.average / Math.max(result.requests.average, 1) / 1024,
    target,
  };
  console.log(format(row));
  return row;
}

const UNCACHED_DURATION = Math.min(DURATION, 15);
/** Documents of the "seen before" row: each rendered once before it is measured. */
const WARM_DOCUMENTS = 1500;

/**
 * Pages rendered afresh of documents the server has rendered before (what is kept per record — citations —
 * is then in memory): a crawler's second sweep, or every page after an edit elsewhere in the archive.
 */
async function warmDocuments(): Promise<Row> {
  const paths = sample.allDocuments.slice(Math.floor(sample.allDocuments.length / 3)).slice(0, WARM_DOCUMENTS);
  await autocannon({ url: base, connections: CONNECTIONS, amount: paths.length, headers: { 'accept-encoding': 'br' }, requests: distinct(paths) });
  return loadDistinct(`document, seen before (${paths.length})`, paths, 'br', CONNECTIONS);
}
const words = sample.vocabulary;
const searchPaths = (from: number) => [...words.slice(from), ...words.slice(0, from)].map((w) => `/search?q=${encodeURIComponent(w)}`);
console.log(`\nUncached: the page cache off, a different document or search word per request (${sample.allDocuments.length} documents, ${words.length} words of the archive's texts), ${UNCACHED_DURATION} s each`);
// The documents of the first-visit rows, half each (the warm-up below visits other documents' pages).
const firstVisits = sample.allDocuments.slice(0, -20);
const firstHalf = firstVisits.slice(0, Math.floor(firstVisits.length / 2));
const secondHalf = firstVisits.slice(firstHalf.length);
server = await startServer(dir, port, false);
// One visit to each kind first, so the figures are of a running server (code compiled, archive open), not of its start.
for (const p of [...sample.allDocuments.slice(-20), ...searchPaths(words.length - 20).slice(0, 20)]) await fetch(base + p).then((r) => r.arrayBuffer());
// Document pages are measured for throughput (the target is in req/s) at full concurrency; search pages for the
// time one visitor waits, one request at a time — with 32 in flight, the latency would be mostly queueing.
const uncached = {
  // First visits: half the documents each, every one asked once. Cycling through them for a fixed time, a server that
  // renders more than the archive's documents in the row's time would serve pages it had rendered before.
  docGzip: await loadDistinct('document, first visit', firstHalf, 'gzip', CONNECTIONS, 'target ≥ 1,000 req/s', true),
  docBr: await loadDistinct('document, first visit', secondHalf, 'br', CONNECTIONS, 'target ≥ 1,000 req/s', true),
  docWarm: await warmDocuments(),
  searchGzip: await loadDistinct('search, uncached', searchPaths(0), 'gzip', 1, 'target p50 ≤ 15, p99 ≤ 50 ms'),
  searchBr: await loadDistinct('search, uncached', searchPaths(Math.floor(words.length / 2)), 'br', 1, 'target p50 ≤ 15, p99 ≤ 50 ms'),
  searchBrLoaded: await loadDistinct('search, uncached', searchPaths(Math.floor(words.length / 3)), 'br', CONNECTIONS),
};
await stop(server);
// The cache on, and every search a word it has not seen: the page is rendered, compressed and kept.
server = await startServer(dir, port, true);
const miss = await loadDistinct('search, cache on, all misses', searchPaths(Math.floor(words.length / 4)), 'br, gzip', 1, 'target p50 ≤ 15, p99 ≤ 50 ms');
await stop(server);

if (!uncachedOnly) {
  const doc = rows[0]!;
  console.log(`\nCached / uncached: document pages ${(doc.rps / Math.max(uncached.docBr.rps, 1)).toFixed(1)}× (${doc.rps.toFixed(0)} vs ${uncached.docBr.rps.toFixed(0)} req/s, br); search pages ${(rows[1]!.rps / Math.max(uncached.searchBrLoaded.rps, 1)).toFixed(1)}× (${rows[1]!.rps.toFixed(0)} vs ${uncached.searchBrLoaded.rps.toFixed(0)} req/s).`);
}
console.log(`Uncached search p50, brotli / gzip: ${(uncached.searchBr.p50 / Math.max(uncached.searchGzip.p50, 0.1)).toFixed(2)}×; a cache miss ${miss.p50.toFixed(1)} ms p50.`);
console.log('The machine is shared: run it a few times and quote the medians.');

if (!uncachedOnly) await processRows();
