/**
 * `bench:search --backend postgres`: the same synthetic documents and query
 * classes as the SQLite run, on Dossier's search engine over PostgreSQL
 * (PostgresIndexStorage, the code `DATABASE_URL` selects), beside the same
 * engine on SQLite and PostgreSQL's own full-text search (postgres-fts.ts:
 * tsvector + GIN, and RUM when installed), in one run.
 *
 * It starts a cluster of its own (test/postgres-cluster.ts: Debian's server
 * binaries, loopback) kept under `--dir` beside the SQLite files, with the
 * memory settings a small dedicated server would have, loads the documents
 * into it in batches of the same size as the SQLite build (so the engine
 * makes the same segments), and stops it at the end; the next run with the
 * same `--docs` starts it again and measures without building. Queries alternate between the contestants, so a
 * noisy neighbour on the machine hits all of them alike. Printed: each class's
 * p50 / p95 per contestant, the ratios the targets name (PostgreSQL ÷ SQLite,
 * target ≤ 1.5; PostgreSQL ÷ the faster of GIN and RUM, target < 1), whether
 * both engines found the same hits, each class's statements per search on
 * PostgreSQL and the time spent in them, build times and sizes.
 * @module
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SearchRequest } from '../../src/backends/search-index.js';
import { ChangeNotices } from '../../src/backends/postgres/change-notices.js';
import { openPostgres } from '../../src/backends/postgres/open-postgres.js';
import { PostgresIndexStorage } from '../../src/backends/postgres/postgres-index-storage.js';
import { createSegmentTables } from '../../src/backends/postgres/segment-tables.js';
import { EngineSearchIndex } from '../../src/search/engine-search-index.js';
import { FACETS } from '../../src/search/facets.js';
import { parseQuery } from '../../src/search/query-parser.js';
import { keptCluster, type PostgresCluster } from '../../test/postgres-cluster.js';
import { fmt, stats } from './latency.js';
import { PostgresFts, type FtsQuery } from './postgres-fts.js';
import type { SyntheticArchive } from './synthetic.js';

export interface PostgresRun {
  docs: number;
  batch: number;
  /** Where the cluster is kept between runs. */
  dir: string;
  synthetic: SyntheticArchive;
  queries: Record<string, FtsQuery[]>;
  /** The engine on SQLite over the same documents, built (or completed) by `buildSqlite` after the PostgreSQL side. */
  sqlite: EngineSearchIndex;
  buildSqlite: () => Promise<void>;
  dateRange: (date: string | undefined) => [number, number] | undefined;
}

/** What a dedicated database server of a few GB would set; the engine and the peer share it. */
const SERVER_SETTINGS = [
  'shared_buffers = 1GB',
  'effective_cache_size = 4GB',
  'work_mem = 64MB',
  'maintenance_work_mem = 1GB',
  'max_wal_size = 8GB',
  'checkpoint_timeout = 30min',
  '',
].join('\n');

const ALL_FACETS = FACETS.map((f) => ({ id: f.id, limit: f.id === 'year' || f.id === 'decade' ? 0 : f.limit + 1 }));

