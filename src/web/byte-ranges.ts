/**
 * Range requests on media (RFC 9110 §14): one byte range answered with 206
 * and its `Content-Range`, a range wholly past the end with 416, anything
 * else (several ranges, a malformed header, a stale `If-Range`) with the
 * whole file — a server may always ignore Range, and serving whole is safer
 * than parsing multipart ranges nobody viewing scans needs.
 * @module
 */
import { respondCached, type CachedBody, type RequestValidators } from './http-cache.js';

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** The one range `header` asks of a body of `size` bytes (end inclusive), 'unsatisfiable', or undefined to serve it whole. */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

export interface RangeRequest extends RequestValidators {
  range?: string;
  ifRange?: string;
}

/** A media file's response: 206 or 416 for a range, else {@link respondCached} (304 or the whole body), always advertising ranges. */
export async function respondMedia(entry: CachedBody, req: RangeRequest, cacheControl: string): Promise<Response> {
  // If-Range: only a strong match may narrow the answer; our ETags are weak, so a date must match exactly.
  const fresh = req.ifRange === undefined || req.ifRange === entry.lastModified;
  const range = req.method === 'GET' && fresh ? parseRange(req.range, entry.body.length) : undefined;
  const common = { ...entry.headers, etag: entry.etag, 'last-modified': entry.lastModified, 'cache-control': cacheControl, 'accept-ranges': 'bytes' };
  if (range === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...common, 'content-range': `bytes */${entry.body.length}` } });
  }
  if (range) {
    const part = entry.body.subarray(range.start, range.end + 1);
    return new Response(new Uint8Array(part.buffer as ArrayBuffer, part.byteOffset, part.length), {
      status: 206,
      headers: { ...common, 'content-range': `bytes ${range.start}-${range.end}/${entry.body.length}`, 'content-length': String(part.length) },
    });
  }
  const whole = await respondCached(entry, req, cacheControl);
  whole.headers.set('accept-ranges', 'bytes');
  return whole;
}
