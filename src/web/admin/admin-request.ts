/**
 * What the editors' side needs to know about a request: the client's
 * address (from the socket, or from the proxy's X-Forwarded-For when the
 * archive is told it runs behind one), whether it came over HTTPS (so the
 * session cookie is marked Secure), whether a POST came from this site at
 * all, and the session cookie itself.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export interface RequestPolicy {
  /** The public address, e.g. https://archive.example.org; an https one makes cookies Secure. */
  baseUrl?: string;
  /** Believe X-Forwarded-For and X-Forwarded-Proto (only behind a proxy that sets them). */
  trustProxy?: boolean;
}

export function clientAddress(c: Context, policy: RequestPolicy): string {
  if (policy.trustProxy) {
    // The proxy appends the address it saw; anything before it was written by the client.
    const hops = c.req.header('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean);
    if (hops && hops.length > 0) return hops[hops.length - 1]!.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // a request made in-process (tests), with no socket
  }
}

export function isHttps(c: Context, policy: RequestPolicy): boolean {
  if (policy.baseUrl?.startsWith('https:')) return true;
  if (policy.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/**
 * False when the browser says the request came from another site (Sec-Fetch-Site, or an Origin
 * that is not ours). A forged form gets a flat refusal, never the page that offers to send it again.
 */
export function isSameOrigin(c: Context, policy: RequestPolicy): boolean {
  // Fetch metadata, where the browser sends it, is the most reliable word on where a request came from.
  const site = c.req.header('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = c.req.header('origin');
  if (!origin) return true;
  if (origin === 'null') return false;
  const own = new Set([new URL(c.req.url).origin]);
  if (policy.baseUrl) own.add(new URL(policy.baseUrl).origin);
  const host = c.req.header('host');
  if (host) own.add(`${isHttps(c, policy) ? 'https' : 'http'}://${host}`);
  return own.has(origin);
}

/** `__Host-` makes the browser refuse the cookie unless Secure, host-only and Path=/, so no other site or subdomain can plant one. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-dossier-session' : 'dossier-session';
}

export function readSessionCookie(c: Context, policy: RequestPolicy): string | undefined {
  return getCookie(c, sessionCookieName(isHttps(c, policy)));
}

export function writeSessionCookie(c: Context, policy: RequestPolicy, id: string, maxAgeSeconds: number): void {
  const secure = isHttps(c, policy);
  setCookie(c, sessionCookieName(secure), id, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(c: Context, policy: RequestPolicy): void {
  const secure = isHttps(c, policy);
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}

/** The pre-sign-in CSRF cookie (double submit): the sign-in form carries the same value. */
export const LOGIN_CSRF_COOKIE = 'dossier-signin';

/** The sign-in form's token: the value of the pre-sign-in cookie, set now if the browser has none. */
export function issueLoginCsrf(c: Context, policy: RequestPolicy): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  if (existing && /^[\w-]{20,64}$/.test(existing)) return existing;
  const value = randomBytes(24).toString('base64url');
  setCookie(c, LOGIN_CSRF_COOKIE, value, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c, policy), path: '/admin' });
  return value;
}

/** True when a request carries an editor's session cookie or a token: such requests never touch the page cache. */
export function carriesCredentials(c: Context): boolean {
  if (c.req.header('authorization') !== undefined) return true;
  const cookies = c.req.header('cookie') ?? '';
  return /(?:^|;\s*)(?:__Host-)?dossier-session=/.test(cookies);
}
