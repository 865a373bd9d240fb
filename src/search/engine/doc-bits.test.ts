/**
 * A list's bits against a search of its doc numbers: every document in or
 * out of the list, the posting it is at, on random sorted lists (sparse,
 * dense, runs across word edges, doc numbers at bit 31), and which lists get bits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DENSE, denseBits, DocBits, popcount } from './doc-bits.js';
import type { Postings } from './segment.js';

function postings(docs: number[]): Postings {
  const n = docs.length;
  return { docs: Int32Array.from(docs), wtf: new Uint8Array(n), masks: new Uint8Array(n), n };
}

/** Sorted distinct doc numbers below `size`. */
const docList = (size: number) => fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: size }).map((xs) => xs.sort((a, b) => a - b));

describe('DocBits', () => {
  it('finds every document of the list at its posting, and no other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }).chain((size) => fc.tuple(fc.constant(size), docList(size))), ([size, docs]) => {
        const bits = new DocBits(postings(docs));
        const at = new Map(docs.map((d, i) => [d, i]));
        for (let d = 0; d < size + 70; d++) expect(bits.indexOf(d)).toBe(at.get(d) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('counts the bits of words with the top bit set', () => {
    expect(popcount(0)).toBe(0);
    expect(popcount(-1)).toBe(32);
    expect(popcount(1 << 31)).toBe(1);
    expect(popcount(0x80000001 | 0)).toBe(2);
    const all = postings(Array.from({ length: 96 }, (_, d) => d));
    const bits = new DocBits(all);
    expect(bits.indexOf(31)).toBe(31);
    expect(bits.indexOf(63)).toBe(63);
    expect(bits.indexOf(95)).toBe(95);
    expect(bits.indexOf(96)).toBe(-1);
  });

  it('is made only for a list dense enough, and once', () => {
    const size = 800;
    const sparse = postings(Array.from({ length: size / DENSE - 1 }, (_, i) => i * DENSE));
    const dense = postings(Array.from({ length: size / DENSE }, (_, i) => i * DENSE));
    expect(denseBits(sparse, size)).toBeUndefined();
    expect(denseBits(postings([]), size)).toBeUndefined();
    const bits = denseBits(dense, size);
    expect(bits).toBeInstanceOf(DocBits);
    expect(denseBits(dense, size)).toBe(bits);
    expect(bits!.indexOf(DENSE * 3)).toBe(3);
    expect(bits!.indexOf(DENSE * 3 + 1)).toBe(-1);
  });
});
