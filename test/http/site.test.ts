import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createWebApp } from '../../src/web/app.js';
import { smallArchive } from '../helpers.js';

let app: Hono<any>;
beforeAll(async () => {
  app = createWebApp(await smallArchive(), { log: 'silent', baseUrl: 'https://archive.example.org' });
});

async function get(path: string) {
  const res = await app.request(path);
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** Text of the page with tags removed and whitespace collapsed, for reading assertions. */
function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<\/?(?:span|a|mark|code|strong|em|abbr)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

describe('every page', () => {
  it.each(['/', '/collections', '/collections/test-cables', '/documents/t-001', '/search', '/search?q=fishing'])(
    '%s is a complete HTML document with a skip link, landmarks and a search box',
    async (path) => {
      const { status, html, headers } = await get(path);
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(/^text\/html/);
      expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
      expect(html).toContain('<a class="skip-link" href="#main">Skip to content</a>');
      expect(html).toContain('<main id="main"');
      expect(html).toMatch(/<form class="site-search" role="search" aria-label="Site" action="\/search"/);
      // Scripts only enhance: the site's own files and JSON-LD data, never inline code.
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
        expect(tag).toMatch(/^<script (?:src="\/assets\/[\w.-]+\?v=\w+" defer=""|type="application\/ld\+json")>$/);
      }
      expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    },
  );
});

describe('home page', () => {
  it('shows the archive name, a search box, collections and recently added documents', async () => {
    const { html } = await get('/');
    const t = text(html);
    expect(t).toContain('Dossier');
    expect(html).toContain('id="home-q"');
    expect(t).toMatch(/Search 4 documents/);
    expect(html).toContain('href="/collections/test-cables"');
    expect(t).toMatch(/Recently added/);
    expect(t).toContain('Cable on the fishing agreement');
    expect(t).not.toContain('Secret draft never to be seen');
  });
});

describe('collection page', () => {
  it('has a "Search in" box scoped to the collection, a placeholder image, the sanitized description and its documents in date order, undated last', async () => {
    const { html } = await get('/collections/test-cables');
    expect(html).toMatch(/<label for="scoped-q">Search in<\/label><select name="collection"[^>]*><option value="test-cables" selected="">This collection<\/option><option value="">The whole archive<\/option>/);
    expect(html).toContain('class="collection-header__placeholder"');
    expect(html).toContain('<p>Cables written for the tests. </p>');
    expect(html).not.toContain('alert(1)');
    const titles = [...html.matchAll(/<h3 class="doc-item__title"><a href="([^"]+)">/g)].map((m) => m[1]);
    expect(titles).toEqual(['/documents/t-004', '/documents/t-001', '/documents/t-003']);
    const dates = [...html.matchAll(/<p class="doc-item__date">([^<]+)<\/p>/g)].map((m) => m[1]);
    expect(dates).toEqual(['1955', 'March 25, 1984', 'Undated']);
    expect(html).toContain('href="/collections/test-sub"'); // its section
    expect(text(html)).toContain('Test Subsection (1 document)');
  });

  it('paginates and rejects a page that does not exist or is not a number', async () => {
    expect((await get('/collections/test-cables?page=2')).status).toBe(400);
    const bad = await get('/collections/test-cables?page=abc');
    expect(bad.status).toBe(400);
    expect(text(bad.html)).toMatch(/page: .*number/i);
  });

  it('answers 404 for an unknown collection', async () => {
    const { status, html } = await get('/collections/nope');
    expect(status).toBe(404);
    expect(text(html)).toContain('We could not find collection “nope”');
  });
});

