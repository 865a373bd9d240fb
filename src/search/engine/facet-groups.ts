/**
 * Slot columns counted together. Counting every facet over a large hit set
 * is a pass per slot column (collect.ts), twenty of them; most hold few
 * distinct values (a document's type, language, decade, repository, the
 * "includes" flags, the first collection). Columns like these are grouped,
 * and each group gets one 16-bit code per document: the mixed-radix number
 * of its slots' values. One pass over the hits counts each combination;
 * every slot's counts are then read off the combinations seen, which are a
 * few thousand at most. The answer is the same sum in another order.
 *
 * The codes are derived from the columns and held in memory only (the stored
 * layout and the column snapshot do not change): built at the first large
 * count, extended as documents are appended, and built again when a grouped
 * column meets a value past its radix, a new column fills, the columns are
 * reallocated or a document's values are set again.
 * @module
 */
import type { FacetRows } from './doc-columns.js';

/** Most combinations a group may have: its counts then fit in the first-level cache. */
export const GROUP_LIMIT = 4096;

export interface FacetGroup {
  /** Slot columns, least significant digit first. */
  slots: number[];
  /** Each slot's radix (its largest value + 1) and place value. */
  radix: number[];
  place: number[];
  /** Product of the radixes: codes are below it. */
  combinations: number;
  /** Code of each document, in shared memory like the columns (parallel-count.ts). */
  codes: Uint16Array;
}

export class FacetGroups {
  /** Documents coded so far. */
  upto = 0;

  private constructor(
    readonly groups: FacetGroup[],
    /** Filled slot columns in no group: counted alone. */
    readonly singles: number[],
    /** What the codes were derived from: a change to any of these means building again. */
    readonly columns: Uint16Array[],
    readonly rewrites: number,
    readonly filled: Uint8Array,
    readonly limit: number,
  ) {}

  /** Groups for `rows` over doc numbers below `docCount`, each of at most `limit` combinations. */
  static build(rows: FacetRows, docCount: number, limit = GROUP_LIMIT): FacetGroups {
    const filled = Uint8Array.from(rows.filled, (n) => (n > 0 ? 1 : 0));
    const radix: { slot: number; radix: number }[] = [];
    rows.columns.forEach((column, slot) => {
      if (!filled[slot]) return;
      let max = 0;
      for (let d = 0; d < docCount; d++) if (column[d]! > max) max = column[d]!;
      radix.push({ slot, radix: max + 1 });
    });
    // Smallest radixes first, each group as many as fit under the limit.
    radix.sort((a, b) => a.radix - b.radix || a.slot - b.slot);
    const groups: FacetGroup[] = [];
    const singles: number[] = [];
    const close = (members: typeof radix) => {
      if (members.length === 1) singles.push(members[0]!.slot);
      else if (members.length > 1) groups.push(makeGroup(members, rows.columns[0]!.length));
    };
    let members: typeof radix = [];
    let product = 1;
    for (const r of radix) {
      if (members.length > 0 && product * r.radix > limit) {
        close(members);
        members = [];
        product = 1;
      }
      members.push(r);
      product *= r.radix;
    }
    close(members);
    const built = new FacetGroups(groups, singles, rows.columns, rows.rewrites, filled, limit);
    built.extend(rows, docCount);
    return built;
  }

  /** Codes the documents appended since; false when the groups no longer fit the columns (build again). */
  extend(rows: FacetRows, docCount: number): boolean {
    if (rows.columns !== this.columns || rows.rewrites !== this.rewrites) return false;
    for (let s = 0; s < this.filled.length; s++) if (!this.filled[s] && rows.filled[s]! > 0) return false;
    for (const g of this.groups) {
      const { codes, radix, place } = g;
      const columns = g.slots.map((s) => rows.columns[s]!);
      for (let d = this.upto; d < docCount; d++) {
        let code = 0;
        for (let k = 0; k < columns.length; k++) {
          const v = columns[k]![d]!;
          if (v >= radix[k]!) return false;
          code += v * place[k]!;
        }
        codes[d] = code;
      }
    }
    this.upto = Math.max(this.upto, docCount);
    return true;
  }
}

function makeGroup(members: { slot: number; radix: number }[], capacity: number): FacetGroup {
  const place: number[] = [];
  let combinations = 1;
  for (const m of members) {
    place.push(combinations);
    combinations *= m.radix;
  }
  return {
    slots: members.map((m) => m.slot),
    radix: members.map((m) => m.radix),
    place,
    combinations,
    codes: new Uint16Array(new SharedArrayBuffer(capacity * 2)),
  };
}

const built = new WeakMap<FacetRows, Map<number, FacetGroups>>();

/** The groups of `rows` under `limit`, current up to `docCount` documents. */
export function facetGroups(rows: FacetRows, docCount: number, limit = GROUP_LIMIT): FacetGroups {
  let byLimit = built.get(rows);
  if (!byLimit) built.set(rows, (byLimit = new Map()));
  const known = byLimit.get(limit);
  if (known?.extend(rows, docCount)) return known;
  const fresh = FacetGroups.build(rows, docCount, limit);
  byLimit.set(limit, fresh);
  return fresh;
}

/**
 * Adds each combination's count to its slots' values: `combos[at + c]`
 * documents had code c, so each of the group's slots gets them at its digit
 * of c. `into[k]` is where slot k's counts start (-1: not wanted); value 0
 * (empty) is counted too, as the per-column pass counts it.
 */
export function spreadCombinations(g: FacetGroup, combos: Int32Array, at: number, into: number[], counts: Int32Array): void {
  // The digits of c, advanced as c counts up (no division per combination).
  const digits = new Int32Array(g.slots.length);
  for (let c = 0; c < g.combinations; c++) {
    const n = combos[at + c]!;
    if (n !== 0) for (let k = 0; k < digits.length; k++) if (into[k]! >= 0) counts[into[k]! + digits[k]!]! += n;
    for (let k = 0; k < digits.length && ++digits[k]! === g.radix[k]!; k++) digits[k] = 0;
  }
}
