/**
 * `npx tsx bench/facet-count.ts [--dir /tmp/dossier-bench] [--docs 200000] [--runs 7] [--limits 4096] [--peer <rev> --parallel-at 60000,8192]`:
 * counting every facet over a large hit set, slot column by slot column
 * (the peer) and with slot columns of few values counted in groups
 * (engine/facet-groups.ts), by turns in one process, on the doc columns of an
 * archive bench:search built and kept under `--dir` (read only; it builds
 * none). Hit sets are live documents drawn at the shares of bench:search's
 * classes at a million documents (a common word or a prefix 30%, two words
 * 2.4%, a date filter 1.6%), sorted as the engine hands them over; both sides
 * count the same sets, through the same helper thread, and must agree.
 * Prints medians of `--runs` per side and their ratio, and the one-time cost
 * of deriving the groups' codes.
 *
 * With `--peer` (any git revision), the peer is that revision's grouped
 * count (`countFacets` as it was, bundled as search-by-turns.ts bundles it)
 * and the other sides this tree's, sharing the passes with the helper
 * thread from each of `--parallel-at`'s hit counts on; wall-clock time, since
 * the point of the helper is the second core. The shares then include a
 * tenth of the documents, and each side's pass at nine tenths follows the
 * medians (a wait for a helper that wakes late shows there first).
 * @module
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteIndexStorage } from '../src/backends/sqlite/sqlite-index-storage.js';
import { FACET_IDS } from '../src/search/facets.js';
import { countFacets } from '../src/search/engine/collect.js';
import { DocColumns } from '../src/search/engine/doc-columns.js';
import { FacetGroups, GROUP_LIMIT } from '../src/search/engine/facet-groups.js';
import { bothRevisions } from './lib/both-revisions.js';
import { rng } from './lib/synthetic.js';

const OPTIONS = { dir: '/tmp/dossier-bench', docs: '200000', runs: '7', limits: String(GROUP_LIMIT), peer: '', 'parallel-at': '60000' };
const { values: args } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: 'string' as const, default: v }])) });
const DOCS = Number(args.docs);
const RUNS = Number(args.runs);
const LIMITS = args.limits!.split(',').map(Number);
const SHARES: Record<string, number> = {
  'common word, prefix (30%)': 0.3,
  ...(args.peer ? { 'a tenth (10%)': 0.1 } : {}),
  'two words (2.4%)': 0.024,
  'date-filtered (1.6%)': 0.016,
};
type Count = typeof countFacets;
/** With `--peer`: that revision's countFacets, then this tree's. */
const revisions = args.peer
  ? await bothRevisions<{ countFacets: Count }>(args.peer, (src) => `export { countFacets } from ${JSON.stringify(join(src, 'search', 'engine', 'collect.ts'))};\n`)
  : undefined;
const PARALLEL_AT = args['parallel-at']!.split(',').map(Number);

const db = new BetterSqlite3(`${args.dir}/ours-${DOCS}.sqlite`, { readonly: true, fileMustExist: true });
const storage = new SqliteIndexStorage(db);
let started = performance.now();
const columns = new DocColumns();
for (const row of storage.loadDocs(0)) columns.append(row);
for (const dead of storage.deadDocs()) columns.kill(dead);
for (const [facet, id, value] of storage.facetValues()) if (facet < FACET_IDS.length) columns.dictionary.set(facet, id, value);
console.log(`${columns.liveCount.toLocaleString()} live documents, columns read in ${((performance.now() - started) / 1000).toFixed(1)} s; medians of ${RUNS} runs`);

