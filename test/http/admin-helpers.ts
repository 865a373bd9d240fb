/**
 * The web app over a real archive with editors' accounts, and a small
 * browser-like client for `app.request()`: it keeps cookies, signs in through
 * the real form, and reads the CSRF token from the pages it gets.
 * @module
 */
import type { Hono } from 'hono';
import { CLI_ACTOR } from '../../src/services/access.js';
import { Accounts } from '../../src/services/accounts.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp, type WebOptions } from '../../src/web/app.js';
import { openTestArchive } from '../helpers.js';

export const PASSWORD = 'correct horse battery staple';
export const ROLE_USERS = {
  admin: 'admin@example.org',
  editor: 'editor@example.org',
  reviewer: 'reviewer@example.org',
  translator: 'translator@example.org',
  viewer: 'viewer@example.org',
} as const;

export async function editorsSite(options: WebOptions & { file?: boolean; demo?: boolean } = {}): Promise<{ archive: Archive; app: Hono<any> }> {
  const archive = await openTestArchive({ file: options.file, demo: options.demo !== false });
  const accounts = new Accounts(archive);
  for (const [role, email] of Object.entries(ROLE_USERS)) await accounts.add(CLI_ACTOR, { email, role, password: PASSWORD });
  return { archive, app: createWebApp(archive, { log: 'silent', cache: true, ...options }) };
}

export class Client {
  readonly cookies = new Map<string, string>();
  csrf = '';
  constructor(
    readonly app: Hono<any>,
    readonly origin = 'http://localhost',
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has('cookie')) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(`${this.origin}${path}`, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  async get(path: string): Promise<{ res: Response; html: string }> {
    const res = await this.request(path);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1]!;
    return { res, html };
  }

  /** A form POST; `_csrf` is the last token seen unless the fields give one. */
  async post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<{ res: Response; html: string }> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1]!;
    return { res, html };
  }

  /** Signs in through the form and reads the session's CSRF token. */
  async signIn(email: string, password = PASSWORD): Promise<Response> {
    await this.get('/admin/login');
    const { res } = await this.post('/admin/login', { email, password });
    if (res.status === 303) await this.get('/admin/account');
    return res;
  }

  sessionCookie(): string | undefined {
    return this.cookies.get('dossier-session') ?? this.cookies.get('__Host-dossier-session');
  }
}

/** What a browser would send for the first POST form of a page: inputs, checked boxes, textareas, selected options. */
export function formValues(html: string): Record<string, string> {
  const start = html.indexOf('<form method="post" action="/admin/edit');
  const form = html.slice(start >= 0 ? start : 0);
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name || /type="submit"/.test(attrs)) continue;
    if (/type="checkbox"/.test(attrs)) {
      if (/\bchecked\b/.test(attrs)) out[name] = 'on';
      continue;
    }
    out[name] = decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]!] = decode(m[2]!);
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    out[m[1]!] = decode(/<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? '');
  }
  delete out._csrf;
  return out;
}
