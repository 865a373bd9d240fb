/**
 * Record ids by doc number in one byte table: each id comes back as it was
 * stored, through gaps in the numbering, any script, and growth past the
 * tables' first sizes; a restored copy answers the same and grows on.
 */
import { describe, expect, it } from 'vitest';
import { DocIds } from './doc-ids.js';

const idOf = (d: number) => (d % 7 === 0 ? `周恩来-${d}` : d % 11 === 0 ? `𝔡-${'x'.repeat(d % 50)}` : `frus1969-76v17d${d}`);

describe('record ids by doc number', () => {
  it('give back every id stored, and none for numbers skipped or past the end', () => {
    const ids = new DocIds();
    const stored = new Map<number, string>();
    for (let d = 1; d < 5000; d += 1 + (d % 4)) {
      ids.append(d, idOf(d));
      stored.set(d, idOf(d));
    }
    for (let d = 0; d < 5100; d++) expect(ids.get(d)).toBe(stored.get(d));
    expect(ids.get(-1)).toBeUndefined();
    expect(() => ids.append(3, 'again')).toThrow(/doc 3/);
  });

  it('restore from their two arrays and keep growing', () => {
    const ids = new DocIds();
    for (let d = 0; d < 300; d++) ids.append(d, idOf(d));
    const restored = DocIds.of(ids.bytes.slice(0, ids.used), ids.ends.slice(0, ids.size), ids.size);
    for (let d = 300; d < 3000; d += 3) restored.append(d, idOf(d));
    for (let d = 0; d < 300; d++) expect(restored.get(d)).toBe(idOf(d));
    for (let d = 300; d < 3000; d++) expect(restored.get(d)).toBe(d % 3 === 0 ? idOf(d) : undefined);
    expect(DocIds.of(new Uint8Array(0), new Uint32Array(0), 0).get(0)).toBeUndefined();
  });
});