describe('document page', () => {
  it('shows date, title, funder credit, translation with cable header, original with its lang, summary and document information', async () => {
    const { html } = await get('/documents/t-001');
    const t = text(html);
    expect(html).toContain('<p class="document__date">March 25, 1984</p>');
    expect(html).toContain('<h1 id="doc-title">Cable on the fishing agreement</h1>');
    expect(t).toContain('This document was made possible with support from Test Fund (fictional).');
    expect(t).toMatch(/Sample This is a fictional sample document/);
    expect(t).toContain('Sent March 25, 1984, 19:45 (Asia/Shanghai, UTC+08:00)');
    expect(t).toContain('Received March 25, 1984, 21:10 (Asia/Tokyo, UTC+09:00)');
    expect(html).toContain('[<span class="editorial" title="Added by the translator or editor">Andrei</span>] Gromyko');
    expect(html).toContain('<ol><li>Fishing quotas near Port Arthur were discussed.</li></ol>');
    expect(html).toContain('(Note: <span class="note" title="Note by the translator or editor">the figures were later revised</span>)');
    expect(html).toMatch(/<div class="rich-text" lang="ja" dir="ltr"><p>一、代表団は/);
    for (const field of [
      'Source Archive of the Ministry of Example Affairs, File 01-234 (fictional).',
      'Repository Archive of the Ministry of Example Affairs (fictional)',
      'Obtained by B. Researcher',
      'Translated by A. Translator',
      'Type Cable',
      'Classification Secret, Urgent',
      'Original language Japanese',
      'Added to this archive May 1, 2025',
      'Record ID t-001',
      'Funders Test Fund (fictional)',
      'Stable link https://archive.example.org/documents/t-001',
    ]) {
      expect(t).toContain(field);
    }
    expect(html).toContain('For permission to reuse, contact the test archive at <a href="mailto:rights@example.org">rights@example.org</a>');
    expect(html).toContain('<link rel="canonical" href="https://archive.example.org/documents/t-001"/>');
    expect(html).toContain('href="/collections/test-cables"');
    expect(html).toContain('href="/documents/t-002"'); // related
  });

  it('removes scripts and event handlers from translations', async () => {
    const { html } = await get('/documents/t-001');
    expect(html).not.toMatch(/onclick|evil\(\)|alert\(/);
  });

  it('lists a document as related from the other side too', async () => {
    const { html } = await get('/documents/t-002');
    expect(html).toContain('href="/documents/t-001"');
  });

  it('shows an undated document as undated and a document without text honestly', async () => {
    const { html } = await get('/documents/t-003');
    expect(html).toContain('<p class="document__date">Undated</p>');
    expect(text(html)).toContain('its text is not published here');
  });

  it('never shows a draft, and shows a tombstone for a withdrawn document', async () => {
    const draft = await get('/documents/t-draft');
    expect(draft.status).toBe(404);
    expect(draft.html).not.toContain('Secret draft');
    const withdrawn = await get('/documents/t-withdrawn');
    expect(withdrawn.status).toBe(410);
    expect(text(withdrawn.html)).toContain('Rights holder asked us to remove it.');
  });

  it('answers a friendly 404 for an unknown record id, with no internals', async () => {
    const { status, html } = await get('/documents/no-such-id');
    expect(status).toBe(404);
    expect(text(html)).toContain('We could not find document “no-such-id”');
    expect(html).not.toMatch(/at \w+ \(|node_modules|Error:/);
  });

  it('redirects a slug link to the stable record URL', async () => {
    const res = await app.request('/d/cable-on-the-fishing-agreement');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/documents/t-001');
  });
});

describe('search page', () => {
  it('finds by words, highlights them, counts results and keeps drafts out', async () => {
    const { html } = await get('/search?q=fishing');
    expect(text(html)).toContain('2 documents');
    expect(html).toContain('<mark>Fishing</mark>');
    expect((await get('/search?q=submarines')).html).toContain('No documents match.');
  });

  it('finds Chinese and Japanese words inside sentences and folds accents', async () => {
    expect(text((await get('/search?q=' + encodeURIComponent('正常化'))).html)).toContain('1 document');
    expect(text((await get('/search?q=Lushun')).html)).toContain('1 document');
  });

  it('filters by collection (with its sections) and by date range, and sorts by date', async () => {
    const inCollection = text((await get('/search?q=fishing&collection=test-cables')).html);
    expect(inCollection).toContain('2 documents in “Test Cables”');
    expect(text((await get('/search?q=quotas&collection=test-sub')).html)).toContain('1 document in “Test Subsection”');
    const dated = await get('/search?collection=test-cables&from=1980&to=1985&sort=date');
    const ids = [...dated.html.matchAll(/<h2 class="doc-item__title"><a href="\/documents\/([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['t-001', 't-002']);
    const yearOnly = await get('/search?from=1955-06&to=1955-06');
    expect(yearOnly.html).toContain('href="/documents/t-004"'); // "1955" overlaps June 1955
  });

  it('survives hostile and absurd queries with a page, never a 500', async () => {
    const hostile = [
      '"unclosed', '((((((', ')))', 'OR', 'AND OR NOT', '-', '*', '"" "" ""', 'title:', 'NEAR(a b)', 'a:b:c', '\\', "'; DROP TABLE documents; --",
      '<script>alert(1)</script>', 'x'.repeat(5000), '🙂'.repeat(100), 'col:"', '{title}: x', '^x', 'a'.repeat(300) + '*',
    ];
    for (const q of hostile) {
      const { status, html } = await get(`/search?q=${encodeURIComponent(q)}`);
      expect(status, q.slice(0, 30)).toBe(200);
      expect(html).not.toContain('<script>alert(1)</script>');
    }
  });

  it('rejects invalid parameters with a clear message', async () => {
    const bad = await get('/search?q=x&from=last+year&page=0');
    expect(bad.status).toBe(400);
    expect(text(bad.html)).toContain('from: a date bound is YYYY, YYYY-MM or YYYY-MM-DD');
    expect(text(bad.html)).toMatch(/page: /);
  });

  it('tells the visitor how it read a query it had to fix', async () => {
    const { html } = await get('/search?q=%22fishing');
    expect(text(html)).toContain('An unmatched quotation mark was closed at the end of the query.');
  });
});

describe('assets and errors', () => {
  it('serves the stylesheet with a long cache for versioned URLs', async () => {
    const page = await get('/');
    const href = /href="(\/assets\/site\.css\?v=[^"]+)"/.exec(page.html)![1]!;
    const res = await app.request(href);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('.doc-item');
  });

  it('answers 404 with a page for unknown paths', async () => {
    const { status, html } = await get('/no/such/page');
    expect(status).toBe(404);
    expect(html).toContain('Page not found');
  });
});
