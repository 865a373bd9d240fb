/**
 * The page cache's memory bound: pages count with the compressed copies made
 * after they were kept, so a copy that pushes the total past the bound lets
 * the least recently used page go, and a page let go is not counted again.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { cachedSize, makeCachedBody, respondCached } from './http-cache.js';
import { PageCache } from './page-cache.js';

const marker = async () => ({ marker: 'v1', changedAt: undefined });
const page = (n: number) => makeCachedBody(`<p>${String(n).repeat(4000)}</p>`, { 'content-type': 'text/html' }, 0);

describe('PageCache', () => {
  it('counts a compressed copy made after a page was kept, letting the oldest go past the bound', async () => {
    const [a, b, c] = [page(1), page(2), page(3)];
    const cache = new PageCache(marker, { maxBytes: cachedSize(a) * 3 + 10 });
    cache.set('a', a);
    cache.set('b', b);
    cache.set('c', c);
    expect(cache.size.pages).toBe(3);
    await respondCached(c, { method: 'GET', acceptEncoding: 'gzip' }, 'no-cache', 'dynamic', () => cache.account('c', c));
    expect(c.gzip?.length).toBeGreaterThan(10);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(b);
    expect(cache.size).toEqual({ pages: 2, bytes: cachedSize(b) + cachedSize(c) });
    // A page no longer held is not counted when its copy appears.
    await respondCached(a, { method: 'GET', acceptEncoding: 'gzip' }, 'no-cache', 'dynamic', () => cache.account('a', a));
    expect(cache.size.bytes).toBe(cachedSize(b) + cachedSize(c));
  });
});
