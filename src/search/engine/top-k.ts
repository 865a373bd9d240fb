/**
 * The k best documents of a stream, in a bounded min-heap: O(n log k) with
 * no allocation per document. Higher keys win; ties go to the earlier date,
 * then the lower doc number, so results are stable from page to page.
 *
 * The heap is three plain arrays grown as documents enter, not typed
 * arrays: every search makes one, and a typed array of more than a few
 * dozen bytes has its memory allocated and tracked outside the JavaScript
 * heap, which cost a rare word's search more than scoring its postings
 * (bench/profile-search.ts). Keys and ties are doubles either way.
 * @module
 */
export class TopK {
  readonly #docs: number[] = [];
  readonly #keys: number[] = [];
  readonly #ties: number[] = [];
  #size = 0;

  constructor(readonly k: number) {}

  /** True when (a) ranks below (b). */
  #worse(ka: number, ta: number, da: number, kb: number, tb: number, db: number): boolean {
    if (ka !== kb) return ka < kb;
    if (ta !== tb) return ta > tb;
    return da > db;
  }

  /**
   * The key a document must beat to enter once the heap is full (-Infinity
   * before): a document whose key is below it can never enter, so callers
   * may skip scoring a whole block whose best possible key is below it.
   */
  get threshold(): number {
    if (this.k <= 0) return Infinity;
    return this.#size < this.k ? -Infinity : this.#keys[0]!;
  }

  offer(doc: number, key: number, tie: number): void {
    if (this.k <= 0) return;
    if (this.#size < this.k) {
      let i = this.#size++;
      this.#docs.push(doc);
      this.#keys.push(key);
      this.#ties.push(tie);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.#worse(this.#keys[i]!, this.#ties[i]!, this.#docs[i]!, this.#keys[parent]!, this.#ties[parent]!, this.#docs[parent]!)) break;
        this.#swap(i, parent);
        i = parent;
      }
      return;
    }
    if (!this.#worse(this.#keys[0]!, this.#ties[0]!, this.#docs[0]!, key, tie, doc)) return;
    this.#docs[0] = doc;
    this.#keys[0] = key;
    this.#ties[0] = tie;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.#size && this.#worse(this.#keys[l]!, this.#ties[l]!, this.#docs[l]!, this.#keys[m]!, this.#ties[m]!, this.#docs[m]!)) m = l;
      if (r < this.#size && this.#worse(this.#keys[r]!, this.#ties[r]!, this.#docs[r]!, this.#keys[m]!, this.#ties[m]!, this.#docs[m]!)) m = r;
      if (m === i) break;
      this.#swap(i, m);
      i = m;
    }
  }

  #swap(a: number, b: number): void {
    const d = this.#docs[a]!;
    this.#docs[a] = this.#docs[b]!;
    this.#docs[b] = d;
    const k = this.#keys[a]!;
    this.#keys[a] = this.#keys[b]!;
    this.#keys[b] = k;
    const t = this.#ties[a]!;
    this.#ties[a] = this.#ties[b]!;
    this.#ties[b] = t;
  }

  /** Best first. */
  sorted(): { doc: number; score: number; tie: number }[] {
    const out: { doc: number; score: number; tie: number }[] = [];
    for (let i = 0; i < this.#size; i++) out.push({ doc: this.#docs[i]!, score: this.#keys[i]!, tie: this.#ties[i]! });
    return out.sort((a, b) => b.score - a.score || a.tie - b.tie || a.doc - b.doc);
  }
}