const wanted = FACET_IDS.map((_, f) => f);
const sizes = columns.dictionary.values.map((v) => v.length);
for (const limit of LIMITS) {
  started = performance.now();
  const groups = FacetGroups.build(columns.facets, columns.size, limit);
  const build = performance.now() - started;
  const coded = groups.groups.map((g) => `${g.slots.length} (${g.combinations})`).join(', ');
  console.log(`\ngroup limit ${limit}: ${groups.groups.length} groups of slots (combinations) ${coded}; ${groups.singles.length} columns alone; codes built in ${build.toFixed(1)} ms`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The pass at nine tenths of the sorted passes: where a wait for a late helper shows, if not at the median. */
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
/** Column headings after the hits': the peer's, then each other side's with its ratio to the peer. */
const heads = revisions ? [`${revisions[0]!.name} (ms)`, ...PARALLEL_AT.map((at) => `this tree, helper from ${at.toLocaleString()} hits (ms)`)] : ['columns one by one (ms)', ...LIMITS.map((l) => `grouped, limit ${l} (ms)`)];
console.log(`\n| hits | ${heads[0]} | ${heads.slice(1).map((h) => `${h} | ratio`).join(' | ')} |`);
console.log(`| --- | ---: | ${heads.slice(1).map(() => '---: | ---:').join(' | ')} |`);
const random = rng(25);
/** With `--peer`: each side's pass at nine tenths, printed after the medians. */
const tails: string[] = [];
/** With `--peer`: each side's first count in this process (its groups' codes built, its helper thread started). */
const firsts: string[] = [];
for (const [label, share] of Object.entries(SHARES)) {
  const docs: number[] = [];
  for (let d = 0; d < columns.size; d++) if (columns.live[d] && random() < share) docs.push(d);
  const set = { docs: Int32Array.from(docs), scores: new Float32Array(docs.length), n: docs.length };
  const sides: [string, () => Int32Array[]][] = revisions
    ? [
        ['plain', () => revisions[0]!.module.countFacets(set, columns.facets, wanted, sizes, columns.size)],
        ...PARALLEL_AT.map((at): [string, () => Int32Array[]] => [String(at), () => revisions[1]!.module.countFacets(set, columns.facets, wanted, sizes, columns.size, undefined, undefined, at)]),
      ]
    : [
        ['plain', () => countFacets(set, columns.facets, wanted, sizes, columns.size, Infinity)],
        ...LIMITS.map((limit): [string, () => Int32Array[]] => [String(limit), () => countFacets(set, columns.facets, wanted, sizes, columns.size, 0, limit)]),
      ];
  const times = new Map<string, number[]>(sides.map(([name]) => [name, []]));
  let reference: string | undefined;
  for (let run = 0; run < RUNS + 1; run++) {
    for (const [name, count] of run % 2 ? sides : [...sides].reverse()) {
      const t = performance.now();
      const counts = count();
      const ms = performance.now() - t;
      // The first run of each side builds the groups' codes (timed above), starts its helper thread and warms up: not counted.
      if (run > 0) times.get(name)!.push(ms);
      else if (revisions && firsts.length < sides.length) firsts.push(`${name === 'plain' ? revisions[0]!.name : 'this tree'}: ${ms.toFixed(1)} ms`);
      const flat = counts.map((c) => c.join(',')).join(';');
      reference ??= flat;
      if (flat !== reference) throw new Error(`${label}: ${name} counted otherwise than the plain count`);
    }
  }
  const plain = median(times.get('plain')!);
  const cells = (revisions ? PARALLEL_AT : LIMITS).map((l) => `${median(times.get(String(l))!).toFixed(2)} | ${(median(times.get(String(l))!) / plain).toFixed(2)}×`);
  console.log(`| ${label}: ${set.n.toLocaleString()} | ${plain.toFixed(2)} | ${cells.join(' | ')} |`);
  if (revisions) tails.push(`| ${label}: ${set.n.toLocaleString()} | ${[...times.values()].map((xs) => p90(xs).toFixed(2)).join(' | ')} |`);
}
if (revisions) console.log(`\nthe pass at nine tenths (ms), the same sides:\n${tails.join('\n')}\n\nthe first count of each side, 30% of the documents: ${firsts.join(', ')}`);
db.close();
