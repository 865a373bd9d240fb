/**
 * `npx tsx --expose-gc bench/snapshot-by-turns.ts --file <archive.sqlite> [--peer main] [--peer-file <archive.sqlite>] [--runs 15]`:
 * the doc columns' snapshot (engine/column-snapshot.ts) of this tree beside that of another revision, in one process.
 * Each side reads the `ix_docs` rows of its own archive (`--peer-file` for the peer, when its stored layout
 * differs; both read-only) into its doc columns, encodes them as its snapshot, and then restores that snapshot
 * `--runs` times, the two sides by turns (which goes first alternating): a fresh process's cold start reads the
 * columns this way. Prints each side's snapshot bytes and the median CPU time (user + system) of a restore, and
 * the ratios. With `--expose-gc`, the heap is collected before each restore, so that neither side pays for the
 * other's garbage.
 * @module
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { bothRevisions } from './lib/both-revisions.js';

const { values: args } = parseArgs({
  options: { file: { type: 'string' }, 'peer-file': { type: 'string' }, peer: { type: 'string', default: 'main' }, runs: { type: 'string', default: '15' } },
});
if (!args.file) throw new Error('--file <archive.sqlite>: an archive bench:search built');

interface Columns {
  size: number;
  append(row: unknown): void;
}
/** What each side's bundle exports. */
interface Side {
  SqliteIndexStorage: new (db: BetterSqlite3.Database) => { loadDocs(from: number): Iterable<unknown> };
  DocColumns: new () => Columns;
  encodeColumns(c: Columns): Uint8Array;
  decodeColumns(data: Uint8Array): Columns | undefined;
}
const entry = (src: string) =>
  [
    `export { SqliteIndexStorage } from ${JSON.stringify(join(src, 'backends/sqlite/sqlite-index-storage.ts'))};`,
    `export { DocColumns } from ${JSON.stringify(join(src, 'search/engine/doc-columns.ts'))};`,
    `export { encodeColumns, decodeColumns } from ${JSON.stringify(join(src, 'search/engine/column-snapshot.ts'))};`,
  ].join('\n');
const sides = await bothRevisions<Side>(args.peer!, entry);

const blobs = sides.map(({ module }, side) => {
  const db = new BetterSqlite3(side === 0 && args['peer-file'] ? args['peer-file'] : args.file!, { readonly: true, fileMustExist: true });
  const columns = new module.DocColumns();
  for (const row of new module.SqliteIndexStorage(db).loadDocs(0)) columns.append(row);
  db.close();
  return { columns: columns.size, blob: module.encodeColumns(columns) };
});
if (blobs[0]!.columns !== blobs[1]!.columns) throw new Error(`the archives hold ${blobs[0]!.columns} and ${blobs[1]!.columns} doc numbers: not the same documents`);

const runs = Number(args.runs);
const gc = (globalThis as { gc?: () => void }).gc;
const cpu = sides.map(() => [] as number[]);
for (let run = 0; run < runs; run++) {
  for (const k of run % 2 ? [1, 0] : [0, 1]) {
    gc?.();
    const before = process.cpuUsage();
    const restored = sides[k]!.module.decodeColumns(blobs[k]!.blob);
    const spent = process.cpuUsage(before);
    if (restored?.size !== blobs[k]!.columns) throw new Error(`${sides[k]!.name}: the snapshot did not restore`);
    cpu[k]!.push((spent.user + spent.system) / 1000);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (n: number) => (n / 2 ** 20).toFixed(2);
console.log(`${(blobs[0]!.columns - 1).toLocaleString()} doc numbers; restores by turns, ${runs} each, CPU ms`);
for (const [k, s] of sides.entries()) {
  console.log(`${s.name.padEnd(16)} snapshot ${mb(blobs[k]!.blob.length)} MB (${(blobs[k]!.blob.length / (blobs[k]!.columns - 1)).toFixed(1)} bytes a document), restored in ${median(cpu[k]!).toFixed(1)} ms at the median`);
}
console.log(`this tree / peer: snapshot ${(blobs[1]!.blob.length / blobs[0]!.blob.length).toFixed(3)}×, restore ${(median(cpu[1]!) / median(cpu[0]!)).toFixed(3)}× (per run: ${cpu[1]!.map((t, i) => (t / cpu[0]![i]!).toFixed(2)).join(', ')})`);
