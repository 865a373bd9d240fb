/**
 * `npx tsx --expose-gc bench/doc-ids.ts [--docs 1000000] [--runs 3]`: what
 * holding every record id in the doc columns (engine/doc-ids.ts) costs a
 * process at `--docs` documents, beside its peers in the same run: the same
 * columns with empty ids (what the columns cost without them), and the ids as
 * a plain array of strings (what a storage held before, on PostgreSQL).
 * Ids are drawn in two shapes, bench:search's synthetic ones (`s123456`)
 * and FRUS-style ones (`frus1969-76v17d123`). For each: bytes held, the time
 * to append every row (the columns read row by row), and the column
 * snapshot's size and time to restore (a fresh process's cold start);
 * medians of `--runs`.
 * @module
 */
import { parseArgs } from 'node:util';
import { decodeColumns, encodeColumns } from '../src/search/engine/column-snapshot.js';
import { DocColumns } from '../src/search/engine/doc-columns.js';

const { values: args } = parseArgs({ options: { docs: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } } });
const DOCS = Number(args.docs);
const RUNS = Number(args.runs);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npx tsx --expose-gc bench/doc-ids.ts)');

const SHAPES: Record<string, (d: number) => string> = {
  synthetic: (d) => `s${d}`,
  FRUS: (d) => `frus19${50 + (d % 40)}-${60 + (d % 30)}v${d % 40}d${d}`,
};
const FACETS = [new Uint32Array([1 << 24, (2 << 24) | 7]), new Uint32Array([(3 << 24) | 2])];

function build(ids: readonly string[]): DocColumns {
  const c = new DocColumns();
  for (let d = 1; d <= DOCS; d++) {
    c.append({ doc: d, docId: ids[d]!, live: true, length: 300 + (d % 200), dateStart: 19500101, dateEnd: 19500101, dateFlags: 0, sortKey: 195001010, facets: FACETS[d % 2]! });
  }
  return c;
}

function heapOf<T>(make: () => T): { value: T; bytes: number } {
  gc!();
  const before = process.memoryUsage().heapUsed;
  const value = make();
  gc!();
  return { value, bytes: process.memoryUsage().heapUsed - before };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;

console.log(`${DOCS.toLocaleString()} documents, medians of ${RUNS} runs\n`);
for (const [shape, id] of Object.entries(SHAPES)) {
  // Flat strings made beforehand, as a database driver hands them out (a template literal makes a rope).
  const ids = Array.from({ length: DOCS + 1 }, (_, d) => (d ? decoder.decode(encoder.encode(id(d))) : ''));
  const sides: Record<string, readonly string[]> = { 'columns with ids': ids, 'columns, empty ids': new Array<string>(DOCS + 1).fill('') };
  const figures: Record<string, { append: number[]; encode: number[]; restore: number[]; snapshot: number }> = {};
  let held: { ids: number; idsUsed: number; columns: number } | undefined;
  for (let run = 0; run < RUNS; run++) {
    for (const [side, make] of Object.entries(sides)) {
      gc();
      let t = performance.now();
      const c = build(make);
      const append = performance.now() - t;
      t = performance.now();
      const blob = encodeColumns(c);
      const encode = performance.now() - t;
      t = performance.now();
      const restored = decodeColumns(blob)!;
      const restore = performance.now() - t;
      if (restored.size !== c.size || restored.ids.get(DOCS) !== c.ids.get(DOCS)) throw new Error('snapshot did not restore the columns');
      const f = (figures[side] ??= { append: [], encode: [], restore: [], snapshot: blob.byteLength });
      f.append.push(append);
      f.encode.push(encode);
      f.restore.push(restore);
      if (side === 'columns with ids') held = { ids: restored.ids.byteLength(), idsUsed: restored.ids.used + 4 * restored.size, columns: restored.bytes() };
    }
  }
  const strings = heapOf(() => Array.from({ length: DOCS + 1 }, (_, d) => (d ? decoder.decode(encoder.encode(id(d))) : '')));
  console.log(`${shape} ids (${id(123456)}):`);
  for (const [side, f] of Object.entries(figures)) {
    console.log(`  ${side.padEnd(20)} append every row ${median(f.append).toFixed(0).padStart(5)} ms; snapshot ${mb(f.snapshot).padStart(9)}, written in ${median(f.encode).toFixed(0)} ms, restored in ${median(f.restore).toFixed(0)} ms`);
  }
  console.log(`  held after a restore: columns ${mb(held!.columns)}, of which the ids ${mb(held!.ids)} (${mb(held!.idsUsed)} in use); the same ids as an array of strings: ${mb(strings.bytes)} of heap\n`);
}
