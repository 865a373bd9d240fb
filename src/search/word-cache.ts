/**
 * Bounded caches for what analysis computes per distinct word (its folded
 * form, its stem). A text repeats most of its words, so analysis mostly looks
 * them up; the caches stay small, since whatever they hold lives as long as
 * the process and makes every garbage collection's work larger.
 * @module
 */

/**
 * A map of at most about `2 × limit` entries, in two generations: when the
 * current one is full it becomes the previous one and the oldest is dropped;
 * an entry found in the previous one moves back into the current one. Almost
 * as good as LRU for word frequencies, at the cost of one extra lookup on a miss.
 */
export class WordCache<V> {
  #current = new Map<string, V>();
  #previous = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.#current.get(key);
    if (hit !== undefined) return hit;
    const old = this.#previous.get(key);
    if (old !== undefined) this.#set(key, old);
    return old;
  }

  /** Remembers `value`; the key is copied (see {@link own}). */
  set(key: string, value: V): void {
    this.#set(own(key), value);
  }

  #set(key: string, value: V): void {
    if (this.#current.size >= this.limit) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#current.set(key, value);
  }
}

/**
 * A copy of `s` holding only its own characters. V8 may keep a slice of a
 * long string (13 characters or more) as a view into it, so a cached word
 * would keep the whole document it was cut from alive.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
