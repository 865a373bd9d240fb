/**
 * Protective middleware in front of every route: 405 with `Allow` when the
 * path exists but not for that method, one request-body ceiling, and a
 * per-address rate limit on search (the one public route whose cost a
 * visitor controls). The limiter is in memory, per process, unless one
 * shared by every process is given (services/rate-limits.ts, on PostgreSQL).
 * It keys on the socket's address, or with `trustProxy` the address the
 * proxy appended to X-Forwarded-For (never one a client wrote), and leaves
 * the local host alone: behind a reverse proxy on the same machine that does
 * not forward addresses, the proxy does the limiting (deploy/haproxy.cfg).
 * @module
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { Env } from './context.js';
import { describeError, type ErrorPage } from './errors.js';

/** Largest request body any public route accepts; OAI-PMH's form (64 KiB) is the only body today. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface RateLimit {
  /** Requests an address may make in one window. */
  requests: number;
  windowMs: number;
}

export const SEARCH_RATE_LIMIT: RateLimit = { requests: 60, windowMs: 60_000 };

type Render = (c: Context<Env>, e: ErrorPage) => Promise<Response>;

/** Counts a request for a key: 0 when allowed, else the milliseconds to wait. */
export interface Limiter {
  take(key: string, now: number): number | Promise<number>;
}

export interface ProtectOptions {
  limit?: RateLimit;
  /** The search limiter; one in memory for `limit` unless given. */
  limiter?: Limiter;
  trustProxy?: boolean;
}

export function protect(app: Hono<Env>, render: Render, options: ProtectOptions = {}): void {
  const limit = options.limit ?? SEARCH_RATE_LIMIT;
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: async (c, methods) => {
        c.header('Allow', methods.join(', '));
        return render(c as Context<Env>, describeError(new HTTPException(405)));
      },
    }),
  );
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new HTTPException(413);
    },
  });
  // The editors' workspace and the write API take scans and whole documents: they set their own (larger) limits.
  // No route reads the body of a GET or HEAD, so theirs is not looked at: asking a request served by
  // @hono/node-server for its body builds a full web Request (undici's, with an AbortController) on every page.
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' || /^\/(?:admin|api\/v1)(?:\/|$)/.test(c.req.path) ? next() : limitBody(c, next)));
  const limiter = options.limiter ?? new FixedWindowLimiter(limit);
  app.use('/search', async (c, next) => {
    const address = options.trustProxy ? (forwardedAddress(c) ?? remoteAddress(c)) : remoteAddress(c);
    // Without a socket (in-process requests) there is no visitor to tell apart; the local host is a
    // reverse proxy (which would otherwise put every visitor in one bucket) or a benchmark.
    if (address && !LOCAL_HOST.has(address)) {
      const wait = await limiter.take(`search:${address}`, Date.now());
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        return render(c, describeError(new HTTPException(429)));
      }
    }
    await next();
  });
}

/** The usual addresses of a same-host reverse proxy; the rest of 127.0.0.0/8 is counted like any client. */
const LOCAL_HOST = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The peer's address as @hono/node-server reports it; proxies' forwarding headers are not trusted. */
function remoteAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/** The address a trusted proxy appended (the last hop of X-Forwarded-For); anything before it the client wrote. */
function forwardedAddress(c: Context): string | undefined {
  const hops = c.req.header('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean);
  return hops?.length ? hops[hops.length - 1]!.slice(0, 64) : undefined;
}

/** Counts requests per key in fixed windows; forgets keys whose window has passed so memory stays bounded by active addresses. */
export class FixedWindowLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  #lastSweep = 0;

  constructor(readonly limit: RateLimit) {}

  /** Records a request; returns 0 when allowed, else the milliseconds until the key may try again. */
  take(key: string, now: number): number {
    if (now - this.#lastSweep > this.limit.windowMs) {
      for (const [k, w] of this.#windows) if (now - w.start >= this.limit.windowMs) this.#windows.delete(k);
      this.#lastSweep = now;
    }
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.limit.windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.limit.requests) return window.start + this.limit.windowMs - now;
    window.count++;
    return 0;
  }

  get size(): number {
    return this.#windows.size;
  }
}
