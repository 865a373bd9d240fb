import { describe, expect, it } from 'vitest';
import { AHEAD, AHEAD_BYTES, ReadWindow, wireBytes } from './read-window.js';

describe('ReadWindow', () => {
  it('admits runs until the count or the bytes in flight would pass their bounds', () => {
    const window = new ReadWindow(3, 1000);
    window.sent(400);
    window.sent(400);
    expect(window.admits(300)).toBe(false);
    expect(window.admits(200)).toBe(true);
    window.sent(100);
    expect(window.admits(1)).toBe(false); // three runs in flight
    window.taken();
    expect(window.bytes).toBe(500);
    expect(window.admits(500)).toBe(true);
  });

  it('sends a run larger than the bound alone, once every other run is taken', () => {
    const window = new ReadWindow(AHEAD, AHEAD_BYTES);
    const big = AHEAD_BYTES * 2;
    window.sent(10);
    expect(window.admits(big)).toBe(false);
    window.taken();
    expect(window.admits(big)).toBe(true);
    window.sent(big);
    expect(window.admits(1)).toBe(false);
    window.taken();
    expect(window.bytes).toBe(0);
    expect(window.admits(1)).toBe(true);
  });
});

describe('wireBytes', () => {
  it('counts the characters of nested strings, keys included, and grows with the text', () => {
    const html = '<p>' + 'word '.repeat(10_000) + '</p>';
    const item = { locator: { file: 'v.xml', index: 3 }, checked: { parsed: { record: { title: 'A', transcripts: [{ html }] } } } };
    const n = wireBytes(item);
    expect(n).toBeGreaterThan(html.length);
    expect(n).toBeLessThan(html.length + 500);
    expect(wireBytes({ ...item, extra: html })).toBeGreaterThan(n + html.length);
  });

  it('counts maps, sets and typed arrays by their contents', () => {
    const words = new Map([['treaty', 3], ['minister', 1]]);
    expect(wireBytes(words)).toBe(8 + 'treaty'.length + 8 + 'minister'.length + 8);
    expect(wireBytes(new Set(['a', 'bc']))).toBe(8 + 3);
    expect(wireBytes(new Int32Array(100))).toBe(400);
  });
});
