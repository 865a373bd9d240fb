/**
 * `npx tsx bench/postgres-by-turns.ts [--dir /tmp/dossier-bench] [--docs 50000] [--kind phrase|rare|two|fielded|common] [--queries 100] [--peer main] [--dictionary-bytes N]`:
 * the search engine on PostgreSQL of this tree beside that of another
 * revision (`--peer`), in one process, on the cluster `bench:search
 * --backend postgres` built and kept under `--dir` (it builds none, and
 * needs both revisions to read the same index layout). Each side has a pool
 * and a listening connection of its own, as a web process has; every query
 * is searched once by each side (its first search there), which side goes
 * first alternating, so a noisy machine and the server's caches favour
 * neither. Prints each side's p50 / p95 of the search's time and of this
 * process's CPU, the statements a search sent (as the storage's trace names
 * them), the ratios, how many hit lists differ, and one round trip
 * (`select 1`) measured between the searches. `--dictionary-bytes` bounds
 * both sides' segment dictionaries held in process (the storage's
 * `dictionaryBytes`; by default each side's own bound): a smaller archive's
 * bound as a share of its dictionaries, as a larger archive's would be.
 * @module
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { SearchIndex, SearchRequest } from '../src/backends/search-index.js';
import { keptCluster } from '../test/postgres-cluster.js';
import { bothRevisions } from './lib/both-revisions.js';
import { loadCorpora } from './lib/corpus.js';
import { fmt, stats } from './lib/latency.js';
import { queriesOf, queryKind, QUERY_KINDS } from './lib/search-queries.js';
import { SyntheticArchive } from './lib/synthetic.js';

const OPTIONS = { dir: '/tmp/dossier-bench', docs: '50000', kind: 'phrase', queries: '100', peer: 'main', 'dictionary-bytes': '' };
const { values: args } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: 'string' as const, default: v }])) });
const KIND = queryKind(args.kind);
const DOCS = Number(args.docs);

/** What each side's bundle exports. */
interface Engine {
  openPostgres: (url: string) => Promise<{ db: Kysely<any> }>;
  ChangeNotices: new (url: string) => { close(): Promise<void> };
  PostgresIndexStorage: new (db: Kysely<any>, options: { notices: unknown; trace: (name: string) => void; dictionaryBytes?: number }) => unknown;
  EngineSearchIndex: new (storage: unknown) => SearchIndex;
  parseQuery: (q: string) => { root: SearchRequest['query'] };
}

const engineEntry = (src: string) => {
  const path = (file: string) => JSON.stringify(join(src, file));
  return [
    `export { openPostgres } from ${path('backends/postgres/open-postgres.ts')};`,
    `export { ChangeNotices } from ${path('backends/postgres/change-notices.ts')};`,
    `export { PostgresIndexStorage } from ${path('backends/postgres/postgres-index-storage.ts')};`,
    `export { EngineSearchIndex } from ${path('search/engine-search-index.ts')};`,
    `export { parseQuery } from ${path('search/query-parser.ts')};`,
  ].join('\n');
};
const revisions = await bothRevisions<Engine>(args.peer!, engineEntry);

const synthetic = new SyntheticArchive(loadCorpora(args.dir!));
const list = queriesOf(KIND, synthetic, DOCS, Number(args.queries));
const cluster = await keptCluster(join(args.dir!, `pg-${DOCS}`));
try {
  const url = cluster.url('bench');
  const sides = await Promise.all(revisions.map(async ({ name, module: engine }) => {
    const { db } = await engine.openPostgres(url);
    const notices = new engine.ChangeNotices(url);
    const statements: string[] = [];
    const storage = new engine.PostgresIndexStorage(db, { notices, trace: (statement) => void statements.push(statement), ...(args['dictionary-bytes'] ? { dictionaryBytes: Number(args['dictionary-bytes']) } : {}) }) as { dictionariesRead?: () => Promise<{ segments: number; bytes: number }> };
    const index = new engine.EngineSearchIndex(storage);
    return { name, engine, db, notices, statements, index, storage, ms: [] as number[], cpu: [] as number[], sent: new Map<string, number>() };
  }));
  try {
    const request = (side: (typeof sides)[number], q: string): SearchRequest => ({ query: side.engine.parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0 });
    // The doc columns, and a few searches not measured.
    for (const side of sides) {
      await side.index.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0 });
      for (const w of ['committee', 'treaty']) await side.index.search(request(side, w));
      // What a side holds in process once its background reads are done (a revision without them holds nothing).
      const held = await side.storage.dictionariesRead?.();
      if (held) console.log(`${side.name}: ${held.segments} segments' dictionaries held, ${(held.bytes / 2 ** 20).toFixed(1)} MB`);
    }
    const trips: number[] = [];
    const ping = sides[0]!.db;
    let differing = 0;
    for (const [j, q] of list.entries()) {
      const answers: string[] = [];
      for (const s of j % 2 === 0 ? [0, 1] : [1, 0]) {
        const side = sides[s]!;
        side.statements.length = 0;
        const before = process.cpuUsage();
        const t = performance.now();
        const result = await side.index.search(request(side, q));
        side.ms.push(performance.now() - t);
        const spent = process.cpuUsage(before);
        side.cpu.push((spent.user + spent.system) / 1000);
        for (const name of side.statements) side.sent.set(name, (side.sent.get(name) ?? 0) + 1);
        answers[s] = JSON.stringify([result.total, result.hits]);
      }
      if (answers[0] !== answers[1]) differing++;
      const t = performance.now();
      await sql`select 1`.execute(ping);
      trips.push(performance.now() - t);
    }
    console.log(`${DOCS.toLocaleString()} documents, ${list.length} ${QUERY_KINDS[KIND].name}, each query's first search on each side, ms p50 / p95:`);
    for (const side of sides) {
      const per = [...side.sent].map(([name, n]) => `${name} ${(n / list.length).toFixed(2)}`).join(', ') || 'none';
      console.log(`  ${side.name.padEnd(16)} search ${fmt(stats(side.ms).p50)} / ${fmt(stats(side.ms).p95)}, this process's CPU ${fmt(stats(side.cpu).p50)} / ${fmt(stats(side.cpu).p95)}; statements per search: ${per}`);
    }
    const [peer, here] = sides as [(typeof sides)[number], (typeof sides)[number]];
    const ratio = (a: number[], b: number[]) => `${(stats(a).p50 / stats(b).p50).toFixed(3)} / ${(stats(a).p95 / stats(b).p95).toFixed(3)}`;
    console.log(`  this ÷ peer, p50 / p95: search ${ratio(here.ms, peer.ms)}, CPU ${ratio(here.cpu, peer.cpu)}`);
    console.log(`  one round trip (select 1) between the searches, p50 / p95: ${fmt(stats(trips).p50)} / ${fmt(stats(trips).p95)} ms`);
    console.log(`hit lists that differ: ${differing} of ${list.length}`);
  } finally {
    for (const side of sides) {
      await side.notices.close();
      await side.db.destroy();
    }
  }
} finally {
  await cluster.stop();
}
