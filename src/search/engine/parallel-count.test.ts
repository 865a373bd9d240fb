import { describe, expect, it } from 'vitest';
import { countColumn, countColumns, PARALLEL_THRESHOLD } from './parallel-count.js';

describe('countColumns', () => {
  it('counts on two threads exactly what one thread counts', () => {
    const size = PARALLEL_THRESHOLD * 3;
    const columns = Array.from({ length: 5 }, (_, k) => {
      const c = new Uint16Array(new SharedArrayBuffer(size * 2));
      for (let i = 0; i < size; i++) c[i] = (i * (k + 3)) % 7;
      return c;
    });
    const docs = Int32Array.from({ length: PARALLEL_THRESHOLD * 2 }, (_, i) => i + (i % 3));
    const offsets = Int32Array.from([0, 8, 16, 24, 32]);
    const one = new Int32Array(40);
    columns.forEach((c, k) => countColumn(docs, docs.length, c, offsets[k]!, one));
    const two = new Int32Array(40);
    countColumns(docs, docs.length, columns, offsets, two);
    expect([...two]).toEqual([...one]);
    expect(one.reduce((a, b) => a + b, 0)).toBe(docs.length * 5);
  });
});
