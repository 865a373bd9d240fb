/**
 * The rendered-page cache. A page is rendered once per version of the
 * archive and kept, compressed on demand, until anything in the archive
 * changes: entries are keyed by the archive's change marker (Store
 * `changeMarker`), which is polled at most once per `checkEveryMs`, so an
 * import by another process shows within that time and no page is ever
 * served from an older version of the archive for longer. Citations carry an
 * access date, so the key also holds the UTC day.
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ChangeMarker } from '../backends/store.js';
import { BoundedMap } from '../domain/bounded-map.js';
import { MarkerPoll } from './marker-poll.js';
import { cachedSize, makeCachedBody, respondCached, type CachedBody } from './http-cache.js';
import { responseBytes } from './rendered-body.js';
import { setResponseHeader } from './context.js';

export interface PageCacheOptions {
  /** Upper bound of memory held by pages (bodies plus compressed copies). */
  maxBytes?: number;
  /** How often the archive is asked whether it changed. */
  checkEveryMs?: number;
  /** Never cache a page larger than this. */
  maxPageBytes?: number;
}

const PAGE_CACHE_CONTROL = 'public, no-cache';
const CACHEABLE = /^(?:text\/|application\/(?:json|ld\+json|x-|vnd\.citationstyles))/;

export class PageCache {
  /** Least recently used first past `maxBytes` (bounded-map.ts). */
  readonly #entries: BoundedMap<string, CachedBody>;
  readonly #poll: MarkerPoll;
  readonly #startedAt = Date.now();
  readonly #options: Required<PageCacheOptions>;

  constructor(
    readMarker: () => Promise<ChangeMarker>,
    options: PageCacheOptions = {},
  ) {
    this.#options = { maxBytes: 256 * 1024 * 1024, checkEveryMs: 1000, maxPageBytes: 4 * 1024 * 1024, ...options };
    this.#entries = new BoundedMap({ maxSize: this.#options.maxBytes });
    this.#poll = new MarkerPoll(readMarker, this.#options.checkEveryMs, (m, previous) => {
      if (m.marker !== previous?.marker) this.clear();
    });
  }

  /** Re-read the marker at the next request (another process changed the archive). */
  invalidate(): void {
    this.#poll.invalidate();
  }

  /** The archive's marker, refreshed when older than `checkEveryMs`; concurrent callers share one read. */
  async marker(): Promise<ChangeMarker> {
    return this.#poll.get();
  }

  /** When pages last changed: the archive's last recorded change, or this process's start (new code renders anew). */
  lastModified(marker: ChangeMarker): number {
    const changed = marker.changedAt ? Date.parse(marker.changedAt) : 0;
    return Math.max(Number.isNaN(changed) ? 0 : changed, this.#startedAt);
  }

  get(key: string): CachedBody | undefined {
    return this.#entries.get(key);
  }

  set(key: string, entry: CachedBody): void {
    if (entry.body.length > this.#options.maxPageBytes) return;
    this.#entries.set(key, entry, cachedSize(entry));
  }

  /** Compressed copies are made after `set`; account for them when they appear (if the entry is still held). */
  account(key: string, entry: CachedBody): void {
    if (this.#entries.peek(key) !== entry) return;
    this.#entries.resize(key, cachedSize(entry));
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): { pages: number; bytes: number } {
    return { pages: this.#entries.count, bytes: this.#entries.totalSize };
  }
}

/**
 * Middleware: answers GET and HEAD from the cache, or lets the route render and keeps a 200 HTML or
 * text answer. Routes opt out with `Cache-Control: no-store` or `private` (e.g. anything that depends
 * on cookies). A request carrying credentials (`private(c)`: a session cookie, a token) is never
 * answered from the cache nor stored, and neither is a response that sets a cookie: the cache is for
 * public pages only.
 */
export function pageCache(cache: PageCache, options: { keyHost: boolean; private?: (c: Context) => boolean }): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (c.req.header('authorization') !== undefined || options.private?.(c)) return next();
    const marker = await cache.marker();
    const url = new URL(c.req.url);
    const day = new Date().toISOString().slice(0, 10);
    const key = `${options.keyHost ? url.host : ''}${url.pathname}${url.search}|${marker.marker}|${day}`;
    const req = {
      method: c.req.method,
      acceptEncoding: c.req.header('accept-encoding'),
      ifNoneMatch: c.req.header('if-none-match'),
      ifModifiedSince: c.req.header('if-modified-since'),
    };
    const hit = cache.get(key);
    if (hit) {
      // Asked for again: worth its smallest encoding (made in the background; this answer uses what is there).
      const res = await respondCached(hit, req, PAGE_CACHE_CONTROL, 'max', () => cache.account(key, hit));
      c.res = res;
      setResponseHeader(c, 'X-Cache', 'hit');
      return;
    }
    await next();
    const res = c.res;
    const type = res.headers.get('content-type') ?? '';
    const own = res.headers.has('etag') || res.headers.has('content-encoding'); // static files validate themselves
    const control = res.headers.get('cache-control') ?? '';
    if (res.status !== 200 || own || /no-store|private/.test(control) || res.headers.has('set-cookie') || !CACHEABLE.test(type)) return;
    const body = await responseBytes(res);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-disposition', 'link']) {
      const v = res.headers.get(name);
      if (v) headers[name] = v;
    }
    const entry = makeCachedBody(body, headers, cache.lastModified(marker));
    cache.set(key, entry);
    c.res = undefined as unknown as Response; // Hono merges headers from the old response otherwise
    // First rendering: the visitor waits, so the dynamic level (compress.ts).
    c.res = await respondCached(entry, req, PAGE_CACHE_CONTROL, 'dynamic', () => cache.account(key, entry));
    setResponseHeader(c, 'X-Cache', 'miss');
  };
}
