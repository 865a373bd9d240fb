import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { ArchiveVersion } from './archive-version.js';
import { compressResponses } from './compress.js';
import { renderedResponse } from './rendered-body.js';
import { makeCachedBody, respondCached } from './http-cache.js';

// A page-sized body with the repetition real HTML has, and enough variety that levels differ.
const html = Array.from({ length: 2_000 }, (_, i) => `<p class="para" data-n="${i}">Telegram ${i * 7919 % 1000} from the Legation in Peking about item ${i}.</p>`).join('');

function app() {
  const a = new Hono();
  a.use(compressResponses());
  a.get('/page', (c) => c.html(html));
  a.get('/tagged', (c) => c.body(html, 200, { 'content-type': 'text/html', etag: '"abc"', vary: 'Cookie' }));
  a.get('/raw', (c) => c.body(html, 200, { 'content-type': 'text/html', 'cache-control': 'no-transform' }));
  a.get('/small', (c) => c.html('<p>short</p>'));
  a.get('/image', (c) => c.body(html, 200, { 'content-type': 'image/png' }));
  return a;
}

describe('compressResponses', () => {
  it('answers brotli or gzip as the client accepts, each decoding to the page, brotli the smaller', async () => {
    const br = await app().request('/page', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get('content-length'))).toBe(brBody.length);
    expect(brotliDecompressSync(brBody).toString()).toBe(html);
    const gz = await app().request('/page', { headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const gzBody = Buffer.from(await gz.arrayBuffer());
    expect(gunzipSync(gzBody).toString()).toBe(html);
    expect(brBody.length).toBeLessThan(gzBody.length);
    const plain = await app().request('/page');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(html);
  });

  it('compresses a body made for one response at brotli 1 and gzip 1, the same bytes as zlib makes at those levels', async () => {
    const br = Buffer.from(await (await app().request('/page', { headers: { 'accept-encoding': 'br' } })).arrayBuffer());
    const brotli1 = brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: html.length } });
    expect(br.equals(brotli1)).toBe(true);
    const gz = Buffer.from(await (await app().request('/page', { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer());
    expect(gz.equals(gzipSync(html, { level: 1 }))).toBe(true);
  });

  it('weakens a strong ETag and adds to Vary when it changes the bytes', async () => {
    const res = await app().request('/tagged', { headers: { 'accept-encoding': 'br' } });
    expect(res.headers.get('etag')).toBe('W/"abc"');
    expect(res.headers.get('vary')).toBe('Cookie, Accept-Encoding');
    expect((await app().request('/tagged')).headers.get('etag')).toBe('"abc"');
  });

  it('takes a page the site rendered as rendered, never reading its Response back', async () => {
    let page!: Response;
    const a = new Hono();
    a.use(compressResponses());
    a.get('/rendered', (c) => (page = renderedResponse(c.html(html), html)));
    for (const encoding of ['br', 'gzip', 'identity']) {
      const res = await a.request('/rendered', { headers: { 'accept-encoding': encoding } });
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.headers.get('content-encoding')).toBe(encoding === 'identity' ? null : encoding);
      expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      expect(Number(res.headers.get('content-length'))).toBe(body.length);
      expect((encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body).toString()).toBe(html);
      expect(page.bodyUsed).toBe(false);
    }
  });

  it('leaves alone no-transform, small bodies, images and HEAD', async () => {
    for (const path of ['/raw', '/small', '/image']) {
      expect((await app().request(path, { headers: { 'accept-encoding': 'br' } })).headers.get('content-encoding')).toBeNull();
    }
    const head = await app().request('/page', { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(head.headers.get('content-encoding')).toBeNull();
  });
});

describe('cached bodies', () => {
  it('are compressed at the dynamic level first and replaced by the smallest encoding once asked for again', async () => {
    const entry = makeCachedBody(html, { 'content-type': 'text/html' }, 0);
    const req = { method: 'GET', acceptEncoding: 'br' };
    const first = Buffer.from(await (await respondCached(entry, req, 'no-cache', 'dynamic')).arrayBuffer());
    expect(brotliDecompressSync(first).toString()).toBe(html);
    expect(entry.smallest?.br).toBeUndefined();
    let changed!: () => void;
    const upgraded = new Promise<void>((resolve) => (changed = resolve));
    // The second answer does not wait for the slow encoding; the one after it gets it.
    const second = Buffer.from(await (await respondCached(entry, req, 'no-cache', 'max', changed)).arrayBuffer());
    expect(second.equals(first)).toBe(true);
    await upgraded;
    expect(entry.smallest?.br).toBe('done');
    const third = Buffer.from(await (await respondCached(entry, req, 'no-cache', 'max')).arrayBuffer());
    expect(brotliDecompressSync(third).toString()).toBe(html);
    expect(third.length).toBeLessThan(first.length);
  });

  it('are compressed at brotli 4 and gzip 6 for their first answer, which is kept and served again', async () => {
    for (const [encoding, expected] of [
      ['br', brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: html.length } })],
      ['gzip', gzipSync(html, { level: 6 })],
    ] as const) {
      const entry = makeCachedBody(html, { 'content-type': 'text/html' }, 0);
      const first = Buffer.from(await (await respondCached(entry, { method: 'GET', acceptEncoding: encoding }, 'no-cache', 'dynamic')).arrayBuffer());
      expect(first.equals(expected)).toBe(true);
      expect(entry[encoding]?.equals(expected)).toBe(true);
    }
  });
});

describe('ArchiveVersion', () => {
  it('loads a value once per version of the archive and forgets failed loads', async () => {
    let marker = 'a';
    const version = new ArchiveVersion(async () => ({ marker }), 0);
    let loads = 0;
    const load = async () => `${marker}:${++loads}`;
    expect(await Promise.all([version.memo('x', load), version.memo('x', load)])).toEqual(['a:1', 'a:1']);
    expect(await version.memo('x', load)).toBe('a:1');
    marker = 'b';
    expect(await version.memo('x', load)).toBe('b:2');
    await expect(version.memo('y', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(await version.memo('y', async () => 'back')).toBe('back');
  });

  it('reads the marker at most once per interval', async () => {
    let reads = 0;
    const version = new ArchiveVersion(async () => ({ marker: String(++reads) }), 60_000);
    await Promise.all([version.marker(), version.marker()]);
    await version.marker();
    expect(reads).toBe(1);
  });
});
