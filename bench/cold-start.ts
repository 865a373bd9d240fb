/**
 * `npm run bench:cold-start [-- --dir /tmp/dossier-bench-web --runs 3]`
 * `npm run bench:cold-start -- --synthetic 1000000 --bench-dir /tmp/dossier-bench-1m`
 * `npm run bench:cold-start -- --index /tmp/dossier-bench-1m/ours-1000000.sqlite`
 *
 * How soon a freshly started server answers: starts `dossier serve` (the
 * built command, as deployed) and times, from the moment the process is
 * spawned, when it listens, when it has answered its first document page
 * (not cached: nothing is yet), how long the next few distinct document
 * pages take, then its first search page (a word, with the facets and
 * snippets a visitor gets) and the next few distinct searches, and the
 * server's resident memory after them. Medians of `--runs` starts; the
 * machine is shared.
 *
 * The archive is bench:web's (the demo plus the FRUS volumes), or with
 * `--synthetic N` one of N synthetic documents: bench:search's documents and
 * the index it built for them, made into a whole archive once
 * (lib/synthetic-site.ts) — the million-document archive of issue 11.
 *
 * `--index FILE` times only the search part, on an index file bench:search
 * built: fresh processes (lib/first-search.ts) open it and answer a few
 * searches with every facet, reading the doc columns row by row and then
 * from their stored snapshot (written into the file first if it has none, as
 * a `compact-index` job would), alternately.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteIndexStorage, sqliteSearchIndex } from '../src/backends/sqlite/sqlite-index-storage.js';
import { openArchive } from '../src/open-archive.js';
import { documentPath } from '../src/web/urls.js';
import { dropColumnSnapshot, storeColumnSnapshot, syntheticSite } from './lib/synthetic-site.js';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/dossier-bench-web' },
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '3198' },
    synthetic: { type: 'string' },
    'bench-dir': { type: 'string', default: '/tmp/dossier-bench-1m' },
    /** Also start without the stored doc columns (engine/column-snapshot.ts), before, for the difference they make. */
    'without-snapshot': { type: 'boolean', default: false },
    index: { type: 'string' },
  },
});
const ROOT = new URL('..', import.meta.url).pathname;
if (!existsSync(join(ROOT, 'dist/dossier.js'))) throw new Error('dist/dossier.js is missing: run npm run build first');

if (args.index) {
  await indexStarts(args.index, Number(args.runs));
  process.exit(0);
}

const synthetic = args.synthetic === undefined ? undefined : Number(args.synthetic);
if (synthetic !== undefined && !(Number.isInteger(synthetic) && synthetic > 0)) throw new Error(`--synthetic: a number of documents, not ${args.synthetic}`);
const dir = synthetic ? await syntheticSite(args['bench-dir']!, synthetic) : args.dir!;
if (!existsSync(join(dir, 'archive.sqlite'))) throw new Error(`${dir} holds no archive: run npm run bench:web first (it builds one)`);

/** Documents to ask for, spread over the archive; searched words common enough to need facets over many hits. */
async function pagesToAsk(): Promise<{ ids: string[]; words: string[]; label: string }> {
  const words = ['government', 'agreement', 'minister', 'embassy', 'secretary', 'military', 'conference', 'economic', 'soviet', 'treaty', 'meeting', 'policy'];
  if (synthetic) return { ids: Array.from({ length: 1000 }, (_, i) => `b${Math.floor((i * 7919) % synthetic)}`), words, label: `${synthetic.toLocaleString()} synthetic documents` };
  const archive = await openArchive({ dataDir: dir });
  const ids = (await archive.backend.store.listDocuments({ limit: 100_000 })).items.map((d) => d.id).filter((id) => id.startsWith('frus'));
  await archive.backend.close();
  return { ids, words, label: `${ids.length} FRUS documents` };
}
const { ids, words, label } = await pagesToAsk();

interface Start {
  listening: number;
  firstPage: number;
  firstLatency: number;
  nextLatency: number;
  firstSearch: number;
  nextSearch: number;
  rssMb: number;
}

async function get(port: number, path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'accept-encoding': 'br, gzip' } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t;
}

