/**
 * The open interfaces other software reads: OAI-PMH for library
 * aggregators, sitemaps for search engines, Atom feeds for readers. Each
 * lives in its own module; this one mounts them on the site.
 * @module
 */
import type { Hono } from 'hono';
import type { Env, WebContext } from '../context.js';
import { registerFeeds } from './feeds/routes.js';
import { registerOaiPmh } from './oai-pmh/routes.js';
import { registerSitemaps } from './sitemaps/routes.js';

export interface OpenInterfaceOptions {
  /** Records per OAI-PMH response (default 200). */
  oaiPageSize?: number;
  /** The contact OAI-PMH's Identify names (DOSSIER_ADMIN_EMAIL). */
  adminEmail?: string;
  /** URLs per sitemap file (default and most the protocol allows: 50,000). */
  sitemapMaxUrls?: number;
}

export function registerOpenInterfaces(app: Hono<Env>, ctx: WebContext, options: OpenInterfaceOptions = {}): void {
  registerOaiPmh(app, ctx, { pageSize: options.oaiPageSize, adminEmail: options.adminEmail });
  registerSitemaps(app, ctx, { maxUrls: options.sitemapMaxUrls });
  registerFeeds(app, ctx);
}