export async function comparePostgres(run: PostgresRun): Promise<void> {
  const root = join(run.dir, `pg-${run.docs}`);
  // Holds the index version of a complete build: a cluster without it (an interrupted build) or built by other code is built again.
  const built = join(root, 'built');
  const cluster = await keptCluster(root);
  try {
    const conf = join(cluster.dataDir, 'postgresql.conf');
    if (!readFileSync(conf, 'utf8').includes(SERVER_SETTINGS)) {
      await cluster.stop();
      appendFileSync(conf, SERVER_SETTINGS);
      await cluster.start();
    }
    const version = new EngineSearchIndex(new PostgresIndexStorage(undefined as never)).version;
    const reuse = existsSync(built) && readFileSync(built, 'utf8') === version;
    // An interrupted build of the same index version resumes (buildProgress); any other database is built again.
    if (!reuse && (await buildProgress(cluster, version)) === undefined) {
      await cluster.query('drop database if exists bench');
      await cluster.createDatabase('bench');
    }
    const url = cluster.url('bench');
    const { db } = await openPostgres(url);
    const fts = await PostgresFts.open(url);
    // As the backend does: the process's notices spare a search reading the change marker.
    const notices = new ChangeNotices(url);
    // Every read a search makes on the pool, for the profile printed beside the timings.
    const traced: Traced[] = [];
    try {
      await createSegmentTables(db);
      const storage = new PostgresIndexStorage(db, { notices, trace: (name, ms) => void traced.push({ name, ms }) });
      const engine = new EngineSearchIndex(storage);
      if (reuse) console.log(`\nPostgreSQL: reusing the ${run.docs.toLocaleString()} documents built in ${root}`);
      else {
        await build(run, db, storage, engine, fts, version);
        writeFileSync(built, version);
      }
      await run.buildSqlite();
      await measure(run, engine, fts, traced, storage);
      await afterWrites(run, db, storage, engine, notices);
      await sizes(db, fts);
    } finally {
      await notices.close();
      await fts.close();
      await db.destroy();
    }
  } finally {
    await cluster.stop();
  }
}

/**
 * How many documents an interrupted build of this index version already holds in the cluster's bench database,
 * or undefined when there is none to resume (no database, no progress row, another version).
 */
async function buildProgress(cluster: PostgresCluster, version: string): Promise<number | undefined> {
  if (!(await cluster.query("select 1 from pg_database where datname = 'bench'")).length) return undefined;
  const { db } = await openPostgres(cluster.url('bench'));
  try {
    const { rows: meta } = await sql<{ key: string; value: string }>`select key, value from bench_meta`.execute(db).catch(() => ({ rows: [] }));
    const map = new Map(meta.map((r) => [r.key, r.value]));
    return map.get('version') === version ? Number(map.get('done') ?? 0) : undefined;
  } finally {
    await db.destroy();
  }
}

async function build(run: PostgresRun, db: Kysely<any>, storage: PostgresIndexStorage, engine: EngineSearchIndex, fts: PostgresFts, version: string): Promise<void> {
  // The engine's progress is committed with each batch's segment; the tsvector rows' is their highest id (one statement a thousand rows).
  await sql`create table if not exists bench_meta (key text primary key, value text not null)`.execute(db);
  await sql`insert into bench_meta values ('version', ${version}) on conflict (key) do nothing`.execute(db);
  const { rows } = await sql<{ value: string }>`select value from bench_meta where key = 'done'`.execute(db);
  const doneOurs = Number(rows[0]?.value ?? 0);
  const doneFts = await fts.count();
  const resumed = Math.min(doneOurs, doneFts);
  console.log(`\nPostgreSQL: loading ${run.docs.toLocaleString()} documents into Dossier's index and into tsvector${resumed ? ` (resuming at ${doneOurs.toLocaleString()} / ${doneFts.toLocaleString()})` : ''}…`);
  let oursMs = 0;
  let ftsMs = 0;
  const started = performance.now();
  for (let from = resumed - (resumed % run.batch); from < run.docs; from += run.batch) {
    const to = Math.min(run.docs, from + run.batch);
    const docs = Array.from({ length: to - from }, (_, k) => run.synthetic.doc(from + k));
    let t = performance.now();
    if (to > doneOurs) {
      // As a Backend transaction does: the index's writes on one connection, committed together.
      await db.transaction().execute((trx) =>
        storage.within(trx, async () => {
          await engine.index(docs.filter((_, k) => from + k >= doneOurs).map((d) => d.entry));
          await sql`insert into bench_meta values ('done', ${String(to)}) on conflict (key) do update set value = excluded.value`.execute(trx);
        }),
      );
    }
    oursMs += performance.now() - t;
    t = performance.now();
    for (let k = Math.max(0, doneFts - from); k < docs.length; k += 1000) {
      await fts.insert(from + k + 1, docs.slice(k, k + 1000).map((d) => ({ title: d.title, text: d.text, range: run.dateRange(d.date) })));
    }
    ftsMs += performance.now() - t;
    const elapsed = (performance.now() - started) / 1000;
    process.stdout.write(`\r  ${to.toLocaleString()} documents at ${new Date().toISOString().slice(11, 19)} (ours ${(oursMs / 1000).toFixed(0)} s, tsvector rows ${(ftsMs / 1000).toFixed(0)} s; ${((to - resumed) / elapsed).toFixed(0)} docs/s both)   `);
  }
  process.stdout.write('\n');
  const built = await fts.createIndexes();
  await sql`vacuum analyze`.execute(db);
  const rate = (from: number, ms: number) => ((run.docs - from) / (ms / 1000)).toFixed(0);
  console.log(
    `  docs/s: ours ${rate(doneOurs, oursMs)}; tsvector rows ${rate(doneFts, ftsMs)}, then GIN index ${built.gin.toFixed(0)} s` +
      (built.rum !== undefined ? `, RUM index ${built.rum.toFixed(0)} s` : ' (RUM not installed: apt-get install postgresql-15-rum)'),
  );
}

