/**
 * `NODE_OPTIONS=--expose-gc npx tsx bench/dictionary-bytes.ts [--dir /tmp/dossier-bench] [--docs 50000] [--peer-src <checkout>/src]`:
 * what the segments' dictionaries a web process holds on PostgreSQL
 * (src/backends/postgres/segment-dictionaries.ts) are made of, on the
 * cluster `bench:search --backend postgres` built and kept under `--dir` (it
 * builds none; it starts that cluster and stops it). Each segment's rows are
 * read by the dictionary's own COPY, then taken apart: the keys (their
 * count and UTF-8 bytes), the runs (their headers, their terms' postings and
 * positions), the short own rows (by size), the long ones not held. Then each
 * segment's dictionary is built by this tree and, with `--peer-src`, by
 * another checkout's `src` (e.g. the commit before a change to the form):
 * the bytes each says it holds, the heap it took (with `--expose-gc`, the
 * rows themselves let go first) and the time the build took, median of five.
 * @module
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { openPostgres, poolOf } from '../src/backends/postgres/open-postgres.js';
import { SegmentTables } from '../src/backends/postgres/segment-tables.js';
import type { DictionaryRow } from '../src/backends/postgres/segment-dictionaries.js';
import * as here from '../src/backends/postgres/segment-dictionaries.js';
import { keptCluster } from '../test/postgres-cluster.js';
import { keptClusterFolder } from './lib/kept-postgres.js';

const OPTIONS = { dir: '/tmp/dossier-bench', docs: '50000', 'peer-src': '' };
const { values: args } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: 'string' as const, default: v }])) });
const DOCS = Number(args.docs);
const MB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

type Built = { bytes: number };
type Module = { SegmentDictionary: new (rows: readonly DictionaryRow[], docs?: number) => Built };
const sides: { name: string; module: Module }[] = [{ name: 'this tree', module: here as unknown as Module }];
if (args['peer-src']) sides.unshift({ name: `peer (${args['peer-src']})`, module: (await import(pathToFileURL(join(args['peer-src'], 'backends/postgres/segment-dictionaries.ts')).href)) as Module });

/** Reads a varint at `at[0]`, moving it. */
function varint(bytes: Uint8Array, at: number[]): number {
  let v = 0;
  for (let shift = 0; ; shift += 7) {
    if (at[0]! >= bytes.length) throw new Error('a varint past the end of a run');
    const b = bytes[at[0]!++]!;
    v += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return v;
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => (gc?.(), gc?.(), process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers);

const cluster = await keptCluster(keptClusterFolder(args.dir!, DOCS));
try {
  const { db } = await openPostgres(cluster.url('bench'));
  const tables = new SegmentTables(db, poolOf(db));
  const segments = await tables.segmentIdentities();
  const totals = { rows: 0, keyBytes: 0, runs: 0, runTerms: 0, runHeader: 0, runPostings: 0, runPositions: 0, own: 0, ownBytes: 0, long: 0 };
  const ownBySize = [64, 256, 1024, 4096].map((upTo) => ({ upTo, rows: 0, bytes: 0 }));
  const held = new Map<string, { bytes: number[]; heap: number[]; ms: number[] }>(sides.map((s) => [s.name, { bytes: [], heap: [], ms: [] }]));
  const encoder = new TextEncoder();
  for (const segment of segments) {
    let rows = (await tables.dictionaryOf(segment))!;
    for (const r of rows) {
      totals.rows++;
      totals.keyBytes += encoder.encode(r.term).length;
      if (r.n < 0) {
        const data = r.data!;
        totals.runs++;
        const at = [0];
        const count = varint(data, at);
        const headerBytes = varint(data, at);
        const listsFrom = at[0]! + headerBytes;
        totals.runTerms += count;
        for (let i = 0; i < count; i++) {
          if (i > 0) {
            varint(data, at);
            const suffix = varint(data, at);
            at[0]! += suffix;
          }
          totals.runPostings += varint(data, at);
          totals.runPositions += varint(data, at);
        }
        totals.runHeader += listsFrom;
      } else if (r.data) {
        totals.own++;
        totals.ownBytes += r.data.byteLength;
        const bucket = ownBySize.find((b) => r.data!.byteLength <= b.upTo)!;
        bucket.rows++;
        bucket.bytes += r.data.byteLength;
      } else totals.long++;
    }
    for (const side of sides) {
      const m = held.get(side.name)!;
      const times: number[] = [];
      let bytes = 0;
      for (let k = 0; k < 5; k++) {
        const started = performance.now();
        bytes = new side.module.SegmentDictionary(rows, segment.docs).bytes;
        times.push(performance.now() - started);
      }
      m.bytes.push(bytes);
      m.ms.push(times.sort((a, b) => a - b)[2]!);
      // The heap a dictionary keeps once its rows are let go (as they are once it is built): from rows read again.
      if (gc) {
        const before = heap();
        let fresh: DictionaryRow[] | undefined = (await tables.dictionaryOf(segment))!;
        const dictionary = new side.module.SegmentDictionary(fresh, segment.docs);
        fresh = undefined;
        m.heap.push(heap() - before);
        if (dictionary.bytes !== bytes) throw new Error('a dictionary of other bytes from the same rows');
      }
    }
    console.log(`segment ${segment.base} (${segment.docs} documents, ${rows.length} rows): ${sides.map((s) => `${s.name} ${MB(held.get(s.name)!.bytes.at(-1)!)} in ${held.get(s.name)!.ms.at(-1)!.toFixed(0)} ms`).join('; ')}`);
  }
  const docs = segments.reduce((sum, s) => sum + s.docs, 0);
  console.log(`\n${segments.length} segments, ${docs} documents, ${totals.rows} rows; keys ${MB(totals.keyBytes)} in UTF-8`);
  console.log(`runs: ${totals.runs} rows of ${totals.runTerms} terms: headers ${MB(totals.runHeader)}, postings ${MB(totals.runPostings)}, positions ${MB(totals.runPositions)}`);
  console.log(`own rows held: ${totals.own}, ${MB(totals.ownBytes)} (${ownBySize.map((b) => `≤ ${b.upTo} B: ${b.rows} rows ${MB(b.bytes)}`).join('; ')}); long, not held: ${totals.long}`);
  for (const side of sides) {
    const m = held.get(side.name)!;
    const bytes = m.bytes.reduce((a, b) => a + b, 0);
    const heapBytes = m.heap.reduce((a, b) => a + b, 0);
    console.log(`${side.name}: says ${MB(bytes)} (${(bytes / docs).toFixed(0)} B a document), heap ${gc ? `${MB(heapBytes)} (${(heapBytes / docs).toFixed(0)} B a document)` : 'not measured (no --expose-gc)'}, built in ${m.ms.map((t) => t.toFixed(0)).join(' + ')} ms`);
  }
  await db.destroy();
} finally {
  await cluster.stop();
}
