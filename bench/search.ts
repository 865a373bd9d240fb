/**
 * `npm run bench:search [-- --docs 1000000 --queries 50 --dir /tmp/dossier-bench --analysis-thread on|off]`
 *
 * Builds (once, resumably, under /tmp) an archive of synthetic documents made
 * from the shared corpora (bench/lib/synthetic.ts), indexed twice: by
 * Dossier's search index, and by a plain FTS5 table with the engine's
 * defaults (unicode61, bm25) in a second file. Then, for each query class
 * (one common word, one rare word, two words, phrase, prefix, fielded,
 * date-filtered), runs the same queries on both and prints p50/p95/max:
 * ours for the top 20, ours with every facet count, and with snippets too
 * (the hits' documents read from a catalog, where each is written the first
 * time a search finds it, and cut as the search page cuts them), and raw
 * FTS5 `MATCH … ORDER BY rank LIMIT 20` (plus, beside the facet runs, raw
 * FTS5 with one SQL GROUP BY year facet). The top 20 without facets takes
 * the pruned path (engine/pruned-top-k.ts); the next to last column is the same
 * index collecting it exhaustively, its peer; the last, the top 20 with a
 * total counted only up to 1,000 (`totalUpTo`, as Lucene's default total hits
 * threshold; past it, "at least"), whose peer is raw FTS5's top 20, which counts
 * nothing either. Index sizes and RSS close the report.
 *
 * `--backend postgres` instead compares, on the same documents and queries,
 * the engine on SQLite with the engine on PostgreSQL and PostgreSQL's own
 * full-text search, in a cluster kept under `--dir` for the next run (lib/search-postgres.ts).
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { analyze } from '../src/search/analyzer.js';
import { allFacets } from './lib/search-queries.js';
import { parseQuery } from '../src/search/query-parser.js';
import type { SearchRequest } from '../src/backends/search-index.js';
import { matchTerms } from '../src/search/snippet.js';
import { snippetsOf } from '../src/services/search.js';
import { openArchive } from '../src/open-archive.js';
import { sqliteSearchIndex } from '../src/backends/sqlite/sqlite-index-storage.js';
import { loadCorpora } from './lib/corpus.js';
import { fmt, stats } from './lib/latency.js';
import { indexBreakdown, postingTotal } from './lib/index-breakdown.js';
import { rng, SyntheticArchive } from './lib/synthetic.js';
import { catalogDocument } from './lib/synthetic-site.js';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '50' },
    dir: { type: 'string', default: '/tmp/dossier-bench' },
    batch: { type: 'string', default: '20000' },
    backend: { type: 'string', default: 'sqlite' },
    'analysis-thread': { type: 'string', default: 'on' },
  },
});
if (!['sqlite', 'postgres'].includes(args.backend!)) throw new Error(`--backend: sqlite or postgres, not ${args.backend}`);
const DOCS = Number(args.docs);
const QUERIES = Number(args.queries);
const DIR = args.dir!;
const BATCH = Number(args.batch);

function open(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}

mkdirSync(DIR, { recursive: true });
const t0 = performance.now();
const pieces = loadCorpora(DIR);
const synthetic = new SyntheticArchive(pieces);
console.log(`corpora: ${pieces.length.toLocaleString()} pieces read in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const oursPath = join(DIR, `ours-${DOCS}.sqlite`);
const rawPath = join(DIR, `fts5-${DOCS}.sqlite`);
const ours = open(oursPath);
const raw = open(rawPath);
// `--analysis-thread off` builds with analysis in this thread alone, to measure what the helper thread gives.
const index = sqliteSearchIndex(ours, { analysisThread: args['analysis-thread'] !== 'off' });
/** The same index collecting every top k exhaustively (no block skipping), with a cache of its own: the pruned path's peer. */
const exhaustive = sqliteSearchIndex(ours, { pruning: false, analysisThread: args['analysis-thread'] !== 'off' });
/** The same index with a cache of its own, asked for a total counted only up to {@link TOTAL_UP_TO}. */
const atLeast = sqliteSearchIndex(ours, { analysisThread: args['analysis-thread'] !== 'off' });
/** Lucene's default total hits threshold: a total exact up to it, else "at least" it. */
const TOTAL_UP_TO = 1000;
raw.exec(`
  CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(title, body, content='', contentless_delete=1);
  CREATE TABLE IF NOT EXISTS docs_dates (rowid INTEGER PRIMARY KEY, date_start INTEGER, date_end INTEGER, year INTEGER);
  CREATE INDEX IF NOT EXISTS docs_dates_range ON docs_dates(date_start, date_end);
  CREATE TABLE IF NOT EXISTS bench_meta (key TEXT PRIMARY KEY, value TEXT);
`);
ours.exec('CREATE TABLE IF NOT EXISTS bench_meta (key TEXT PRIMARY KEY, value TEXT)');