function request(q: FtsQuery, facets: boolean): SearchRequest {
  return {
    query: parseQuery(q.text).root,
    filters: { dateFrom: q.from, dateTo: q.to },
    sort: 'relevance',
    limit: 20,
    offset: 0,
    ...(facets ? { facets: ALL_FACETS } : {}),
  };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

interface Traced {
  name: string;
  ms: number;
}

async function measure(run: PostgresRun, engine: EngineSearchIndex, fts: PostgresFts, traced: Traced[], storage: PostgresIndexStorage): Promise<void> {
  // Warm-up, not measured: the engine's columns, and a few queries through every contestant.
  const tw = performance.now();
  await engine.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0, facets: ALL_FACETS });
  console.log(`  PostgreSQL: columns loaded in ${((performance.now() - tw) / 1000).toFixed(1)} s`);
  for (const text of ['committee', 'treaty', 'government']) {
    await engine.search(request({ text }, true));
    await run.sqlite.search(request({ text }, true));
    await fts.top({ text }, 'gin');
    if (fts.rum) await fts.top({ text }, 'rum');
  }
  // A web process in its steady state holds the segments' dictionaries, read in the background after its first search.
  const td = performance.now();
  const held = await storage.dictionariesRead();
  console.log(`  PostgreSQL: ${held.segments} segments' dictionaries held, ${(held.bytes / 2 ** 20).toFixed(1)} MB, ready ${((performance.now() - tw) / 1000).toFixed(1)} s after the first search (${((performance.now() - td) / 1000).toFixed(1)} s waited after the warm-up)`);
  // Each PostgreSQL read is a round trip to another process, so a busy machine (a load above its cores) costs it
  // scheduling delays that SQLite's calls in process never see: the figures are only comparable at a similar load.
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  const loadBefore = load();
  const names = ['SQLite', 'PG', 'PG÷SQLite', 'GIN', 'RUM', 'PG÷peer'];
  const facetNames = ['SQLite', 'PG', 'PG÷SQLite', 'GIN +year', 'PG÷GIN'];
  const tops: string[] = [];
  const facetRows: string[] = [];
  const profile: string[] = [];
  let same = 0;
  let compared = 0;
  const differ: string[] = [];
  for (const [name, list] of Object.entries(run.queries)) {
    const t: Record<'sqlite' | 'pg' | 'gin' | 'rum' | 'sqliteF' | 'pgF' | 'ginF', number[]> = { sqlite: [], pg: [], gin: [], rum: [], sqliteF: [], pgF: [], ginF: [] };
    // Per top-20 search on PostgreSQL: its statements by name, and the time spent waiting for them.
    const statements = new Map<string, number>();
    const waited: number[] = [];
    for (const q of list) {
      const [a, lite] = await time(() => run.sqlite.search(request(q, false)));
      traced.length = 0;
      const [b, ours] = await time(() => engine.search(request(q, false)));
      for (const s of traced) statements.set(s.name, (statements.get(s.name) ?? 0) + 1);
      // Statements of one round run side by side: the round waits for the longest, not the sum (an upper bound here).
      waited.push(traced.reduce((sum, s) => sum + s.ms, 0));
      t.sqlite.push(a);
      t.pg.push(b);
      compared++;
      if (lite.total === ours.total && lite.hits.every((h, i) => h.id === ours.hits[i]?.id)) same++;
      else differ.push(`${name}: ${q.text} (${lite.total} / ${ours.total} hits)`);
      t.gin.push((await time(() => fts.top(q, 'gin')))[0]);
      if (fts.rum) t.rum.push((await time(() => fts.top(q, 'rum')))[0]);
      t.sqliteF.push((await time(() => run.sqlite.search(request(q, true))))[0]);
      t.pgF.push((await time(() => engine.search(request(q, true))))[0]);
      t.ginF.push((await time(async () => { await fts.top(q, 'gin'); await fts.years(q); }))[0]);
    }
    const cell = (ms: number[]) => (ms.length ? `${fmt(stats(ms).p50)} ${fmt(stats(ms).p95)} ` : `${'—'.padStart(7)} ${'—'.padStart(7)} `);
    const ratio = (x: number[], y: number[]) => (x.length && y.length ? `${(stats(x).p50 / stats(y).p50).toFixed(2).padStart(7)} ${(stats(x).p95 / stats(y).p95).toFixed(2).padStart(7)} ` : cell([]));
    const peer = t.rum.length && stats(t.rum).p50 < stats(t.gin).p50 ? t.rum : t.gin;
    tops.push(`${name.padEnd(16)}|${[cell(t.sqlite), cell(t.pg), ratio(t.pg, t.sqlite), cell(t.gin), cell(t.rum), ratio(t.pg, peer)].join('|')}`);
    facetRows.push(`${name.padEnd(16)}|${[cell(t.sqliteF), cell(t.pgF), ratio(t.pgF, t.sqliteF), cell(t.ginF), ratio(t.pgF, t.ginF)].join('|')}`);
    const perSearch = [...statements].map(([n, count]) => `${n} ${(count / list.length).toFixed(2)}`).join(', ') || 'none';
    profile.push(`${name.padEnd(16)}| ${fmt(stats(t.pg).p50)} | ${fmt(stats(waited).p50)} | ${perSearch}`);
  }
  const header = (cols: string[]) => `${'class'.padEnd(16)}|${cols.map((c) => ` ${c}`.padEnd(17)).join('|')}`;
  console.log(`\n${run.docs.toLocaleString()} documents, ${run.queries[Object.keys(run.queries)[0]!]!.length} queries per class, ms p50 / p95 (ratios of p50 / of p95)`);
  console.log('\ntop 20 by relevance — Dossier on SQLite, Dossier on PostgreSQL, PostgreSQL full-text (ts_rank over GIN; RUM <=>); peer = the faster of GIN and RUM');
  console.log(header(names));
  for (const row of tops) console.log(row);
  console.log('\nwith facets — Dossier: top 20 + every facet count; GIN: top 20 + a year GROUP BY');
  console.log(header(facetNames));
  for (const row of facetRows) console.log(row);
  console.log('\nwhere a top-20 search on PostgreSQL spends its time: its p50, the p50 of its statements\' summed time, and its statements per search');
  console.log(`${'class'.padEnd(16)}| search  | in SQL  | statements per search`);
  for (const row of profile) console.log(row);
  console.log(`\nsame total and top-20 ids on SQLite and PostgreSQL: ${same} of ${compared} queries`);
  for (const d of differ) console.log(`  differ — ${d}`);
  console.log('targets: PG÷SQLite ≤ 1.5, PG÷peer < 1');
  // The floor under any query PostgreSQL answers, the peer's included: what a search costs beyond SQLite is this, times its round trips.
  // Back to back the server's process stays awake; after a pause (as between a user's searches) it must be woken and scheduled.
  const trips: number[] = [];
  const paused: number[] = [];
  for (let i = 0; i < 200; i++) {
    trips.push((await time(() => fts.ping()))[0]);
    await new Promise((resolve) => setTimeout(resolve, 2));
    paused.push((await time(() => fts.ping()))[0]);
  }
  console.log(`one round trip to PostgreSQL (select 1), p50 / p95: back to back ${fmt(stats(trips).p50)} / ${fmt(stats(trips).p95)} ms, after a 2 ms pause ${fmt(stats(paused).p50)} / ${fmt(stats(paused).p95)} ms`);
  console.log(`load average (1, 5, 15 min) before the queries ${loadBefore}, after ${load()}`);
}

