/**
 * Compression of responses rendered for one request (pages with the page
 * cache off, error pages, API answers): brotli quality 1 and gzip (or
 * deflate) level 1. Such a body is compressed once, sent once and dropped, so
 * what counts is the server's CPU with many pages at once: on a document page
 * brotli 1 and gzip 1 cost a fraction of brotli 4 and gzip 6 for some 9–17%
 * more bytes (docs/site.md, "Uncached pages, fourteenth round"); brotli 2 and 3
 * cost more than 4 when many pages are compressed at once. A body compressed
 * once and served again (a cached page's first answer, http-cache.ts) is made
 * at the kept levels, brotli 4 and gzip 6, and the slow, smallest encodings
 * replace it when it is asked for again. Hono's compress() offers neither
 * brotli nor a level, hence this middleware.
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

export interface Levels {
  brotliQuality: number;
  gzipLevel: number;
}
/** For a body compressed for one response and dropped. */
export const DYNAMIC_LEVELS: Levels = { brotliQuality: 1, gzipLevel: 1 };
/** For a body compressed once and kept to be served again (http-cache.ts's first answer). */
export const KEPT_LEVELS: Levels = { brotliQuality: 4, gzipLevel: 6 };

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const deflateAsync = promisify(deflate);
/** What this middleware sends, best first; deflate because OAI-PMH harvesters ask for it (and Identify declares it). */
const OFFERS = ['br', 'gzip', 'deflate'] as const;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/** Compresses `body` at `levels` (by default the dynamic levels, for one response), in zlib's thread pool. */
export function compressDynamic(body: Buffer, encoding: (typeof OFFERS)[number], levels: Levels = DYNAMIC_LEVELS): Promise<Buffer> {
  // One synchronous call takes less CPU on a document page (~0.2 ms against ~0.3–0.6 ms through the
  // stream calls), but over HTTP at 32 connections it served 0.75–0.8× the pages the pool did
  // (docs/site.md, seventh round): in the pool, compression overlaps the event loop's next request.
  if (encoding === 'br') return brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: levels.brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  return (encoding === 'gzip' ? gzipAsync : deflateAsync)(body, { level: levels.gzipLevel });
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