// With `--backend postgres` the PostgreSQL side builds first and this build follows it (lib/search-postgres.ts).
if (args.backend !== 'postgres') await build();

async function build(): Promise<void> {
  // Documents counted under another index version are gone or stale: opening the index dropped an older layout's tables.
  const builtVersion = ours.prepare("SELECT value FROM bench_meta WHERE key = 'version'").pluck().get() as string | undefined;
  if (builtVersion !== index.version) {
    await index.clear();
    ours.prepare("INSERT OR REPLACE INTO bench_meta (key, value) VALUES ('version', ?), ('done', '0')").run(index.version);
  }
  const doneOurs = Number((ours.prepare("SELECT value FROM bench_meta WHERE key = 'done'").pluck().get() as string | undefined) ?? 0);
  const doneRaw = Number((raw.prepare("SELECT value FROM bench_meta WHERE key = 'done'").pluck().get() as string | undefined) ?? 0);
  if (doneOurs >= DOCS && doneRaw >= DOCS) return;
  console.log(`building ${DOCS.toLocaleString()} documents (resuming at ${doneOurs.toLocaleString()} / ${doneRaw.toLocaleString()})…`);
  const insertFts = raw.prepare('INSERT INTO docs_fts (rowid, title, body) VALUES (?, ?, ?)');
  const insertDate = raw.prepare('INSERT OR REPLACE INTO docs_dates (rowid, date_start, date_end, year) VALUES (?, ?, ?, ?)');
  const started = performance.now();
  let oursMs = 0;
  let rawMs = 0;
  for (let from = Math.min(doneOurs, doneRaw); from < DOCS; from += BATCH) {
    const to = Math.min(DOCS, from + BATCH);
    const docs: ReturnType<SyntheticArchive['doc']>[] = [];
    for (let i = from; i < to; i++) docs.push(synthetic.doc(i));
    if (from >= doneOurs || to > doneOurs) {
      const t = performance.now();
      ours.exec('BEGIN');
      await index.index(docs.filter((_, k) => from + k >= doneOurs).map((d) => d.entry));
      ours.prepare("INSERT OR REPLACE INTO bench_meta (key, value) VALUES ('done', ?)").run(String(to));
      ours.exec('COMMIT');
      oursMs += performance.now() - t;
    }
    if (to > doneRaw) {
      const t = performance.now();
      raw.transaction(() => {
        docs.forEach((d, k) => {
          const i = from + k;
          if (i < doneRaw) return;
          insertFts.run(i + 1, d.title, d.text);
          const range = dateRange(d.date);
          insertDate.run(i + 1, range?.[0] ?? null, range?.[1] ?? null, range ? Math.floor(range[0] / 10000) : null);
        });
        raw.prepare("INSERT OR REPLACE INTO bench_meta (key, value) VALUES ('done', ?)").run(String(to));
      })();
      rawMs += performance.now() - t;
    }
    const rate = (to - Math.min(doneOurs, doneRaw)) / ((performance.now() - started) / 1000);
    process.stdout.write(`\r  ${to.toLocaleString()} documents, ${rate.toFixed(0)} docs/s (ours ${(oursMs / 1000).toFixed(0)} s, fts5 ${(rawMs / 1000).toFixed(0)} s)   `);
  }
  process.stdout.write('\n');
  // Each side's own rate, from this run's documents (a resumed build counts only what it built).
  const built = (done: number) => DOCS - Math.min(done, DOCS);
  const perSecond = (n: number, ms: number) => (ms > 0 ? Math.round(n / (ms / 1000)) : 0);
  const [oursRate, rawRate] = [perSecond(built(doneOurs), oursMs), perSecond(built(doneRaw), rawMs)];
  console.log(`build: ours ${(oursMs / 1000).toFixed(1)} s, ${oursRate.toLocaleString()} docs/s; fts5 ${(rawMs / 1000).toFixed(1)} s, ${rawRate.toLocaleString()} docs/s; ours / fts5 ${(oursRate / rawRate).toFixed(3)}×`);
  ours.pragma('wal_checkpoint(TRUNCATE)');
  raw.pragma('wal_checkpoint(TRUNCATE)');
}

