import { describe, expect, it } from 'vitest';
import { ChunkIndexes } from './chunk-index.js';

/** Cut every 100 characters; terms are the words. */
function* cut(text: string): Generator<[number, number]> {
  for (let from = 0; from < text.length; from += 100) yield [from, Math.min(text.length, from + 100)];
}
const words = (chunk: string) => chunk.split(/\W+/).filter(Boolean);
const text = Array.from({ length: 400 }, (_, i) => `word${i % 37} line${i} `).join('');

describe('chunk indexes made ahead of the first search', () => {
  it('builds, a chunk per pause, the index a first search would, and a search then analyzes nothing more', async () => {
    let analyzed = 0;
    const warmed = new ChunkIndexes(cut, (c) => (analyzed++, words(c)), { minChars: 1000 });
    let pauses = 0;
    expect(await warmed.warm(text, () => void pauses++)).toBe(true);
    const chunks = Math.ceil(text.length / 100);
    expect(analyzed).toBe(chunks);
    expect(pauses).toBe(chunks);
    const index = warmed.of(text)!;
    expect(analyzed).toBe(chunks);

    const fresh = new ChunkIndexes(cut, words, { minChars: 1000 }).of(text)!;
    for (const terms of [['word5'], ['line7', 'word36'], ['nowhere'], ['line399', 'line0']]) {
      expect([...index.chunksWith(new Set(terms))], terms.join(' ')).toEqual([...fresh.chunksWith(new Set(terms))]);
    }
    expect([...index.chunksWith(new Set(['word5']))].length).toBeGreaterThan(5);
    // A second warm-up of the same text finds it kept.
    expect(await warmed.warm(text, () => void pauses++)).toBe(true);
    expect(analyzed).toBe(chunks);
  });

  it('leaves alone a text too short to index or larger than the whole budget', async () => {
    const indexes = new ChunkIndexes(cut, words, { minChars: 1000, maxChars: 5000 });
    expect(await indexes.warm(text.slice(0, 999), () => undefined)).toBe(false);
    expect(await indexes.warm(text, () => undefined)).toBe(false);
    expect(text.length).toBeGreaterThan(5000);
    expect(indexes.of(text)).toBeUndefined();
  });
});
