import { describe, expect, it } from 'vitest';
import { chooseEncoding, isNotModified, makeCachedBody } from './http-cache.js';
import { PageCache } from './page-cache.js';

describe('chooseEncoding', () => {
  it('prefers brotli, then gzip, honours q=0 and wildcards, and falls back to identity', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0, identity')).toBe('identity');
    expect(chooseEncoding(undefined)).toBe('identity');
  });
});

describe('isNotModified', () => {
  const entry = makeCachedBody('<p>page</p>'.repeat(100), { 'content-type': 'text/html' }, Date.parse('2025-05-01T10:00:00.700Z'));
  it('matches ETags weakly, in lists and as *, and ignores the date when an ETag is sent', () => {
    expect(isNotModified(entry, entry.etag, undefined)).toBe(true);
    expect(isNotModified(entry, entry.etag.slice(2), undefined)).toBe(true);
    expect(isNotModified(entry, `"a", ${entry.etag}`, undefined)).toBe(true);
    expect(isNotModified(entry, '*', undefined)).toBe(true);
    expect(isNotModified(entry, 'W/"other"', 'Thu, 01 May 2025 10:00:00 GMT')).toBe(false);
  });
  it('compares dates to the second', () => {
    expect(entry.lastModified).toBe('Thu, 01 May 2025 10:00:00 GMT');
    expect(isNotModified(entry, undefined, 'Thu, 01 May 2025 10:00:00 GMT')).toBe(true);
    expect(isNotModified(entry, undefined, 'Thu, 01 May 2025 09:59:59 GMT')).toBe(false);
    expect(isNotModified(entry, undefined, 'not a date')).toBe(false);
  });
});

describe('PageCache', () => {
  it('keeps pages within its byte budget, dropping the least recently used', () => {
    const cache = new PageCache(async () => ({ marker: 'm' }), { maxBytes: 5_000 });
    const page = (n: number) => makeCachedBody('x'.repeat(1_000 + n), { 'content-type': 'text/html' }, 0);
    cache.set('a', page(1));
    cache.set('b', page(2));
    cache.set('c', page(3));
    expect(cache.get('a')).toBeDefined(); // now the most recently used
    cache.set('d', page(4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.size.bytes).toBeLessThanOrEqual(5_000);
  });

  it('asks the archive for its marker at most once per interval, and forgets every page when it changes', async () => {
    let reads = 0;
    let marker = 'one';
    const cache = new PageCache(async () => (reads++, { marker }), { checkEveryMs: 50 });
    await Promise.all([cache.marker(), cache.marker(), cache.marker()]);
    expect(reads).toBe(1);
    cache.set('a', makeCachedBody('page', { 'content-type': 'text/html' }, 0));
    marker = 'two';
    expect((await cache.marker()).marker).toBe('one');
    await new Promise((r) => setTimeout(r, 60));
    expect((await cache.marker()).marker).toBe('two');
    expect(cache.get('a')).toBeUndefined();
  });
});