function dateRange(date: string | undefined): [number, number] | undefined {
  if (!date) return undefined;
  const y = date.slice(0, 4);
  if (y.includes('X')) return [Number(`${y.slice(0, 3)}00101`), Number(`${y.slice(0, 3)}91231`)];
  const m = /^\d{4}-(\d{2})(?:-(\d{2}))?/.exec(date);
  if (!m) return [Number(`${y}0101`), Number(`${y}1231`)];
  if (!m[2]) return [Number(`${y}${m[1]}01`), Number(`${y}${m[1]}31`)];
  return [Number(`${y}${m[1]}${m[2]}`), Number(`${y}${m[1]}${m[2]}`)];
}

// ---- queries ------------------------------------------------------------

interface Query {
  text: string;
  from?: string;
  to?: string;
}

const WORD = /^[A-Za-z][a-z]{2,}$/;

/** Query texts per class, drawn from the synthetic documents themselves, so they match what the index holds. */
function makeQueries(): Record<string, Query[]> {
  const r = rng(42);
  const sample = 3000;
  const df = new Map<string, number>();
  const docs = Array.from({ length: sample }, () => synthetic.doc(Math.floor(r() * DOCS)));
  for (const d of docs) for (const w of new Set(d.text.split(/\s+/).filter((x) => WORD.test(x)).map((x) => x.toLowerCase()))) df.set(w, (df.get(w) ?? 0) + 1);
  const byShare = (lo: number, hi: number) => [...df].filter(([, n]) => n / sample >= lo && n / sample <= hi).map(([w]) => w);
  const common = byShare(0.15, 0.6).filter((w) => w.length >= 4);
  const mid = byShare(0.01, 0.3).filter((w) => w.length >= 4);
  const rare = byShare(0, 1 / sample).filter((w) => w.length >= 6);
  const pickFrom = <T,>(list: T[]) => list[Math.floor(r() * list.length)]!;
  const n = QUERIES;
  const english = docs.filter((d) => d.lang === 'en');
  const phrase = (): string => {
    for (;;) {
      const words = pickFrom(english).text.split(/\s+/);
      const i = Math.floor(r() * (words.length - 1));
      const [a, b] = [words[i]!, words[i + 1]!];
      if (WORD.test(a) && WORD.test(b) && a.length + b.length >= 8) return `"${a} ${b}"`;
    }
  };
  const titleWord = (): string => {
    for (;;) {
      const w = pickFrom(english).title.split(/\s+/).filter((x) => WORD.test(x) && x.length >= 5);
      if (w.length) return `title:${pickFrom(w).toLowerCase()}`;
    }
  };
  const decade = () => {
    const d = 1860 + 10 * Math.floor(r() * 12);
    return { from: String(d), to: String(d + 9) };
  };
  return {
    'one common word': Array.from({ length: n }, () => ({ text: pickFrom(common) })),
    'one rare word': Array.from({ length: n }, () => ({ text: pickFrom(rare) })),
    'two words': Array.from({ length: n }, () => ({ text: `${pickFrom(mid)} ${pickFrom(common)}` })),
    phrase: Array.from({ length: n }, () => ({ text: phrase() })),
    prefix: Array.from({ length: n }, () => ({ text: `${pickFrom(common.filter((w) => w.length >= 6)).slice(0, 4)}*` })),
    fielded: Array.from({ length: n }, () => ({ text: titleWord() })),
    'date-filtered': Array.from({ length: n }, () => ({ text: pickFrom(common), ...decade() })),
  };
}

// ---- measurement ---------------------------------------------------------

const ALL_FACETS = allFacets();

const phases: Record<string, { match: number[]; filter: number[]; facets: number[]; read: number[]; snippets: number[] }> = {};

/**
 * The hits' documents, in a catalog of their own (an archive in a temporary folder, removed at the end): a hit's
 * document is written there, untimed, the first time a search finds it, and read back as the search page reads
 * its hits, by id through the store, when its snippets are cut.
 */
const catalogDir = mkdtempSync(join(tmpdir(), 'dossier-bench-hits-'));
const catalog = args.backend === 'postgres' ? undefined : await openArchive({ dataDir: catalogDir });
const catalogued = new Set<string>();
/** Time a run of runOurs spent stocking the catalog, which its caller leaves out of the search's time. */
let outside = 0;

