/**
 * Responses made once and served many times: a body with its ETag and
 * Last-Modified, compressed (brotli, gzip) once per encoding on first demand,
 * and answered with 304 Not Modified when the client already has it. Used
 * for rendered pages (page-cache.ts) and static files (static-files.ts).
 *
 * Two levels. A rendered page's first answer is compressed at the kept
 * levels (compress.ts: brotli 4, gzip 6), since that visitor waits for it
 * and most pages are asked for once; when the page is asked for again, the
 * smallest encoding (brotli 11, gzip 9) is made in the background (zlib's
 * thread pool, off the event loop) and replaces it. Static files are made
 * smallest at once. Compression runs asynchronously, so one slow encoding
 * never stalls other requests.
 * @module
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { compressDynamic, KEPT_LEVELS } from './compress.js';

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
  /** Which encodings hold the smallest form (else the dynamic level's, or an upgrade under way). */
  smallest?: { br?: 'done' | 'pending'; gzip?: 'done' | 'pending' };
  compressible: boolean;
}

/** The smallest encodings, for bodies served many times. */
export const MAX_LEVELS = { brotliQuality: 11, gzipLevel: 9 } as const;
export type Level = 'dynamic' | 'max';

export const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript|xml|ld\+json|x-research-info-systems|x-bibtex|vnd\.citationstyles)|image\/svg\+xml)/;

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

/** The best encoding the client accepts among `offers`, in their order (brotli, then gzip); q=0 refusals are honoured. */
export function chooseEncoding<E extends string = 'br' | 'gzip'>(acceptEncoding: string | undefined, offers: readonly E[] = ['br', 'gzip'] as unknown as E[]): E | 'identity' {
  if (!acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  return offers.find((name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0) ?? 'identity';
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

function compressMax(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  return encoding === 'br'
    ? brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: MAX_LEVELS.brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipAsync(body, { level: MAX_LEVELS.gzipLevel });
}

/**
 * The entry's body in `encoding`, made on first demand at `level`. An entry asked for at 'max' that holds
 * only the dynamic form answers with it and has the smallest form made in the background.
 */
async function encoded(entry: CachedBody, encoding: Encoding, level: Level, onChange?: () => void): Promise<Buffer | undefined> {
  if (encoding === 'identity' || !entry.compressible) return undefined;
  const smallest = (entry.smallest ??= {});
  if (entry[encoding] === undefined) {
    const out = level === 'max' ? await compressMax(entry.body, encoding) : await compressDynamic(entry.body, encoding, KEPT_LEVELS);
    if (entry[encoding] === undefined) {
      entry[encoding] = out.length < entry.body.length ? out : null;
      if (level === 'max') smallest[encoding] = 'done';
      onChange?.();
    }
  } else if (level === 'max' && smallest[encoding] === undefined && entry[encoding] !== null) {
    smallest[encoding] = 'pending';
    compressMax(entry.body, encoding).then(
      (out) => {
        if (out.length < (entry[encoding]?.length ?? Infinity)) entry[encoding] = out;
        smallest[encoding] = 'done';
        onChange?.();
      },
      () => (smallest[encoding] = 'done'),
    );
  }
  return entry[encoding] ?? undefined;
}

export interface RequestValidators {
  method: string;
  acceptEncoding?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

/**
 * The response for a cached body: 304 when the client has it, else the body in the best encoding, compressed at
 * `level` if not yet (`onChange` is told when a compressed copy is added or replaced, for memory accounting).
 */
export async function respondCached(entry: CachedBody, req: RequestValidators, cacheControl: string, level: Level = 'max', onChange?: () => void): Promise<Response> {
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
  const compressed = await encoded(entry, encoding, level, onChange);
  const body = compressed ?? entry.body;
  if (compressed) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  return new Response(req.method === 'HEAD' ? null : new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), { status: 200, headers });
}
