/**
 * `npx tsx bench/search-by-turns.ts [--dir /tmp/dossier-bench] [--docs 50000] [--kind rare|phrase|prefix|common|two] [--queries 400] [--peer main] [--peer-dir <dir>] [--facets off|on] [--again 1] [--total-up-to <n>] [--peer-total-up-to <n>] [--after-top off|on] [--dates <from>:<to>]`:
 * the search engine of this tree beside that of another revision
 * (`--peer`, any git revision), in one process on an archive bench:search
 * built and kept under `--dir`, the CPU time each spends on each search.
 * On a machine shared with other work, wall-clock time mostly measures the
 * waits for a core; the process's CPU time (user + system, getrusage) counts
 * only the search's own work, SQLite's reads included.
 *
 * Both sides are bundled alike with esbuild (the revision's `src` taken with
 * `git archive`), into node_modules/.cache so that their packages resolve,
 * and each opens the archive on a connection of its own, read-only, with
 * bench:search's page cache. Queries are drawn as profile-search.ts draws
 * them. Two passes: every query's first search on both sides, then every
 * query again (lists decoded, positions kept), each query by both sides in
 * turn, which side goes first alternating. Prints each side's p50 and mean
 * µs of CPU a search, the ratios, and how many hit lists (ids, scores,
 * totals, and facet counts when asked for) differ between the two: none,
 * unless the revisions rank differently. `--facets on` asks each search for
 * every facet's counts, as bench:search's second column does (the matching
 * then goes the exhaustive way, every hit scored). `--peer-dir`: the peer
 * reads the archive that bench:search built under that folder (with the
 * peer's code, of the same documents), for a revision whose stored layout
 * differs; its hit lists are compared all the same. `--total-up-to n`
 * asks this tree's searches for a total counted only up to n (SearchRequest
 * `totalUpTo`), `--peer-total-up-to n` the peer's (for a peer that knows
 * it); a total that may be a lower bound is then left out of the comparison,
 * and the hit lists (ids, scores, order) alone must agree. `--after-top on`
 * precedes each measured search, on each side, by that side's top 20 of the
 * same query without facets, untimed — as bench:search runs a search with
 * facets right after the pruned top 20 of its query. `--dates 1940:1949`
 * searches, on both sides, only the documents dated within those years (as
 * bench:search's date-filtered class does with a decade).
 * @module
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import type { SearchIndex, SearchRequest } from '../src/backends/search-index.js';
import { bothRevisions } from './lib/both-revisions.js';
import { loadCorpora } from './lib/corpus.js';
import { stats } from './lib/latency.js';
import { allFacets, queriesOf, queryKind, QUERY_KINDS } from './lib/search-queries.js';
import { SyntheticArchive } from './lib/synthetic.js';

const OPTIONS = { dir: '/tmp/dossier-bench', docs: '50000', kind: 'rare', queries: '400', peer: 'main', 'peer-dir': '', facets: 'off', again: '1', 'total-up-to': '', 'peer-total-up-to': '', 'after-top': 'off', dates: '' };
const { values: args } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: 'string' as const, default: v }])) });
const KIND = queryKind(args.kind);
const DOCS = Number(args.docs);

/** What each side's bundle exports. */
interface Engine {
  SqliteIndexStorage: new (db: BetterSqlite3.Database) => unknown;
  EngineSearchIndex: new (storage: unknown, options: { analysisThread: boolean }) => SearchIndex;
  parseQuery: (q: string) => { root: SearchRequest['query'] };
}

/** The engine's modules under a `src` folder. */
const engineEntry = (src: string) => {
  const path = (file: string) => JSON.stringify(join(src, file));
  return [
    `export { SqliteIndexStorage } from ${path('backends/sqlite/sqlite-index-storage.ts')};`,
    `export { EngineSearchIndex } from ${path('search/engine-search-index.ts')};`,
    `export { parseQuery } from ${path('search/query-parser.ts')};`,
  ].join('\n');
};
const sides = (await bothRevisions<Engine>(args.peer!, engineEntry)).map(({ name, module }) => ({ name, engine: module }));

const synthetic = new SyntheticArchive(loadCorpora(args.dir!));
const list = queriesOf(KIND, synthetic, DOCS, Number(args.queries));
const indexes = sides.map(({ engine }, side) => {
  const dir = side === 0 && args['peer-dir'] ? args['peer-dir'] : args.dir;
  const db = new BetterSqlite3(`${dir}/ours-${DOCS}.sqlite`, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -65536');
  return new engine.EngineSearchIndex(new engine.SqliteIndexStorage(db), { analysisThread: false });
});
const facets = args.facets === 'on' ? { facets: allFacets() } : {};
const upTo = [args['peer-total-up-to'], args['total-up-to']].map((n) => (n ? { totalUpTo: Number(n) } : {}));
const [dateFrom, dateTo] = args.dates ? args.dates.split(':') : [];
const filters = dateFrom || dateTo ? { ...(dateFrom ? { dateFrom } : {}), ...(dateTo ? { dateTo } : {}) } : {};
const request = (side: number, q: string): SearchRequest => ({ query: sides[side]!.engine.parseQuery(q).root, filters, sort: 'relevance', limit: 20, offset: 0, ...facets, ...upTo[side] });
const boundedTotals = !!(args['total-up-to'] || args['peer-total-up-to']);
// The doc columns and the file's first pages, with queries not measured.
for (const [side, index] of indexes.entries()) {
  await index.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0 });
  for (const w of ['committee', 'treaty']) await index.search(request(side, w));
}

const passes = ['first search', 'searched again'];
const cpu = passes.map(() => sides.map(() => [] as number[]));
let differing = 0;
// `--again n` searches every query again n times (few queries, as a prefix's, give few samples a pass).
for (let round = 0; round < 1 + Number(args.again); round++) {
  const pass = Math.min(round, 1);
  for (const [j, q] of list.entries()) {
    const answers: string[] = [];
    for (const side of (j + round) % 2 === 0 ? [0, 1] : [1, 0]) {
      if (args['after-top'] === 'on') await indexes[side]!.search({ ...request(side, q), facets: undefined });
      const before = process.cpuUsage();
      const result = await indexes[side]!.search(request(side, q));
      const spent = process.cpuUsage(before);
      cpu[pass]![side]!.push(spent.user + spent.system);
      answers[side] = JSON.stringify([boundedTotals ? 0 : result.total, result.hits, result.facets]);
    }
    if (answers[0] !== answers[1]) differing++;
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`${DOCS.toLocaleString()} documents, ${list.length} ${QUERY_KINDS[KIND].name}; µs of CPU a search, p50 / mean:`);
for (const [pass, name] of passes.entries()) {
  const [peer, here] = cpu[pass]! as [number[], number[]];
  console.log(
    `  ${name.padEnd(15)} ${sides[0]!.name} ${stats(peer).p50} / ${mean(peer).toFixed(0)}, ${sides[1]!.name} ${stats(here).p50} / ${mean(here).toFixed(0)};` +
      ` this / peer ${(stats(here).p50 / stats(peer).p50).toFixed(3)}× at p50, ${(mean(here) / mean(peer)).toFixed(3)}× in all`,
  );
}
console.log(`hit lists that differ: ${differing} of ${list.length * (1 + Number(args.again))}`);
