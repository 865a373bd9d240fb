/**
 * HTTP hygiene on the demo site: 405 with Allow for a method a route does
 * not answer, byte ranges on media (206, 416, If-Range), a ceiling on request
 * bodies, security headers on pages and errors, and the per-address search
 * rate limit through a real server socket.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { get } from 'node:http';
import { serve } from '@hono/node-server';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEDIA_DIR } from '../../src/package-paths.js';
import { FixedWindowLimiter, MAX_BODY_BYTES, SEARCH_RATE_LIMIT } from '../../src/web/http-hygiene.js';
import { parseRange } from '../../src/web/byte-ranges.js';
import { demoSite } from './demo-site.js';

let app: Awaited<ReturnType<typeof demoSite>>['app'];
beforeAll(async () => {
  ({ app } = await demoSite());
});

const SCAN = 'demo-0029-p1.jpg';
const scanBytes = () => readFileSync(join(DEMO_MEDIA_DIR, SCAN));

function expectSecurityHeaders(res: Response) {
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'.*object-src 'none'/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` with the workspace's forms.
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
  expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('x-powered-by')).toBeNull();
}

describe('unsupported methods', () => {
  it.each([
    ['/', 'POST', 'GET, HEAD'],
    ['/search?q=x', 'DELETE', 'GET, HEAD'],
    ['/documents/demo-0029', 'PUT', 'GET, HEAD'],
    ['/oai', 'PATCH', 'GET, HEAD, POST'],
    ['/feed', 'POST', 'GET, HEAD'],
    [`/media/${SCAN}`, 'POST', 'GET, HEAD'],
  ])('%s answers %s with 405 and Allow: %s', async (path, method, allow) => {
    const res = await app.request(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(await res.text()).toContain('Method not allowed');
    expectSecurityHeaders(res);
  });

  it('a path no route has stays a 404, whatever the method', async () => {
    expect((await app.request('/no-such-page', { method: 'POST' })).status).toBe(404);
    expect((await app.request('/no-such-page')).status).toBe(404);
  });
});

describe('byte ranges on media', () => {
  it('answers one range with 206 and exactly those bytes', async () => {
    const whole = scanBytes();
    const res = await app.request(`/media/${SCAN}`, { headers: { range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${whole.length}`);
    expect(res.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await res.arrayBuffer()).equals(whole.subarray(100, 200))).toBe(true);
  });

  it('answers open and suffix ranges', async () => {
    const whole = scanBytes();
    const tail = await app.request(`/media/${SCAN}`, { headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(whole.subarray(whole.length - 10))).toBe(true);
    const from = await app.request(`/media/${SCAN}`, { headers: { range: `bytes=${whole.length - 5}-` } });
    expect(from.headers.get('content-range')).toBe(`bytes ${whole.length - 5}-${whole.length - 1}/${whole.length}`);
  });

  it('answers a range past the end with 416 and the size', async () => {
    const size = scanBytes().length;
    const res = await app.request(`/media/${SCAN}`, { headers: { range: `bytes=${size}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('serves the whole file for several ranges, a malformed header or a stale If-Range, and says it accepts ranges', async () => {
    const size = scanBytes().length;
    for (const headers of [{ range: 'bytes=0-1,5-9' } as Record<string, string>, { range: 'pages=1-2' }, { range: 'bytes=0-10', 'if-range': 'Wed, 21 Oct 2015 07:28:00 GMT' }, {}]) {
      const res = await app.request(`/media/${SCAN}`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect((await res.arrayBuffer()).byteLength).toBe(size);
    }
  });

  it('parses ranges by the RFC', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-3', 10)).toBeUndefined();
    expect(parseRange('bytes=-20', 10)).toEqual({ start: 0, end: 9 });
  });
});

describe('request bodies', () => {
  it(`refuses a body over ${MAX_BODY_BYTES} bytes with 413, declared or streamed`, async () => {
    const big = 'verb=Identify&x=' + 'a'.repeat(MAX_BODY_BYTES);
    const res = await app.request('/oai', { method: 'POST', body: big, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Too large');
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('a'.repeat(64 * 1024)));
        controller.close();
      },
    });
    const streamed = await app.request('/oai', { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/x-www-form-urlencoded' } } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('never looks at the body of a GET (no route reads one)', async () => {
    const request = new Request('http://localhost/search/help');
    let looked = 0;
    Object.defineProperty(request, 'body', { get: () => (looked++, null) });
    const res = await app.request(request);
    expect(res.status).toBe(200);
    expect(looked).toBe(0);
  });

  it('still answers a small OAI-PMH POST', async () => {
    const res = await app.request('/oai', { method: 'POST', body: 'verb=Identify', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Identify>');
  });
});

describe('security headers', () => {
  it.each(['/', '/search?q=treaty', '/documents/demo-0029', '/no-such-page', '/collections/nope'])('%s carries them', async (path) => {
    expectSecurityHeaders(await app.request(path));
  });
});

describe('search rate limit', () => {
  it('lets an address search its quota, then answers 429 with Retry-After; other addresses and the local host unaffected', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    // 127.0.0.2 is another client on the loopback network; 127.0.0.1 is where a same-host proxy connects from.
    const from = (localAddress: string, path: string) =>
      new Promise<{ status: number; retryAfter?: string; body: string }>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path, localAddress }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, body }));
        }).on('error', reject);
      });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < SEARCH_RATE_LIMIT.requests; i++) statuses.push((await from('127.0.0.2', `/search?q=t${i}`)).status);
      expect(statuses.every((s) => s === 200)).toBe(true);
      const refused = await from('127.0.0.2', '/search?q=again');
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.body).toContain('Too many searches');
      expect((await from('127.0.0.3', '/search?q=other')).status).toBe(200);
      expect((await from('127.0.0.2', '/documents/demo-0029')).status).toBe(200);
      for (let i = 0; i <= SEARCH_RATE_LIMIT.requests; i++) expect((await from('127.0.0.1', `/search?q=p${i % 3}`)).status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 60_000);

  it('counts per address and forgets old windows', () => {
    const limiter = new FixedWindowLimiter({ requests: 2, windowMs: 1000 });
    expect([limiter.take('a', 0), limiter.take('a', 10), limiter.take('a', 20)]).toEqual([0, 0, 980]);
    expect(limiter.take('b', 20)).toBe(0);
    expect(limiter.take('a', 1000)).toBe(0);
    limiter.take('c', 5000);
    expect(limiter.size).toBe(1);
  });
});
