/**
 * Media answered from a MediaStorage (an S3 bucket) as a stream: the same
 * rules as the files read from disk (byte-ranges.ts) — 304 for a client that
 * holds the file, 206 for one byte range, 416 for a range past the end, the
 * whole file otherwise — without holding the file in memory. The size and
 * validators come from the storage's `stat` (a HEAD on S3), the bytes from a
 * second, ranged read; stored files are never overwritten, so the two agree.
 * @module
 */
import { extname } from 'node:path';
import type { MediaStorage, StoredMedia } from '../services/media-storage.js';
import { parseRange, type RangeRequest } from './byte-ranges.js';
import { CONTENT_TYPES } from './static-files.js';

/** The response for `path` in `storage`, or undefined when it holds no such file (or not one the site serves). */
export async function respondStoredMedia(storage: MediaStorage, path: string, req: RangeRequest, cacheControl: string): Promise<Response | undefined> {
  const type = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!type) return undefined;
  const info = await storage.stat(path);
  if (!info) return undefined;
  const lastModified = info.lastModified.toUTCString();
  const validators = { etag: info.etag, 'last-modified': lastModified, 'cache-control': cacheControl };
  if (notModified(info, req)) return new Response(null, { status: 304, headers: validators });
  const common = { ...validators, 'content-type': type, 'accept-ranges': 'bytes' };
  // If-Range narrows the answer only on a strong match: the exact date, or a strong ETag (S3's are).
  const fresh = req.ifRange === undefined || req.ifRange === lastModified || (!info.etag.startsWith('W/') && req.ifRange === info.etag);
  const range = req.method === 'GET' && fresh ? parseRange(req.range, info.size) : undefined;
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...common, 'content-range': `bytes */${info.size}` } });
  if (req.method === 'HEAD') return new Response(null, { status: 200, headers: { ...common, 'content-length': String(info.size) } });
  if (range) {
    const body = await storage.read(path, range);
    return new Response(body, { status: 206, headers: { ...common, 'content-range': `bytes ${range.start}-${range.end}/${info.size}`, 'content-length': String(range.end - range.start + 1) } });
  }
  return new Response(await storage.read(path), { status: 200, headers: { ...common, 'content-length': String(info.size) } });
}

/** RFC 9110 13.1.2–3: If-None-Match by weak comparison (and then If-Modified-Since is ignored), else the date. */
function notModified(info: StoredMedia, req: RangeRequest): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  if (req.ifNoneMatch !== undefined) return req.ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(info.etag));
  if (req.ifModifiedSince === undefined) return false;
  const since = Date.parse(req.ifModifiedSince);
  return !Number.isNaN(since) && info.lastModified.getTime() <= since;
}
