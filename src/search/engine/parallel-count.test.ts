import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countColumn, countColumns, PARALLEL_THRESHOLD } from './parallel-count.js';

/** Columns of `size` documents in shared memory, values below `radix`, each drawn from `seed`. */
function sharedColumns(count: number, size: number, radix: number, seed: number): Uint16Array[] {
  return Array.from({ length: count }, (_, k) => {
    const c = new Uint16Array(new SharedArrayBuffer(size * 2));
    for (let i = 0; i < size; i++) c[i] = (i * (k + 3) + seed * 7 + ((i * i) % 13)) % radix;
    return c;
  });
}

/** The counts of one thread, column after column. */
function oneThread(docs: Int32Array, columns: Uint16Array[], offsets: Int32Array, length: number): Int32Array {
  const one = new Int32Array(length);
  columns.forEach((c, k) => countColumn(docs, docs.length, c, offsets[k]!, one));
  return one;
}

describe('countColumns', () => {
  it('counts on two threads exactly what one thread counts', () => {
    const size = PARALLEL_THRESHOLD * 3;
    const columns = sharedColumns(5, size, 7, 0);
    const docs = Int32Array.from({ length: PARALLEL_THRESHOLD * 2 }, (_, i) => i + (i % 3));
    const offsets = Int32Array.from([0, 8, 16, 24, 32]);
    const one = oneThread(docs, columns, offsets, 40);
    const two = new Int32Array(40);
    countColumns(docs, docs.length, columns, offsets, two);
    expect([...two]).toEqual([...one]);
    expect(one.reduce((a, b) => a + b, 0)).toBe(docs.length * 5);
  });

  it('gives each of many counts in a row its own exact sums, whichever thread claims which part', () => {
    // Columns sharing one range of counts (as a facet's slots do) and columns of their own, hit sets of any size
    // from one hit up: the helper claims parts of some counts and none of others, and a count it wakes late for
    // must leave the next one's sums alone.
    const size = 5_000;
    fc.assert(
      fc.property(
        fc.array(fc.record({ columns: fc.integer({ min: 2, max: 9 }), hits: fc.integer({ min: 1, max: size }), seed: fc.nat(1000), shared: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        (counts) => {
          for (const { columns: count, hits, seed, shared } of counts) {
            const columns = sharedColumns(count, size, 11, seed);
            const docs = Int32Array.from({ length: hits }, (_, i) => Math.floor((i * size) / hits));
            const offsets = Int32Array.from({ length: count }, (_, k) => (shared ? 0 : k * 11));
            const length = shared ? 11 : count * 11;
            const two = new Int32Array(length);
            countColumns(docs, hits, columns, offsets, two, 1);
            expect([...two]).toEqual([...oneThread(docs, columns, offsets, length)]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts everything on the calling thread below the threshold or when a column is not shared', () => {
    const columns = sharedColumns(3, 100, 5, 1);
    columns.push(Uint16Array.from({ length: 100 }, (_, i) => i % 5));
    const docs = Int32Array.from({ length: 50 }, (_, i) => i * 2);
    const offsets = Int32Array.from([0, 5, 10, 15]);
    const counts = new Int32Array(20);
    countColumns(docs, docs.length, columns, offsets, counts, 1);
    expect([...counts]).toEqual([...oneThread(docs, columns, offsets, 20)]);
  });
});
