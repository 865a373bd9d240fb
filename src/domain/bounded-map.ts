/**
 * A map bounded by the total size of what it holds (bytes, characters,
 * documents: whatever the caller counts), the least recently used entry
 * going first past the bound. The memos and caches of the search engine,
 * the PostgreSQL storage and the services all keep things this way; this is
 * the one place that counts sizes and lets entries go, so a slip in the
 * bookkeeping (a replaced entry counted twice, a huge one flushing the rest)
 * is fixed for all of them at once.
 *
 * Both `get` and `set` count as a use: an entry set again moves to the newest
 * place, like one read again. An entry larger than `maxEntrySize` is not kept
 * (and the one it would replace is dropped), so a single outsized value never
 * empties the map of everything else.
 * @module
 */
export interface BoundedMapOptions {
  /** The most the entries may add up to. */
  maxSize: number;
  /** The largest single entry kept; larger ones are refused. Defaults to `maxSize`. */
  maxEntrySize?: number;
}

export class BoundedMap<K, V> {
  // A Map iterates in insertion order, so deleting and re-inserting a key makes it the newest.
  readonly #entries = new Map<K, { value: V; size: number }>();
  #size = 0;
  readonly #maxSize: number;
  readonly #maxEntrySize: number;

  constructor(options: BoundedMapOptions) {
    this.#maxSize = options.maxSize;
    this.#maxEntrySize = Math.min(options.maxEntrySize ?? options.maxSize, options.maxSize);
  }

  /** The sizes of the entries held, added up (`count` is how many there are). */
  get totalSize(): number {
    return this.#size;
  }

  /** How many entries are held. */
  get count(): number {
    return this.#entries.size;
  }

  /** The value under `key`, which becomes the most recently used. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** The value under `key`, leaving the order as it is. */
  peek(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /**
   * Keeps `value` under `key` as the most recently used entry, then lets the
   * oldest go until the sizes fit. Says whether the value is kept.
   */
  set(key: K, value: V, size: number): boolean {
    this.delete(key);
    if (size > this.#maxEntrySize) return false;
    this.#entries.set(key, { value, size });
    this.#size += size;
    this.#fit();
    return true;
  }

  /**
   * Records that the value under `key` now counts `size` (it grew after it
   * was set, like a page given a compressed copy), letting the oldest go if
   * it no longer fits. Leaves the order as it is.
   */
  resize(key: K, size: number): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#size += size - entry.size;
    entry.size = size;
    if (size > this.#maxEntrySize) this.delete(key);
    this.#fit();
  }

  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    this.#size -= entry.size;
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#size = 0;
  }

  /** Lets the least recently used go until the sizes add up to no more than the bound. */
  #fit(): void {
    for (const [k, entry] of this.#entries) {
      if (this.#size <= this.#maxSize) return;
      this.#entries.delete(k);
      this.#size -= entry.size;
    }
  }

  /** Keys from the least to the most recently used. */
  keys(): IterableIterator<K> {
    return this.#entries.keys();
  }
}
