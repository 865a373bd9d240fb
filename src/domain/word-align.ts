/**
 * Aligning two word sequences fast enough for a 100-page record. Myers'
 * algorithm (the `diff` package) costs time in proportion to the length
 * times the number of edits, and a re-release of a long record can add
 * thousands of words; so, as patience diff does, the words that occur
 * exactly once in both texts are taken as anchors (their longest increasing
 * run), and Myers only aligns the short stretches between anchors — where it
 * finds no anchor, or a stretch is already small, it aligns that stretch
 * whole. Common beginnings and ends are matched first.
 * @module
 */
import { diffArrays } from 'diff';

export type OpKind = 'same' | 'added' | 'removed';
export interface Op {
  kind: OpKind;
  /** Words of the earlier text (`same`, `removed`) or of the later one (`added`). */
  n: number;
}

/** Stretches at most this long (the product of both sides) go straight to Myers. */
const SMALL = 4_000;
/** Edits Myers may spend on one stretch before it is taken as all removed and all added. */
const MAX_EDITS = 20_000;
const MAX_DEPTH = 12;

/** The alignment of `b` against `a` as runs of kept, added and removed words; `unaligned` when a stretch exceeded the budget. */
export function alignWords(a: readonly string[], b: readonly string[]): { ops: Op[]; unaligned: boolean } {
  const ids = new Map<string, number>();
  const intern = (k: string) => {
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = ids.size));
    return id;
  };
  const x = Int32Array.from(a, intern);
  const y = Int32Array.from(b, intern);
  const state = { ops: [] as Op[], unaligned: false };
  align(x, 0, x.length, y, 0, y.length, state, 0);
  return state;
}

function push(ops: Op[], kind: OpKind, n: number): void {
  if (n <= 0) return;
  const last = ops[ops.length - 1];
  if (last?.kind === kind) last.n += n;
  else ops.push({ kind, n });
}

function align(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, state: { ops: Op[]; unaligned: boolean }, depth: number): void {
  let start = 0;
  while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) {
    a0++;
    b0++;
    start++;
  }
  let end = 0;
  while (a1 > a0 && b1 > b0 && a[a1 - 1] === b[b1 - 1]) {
    a1--;
    b1--;
    end++;
  }
  push(state.ops, 'same', start);
  if (a0 === a1) push(state.ops, 'added', b1 - b0);
  else if (b0 === b1) push(state.ops, 'removed', a1 - a0);
  else {
    const anchors = (a1 - a0) * (b1 - b0) <= SMALL || depth >= MAX_DEPTH ? [] : uniqueAnchors(a, a0, a1, b, b0, b1);
    if (anchors.length === 0) myers(a, a0, a1, b, b0, b1, state);
    else {
      let i = a0;
      let j = b0;
      for (const [ai, bj] of anchors) {
        align(a, i, ai, b, j, bj, state, depth + 1);
        push(state.ops, 'same', 1);
        i = ai + 1;
        j = bj + 1;
      }
      align(a, i, a1, b, j, b1, state, depth + 1);
    }
  }
  push(state.ops, 'same', end);
}

function myers(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, state: { ops: Op[]; unaligned: boolean }): void {
  const changes = diffArrays(Array.from(a.subarray(a0, a1)), Array.from(b.subarray(b0, b1)), { maxEditLength: MAX_EDITS });
  if (!changes) {
    state.unaligned = true;
    push(state.ops, 'removed', a1 - a0);
    push(state.ops, 'added', b1 - b0);
    return;
  }
  for (const c of changes) push(state.ops, c.added ? 'added' : c.removed ? 'removed' : 'same', c.count ?? c.value.length);
}

/** Words found once in each stretch, paired, in the longest run whose positions rise in both (patience sorting). */
function uniqueAnchors(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number): [number, number][] {
  const inA = new Map<number, number>();
  for (let i = a0; i < a1; i++) inA.set(a[i]!, inA.has(a[i]!) ? -1 : i);
  const inB = new Map<number, number>();
  for (let j = b0; j < b1; j++) inB.set(b[j]!, inB.has(b[j]!) ? -1 : j);
  const pairs: [number, number][] = [];
  for (let i = a0; i < a1; i++) {
    const pa = inA.get(a[i]!)!;
    const pb = inB.get(a[i]!);
    if (pa === i && pb !== undefined && pb >= 0) pairs.push([i, pb]);
  }
  if (pairs.length === 0) return [];
  // Longest increasing subsequence of the b positions (pairs are in a order).
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const v = pairs[k]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tails[tails.length - 1]!; k >= 0; k = prev[k]!) out.push(pairs[k]!);
  return out.reverse();
}