async function start(run: number): Promise<Start> {
  const port = Number(args.port);
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/dossier.js'), '--data', dir, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DOSSIER_LOG: 'error' },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('Open http') && resolve());
      child.once('exit', (code) => reject(new Error(`dossier serve exited with ${code}`)));
    });
    const listening = performance.now() - t0;
    // A different document and word each run, so no run finds what another warmed in the OS's file cache more than the archive's.
    const pick = (i: number) => ids[(run * 97 + i * 13) % ids.length]!;
    const firstLatency = await get(port, documentPath(pick(0)));
    const firstPage = performance.now() - t0;
    const next: number[] = [];
    for (let i = 1; i <= 5; i++) next.push(await get(port, documentPath(pick(i))));
    const word = (i: number) => words[(run * 5 + i) % words.length]!;
    const firstSearch = await get(port, `/search?q=${word(0)}`);
    const searches: number[] = [];
    for (let i = 1; i <= 4; i++) searches.push(await get(port, `/search?q=${word(i)}`));
    return { listening, firstPage, firstLatency, nextLatency: median(next), firstSearch, nextSearch: median(searches), rssMb: rss(child.pid!) };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

/** The server's resident set, in MB (Linux). */
function rss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.split(/\s+/)[1]) / 1024 : Number.NaN;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measure(what: string): Promise<void> {
  const runs: Start[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const r = await start(i);
    runs.push(r);
    console.log(
      `run ${i + 1}: listening ${r.listening.toFixed(0)} ms, first document page answered ${r.firstPage.toFixed(0)} ms after start (the request itself ${r.firstLatency.toFixed(0)} ms), ` +
        `next pages ${r.nextLatency.toFixed(1)} ms; first search ${r.firstSearch.toFixed(0)} ms, next searches ${r.nextSearch.toFixed(1)} ms; RSS ${r.rssMb.toFixed(0)} MB`,
    );
  }
  const m = (k: keyof Start, digits = 0) => median(runs.map((r) => r[k])).toFixed(digits);
  console.log(
    `\nCold start on ${dir} (${label}${what}), medians of ${runs.length}: listening ${m('listening')} ms; first document page ${m('firstPage')} ms after start ` +
      `(its request ${m('firstLatency')} ms); the next pages ${m('nextLatency', 1)} ms each; first search page ${m('firstSearch')} ms, the next ${m('nextSearch', 1)} ms each; ` +
      `RSS after them ${m('rssMb')} MB\n`,
  );
}

if (args['without-snapshot']) {
  dropColumnSnapshot(dir);
  await measure(', doc columns read row by row');
  await storeColumnSnapshot(dir);
  await measure(', doc columns read from their snapshot');
} else {
  await measure('');
}

/** Fresh processes' first searches on an index file, doc columns read row by row and from their snapshot, in alternation. */
async function indexStarts(file: string, runs: number): Promise<void> {
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run bench:search first`);
  const db = new BetterSqlite3(file);
  const index = sqliteSearchIndex(db);
  if (!new SqliteIndexStorage(db).columnSnapshot(false)) {
    const t = performance.now();
    await index.compact();
    const stored = new SqliteIndexStorage(db).columnSnapshot(true);
    console.log(stored ? `doc columns stored as one blob in ${((performance.now() - t) / 1000).toFixed(1)} s (${(stored.data.byteLength / 2 ** 20).toFixed(0)} MB)` : 'too few documents for a snapshot: both read row by row');
  }
  db.close();
  const words = ['government', 'agreement', 'minister', 'embassy', 'secretary', 'military', 'conference', 'economic', 'policy', 'meeting'];
  const results: Record<string, { first: number[]; next: number[]; rss: number[] }> = { rows: { first: [], next: [], rss: [] }, snapshot: { first: [], next: [], rss: [] } };
  for (let run = 0; run < runs; run++) {
    for (const mode of ['rows', 'snapshot'] as const) {
      const asked = [0, 1, 2].map((i) => words[(run * 3 + i) % words.length]!);
      const out = execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'bench/lib/first-search.ts'), file, mode, ...asked], { encoding: 'utf8' });
      const r = JSON.parse(out.trim().split('\n').pop()!) as { opened: number; searches: number[]; rssMb: number };
      const first = r.searches[0]! - r.opened;
      const next = (r.searches[2]! - r.searches[0]!) / 2;
      results[mode]!.first.push(first);
      results[mode]!.next.push(next);
      results[mode]!.rss.push(r.rssMb);
      console.log(`run ${run + 1}, columns ${mode === 'rows' ? 'row by row' : 'from the snapshot'}: first search ${first.toFixed(0)} ms after the index was opened, the next ${next.toFixed(1)} ms; RSS ${r.rssMb.toFixed(0)} MB`);
    }
  }
  for (const [mode, r] of Object.entries(results)) {
    console.log(`\n${file}, columns ${mode === 'rows' ? 'row by row' : 'from the snapshot'}, medians of ${runs}: first search ${median(r.first).toFixed(0)} ms, the next ${median(r.next).toFixed(1)} ms, RSS ${median(r.rss).toFixed(0)} MB`);
  }
}
