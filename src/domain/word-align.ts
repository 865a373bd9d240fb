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
  // Words are compared as small integers (one per distinct word), so equality is one comparison and the
  // anchor search indexes arrays instead of hashing strings again.
  const ids = new Map<string, number>();
  const x = intern(a, ids);
  const y = intern(b, ids);
  const state: State = { ops: [], unaligned: false, scratch: new Scratch(ids.size) };
  align(x, 0, x.length, y, 0, y.length, state, 0);
  return { ops: state.ops, unaligned: state.unaligned };
}

function intern(words: readonly string[], ids: Map<string, number>): Int32Array {
  const out = new Int32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let id = ids.get(w);
    if (id === undefined) ids.set(w, (id = ids.size));
    out[i] = id;
  }
  return out;
}

/** Where each word id was seen in the stretch being searched for anchors: ABSENT, REPEATED, or its one position. */
class Scratch {
  readonly inA: Int32Array;
  readonly inB: Int32Array;
  constructor(size: number) {
    this.inA = new Int32Array(size).fill(ABSENT);
    this.inB = new Int32Array(size).fill(ABSENT);
  }
}
const ABSENT = -2;
const REPEATED = -1;

interface State {
  ops: Op[];
  unaligned: boolean;
  scratch: Scratch;
}

function push(ops: Op[], kind: OpKind, n: number): void {
  if (n <= 0) return;
  const last = ops[ops.length - 1];
  if (last?.kind === kind) last.n += n;
  else ops.push({ kind, n });
}

function align(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, state: State, depth: number): void {
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
    const anchors = (a1 - a0) * (b1 - b0) <= SMALL || depth >= MAX_DEPTH ? [] : uniqueAnchors(a, a0, a1, b, b0, b1, state.scratch);
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

function myers(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, state: State): void {
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
function uniqueAnchors(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, scratch: Scratch): [number, number][] {
  const { inA, inB } = scratch;
  for (let i = a0; i < a1; i++) inA[a[i]!] = inA[a[i]!] === ABSENT ? i : REPEATED;
  for (let j = b0; j < b1; j++) inB[b[j]!] = inB[b[j]!] === ABSENT ? j : REPEATED;
  const pairs: [number, number][] = [];
  for (let i = a0; i < a1; i++) {
    const pb = inB[a[i]!]!;
    if (inA[a[i]!] === i && pb >= 0) pairs.push([i, pb]);
  }
  // Cleared for the next stretch by what was set, not by the whole vocabulary.
  for (let i = a0; i < a1; i++) inA[a[i]!] = ABSENT;
  for (let j = b0; j < b1; j++) inB[b[j]!] = ABSENT;
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
