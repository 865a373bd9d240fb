/**
 * Responses made once and served many times: a body with its ETag and
 * Last-Modified, compressed (brotli, gzip) once per encoding on first demand,
 * and answered with 304 Not Modified when the client already has it. Used
 * for rendered pages (page-cache.ts) and static files (static-files.ts).
 * @module
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface CachedBody {
  body: Buffer;
  /** Weak validator: the same for every encoding of the same content (RFC 9110 8.8.1). */
  etag: string;
  /** HTTP date, second precision. */
  lastModified: string;
  lastModifiedMs: number;
  headers: Record<string, string>;
  /** Filled on first request for that encoding; `null` when compressing did not help. */
  br?: Buffer | null;
  gzip?: Buffer | null;
  compressible: boolean;
}

const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript|xml|ld\+json|x-research-info-systems|x-bibtex|vnd\.citationstyles)|image\/svg\+xml)/;

export function makeCachedBody(body: Buffer | string, headers: Record<string, string>, modified: number): CachedBody {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const seconds = Math.floor(modified / 1000) * 1000;
  return {
    body: buf,
    etag: `W/"${createHash('sha1').update(buf).digest('base64url').slice(0, 22)}"`,
    lastModified: new Date(seconds).toUTCString(),
    lastModifiedMs: seconds,
    headers,
    compressible: buf.length > 512 && COMPRESSIBLE.test(headers['content-type'] ?? ''),
  };
}

/** How big an entry is held in memory (for cache limits). */
export function cachedSize(entry: CachedBody): number {
  return entry.body.length + (entry.br?.length ?? 0) + (entry.gzip?.length ?? 0) + 512;
}

/** True when the request's validators show the client holds this version. */
export function isNotModified(entry: CachedBody, ifNoneMatch: string | undefined, ifModifiedSince: string | undefined): boolean {
  if (ifNoneMatch !== undefined) {
    // Weak comparison: W/"x" and "x" match (RFC 9110 13.1.2). If-Modified-Since is ignored when If-None-Match is present.
    const bare = entry.etag.slice(2);
    return ifNoneMatch.split(',').some((t) => {
      const tag = t.trim();
      return tag === '*' || tag === entry.etag || tag === bare || tag.replace(/^W\//, '') === bare;
    });
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && entry.lastModifiedMs <= since;
  }
  return false;
}

type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts (brotli, then gzip); q=0 refusals are honoured. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

function encoded(entry: CachedBody, encoding: Encoding): Buffer | undefined {
  if (encoding === 'identity' || !entry.compressible) return undefined;
  if (encoding === 'br') {
    if (entry.br === undefined) {
      const out = brotliCompressSync(entry.body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length },
      });
      entry.br = out.length < entry.body.length ? out : null;
    }
    return entry.br ?? undefined;
  }
  if (entry.gzip === undefined) {
    const out = gzipSync(entry.body, { level: 9 });
    entry.gzip = out.length < entry.body.length ? out : null;
  }
  return entry.gzip ?? undefined;
}

export interface RequestValidators {
  method: string;
  acceptEncoding?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

/** The response for a cached body: 304 when the client has it, else the body in the best encoding. */
export function respondCached(entry: CachedBody, req: RequestValidators, cacheControl: string): Response {
  const headers: Record<string, string> = {
    ...entry.headers,
    etag: entry.etag,
    'last-modified': entry.lastModified,
    'cache-control': cacheControl,
  };
  if (entry.compressible) headers.vary = 'Accept-Encoding';
  if (isNotModified(entry, req.ifNoneMatch, req.ifModifiedSince)) {
    delete headers['content-type'];
    return new Response(null, { status: 304, headers });
  }
  const encoding = chooseEncoding(req.acceptEncoding);
  const compressed = encoded(entry, encoding);
  const body = compressed ?? entry.body;
  if (compressed) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  return new Response(req.method === 'HEAD' ? null : new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), { status: 200, headers });
}