/**
 * The first search after an editor's save: before each query one document is written (and then removed, so the
 * archive stays as built), which raises the generation. Two engines on storages of their own take turns to go
 * first: this one, which reads what changed in one statement (IndexStorage.changesSince) and decodes only the new
 * segments' part of a list, and the same engine made to read the changes call by call (the storage's changesSince
 * hidden), as it did before.
 */
async function afterWrites(run: PostgresRun, db: Kysely<any>, storage: PostgresIndexStorage, engine: EngineSearchIndex, notices: ChangeNotices): Promise<void> {
  const peerStorage = new PostgresIndexStorage(db, { notices });
  const callByCall = new EngineSearchIndex(new Proxy(peerStorage, {
    get: (target, key) => {
      if (key === 'changesSince') return undefined;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }));
  await callByCall.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0, facets: ALL_FACETS });
  const write = async (fn: () => Promise<void>) => {
    await db.transaction().execute((trx) => storage.within(trx, fn));
    storage.committed();
    peerStorage.committed();
  };
  const extra = run.synthetic.doc(run.docs);
  const PER_CLASS = 20;
  const rows: string[] = [];
  let k = 0;
  for (const [name, list] of Object.entries(run.queries)) {
    const ours: number[] = [];
    const peer: number[] = [];
    for (const q of list.slice(0, PER_CLASS)) {
      await write(() => engine.index([extra.entry]));
      const order = k++ % 2 === 0 ? [true, false] : [false, true];
      for (const on of order) (on ? ours : peer).push((await time(() => (on ? engine : callByCall).search(request(q, false))))[0]);
      await write(() => engine.remove([extra.entry.document.id]));
    }
    const cell = (ms: number[]) => `${fmt(stats(ms).p50)} ${fmt(stats(ms).p95)} `;
    rows.push(`${name.padEnd(16)}|${[cell(ours), cell(peer), `${(stats(ours).p50 / stats(peer).p50).toFixed(2).padStart(7)} ${(stats(ours).p95 / stats(peer).p95).toFixed(2).padStart(7)} `].join('|')}`);
  }
  console.log(`\nthe first top-20 search after a save (one document written, then removed, before each of ${PER_CLASS} queries a class): the changes read in one statement, and call by call`);
  console.log(`${'class'.padEnd(16)}|${['one read', 'call by call', 'one÷calls'].map((c) => ` ${c}`.padEnd(17)).join('|')}`);
  for (const row of rows) console.log(row);
}

async function sizes(db: Kysely<any>, fts: PostgresFts): Promise<void> {
  const { rows } = await sql<{ bytes: string }>`
    select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c
    where c.relkind = 'r' and (c.relname like 'ix\_%' or c.relname = 'search_state')`.execute(db);
  const f = await fts.sizes();
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  console.log(`PostgreSQL sizes: Dossier's index ${mb(Number(rows[0]!.bytes))} (tables, TOAST and indexes); tsvector table ${mb(f.table)} (${fts.rum ? 'two copies of the vector, ' : ''}no text), GIN ${mb(f.gin)}${fts.rum ? `, RUM ${mb(f.rum)}` : ''}`);
}
