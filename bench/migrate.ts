/**
 * `npm run bench:migrate`: a whole FRUS volume imported into an embedded
 * archive, then moved into PostgreSQL with the real command (`dossier
 * migrate --to`, a process of its own) twice: once straight through, timed,
 * and once killed with SIGKILL while it copies tables and again while it
 * builds the search index, then run to the end. Prints the times, where
 * each kill landed, and checks that the interrupted copy ends with the same
 * rows in every table as the straight one, and that both export the same
 * records, answer a set of queries with the same hits and serve the same
 * pages (documents, searches, browsing) as the original.
 * Starts a throwaway PostgreSQL cluster (test/postgres-cluster.ts).
 *
 *   npm run bench:migrate [-- --volume frus1897.xml | --volume all] [-- --data <folder with frus/>]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { exportRecords } from '../src/ingest/export-service.js';
import { openArchive } from '../src/open-archive.js';
import { parseQuery } from '../src/search/query-parser.js';
import type { Archive } from '../src/services/archive.js';
import { createWebApp } from '../src/web/app.js';
import { startCluster } from '../test/postgres-cluster.js';

const { values } = parseArgs({ options: { volume: { type: 'string', default: 'frus1897.xml' }, data: { type: 'string' } } });
const shared = values.data ?? process.env.DOSSIER_TEST_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
// `--volume all`: the whole FRUS archive, every volume of the folder.
const volume = values.volume === 'all' ? join(shared, 'frus') : join(shared, 'frus', values.volume);
if (!existsSync(volume)) throw new Error(`${volume} is absent (set --data or DOSSIER_TEST_DATA)`);
const BIN = fileURLToPath(new URL('../bin/dossier.js', import.meta.url));
const QUERIES = ['legation', 'minister of foreign affairs', '"treaty of commerce"', 'consul*', 'spain OR cuba', 'indemnity -china', 'title:telegram'];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const dir = mkdtempSync(join(tmpdir(), 'dossier-migrate-'));
const cluster = await startCluster();
try {
  execFileSync(process.execPath, [BIN, 'init', '--data', dir], { stdio: 'ignore' });
  let started = performance.now();
  execFileSync(process.execPath, [BIN, 'import', '--format', 'tei', volume, '--data', dir], { stdio: 'ignore' });
  console.log(`FRUS ${values.volume === 'all' ? 'archive (every volume)' : `volume ${values.volume}`} imported into SQLite in ${seconds(performance.now() - started)}`);

  const straight = await cluster.createDatabase();
  started = performance.now();
  execFileSync(process.execPath, [BIN, 'migrate', '--to', straight, '--data', dir], { stdio: ['ignore', 'inherit', 'ignore'] });
  const straightMs = performance.now() - started;
  console.log(`  migrate, straight through: ${seconds(straightMs)}`);

  const interrupted = await cluster.createDatabase();
  const steps = async () => {
    const client = new pg.Client({ connectionString: interrupted });
    await client.connect();
    try {
      const { rows } = await client.query<{ step: string; rows: string; done: number }>('select step, rows, done from migration_progress order by step').catch(() => ({ rows: [] }));
      return rows;
    } finally {
      await client.end();
    }
  };
  // Killed with SIGKILL at three moments, each run resuming the last: part-way through a table, part-way through
  // another, and while it builds the search index. Small chunks (50 rows) widen the windows between commits.
  type Steps = Awaited<ReturnType<typeof steps>>;
  const tableCount = (await cluster.query<{ n: number }>("select count(*)::int as n from migration_progress where step <> 'search-index'", [], new URL(straight).pathname.slice(1)))[0]!.n;
  const partial = (s: Steps) => s.find((r) => !r.done && Number(r.rows) > 0);
  const doneCount = (s: Steps) => s.filter((r) => r.done).length;
  const moments: [string, (s: Steps) => boolean][] = [
    ['part-way through a table', (s) => partial(s) !== undefined],
    ['part-way through a later table', (s) => partial(s) !== undefined && doneCount(s) > 2],
    ['while building the search index', (s) => doneCount(s) === tableCount && !s.some((r) => r.step === 'search-index')],
  ];
  started = performance.now();
  let previous = JSON.stringify(await steps());
  for (const [when, ready] of moments) {
    const child = spawn(process.execPath, [BIN, 'migrate', '--to', interrupted, '--data', dir, '--chunk-rows', '50'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Only once this run has committed something of its own: the state the last kill left may already match.
    let state = await steps();
    while (!(ready(state) && JSON.stringify(state) !== previous) && child.exitCode === null) state = await steps();
    if (child.exitCode !== null) {
      console.log(`  (the run ended before it could be killed ${when})`);
      continue;
    }
    child.kill('SIGKILL');
    await exited;
    const after = await steps();
    previous = JSON.stringify(after);
    const half = after.filter((r) => !r.done).map((r) => `${r.step} at ${r.rows} rows`);
    console.log(`  killed -9 ${when}: ${after.filter((r) => r.done).length} steps done${half.length ? `, ${half.join(', ')} committed` : ''}${after.some((r) => r.step === 'search-index') ? ', index built' : ''}`);
  }
  const resumed = execFileSync(process.execPath, [BIN, 'migrate', '--to', interrupted, '--data', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  console.log(`  migrate, killed then resumed: ${seconds(performance.now() - started)} in all — ${resumed.split('\n')[0]}`);

  const tables = (await cluster.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'ix\\_%' and table_name not in ('search_state', 'migration_progress') and table_name not like 'kysely%'",
    [], new URL(straight).pathname.slice(1),
  )).map((r) => r.table_name).sort();
  let differing = 0;
  for (const table of tables) {
    const dump = async (url: string) => (await cluster.query(`select * from "${table}"`, [], new URL(url).pathname.slice(1))).map((r) => JSON.stringify(r)).sort();
    if (!isDeepStrictEqual(await dump(straight), await dump(interrupted))) {
      differing++;
      console.log(`  DIFFERENT: ${table}`);
    }
  }
  console.log(`  interrupted vs straight copy: ${tables.length - differing} of ${tables.length} tables identical`);

  const source = await openArchive({ dataDir: dir });
  const copies = [await openArchive({ dataDir: dir, databaseUrl: straight }), await openArchive({ dataDir: dir, databaseUrl: interrupted })];
  try {
    const view = async (archive: Archive) => {
      const records = [];
      for await (const r of exportRecords(archive)) records.push(r);
      const hits = [];
      for (const q of QUERIES) {
        const r = await archive.backend.search.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 100, offset: 0 });
        hits.push({ q, total: r.total, ids: r.hits.map((h) => h.id) });
      }
      // The pages a visitor sees: the first documents, searches and the browsing pages.
      const app = createWebApp(archive);
      const pages: string[] = [];
      const paths = ['/', '/collections', '/people', '/places', '/dates', ...QUERIES.map((q) => `/search?q=${encodeURIComponent(q)}`),
        ...records.filter((r) => r.kind === 'document').slice(0, 40).map((r) => `/documents/${(r as { slug?: string; id: string }).slug ?? r.id}`)];
      for (const path of paths) pages.push(`${path} ${(await app.request(path)).status} ${await (await app.request(path)).text()}`);
      return { records, hits, pages };
    };
    const original = await view(source);
    console.log(`  original: ${original.records.length} records exported; queries: ${original.hits.map((h) => `${h.q} ${h.total}`).join(', ')}`);
    for (const [label, copy] of [['straight', copies[0]!], ['interrupted', copies[1]!]] as const) {
      const seen = await view(copy);
      const samePages = seen.pages.filter((p, i) => p === original.pages[i]).length;
      console.log(`  ${label} copy: export ${isDeepStrictEqual(seen.records, original.records) ? 'equal' : 'DIFFERENT'}, search hits ${isDeepStrictEqual(seen.hits, original.hits) ? 'equal' : 'DIFFERENT'}, pages ${samePages} of ${original.pages.length} identical`);
    }
  } finally {
    await source.close();
    for (const c of copies) await c.close();
  }
} finally {
  await cluster.destroy();
  rmSync(dir, { recursive: true, force: true });
}
