/**
 * Sitemaps (sitemaps.org protocol 0.9): `/sitemap.xml` is an index of
 * files of at most 50,000 URLs each, `/sitemaps/pages-N.xml` (home, browse
 * and collection pages) and `/sitemaps/documents-N.xml` (every published
 * document, in the order the archive changed them). Each URL carries a
 * lastmod: a document's own change time, a collection's, and for browse
 * pages the archive's last change (they list whatever changed). robots.txt
 * points here.
 * @module
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../../../domain/errors.js';
import type { Archive } from '../../../services/archive.js';
import { parseQuery, type Env, type WebContext } from '../../context.js';
import { countHarvest, publishedStamps } from '../../../services/harvest.js';
import { sitePages, type SitePage } from '../../../services/site-pages.js';
import { AUTHORITY_SECTIONS, authorityPath, collectionPath, datePath, documentPath, themePath } from '../../urls.js';
import { element, XML_DECLARATION } from '../xml.js';

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
/** The protocol's limit per file. */
export const SITEMAP_MAX_URLS = 50_000;

const fileParam = z.object({ kind: z.enum(['pages', 'documents']), n: z.coerce.number().int().min(1).max(100_000) });

export function registerSitemaps(app: Hono<Env>, ctx: WebContext, options: { maxUrls?: number } = {}): void {
  const max = options.maxUrls ?? SITEMAP_MAX_URLS;
  const { archive } = ctx;

  app.get('/sitemap.xml', async (c) => {
    const origin = ctx.origin(c);
    const [pages, published, marker] = await Promise.all([sitePages(archive), countPublished(archive), archive.changeMarker()]);
    const files: string[] = [];
    for (let n = 1; n <= Math.max(1, Math.ceil(pages.length / max)); n++) files.push(sitemapEntry(`${origin}/sitemaps/pages-${n}.xml`, marker.changedAt));
    for (let n = 1; n <= Math.ceil(published / max); n++) {
      const [newest] = await publishedStamps(archive, 1, Math.min(n * max, published) - 1);
      files.push(sitemapEntry(`${origin}/sitemaps/documents-${n}.xml`, newest?.changedAt));
    }
    return xml(c, `${XML_DECLARATION}<sitemapindex xmlns="${NS}">\n${files.join('\n')}\n</sitemapindex>\n`);
  });

  app.get('/sitemaps/:file{[a-z]+-[0-9]+\\.xml}', async (c) => {
    const [kind, n] = c.req.param('file').replace(/\.xml$/, '').split('-');
    const file = parseQuery(fileParam, { kind: kind!, n: n! });
    const origin = ctx.origin(c);
    let urls: string[];
    if (file.kind === 'pages') {
      const [pages, marker] = await Promise.all([sitePages(archive), archive.changeMarker()]);
      urls = pages.slice((file.n - 1) * max, file.n * max).map((p) => urlEntry(`${origin}${pathOf(p)}`, (p.kind === 'collection' ? p.updatedAt : undefined) ?? marker.changedAt));
    } else {
      const stamps = await publishedStamps(archive, max, (file.n - 1) * max);
      urls = stamps.map((s) => urlEntry(`${origin}${documentPath(s.id)}`, s.changedAt));
    }
    // A sitemap needs at least one URL; page 1 of an empty list is the one honest exception, and it is not listed.
    if (urls.length === 0) throw new NotFoundError('Sitemap', c.req.param('file'));
    return xml(c, `${XML_DECLARATION}<urlset xmlns="${NS}">\n${urls.join('\n')}\n</urlset>\n`);
  });
}

function countPublished(archive: Archive): Promise<number> {
  return countHarvest(archive, { withDeleted: false });
}

/** Where each page the site-pages service names lives. */
function pathOf(page: SitePage): string {
  switch (page.kind) {
    case 'index':
      return page.section === 'home' ? '/' : page.section === 'collections' || page.section === 'themes' || page.section === 'dates' ? `/${page.section}` : `/${AUTHORITY_SECTIONS[page.section]}`;
    case 'collection':
      return collectionPath(page.id);
    case 'theme':
      return themePath(page.slug);
    case 'authority':
      return authorityPath(page.authority, page.id);
    case 'date':
      return datePath(page.span);
  }
}

const w3cDate = (iso: string | undefined) => (iso ? `${new Date(iso).toISOString().slice(0, 19)}Z` : undefined);

function sitemapEntry(loc: string, lastmod: string | undefined): string {
  return `<sitemap>${element('loc', loc)}${element('lastmod', w3cDate(lastmod))}</sitemap>`;
}

function urlEntry(loc: string, lastmod: string | undefined): string {
  return `<url>${element('loc', loc)}${element('lastmod', w3cDate(lastmod))}</url>`;
}

function xml(c: Context, body: string): Response {
  c.header('Content-Type', 'application/xml; charset=utf-8');
  // Crawlers come daily at most; an hour keeps a busy crawler from recomputing the list on every fetch.
  c.header('Cache-Control', 'public, max-age=3600');
  return c.body(body);
}
