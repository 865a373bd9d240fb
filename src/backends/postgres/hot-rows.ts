/**
 * Rows a search read from PostgreSQL, kept in process memory for the next
 * searches while the index's generation stays the same: a phrase's word
 * positions (megabytes for common words, which SQLite maps from its page
 * cache and PostgreSQL sends over a socket each time) and a prefix's
 * expansion. Every index write raises the generation, and the first read
 * at a new one empties the cache, so nothing kept outlives the rows it
 * copied; the key names the segments read, so a search still running on an
 * older segment list never takes another's rows. Least recently used rows go
 * first once `limitBytes` is reached.
 * @module
 */
export class HotRows<V> {
  readonly #rows = new Map<string, { value: V; bytes: number }>();
  #bytes = 0;
  #generation: number | string | undefined;

  constructor(private readonly limitBytes: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  /** The rows kept under `key` at `generation`, if any. */
  get(generation: number | string, key: string): V | undefined {
    if (generation !== this.#generation) return undefined;
    const hit = this.#rows.get(key);
    if (!hit) return undefined;
    this.#rows.delete(key);
    this.#rows.set(key, hit);
    return hit.value;
  }

  /** Keeps rows read at `generation`; a newer generation drops everything kept before it. */
  set(generation: number | string, key: string, value: V, bytes: number): void {
    if (generation !== this.#generation) {
      if (this.#generation !== undefined && typeof generation === 'number' && typeof this.#generation === 'number' && generation < this.#generation) return;
      this.#rows.clear();
      this.#bytes = 0;
      this.#generation = generation;
    }
    if (bytes > this.limitBytes / 4) return;
    const old = this.#rows.get(key);
    if (old) this.#bytes -= old.bytes;
    this.#rows.set(key, { value, bytes });
    this.#bytes += bytes;
    for (const [k, v] of this.#rows) {
      if (this.#bytes <= this.limitBytes) break;
      this.#rows.delete(k);
      this.#bytes -= v.bytes;
    }
  }
}