async function catalogue(ids: readonly string[]): Promise<void> {
  const missing = ids.filter((id) => !catalogued.has(id));
  if (missing.length === 0) return;
  const docs = missing.map((id) => catalogDocument(synthetic.doc(Number(id.slice(1))).entry.document));
  await catalog!.backend.transaction((tx) => tx.store.putDocuments(docs, { actor: 'bench:search' }));
  for (const id of missing) catalogued.add(id);
}

/**
 * Ours: `facets` adds every facet count, `snippets` reads the 20 hits' documents from the catalog and cuts their
 * snippets as the search page does (services/search.ts `snippetsOf`: its translations, then its transcripts, as plain text).
 */
async function runOurs(q: Query, facets: boolean, snippets = facets, phase?: string, on = index): Promise<number> {
  const parsed = parseQuery(q.text);
  const request: SearchRequest = {
    query: parsed.root,
    filters: { dateFrom: q.from, dateTo: q.to },
    sort: 'relevance',
    limit: 20,
    offset: 0,
    ...(facets ? { facets: ALL_FACETS } : {}),
    ...(on === atLeast ? { totalUpTo: TOTAL_UP_TO } : {}),
  };
  const result = await on.search(request);
  let read = 0;
  let cut = 0;
  if (snippets) {
    const ids = result.hits.map((h) => h.id);
    // Untimed: the catalog a search page reads its hits from holds them already.
    const before = performance.now();
    await catalogue(ids);
    const t = performance.now();
    const docs = await catalog!.publishedDocuments(ids);
    read = performance.now() - t;
    const match = matchTerms(parsed.root);
    for (const doc of docs) snippetsOf(doc, match);
    cut = performance.now() - t - read;
    // The search's own time is taken around it: leave out what stocking the catalog took.
    outside += t - before;
  }
  if (phase && result.timings) {
    const p = (phases[phase] ??= { match: [], filter: [], facets: [], read: [], snippets: [] });
    p.match.push(result.timings.match);
    p.filter.push(result.timings.filter);
    p.facets.push(result.timings.facets);
    p.read.push(read);
    p.snippets.push(cut);
  }
  return result.total;
}

function ftsMatch(text: string): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  if (text.startsWith('title:')) return `title : ${quote(text.slice(6))}`;
  if (text.startsWith('"')) return quote(text.slice(1, -1));
  if (text.endsWith('*')) return `${quote(text.slice(0, -1))}*`;
  return text.split(/\s+/).map(quote).join(' AND ');
}

const rawTop = raw.prepare('SELECT rowid, rank FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rank LIMIT 20');
const rawTopDated = raw.prepare(
  'SELECT f.rowid, f.rank FROM docs_fts f JOIN docs_dates d ON d.rowid = f.rowid WHERE docs_fts MATCH ? AND d.date_start <= ? AND d.date_end >= ? ORDER BY f.rank LIMIT 20',
);
const rawYears = raw.prepare('SELECT d.year, count(*) FROM docs_fts JOIN docs_dates d ON d.rowid = docs_fts.rowid WHERE docs_fts MATCH ? GROUP BY d.year');

function runRaw(q: Query, withFacet: boolean): void {
  const match = ftsMatch(q.text);
  if (q.from) rawTopDated.all(match, Number(`${q.to}1231`), Number(`${q.from}0101`));
  else rawTop.all(match);
  if (withFacet) rawYears.all(match);
}

