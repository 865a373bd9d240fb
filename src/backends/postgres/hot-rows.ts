/**
 * Rows a search read from PostgreSQL, kept in process memory for the next
 * searches while the index's generation stays the same: a phrase's word
 * positions (megabytes for common words, which SQLite maps from its page
 * cache and PostgreSQL sends over a socket each time) and a prefix's
 * expansion. Every index write raises the generation, and the first read
 * at a new one empties the cache, so nothing kept outlives the rows it
 * copied; the key names the segments read, so a search still running on an
 * older segment list never takes another's rows. Least recently used rows go
 * first once `limitBytes` is reached (bounded-map.ts), and no one read of
 * more than a quarter of it is kept, so one common word cannot push out the rest.
 * @module
 */
import { BoundedMap } from '../../domain/bounded-map.js';

export class HotRows<V> {
  readonly #rows: BoundedMap<string, V>;
  #generation: number | string | undefined;

  constructor(limitBytes: number) {
    this.#rows = new BoundedMap({ maxSize: limitBytes, maxEntrySize: limitBytes / 4 });
  }

  get bytes(): number {
    return this.#rows.totalSize;
  }

  /** The rows kept under `key` at `generation`, if any. */
  get(generation: number | string, key: string): V | undefined {
    if (generation !== this.#generation) return undefined;
    return this.#rows.get(key);
  }

  /** Keeps rows read at `generation`; a newer generation drops everything kept before it. */
  set(generation: number | string, key: string, value: V, bytes: number): void {
    if (generation !== this.#generation) {
      if (this.#generation !== undefined && typeof generation === 'number' && typeof this.#generation === 'number' && generation < this.#generation) return;
      this.#rows.clear();
      this.#generation = generation;
    }
    this.#rows.set(key, value, bytes);
  }
}
