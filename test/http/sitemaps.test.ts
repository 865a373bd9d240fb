/**
 * Sitemaps on the demo archive: robots.txt points to the index; the index
 * and every file validate against the sitemaps.org schemas (xmllint) and
 * are read by the `sitemap` package's parsers; files hold at most the
 * configured number of URLs; the URLs are exactly the published documents,
 * the collections and the browse pages, each with a lastmod, each a page
 * that answers 200; drafts and withdrawn documents never appear.
 */
import { Readable } from 'node:stream';
import { parseSitemap, parseSitemapIndex } from 'sitemap';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { authorityIndex, placeTree, type PlaceNode } from '../../src/services/browse.js';
import { listThemes } from '../../src/services/themes.js';
import { BASE, demoSite } from './demo-site.js';
import { schemaErrors, SCHEMAS } from './xml-schemas.js';

const MAX = 7;

describe('sitemaps', () => {
  let app: Hono<any>;
  let archive: Archive;
  let urls: { url: string; lastmod?: string }[];
  let files: string[];

  beforeAll(async () => {
    ({ app, archive } = await demoSite({ interfaces: { sitemapMaxUrls: MAX } }));
    const index = await (await app.request('/sitemap.xml')).text();
    expect(schemaErrors(index, SCHEMAS.sitemapIndex)).toEqual([]);
    files = (await parseSitemapIndex(Readable.from([index]))).map((f) => f.url);
    urls = [];
    for (const file of files) {
      expect(file.startsWith(`${BASE}/sitemaps/`)).toBe(true);
      const res = await app.request(file.slice(BASE.length));
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(schemaErrors(xml, SCHEMAS.sitemap), file).toEqual([]);
      const items = await parseSitemap(Readable.from([xml]));
      expect(items.length).toBeGreaterThan(0);
      expect(items.length).toBeLessThanOrEqual(MAX);
      urls.push(...items.map((i) => ({ url: i.url, lastmod: i.lastmod })));
    }
  });

  it('robots.txt keeps search out and names the sitemap index', async () => {
    const robots = await (await app.request('/robots.txt')).text();
    expect(robots).toContain('Disallow: /search\n');
    expect(robots).toContain(`Sitemap: ${BASE}/sitemap.xml`);
  });

  it('lists every published document once, and no draft or withdrawn one', async () => {
    const docs = urls.filter((u) => u.url.startsWith(`${BASE}/documents/`)).map((u) => decodeURIComponent(u.url.slice(`${BASE}/documents/`.length)));
    const published: string[] = [];
    for await (const d of archive.backend.store.scanDocuments({ status: 'published' })) published.push(d.id);
    expect(docs.sort()).toEqual(published.sort());
    for (const hidden of ['demo-0032', 'demo-0043', 'demo-0036']) expect(docs).not.toContain(hidden);
    expect(files.filter((f) => f.includes('/documents-')).length).toBe(Math.ceil(published.length / MAX));
  });

  it('counts published documents + collections + browse pages, every URL once with a lastmod', async () => {
    const stats = await archive.stats();
    const kinds = ['person', 'organization', 'subject', 'type', 'language'] as const;
    const authorityPages = (await Promise.all(kinds.map((k) => authorityIndex(archive, k)))).reduce((n, e) => n + e.length, 0);
    const countPlaces = (nodes: PlaceNode[]): number => nodes.reduce((n, p) => n + 1 + countPlaces(p.children), 0);
    const places = countPlaces(await placeTree(archive));
    const themes = (await listThemes(archive)).length;
    const decades = (await archive.backend.store.dateHistogram({ unit: 'decade' })).buckets.length;
    const years = (await archive.backend.store.dateHistogram({ unit: 'year' })).buckets.length;
    const indexes = 10; // home, collections, themes, places, dates, people, organizations, subjects, types, languages
    const browse = indexes + themes + authorityPages + places + decades + years;
    expect(urls.length).toBe(stats.published + stats.collections + browse);
    expect(new Set(urls.map((u) => u.url)).size).toBe(urls.length);
    expect(urls.filter((u) => u.url.startsWith(`${BASE}/collections/`)).length).toBe(stats.collections);
    for (const u of urls) expect(u.lastmod, u.url).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });

  it('every page it lists is a page of the site', async () => {
    for (const { url } of urls) {
      const res = await app.request(url.slice(BASE.length));
      expect(res.status, url).toBe(200);
    }
  });

  it('a sitemap file past the end, or a malformed name, is not found or a bad request', async () => {
    expect((await app.request('/sitemaps/documents-999.xml')).status).toBe(404);
    expect((await app.request('/sitemaps/other-1.xml')).status).toBe(400);
    expect((await app.request('/sitemaps/pages-0.xml')).status).toBe(400);
  });
});
