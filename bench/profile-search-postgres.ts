/**
 * `tsx bench/profile-search-postgres.ts [--dir /tmp/dossier-bench] [--docs 50000] [--kind rare|phrase|prefix|common|two|fielded] [--queries 100]`:
 * where one top-20 search on PostgreSQL goes, on the cluster
 * `bench:search --backend postgres` built and kept under `--dir` (it builds
 * none; it starts that cluster and stops it). Queries are drawn as
 * profile-search.ts draws them (bench/lib/search-queries.ts), each searched
 * once, so their rows have not been read by this process before.
 *
 * First pass: each query's first search, its time, its CPU time in this
 * process, and the time its statements took as the storage's trace reports
 * them. The statements a search sends on the pool are recorded with their
 * parameters (a read by COPY is traced, not replayed), and then, each alone over all the queries (medians of five
 * passes, µs a query): one round trip (`select 1`), each statement as the
 * search sent it (a named statement on the pool: the server's time, the
 * wire and the driver's parse), the server's own time for it
 * (`EXPLAIN (ANALYZE, BUFFERS)` of the same text: execution and planning),
 * the bytes of its rows as they travel, and the search again with every
 * list already read (the engine's JavaScript alone). The rest of a first
 * search is what the search does with the rows: decoding them, and its
 * rounds' evaluation.
 * @module
 */
import { parseArgs } from 'node:util';
import { PostgresIndexStorage } from '../src/backends/postgres/postgres-index-storage.js';
import { EngineSearchIndex } from '../src/search/engine-search-index.js';
import { openKept, recordStatements, type SentStatement } from './lib/kept-postgres.js';
import { fmt, stats } from './lib/latency.js';
import { queryKind, QUERY_KINDS } from './lib/search-queries.js';

const OPTIONS = { dir: '/tmp/dossier-bench', docs: '50000', kind: 'rare', queries: '100' };
const { values: args } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: 'string' as const, default: v }])) });
const KIND = queryKind(args.kind);
const DOCS = Number(args.docs);

const { cluster, db, pool, notices, list, request } = await openKept(args.dir!, DOCS, KIND, Number(args.queries));
try {
  // Every named statement a search sends on the pool, with its parameters.
  const recorder = recordStatements(pool);
  const traced: { name: string; ms: number }[] = [];
  const storage = new PostgresIndexStorage(db, { notices, trace: (name, ms) => void traced.push({ name, ms }) });
  const engine = new EngineSearchIndex(storage);
  try {
    // The doc columns, and a few searches not measured.
    await engine.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0 });
    for (const w of ['committee', 'treaty']) await engine.search(request(w));
    const held = await storage.dictionariesRead();
    console.log(`segments' dictionaries held: ${held.segments}, ${(held.bytes / 2 ** 20).toFixed(1)} MB`);
    console.log(`${DOCS.toLocaleString()} documents, ${list.length} ${QUERY_KINDS[KIND].name}\n`);

    const first = { ms: [] as number[], cpu: [] as number[], sql: [] as number[] };
    const sent: SentStatement[][] = [];
    const counts = new Map<string, number>();
    for (const q of list) {
      traced.length = 0;
      recorder.start();
      const cpu = process.cpuUsage();
      const t = performance.now();
      await engine.search(request(q));
      first.ms.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      first.cpu.push((used.user + used.system) / 1000);
      first.sql.push(traced.reduce((sum, s) => sum + s.ms, 0));
      for (const s of traced) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
      sent.push(recorder.stop());
    }
    const cell = (ms: number[]) => `${fmt(stats(ms).p50)} / ${fmt(stats(ms).p95)}`;
    console.log(`first search, p50 / p95 ms: whole ${cell(first.ms)}, its statements (summed) ${cell(first.sql)}, this process's CPU ${cell(first.cpu)}`);
    console.log(`reads per search (as the storage's trace names them): ${[...counts].map(([n, c]) => `${n} ${(c / list.length).toFixed(2)}`).join(', ') || 'none'}\n`);

    const client = await pool.connect();
    const measured: Record<string, number[]> = {};
    const add = (name: string, us: number) => (measured[name] ??= []).push(us);
    try {
      for (let pass = 0; pass < 5; pass++) {
        let t = performance.now();
        for (let i = 0; i < list.length; i++) await client.query({ name: 'profile_ping', text: 'select 1' });
        add('one round trip (select 1)', ((performance.now() - t) / list.length) * 1000);
        const byName: Record<string, number> = {};
        const bytes: Record<string, number> = {};
        const server: Record<string, number> = {};
        const planning: Record<string, number> = {};
        for (const statements of sent) {
          for (const s of statements) {
            t = performance.now();
            const result = await client.query({ name: s.name, text: s.text, values: s.values });
            byName[s.name] = (byName[s.name] ?? 0) + performance.now() - t;
            for (const row of result.rows) for (const v of Object.values(row)) bytes[s.name] = (bytes[s.name] ?? 0) + (typeof v === 'string' ? v.length : v instanceof Uint8Array ? v.byteLength : 8);
            const plan = (await client.query({ text: `explain (analyze, buffers, format json) ${s.text}`, values: s.values })).rows[0]['QUERY PLAN'][0];
            server[s.name] = (server[s.name] ?? 0) + plan['Execution Time'];
            planning[s.name] = (planning[s.name] ?? 0) + plan['Planning Time'];
          }
        }
        for (const name of Object.keys(byName)) {
          add(`${name}: as sent (named, on the pool)`, (byName[name]! / list.length) * 1000);
          add(`${name}: server's execution (explain analyze)`, (server[name]! / list.length) * 1000);
          add(`${name}: server's planning of a custom plan`, (planning[name]! / list.length) * 1000);
          add(`${name}: bytes of its rows as they travel`, bytes[name]! / list.length);
        }
        t = performance.now();
        for (const q of list) await engine.search(request(q));
        add('the search again, every list read (JS alone)', ((performance.now() - t) / list.length) * 1000);
      }
    } finally {
      client.release();
    }
    console.log('each part alone, µs a query (bytes: a query\'s), medians of 5 passes:');
    for (const [name, us] of Object.entries(measured)) console.log(`  ${name.padEnd(64)} ${stats(us).p50.toFixed(1).padStart(10)}`);
    const sample = sent.find((s) => s.length > 0)?.[0];
    if (sample) {
      const plan = await pool.query({ text: `explain (analyze, buffers) ${sample.text}`, values: sample.values });
      console.log(`\nthe plan of the first query's ${sample.name}:\n${plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
    }
  } finally {
    await notices.close();
    await db.destroy();
  }
} finally {
  await cluster.stop();
}
