/**
 * Lists of numbers per term (which chunks of a long text hold a term, where
 * its terms stand), packed for keeping: the terms sorted in one string, the
 * lists end to end in one Int32Array. Kept as a Map of arrays, the long FRUS
 * texts' lists took ~100 MB of heap for 6.5 million characters of text —
 * one array object per term and text, and the garbage collector walking
 * them all; packed, a few typed arrays per text. A term is found by binary
 * search over the sorted terms (a few dozen comparisons a query), which is
 * all a search asks of them.
 * @module
 */
export class TermLists {
  private constructor(
    /** The terms in code-unit order, end to end. */
    private readonly terms: string,
    /** Where each term starts in `terms` (one more entry: the end). */
    private readonly termStarts: Int32Array,
    /** Where each term's list starts in `values` (one more entry: the end). */
    private readonly listStarts: Int32Array,
    private readonly values: Int32Array,
  ) {}

  static pack(lists: ReadonlyMap<string, readonly number[]>): TermLists {
    const sorted = [...lists.keys()].sort();
    const termStarts = new Int32Array(sorted.length + 1);
    const listStarts = new Int32Array(sorted.length + 1);
    let chars = 0;
    let count = 0;
    sorted.forEach((term, i) => {
      termStarts[i] = chars;
      listStarts[i] = count;
      chars += term.length;
      count += lists.get(term)!.length;
    });
    termStarts[sorted.length] = chars;
    listStarts[sorted.length] = count;
    const values = new Int32Array(count);
    sorted.forEach((term, i) => values.set(lists.get(term)!, listStarts[i]!));
    return new TermLists(sorted.join(''), termStarts, listStarts, values);
  }

  /** The list of `term` (a view, in the order it was given), or undefined. */
  get(term: string): Int32Array | undefined {
    let lo = 0;
    let hi = this.termStarts.length - 2;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.terms.slice(this.termStarts[mid]!, this.termStarts[mid + 1]!);
      if (at === term) return this.values.subarray(this.listStarts[mid]!, this.listStarts[mid + 1]!);
      if (at < term) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** How many terms have a list. */
  get size(): number {
    return this.termStarts.length - 1;
  }
}
