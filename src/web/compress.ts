/**
 * Compression of responses rendered for one request (pages with the page
 * cache off, error pages, API answers), at levels whose cost is a small
 * fraction of rendering: brotli quality 4 and gzip (or deflate) level 6. Brotli's default
 * quality (11) takes longer than rendering the page itself (~100 ms for a
 * search page); quality 4 compresses a page in about a millisecond and still
 * beats gzip 6 on size. The slow, smallest encodings are kept for bodies made
 * once and served many times (http-cache.ts). Hono's compress() offers
 * neither brotli nor a level, hence this middleware.
 *
 * A body that already carries Content-Encoding (a cached page, a static
 * file) is left alone; a strong ETag becomes weak, as the bytes differ from
 * the identity body's (RFC 9110 8.8.1), and Vary names Accept-Encoding.
 * @module
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, deflate, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { chooseEncoding, COMPRESSIBLE } from './http-cache.js';
import { renderedBody, responseBytes } from './rendered-body.js';

export const DYNAMIC_LEVELS = { brotliQuality: 4, gzipLevel: 6 } as const;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const deflateAsync = promisify(deflate);
/** What this middleware sends, best first; deflate because OAI-PMH harvesters ask for it (and Identify declares it). */
const OFFERS = ['br', 'gzip', 'deflate'] as const;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/** Compresses `body` for one response at the dynamic levels, in zlib's thread pool. */
export function compressDynamic(body: Buffer, encoding: (typeof OFFERS)[number]): Promise<Buffer> {
  // One synchronous call takes less CPU on a document page (~0.2 ms against ~0.3–0.6 ms through the
  // stream calls), but over HTTP at 32 connections it served 0.75–0.8× the pages the pool did
  // (docs/site.md, seventh round): in the pool, compression overlaps the event loop's next request.
  if (encoding === 'br') return brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: DYNAMIC_LEVELS.brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  return (encoding === 'gzip' ? gzipAsync : deflateAsync)(body, { level: DYNAMIC_LEVELS.gzipLevel });
}

export function compressResponses(options: { threshold?: number } = {}): MiddlewareHandler {
  const threshold = options.threshold ?? 1024;
  return async (c, next) => {
    await next();
    const res = c.res;
    // A page the site rendered (rendered-body.ts) is taken as rendered: asking the Response for its body would build a full one.
    const rendered = renderedBody(res);
    if ((rendered === undefined && !res.body) || c.req.method === 'HEAD' || res.headers.has('content-encoding') || res.status === 204 || res.status === 304) return;
    if (!COMPRESSIBLE.test(res.headers.get('content-type') ?? '') || NO_TRANSFORM.test(res.headers.get('cache-control') ?? '')) return;
    const length = res.headers.get('content-length');
    if (length !== null && Number(length) < threshold) return;
    const encoding = chooseEncoding(c.req.header('accept-encoding'), OFFERS);
    const body = await responseBytes(res);
    const headers = new Headers(res.headers);
    const vary = headers.get('vary');
    if (!vary) headers.set('vary', 'Accept-Encoding');
    else if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
    let out: Buffer = body;
    if (encoding !== 'identity' && body.length >= threshold) {
      const compressed = await compressDynamic(body, encoding);
      if (compressed.length < body.length) {
        out = compressed;
        headers.set('content-encoding', encoding);
        const etag = headers.get('etag');
        if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
      }
    }
    headers.set('content-length', String(out.length));
    c.res = undefined as unknown as Response; // Hono merges the old response's headers otherwise
    const bytes = new Uint8Array(out.buffer as ArrayBuffer, out.byteOffset, out.length);
    // A rendered page's status text is the status's own; reading it from the Response would build a full one.
    c.res = new Response(bytes, rendered === undefined ? { status: res.status, statusText: res.statusText, headers } : { status: res.status, headers });
  };
}
