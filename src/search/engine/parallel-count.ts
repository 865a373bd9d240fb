/**
 * Facet counting on two cores. Counting every facet over 300,000 hits means
 * a pass per slot column (or per group of columns, facet-groups.ts); a
 * helper thread counts some of the passes while the caller counts the rest,
 * over the same columns and hit list in shared memory. The work is cut into
 * pieces — each column over one part of the hits — and each thread claims
 * the next piece from a shared counter, so neither waits for the other more
 * than one piece: when the second core is busy elsewhere and the helper wakes
 * late, the caller has claimed most of the pieces itself, and a helper that
 * wakes after the count claims none. Small result sets are counted on the
 * caller's thread alone. If the helper fails or stalls, the caller counts
 * the helper's pieces again itself: results never depend on it.
 * @module
 */
import { Worker } from 'node:worker_threads';

/** Below this many hits, one thread is faster than two. */
export const PARALLEL_THRESHOLD = 60_000;
/** Longest wait for the helper's last piece before counting its pieces here. */
const TIMEOUT_MS = 2_000;
/** Each column's hits are cut into this many parts, so the threads' shares differ by at most a part of a column. */
const PARTS = 2;

/*
 * The shared state of one count, Int32 slots: [0] the next piece to claim,
 * [1] pieces finished, then per piece who claimed it (1 the caller, 2 the
 * helper). A piece p is column ⌊p / PARTS⌋ over the hits of part p % PARTS.
 */
const NEXT = 0;
const FINISHED = 1;
const OWNER = 2;
const CALLER = 1;
const HELPER = 2;

// Plain JavaScript, evaluated in the worker: the bundle and tsx run it alike.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  const docs = new Int32Array(m.docs);
  const counts = new Int32Array(m.counts);
  const state = new Int32Array(m.state);
  const columns = m.columns.map((b) => new Uint16Array(b));
  const pieces = columns.length * ${PARTS};
  for (;;) {
    const p = Atomics.add(state, ${NEXT}, 1);
    if (p >= pieces) break;
    Atomics.store(state, ${OWNER} + p, ${HELPER});
    const k = (p / ${PARTS}) | 0;
    const part = p % ${PARTS};
    const column = columns[k];
    const offset = m.offsets[k];
    const to = Math.floor((m.n * (part + 1)) / ${PARTS});
    for (let i = Math.floor((m.n * part) / ${PARTS}); i < to; i++) counts[offset + column[docs[i]]]++;
    Atomics.add(state, ${FINISHED}, 1);
    Atomics.notify(state, ${FINISHED});
  }
});
`;

/** The hot loop: one column, typed arrays only, so the engine keeps it optimized. */
export function countColumn(docs: Int32Array, n: number, column: Uint16Array, offset: number, counts: Int32Array, from = 0): void {
  for (let i = from; i < n; i++) counts[offset + column[docs[i]!]!]!++;
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

/** Counts piece `p` of `columns` over `docs[0..n)` into `counts`. */
function countPiece(p: number, docs: Int32Array, n: number, columns: Uint16Array[], offsets: Int32Array, counts: Int32Array): void {
  const k = (p / PARTS) | 0;
  const part = p % PARTS;
  countColumn(docs, Math.floor((n * (part + 1)) / PARTS), columns[k]!, offsets[k]!, counts, Math.floor((n * part) / PARTS));
}

/**
 * Adds into `counts` the values of each column over `docs[0..n)`, at the
 * column's offset. Columns must live in SharedArrayBuffers for the helper
 * thread to read them; otherwise (or for fewer than `parallelAt` hits)
 * everything is counted here.
 */
export function countColumns(docs: Int32Array, n: number, columns: Uint16Array[], offsets: Int32Array, counts: Int32Array, parallelAt = PARALLEL_THRESHOLD): void {
  const shared = columns.length > 1 && n >= parallelAt && columns.every((c) => c.buffer instanceof SharedArrayBuffer);
  const w = shared ? helper() : undefined;
  if (!w) {
    for (let k = 0; k < columns.length; k++) countColumn(docs, n, columns[k]!, offsets[k]!, counts);
    return;
  }
  if (sharedDocs.length < n) sharedDocs = new Int32Array(new SharedArrayBuffer(4 * Math.max(n, sharedDocs.length * 2)));
  sharedDocs.set(docs.subarray(0, n));
  const pieces = columns.length * PARTS;
  // A count's own state and the helper's counts: a helper that wakes after this count has returned claims nothing of it.
  const state = new Int32Array(new SharedArrayBuffer(4 * (OWNER + pieces)));
  const theirs = new Int32Array(new SharedArrayBuffer(4 * counts.length));
  w.postMessage({ docs: sharedDocs.buffer, counts: theirs.buffer, state: state.buffer, n, columns: columns.map((c) => c.buffer), offsets: [...offsets] });
  for (;;) {
    const p = Atomics.add(state, NEXT, 1);
    if (p >= pieces) break;
    state[OWNER + p] = CALLER;
    countPiece(p, sharedDocs, n, columns, offsets, counts);
    Atomics.add(state, FINISHED, 1);
  }
  let helped = false;
  for (let p = 0; p < pieces; p++) if (state[OWNER + p] !== CALLER) helped = true;
  if (!helped) return;
  const deadline = performance.now() + TIMEOUT_MS;
  for (let done = Atomics.load(state, FINISHED); done < pieces; done = Atomics.load(state, FINISHED)) {
    const left = deadline - performance.now();
    if (left <= 0 || Atomics.wait(state, FINISHED, done, left) === 'timed-out') break;
  }
  if (Atomics.load(state, FINISHED) < pieces) {
    // The helper stalled: its pieces are counted here, and whatever it wrote is left aside.
    for (let p = 0; p < pieces; p++) if (state[OWNER + p] !== CALLER) countPiece(p, sharedDocs, n, columns, offsets, counts);
    return;
  }
  for (let i = 0; i < counts.length; i++) counts[i]! += theirs[i]!;
}