async function main(): Promise<void> {
  const queries = makeQueries();
  const rssBefore = process.memoryUsage().rss;
  // Warm-up: load the columns and touch the files, with queries that are not measured.
  const tw = performance.now();
  await index.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0, facets: ALL_FACETS });
  await exhaustive.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0 });
  await atLeast.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0 });
  console.log(`columns loaded in ${((performance.now() - tw) / 1000).toFixed(1)} s`);
  for (const q of ['committee', 'treaty', 'government']) {
    await runOurs({ text: q }, true);
    runRaw({ text: q }, true);
  }
  console.log(`\n${DOCS.toLocaleString()} documents, ${QUERIES} distinct queries per class, ms: p50 / p95 / max\n`);
  const head = ['class', 'ours top-20', 'ours +facets', 'ours +facets+snippets', 'raw FTS5 top-20', 'raw top-20 + 1 facet', 'ours top-20 exhaustive', `ours top-20, total ≥${TOTAL_UP_TO}`];
  console.log(`${head[0]!.padEnd(16)}|${head.slice(1).map((h) => ` ${h}`.padEnd(25)).join('|')}| hits p50`);
  for (const [name, list] of Object.entries(queries)) {
    const cols: number[][] = [[], [], [], [], [], [], []];
    const hits: number[] = [];
    for (const [j, q] of list.entries()) {
      let t = performance.now();
      runRaw(q, false);
      cols[3]!.push(performance.now() - t);
      // The exhaustive peer's and the total-at-least side's first runs of the query too (each its own cache of decoded
      // lists, but one SQLite page cache: whichever runs later finds the query's pages read, so the three take turns at going first).
      const sides = [index, exhaustive, atLeast] as const;
      for (let s = 0; s < sides.length; s++) {
        const side = sides[(j + s) % sides.length]!;
        t = performance.now();
        const total = await runOurs(q, false, false, undefined, side);
        cols[side === index ? 0 : side === exhaustive ? 5 : 6]!.push(performance.now() - t);
        if (side === index) hits.push(total);
      }
      t = performance.now();
      await runOurs(q, true, false);
      cols[1]!.push(performance.now() - t);
      t = performance.now();
      outside = 0;
      await runOurs(q, true, true, name);
      cols[2]!.push(performance.now() - t - outside);
      t = performance.now();
      runRaw(q, true);
      cols[4]!.push(performance.now() - t);
    }
    const cell = (ms: number[]) => {
      const s = stats(ms);
      return `${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.max)} `;
    };
    console.log(`${name.padEnd(16)}|${cols.map(cell).join('|')}| ${stats(hits).p50.toLocaleString()}`);
  }
  console.log(
    '\nwhere the time goes, ours +facets+snippets, p50 ms: match (decode, score, combine) | filter + top 20 | facet counts | the hits\' documents read from the catalog | their snippets cut (as plain text, as the search page cuts them)',
  );
  for (const [name, p] of Object.entries(phases)) {
    console.log(`${name.padEnd(16)}| ${[p.match, p.filter, p.facets, p.read, p.snippets].map((x) => fmt(stats(x).p50)).join(' | ')}`);
  }
  const size = (p: string) => (existsSync(p) ? statSync(p).size : 0) + (existsSync(`${p}-wal`) ? statSync(`${p}-wal`).size : 0);
  const mem = index.memory();
  const rss = process.memoryUsage().rss;
  console.log(`\nindex size: ours ${(size(oursPath) / 2 ** 20).toFixed(0)} MB (postings with positions, doc rows, facet values), raw FTS5 ${(size(rawPath) / 2 ** 20).toFixed(0)} MB (contentless, + dates table)`);
  // A posting is one (term, document) pair; FTS5's vocabulary table counts its own the same way.
  const postings = postingTotal(ours);
  raw.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, docs_fts, row)');
  const rawPostings = raw.prepare('SELECT sum(doc) FROM temp.fts_vocab').pluck().get() as number;
  const per = (bytes: number, n: number) => (bytes / n).toFixed(2);
  console.log(
    `postings: ours ${postings.toLocaleString()}, ${per(size(oursPath), postings)} bytes of file each; raw FTS5 ${rawPostings.toLocaleString()}, ${per(size(rawPath), rawPostings)} bytes of file each`,
  );
  console.log(`\nwhere ours's bytes go (bench/lib/index-breakdown.ts):\n  ${indexBreakdown(ours, oursPath).join('\n  ')}`);
  console.log(
    // RSS before the queries is not a baseline: when this process built the archive, the build's garbage is
    // still held then and may be returned during the queries, so their difference can be negative.
    `RSS ${(rss / 2 ** 20).toFixed(0)} MB (before the queries ${(rssBefore / 2 ** 20).toFixed(0)} MB); the index holds columns ${(mem.columns / 2 ** 20).toFixed(0)} MB and a decoded-postings cache of ${(mem.cache / 2 ** 20).toFixed(0)} MB, besides SQLite's page caches; the rest is this harness (corpora held to regenerate texts, and what a build in this process left)`,
  );
}

try {
  if (args.backend === 'postgres') {
    const { comparePostgres } = await import('./lib/search-postgres.js');
    await comparePostgres({ docs: DOCS, batch: BATCH, dir: DIR, synthetic, queries: makeQueries(), sqlite: index, buildSqlite: build, dateRange });
  } else {
    await main();
  }
} finally {
  await catalog?.close();
  rmSync(catalogDir, { recursive: true, force: true });
}
