/**
 * `npx tsx bench/marker-with-rows.ts [--dir /tmp/dossier-bench] [--docs 50000] [--words 1000] [--passes 15]`:
 * what a rare word's first search pays for its reads on SQLite, the change
 * marker read in the same statement as the term's rows
 * (SqliteIndexStorage.#perSegment's first arm, from `pragma_data_version`)
 * beside its peer, `PRAGMA data_version` as a statement of its own followed
 * by the rows' statement without that arm. On an archive bench:search built
 * and kept under `--dir`, over stored terms as a first search reads them
 * (every segment's row at or before the term, pages cached), the two in
 * alternating order word by word; µs a word and the ratio, medians of
 * `--passes`.
 * @module
 */
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';

const OPTIONS = { dir: '/tmp/dossier-bench', docs: '50000', words: '1000', passes: '15' };
const { values: args } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: 'string' as const, default: v }])) });
const db = new BetterSqlite3(`${args.dir}/ours-${Number(args.docs)}.sqlite`, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -65536');

const bases = db.prepare('SELECT base FROM ix_segments ORDER BY base').pluck().all() as number[];
// Terms stored in runs: rare words, as bench:search's draws them.
const words = db.prepare("SELECT DISTINCT term FROM ix_postings WHERE n < 0 AND term GLOB '[a-z][a-z][a-z][a-z][a-z][a-z]*' LIMIT ?").pluck().all(Number(args.words)) as string[];
// The statement SqliteIndexStorage reads a term's postings with, with and without its marker arm.
const arm = `SELECT * FROM (SELECT p.base, p.term, p.n, CASE WHEN p.n < 0 OR p.term = ? THEN p.data END, CASE WHEN typeof(p.positions) = 'integer' THEN p.positions END
  FROM ix_postings p WHERE p.base = ? AND p.term <= ? ORDER BY p.term DESC LIMIT 1)`;
const rows = db.prepare(new Array(bases.length).fill(arm).join(' UNION ALL ')).raw();
const rowsWithMarker = db.prepare(['SELECT -1, NULL, data_version, NULL, NULL FROM pragma_data_version', ...new Array(bases.length).fill(arm)].join(' UNION ALL ')).raw();
const marker = db.prepare('PRAGMA data_version').pluck();
const bind = (term: string) => bases.flatMap((base) => [term, base, term]);

const sides: Record<string, (term: string) => unknown> = {
  'marker and rows in one statement': (term) => rowsWithMarker.all(...bind(term)),
  'peer: the marker, then the rows': (term) => (marker.get(), rows.all(...bind(term))),
};
const names = Object.keys(sides);
const us: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let pass = 0; pass < Number(args.passes); pass++) {
  const spent = Object.fromEntries(names.map((n) => [n, 0]));
  for (const [j, term] of words.entries()) {
    for (const name of (j + pass) % 2 ? names : [...names].reverse()) {
      const t = performance.now();
      sides[name]!(term);
      spent[name] = spent[name]! + performance.now() - t;
    }
  }
  for (const name of names) us[name]!.push((spent[name]! / words.length) * 1000);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${words.length} terms, ${bases.length} segments, medians of ${args.passes} passes, µs a term:`);
for (const name of names) console.log(`  ${name.padEnd(34)} ${median(us[name]!).toFixed(2).padStart(7)}`);
const ratios = us[names[0]!]!.map((x, i) => x / us[names[1]!]![i]!);
console.log(`  one statement / peer: ${median(ratios).toFixed(2)}×`);
