import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { documentSchema } from '../../src/domain/document.js';
import type { Archive } from '../../src/services/archive.js';
import { demoSite } from './demo-site.js';

let app: Hono<any>;
let archive: Archive;

beforeAll(async () => {
  ({ app, archive } = await demoSite());
});

describe('rendered pages', () => {
  it('are rendered once, then served from the cache with ETag and Last-Modified', async () => {
    const first = await app.request('/documents/demo-0029');
    expect(first.headers.get('x-cache')).toBe('miss');
    const second = await app.request('/documents/demo-0029');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get('etag')).toMatch(/^W\/"[\w-]{22}"$/);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(Date.parse(second.headers.get('last-modified')!)).toBeLessThanOrEqual(Date.now());
    expect(second.headers.get('cache-control')).toBe('public, no-cache');
    expect(second.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answer 304 with no body to a client that has them, by ETag or by date', async () => {
    const page = await app.request('/people/zhou-enlai');
    const etag = page.headers.get('etag')!;
    const byTag = await app.request('/people/zhou-enlai', { headers: { 'If-None-Match': etag } });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe('');
    expect(byTag.headers.get('etag')).toBe(etag);
    const strongForm = await app.request('/people/zhou-enlai', { headers: { 'If-None-Match': `"x", ${etag.slice(2)}` } });
    expect(strongForm.status).toBe(304);
    const byDate = await app.request('/people/zhou-enlai', { headers: { 'If-Modified-Since': page.headers.get('last-modified')! } });
    expect(byDate.status).toBe(304);
    const stale = await app.request('/people/zhou-enlai', { headers: { 'If-None-Match': 'W/"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it('are compressed with brotli or gzip as the client accepts, the same page either way', async () => {
    const plain = await (await app.request('/collections')).text();
    const br = await app.request('/collections', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(plain);
    const gz = await app.request('/collections', { headers: { 'Accept-Encoding': 'gzip;q=1, br;q=0' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(plain);
    expect(Number(gz.headers.get('content-length'))).toBeLessThan(plain.length / 3);
  });

  it('change as soon as the archive does (within the marker’s polling interval)', async () => {
    const before = await (await app.request('/types/cable')).text();
    expect((await app.request('/types/cable')).headers.get('x-cache')).toBe('hit');
    const doc = documentSchema.parse({ id: 'cache-test-1', title: 'A cable written to test the page cache', date: '1999-01-02', type: 'cable', sample: true });
    await archive.save({ ...doc, kind: 'document' }, { actor: 'test' });
    await new Promise((r) => setTimeout(r, 1100));
    const after = await app.request('/types/cable');
    expect(after.headers.get('x-cache')).toBe('miss');
    const html = await after.text();
    expect(html).not.toBe(before);
    expect(html).toContain('A cable written to test the page cache');
  });

  it('never keep errors', async () => {
    await app.request('/people/nobody');
    expect((await app.request('/people/nobody')).headers.get('x-cache')).toBeNull();
  });
});

describe('static files', () => {
  it('serve versioned assets for good and revalidate the rest, compressed', async () => {
    const home = await (await app.request('/')).text();
    const href = /href="(\/assets\/site\.css\?v=[^"]+)"/.exec(home)![1]!;
    const css = await app.request(href, { headers: { 'Accept-Encoding': 'br' } });
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(css.headers.get('content-encoding')).toBe('br');
    const again = await app.request(href, { headers: { 'If-None-Match': css.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const osd = await app.request('/assets/openseadragon.min.js');
    expect(osd.status).toBe(200);
    expect(osd.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serve media with validators, never sniffed as another type', async () => {
    const scan = await app.request('/media/demo-0029-p1.jpg');
    expect(scan.headers.get('etag')).toBeTruthy();
    expect(scan.headers.get('x-content-type-options')).toBe('nosniff');
    const again = await app.request('/media/demo-0029-p1.jpg', { headers: { 'If-None-Match': scan.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});
