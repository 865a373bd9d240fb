/**
 * A rate limit that every web process serving one archive applies together:
 * requests are counted per key in fixed windows (from a key's first
 * request, as in memory) in the archive's database
 * (EditorStore.countRequest, one statement per request), so N processes
 * behind a load balancer allow a visitor the limit once, not N times. For
 * PostgreSQL, where several processes are the point; one process on the
 * embedded file counts in memory instead (web/http-hygiene.ts), since a
 * write per search there would queue behind an import's transaction.
 * @module
 */
import type { Archive } from './archive.js';

export interface RequestLimit {
  /** Requests a key may make in one window. */
  requests: number;
  windowMs: number;
}

export class SharedRateLimit {
  #prunedAt = 0;

  constructor(
    private readonly archive: Archive,
    readonly limit: RequestLimit,
  ) {}

  /** Counts a request; 0 when allowed, else the milliseconds until the key may try again. */
  async take(key: string, now: number): Promise<number> {
    const { editors } = this.archive.backend;
    const { requests, windowMs } = this.limit;
    if (now - this.#prunedAt > windowMs) {
      this.#prunedAt = now;
      void editors.pruneRequestCounts(now - windowMs).catch(() => {});
    }
    // A limiter that cannot count lets the request through: the search that follows reports a database that is down.
    const counted = await editors.countRequest(key, now, windowMs).catch(() => undefined);
    return counted && counted.count > requests ? Math.max(1, counted.started + windowMs - now) : 0;
  }
}
