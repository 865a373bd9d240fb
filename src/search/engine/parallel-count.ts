/**
 * Facet counting on two cores. Counting every facet over 400,000 hits means
 * a pass per slot column (two bytes a document each); a helper thread
 * counts half of the columns while the caller counts the other half, over the
 * same columns and hit list in shared memory. Small result sets are counted
 * on the caller's thread alone (the hand-off costs ~0.1 ms). If the helper
 * fails or stalls, the caller counts its columns too: results never depend
 * on it.
 * @module
 */
import { Worker } from 'node:worker_threads';

/** Below this many hits, one thread is faster than two. */
export const PARALLEL_THRESHOLD = 60_000;
/** Longest wait for the helper before counting its columns here. */
const TIMEOUT_MS = 2_000;

// Plain JavaScript, evaluated in the worker: the bundle and tsx run it alike.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  const docs = new Int32Array(m.docs);
  const counts = new Int32Array(m.counts);
  for (let k = 0; k < m.columns.length; k++) {
    const column = new Uint16Array(m.columns[k]);
    const offset = m.offsets[k];
    for (let i = 0; i < m.n; i++) counts[offset + column[docs[i]]]++;
  }
  const flag = new Int32Array(m.flag);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

/** The hot loop: one column, typed arrays only, so the engine keeps it optimized. */
export function countColumn(docs: Int32Array, n: number, column: Uint16Array, offset: number, counts: Int32Array): void {
  for (let i = 0; i < n; i++) counts[offset + column[docs[i]!]!]!++;
}

let worker: Worker | undefined;
let broken = false;
let sharedDocs = new Int32Array(new SharedArrayBuffer(4 * 1024));

function helper(): Worker | undefined {
  if (broken) return undefined;
  if (!worker) {
    try {
      worker = new Worker(SOURCE, { eval: true });
      worker.unref();
      worker.on('error', () => {
        broken = true;
        worker = undefined;
      });
    } catch {
      broken = true;
      return undefined;
    }
  }
  return worker;
}

/**
 * Adds into `counts` the values of each column over `docs[0..n)`, at the
 * column's offset. Columns must live in SharedArrayBuffers for the helper
 * thread to read them; otherwise (or for few hits) everything is counted here.
 */
export function countColumns(docs: Int32Array, n: number, columns: Uint16Array[], offsets: Int32Array, counts: Int32Array): void {
  const shared = columns.length > 1 && n >= PARALLEL_THRESHOLD && columns.every((c) => c.buffer instanceof SharedArrayBuffer);
  const w = shared ? helper() : undefined;
  if (!w) {
    for (let k = 0; k < columns.length; k++) countColumn(docs, n, columns[k]!, offsets[k]!, counts);
    return;
  }
  if (sharedDocs.length < n) sharedDocs = new Int32Array(new SharedArrayBuffer(4 * Math.max(n, sharedDocs.length * 2)));
  sharedDocs.set(docs.subarray(0, n));
  const half = columns.length >>> 1;
  const theirs = new Int32Array(new SharedArrayBuffer(4 * counts.length));
  const flag = new Int32Array(new SharedArrayBuffer(4));
  w.postMessage({ docs: sharedDocs.buffer, counts: theirs.buffer, flag: flag.buffer, n, columns: columns.slice(half).map((c) => c.buffer), offsets: [...offsets.subarray(half)] });
  for (let k = 0; k < half; k++) countColumn(sharedDocs, n, columns[k]!, offsets[k]!, counts);
  if (Atomics.wait(flag, 0, 0, TIMEOUT_MS) === 'timed-out' && Atomics.load(flag, 0) === 0) {
    for (let k = half; k < columns.length; k++) countColumn(sharedDocs, n, columns[k]!, offsets[k]!, counts);
    return;
  }
  for (let i = 0; i < counts.length; i++) counts[i]! += theirs[i]!;
}
