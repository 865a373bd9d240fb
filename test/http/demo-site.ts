/**
 * The demo archive behind the web app, for HTTP tests through `app.request()`
 * (no server), with helpers to read pages.
 * @module
 */
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp, type WebOptions } from '../../src/web/app.js';
import { openTestArchive } from '../helpers.js';

export const BASE = 'https://archive.example.org';

export async function demoSite(options: WebOptions = {}): Promise<{ archive: Archive; app: Hono<any> }> {
  const archive = await openTestArchive({ demo: true });
  return { archive, app: createWebApp(archive, { log: 'silent', baseUrl: BASE, ...options }) };
}

/** Text of a page with tags removed and whitespace collapsed, for reading assertions. */
export function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<\/?(?:span|a|mark|code|strong|em|abbr|i|b|time)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Every internal link of a page (paths with their queries), in order. */
export function links(html: string): string[] {
  return [...html.matchAll(/href="(\/[^"#]*)/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** Links to documents, as record ids, in page order. */
export function documentLinks(html: string): string[] {
  return [...html.matchAll(/<h[23] class="doc-item__title"><a href="\/documents\/([^"?#]+)"/g)].map((m) => decodeURIComponent(m[1]!));
}
