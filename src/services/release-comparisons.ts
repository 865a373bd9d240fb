/**
 * Release comparisons kept for the pairs of texts compared most recently.
 * Comparing a long record's releases word by word is most of its releases
 * page (a 119-page record: some 20 ms of about 40), yet the result changes
 * only when one of the two texts does. Keyed by a hash of the two texts
 * themselves, so an edited or re-imported release is a new entry and nothing
 * is ever stale; small pairs, which compare in well under a millisecond, are
 * not kept; bounded by the characters compared, least recently used first
 * (bounded-map.ts).
 * @module
 */
import { createHash } from 'node:crypto';
import { BoundedMap } from '../domain/bounded-map.js';
import { releasePages, type Release } from '../domain/release.js';
import { compareReleases, type ReleaseComparison } from '../domain/release-diff.js';

/** Below this many characters in the two texts a comparison is cheaper than keeping it. */
const MIN_CHARS = 20_000;
const MAX_CHARS = 32 * 1024 * 1024;

type Texts = Pick<Release, 'pages' | 'text'>;

export class ReleaseComparisons {
  readonly #held: BoundedMap<string, ReleaseComparison>;

  constructor(private readonly maxChars = MAX_CHARS) {
    this.#held = new BoundedMap({ maxSize: maxChars });
  }

  /** Pairs held. */
  get size(): number {
    return this.#held.count;
  }

  /** The same comparison as `compareReleases(earlier, later)`, from memory when these two texts were compared before. */
  compare(earlier: Texts, later: Texts): ReleaseComparison {
    const a = releasePages(earlier);
    const b = releasePages(later);
    const chars = a.reduce((n, p) => n + p.length, 0) + b.reduce((n, p) => n + p.length, 0);
    if (chars < MIN_CHARS || chars > this.maxChars / 4) return compareReleases(earlier, later);
    const hash = createHash('sha1');
    // Lengths before texts, so that no two different pairs of page lists read the same.
    for (const pages of [a, b]) {
      hash.update(`${pages.length}:`);
      for (const p of pages) hash.update(`${p.length}:`).update(p);
    }
    const key = hash.digest('base64');
    const hit = this.#held.get(key);
    if (hit) return hit;
    const comparison = compareReleases(earlier, later);
    this.#held.set(key, comparison, chars);
    return comparison;
  }
}
