/**
 * Rows kept between searches: given back only at the generation they were
 * read at, dropped whole at a newer one, never replaced by a slower search's
 * older rows, and the least recently used (read or kept) let go first past
 * the limit.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { HotRows } from './hot-rows.js';

describe('HotRows', () => {
  it('gives rows back at their generation only, and drops them all at a newer one', () => {
    const hot = new HotRows<string>(1000);
    hot.set(5, 'a', 'rows of a', 10);
    expect(hot.get(5, 'a')).toBe('rows of a');
    expect(hot.get(6, 'a')).toBeUndefined();
    hot.set(6, 'b', 'rows of b', 10);
    expect(hot.get(6, 'a')).toBeUndefined();
    expect(hot.bytes).toBe(10);
    // A search that began before the write ends after it: what it read is not kept over the newer rows.
    hot.set(5, 'a', 'old rows of a', 10);
    expect(hot.get(5, 'a')).toBeUndefined();
    expect(hot.get(6, 'b')).toBe('rows of b');
  });

  it('lets the least recently used go past its limit, and never keeps one row of more than a quarter of it', () => {
    const hot = new HotRows<string>(100);
    for (const k of ['a', 'b', 'c', 'd']) hot.set(1, k, k, 25);
    hot.get(1, 'a');
    hot.set(1, 'e', 'e', 25);
    hot.set(1, 'f', 'f', 25);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => hot.get(1, k))).toEqual(['a', undefined, undefined, 'd', 'e', 'f']);
    expect(hot.bytes).toBe(100);
    hot.set(1, 'huge', 'huge', 26);
    expect(hot.get(1, 'huge')).toBeUndefined();
  });

  it('counts rows kept twice by two searches that read them at once, and keeps them as the most recently used', () => {
    const hot = new HotRows<string>(100);
    for (const k of ['a', 'b', 'c', 'd']) hot.set(1, k, k, 25);
    hot.set(1, 'a', 'a', 25);
    expect(hot.bytes).toBe(100);
    hot.set(1, 'e', 'e', 25);
    expect(['a', 'b', 'e'].map((k) => hot.get(1, k))).toEqual(['a', undefined, 'e']);
  });
});
