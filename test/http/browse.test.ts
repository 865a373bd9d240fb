import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Document } from '../../src/domain/document.js';
import { parsePartialDate } from '../../src/domain/partial-date.js';
import type { Archive } from '../../src/services/archive.js';
import { demoSite, documentLinks, links, text } from './demo-site.js';

let app: Hono<any>;
let archive: Archive;
let all: Document[];
let published: Document[];

beforeAll(async () => {
  ({ app, archive } = await demoSite());
  all = [];
  for await (const d of archive.backend.store.scanDocuments({ status: 'any' })) all.push(d);
  published = all.filter((d) => d.status === 'published');
});

async function get(path: string) {
  const res = await app.request(path);
  return { status: res.status, html: await res.text() };
}

/** Published documents in the order the site lists them: by date (undated last), then id. */
function inDateOrder(docs: Document[]): string[] {
  const key = (d: Document) => (d.date && parsePartialDate(d.date).ok ? (parsePartialDate(d.date) as { value: { sortKey: string } }).value.sortKey : '9999');
  return [...docs].sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id)).map((d) => d.id);
}

describe('every browse page, reached by following links from the home page', () => {
  it('answers 200, and never links to, counts or names a draft or withdrawn document', async () => {
    const hidden = all.filter((d) => d.status !== 'published');
    expect(hidden.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    const queue = ['/'];
    const kinds = new Set<string>();
    while (queue.length > 0 && seen.size < 700) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const { status, html } = await get(path);
      expect(status, path).toBe(200);
      kinds.add(path.split(/[/?]/)[1] ?? '');
      for (const d of hidden) {
        expect(html, `${path} mentions ${d.id}`).not.toContain(`/documents/${d.id}"`);
        expect(text(html), `${path} names ${d.id}`).not.toContain(d.title);
      }
      for (const link of links(html)) {
        // Search pages and files have tests of their own; a document's other view is the same document.
        if (/^\/(?:search|assets|media)\b|\/cite\.|[?&]view=/.test(link)) continue;
        if (!seen.has(link)) queue.push(link);
      }
    }
    expect(seen.size).toBeGreaterThan(150);
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['', 'collections', 'dates', 'documents', 'languages', 'organizations', 'people', 'places', 'subjects', 'themes', 'types']),
    );
  });
});

describe('people and organizations', () => {
  it('lists each person with published documents once, with the number of published documents naming them', async () => {
    const { html } = await get('/people');
    const counts = new Map<string, number>();
    for (const d of published) for (const id of new Set(d.agents.map((a) => a.id))) counts.set(id, (counts.get(id) ?? 0) + 1);
    const people = (await archive.backend.store.listAuthorities('person')).items.filter((p) => counts.has(p.id));
    const listed = [...html.matchAll(/<a class="name-index__name" href="\/people\/([^"]+)">[^<]+<\/a> <span class="name-index__count">([\d,]+) documents?<\/span>/g)];
    expect(new Map(listed.map((m) => [m[1], Number(m[2])]))).toEqual(new Map(people.map((p) => [p.id, counts.get(p.id)])));
  });

  it('shows a person’s every name with its language, dates, and documents in date order, drafts left out, linking into search', async () => {
    const { html } = await get('/people/zhou-enlai');
    const t = text(html);
    expect(t).toContain('Born March 5, 1898; died January 8, 1976');
    expect(html).toContain('<span lang="zh-Hans" class="variant-list__name">周恩来</span>');
    expect(html).toContain('<span lang="ru" class="variant-list__name">Чжоу Эньлай</span>');
    const expected = inDateOrder(published.filter((d) => d.agents.some((a) => a.id === 'zhou-enlai')));
    expect(documentLinks(html)).toEqual(expected);
    expect(t).toContain(`${expected.length} documents, oldest first`);
    expect(html).toContain('href="/search?f.person=zhou-enlai&amp;sort=date"');
    const signer = await get('/people/zhou-enlai?role=signer');
    expect(documentLinks(signer.html)).toEqual(inDateOrder(published.filter((d) => d.agents.some((a) => a.id === 'zhou-enlai' && a.role === 'signer'))));
  });

  it('rejects an unknown role, an unknown person and a page past the end', async () => {
    expect((await get('/people/zhou-enlai?role=king')).status).toBe(400);
    expect((await get('/people/nobody-at-all')).status).toBe(404);
    expect((await get('/people/zhou-enlai?page=9')).status).toBe(400);
    expect((await get('/people/..%2f..%2fetc')).status).toBe(400);
  });

  it('has organizations, searched by name because the search has no organization facet', async () => {
    const { html } = await get('/organizations/mofa-japan');
    expect(documentLinks(html).length).toBeGreaterThan(0);
    expect(html).toMatch(/href="\/search\?q=person%3A%22[^"]+%22"/);
  });
});

describe('places', () => {
  it('nests places under the places that contain them, with counts that include the places within', async () => {
    const { html } = await get('/places');
    const t = text(html);
    expect(t).toMatch(/China [\d,]+ documents.*Manchuria [\d,]+ documents.*Dalian [\d,]+ documents.*Lüshun/);
    const places = (await archive.backend.store.listAuthorities('place')).items;
    const within = (id: string): string[] => [id, ...places.filter((p) => p.parent === id).flatMap((p) => within(p.id))];
    const inChina = new Set(within('china'));
    const distinct = published.filter((d) => d.places.some((p) => inChina.has(p.id))).length;
    expect(t).toContain(`China ${distinct} documents`);
    const page = await get('/places/lushun');
    expect(page.html).toMatch(/<a href="\/places\/china">China<\/a>.*<a href="\/places\/manchuria">Manchuria<\/a>.*<a href="\/places\/dalian">Dalian<\/a>/s);
    expect(text(page.html)).toContain('Port Arthur');
    expect(documentLinks(page.html)).toEqual(inDateOrder(published.filter((d) => d.places.some((p) => p.id === 'lushun'))));
    const china = await get('/places/china');
    expect(china.html).toContain('Places within');
    expect(china.html).toContain('href="/places/beijing"');
  });
});

describe('dates', () => {
  it('counts every published document once across decades, spans wider than a decade and undated', async () => {
    const { html } = await get('/dates');
    const decades = [...html.matchAll(/<a href="\/dates\/(\d{4})s">\d{4}s<\/a> <span class="name-index__count">(\d+) documents?/g)];
    const undated = Number(/Undated documents<\/a> <span class="name-index__count">(\d+)/.exec(html)?.[1] ?? 0);
    const wide = Number(/And (\d+) documents? dated across more than one decade/.exec(text(html))?.[1] ?? 0);
    expect(decades.reduce((s, m) => s + Number(m[2]), 0) + undated + wide).toBe(published.length);
    expect(undated).toBe(published.filter((d) => !d.date).length);
  });

  it('lists a year’s documents in date order, by month where the date names one, and never invents a month', async () => {
    const in1955 = published.filter((d) => d.date && parsePartialDate(d.date).ok && (parsePartialDate(d.date) as any).value.range.start.startsWith('1955') && (parsePartialDate(d.date) as any).value.range.end.startsWith('1955'));
    const { html } = await get('/dates/1955');
    expect(documentLinks(html)).toEqual(inDateOrder(in1955));
    const monthly = in1955.filter((d) => /^1955-\d{2}/.test(d.date!) && !d.date!.includes('/'));
    const months = [...html.matchAll(/<a href="\/dates\/(1955-\d{2})">\w+<\/a> <span class="name-index__count">(\d+)/g)];
    expect(months.reduce((s, m) => s + Number(m[2]), 0)).toBe(monthly.length);
    for (const [, month] of months) {
      const page = await get(`/dates/${month}`);
      expect(documentLinks(page.html).every((id) => all.find((d) => d.id === id)!.date!.startsWith(month!))).toBe(true);
    }
    expect(html).toContain('href="/search?f.year=1955&amp;sort=date"');
  });

  it('lists the undated, links neighbouring years, and rejects spans that are not dates', async () => {
    const undated = await get('/dates/undated');
    expect(documentLinks(undated.html)).toEqual(inDateOrder(published.filter((d) => !d.date)));
    const year = await get('/dates/1957');
    expect(year.html).toMatch(/rel="prev">← \d{4}<\/a>/);
    for (const bad of ['/dates/1955-13', '/dates/195', '/dates/1955s', '/dates/last-week', '/dates/1955?page=0']) {
      expect((await get(bad)).status, bad).toBe(400);
    }
  });
});

describe('themes, collections, types and languages', () => {
  it('groups collections by theme and by region, regions being themes that name a place', async () => {
    const { html } = await get('/collections');
    const t = text(html);
    expect(t).toMatch(/By theme .*Diplomacy .*By region .*East Asia/);
    const themes = await get('/themes');
    expect(themes.html).toMatch(/id="regions-h">Regions<\/h2><ul class="theme-list">.*href="\/themes\/east-asia"/s);
  });

  it('shows a theme with its description, collections, a timeline and its documents, each counted once', async () => {
    const { html } = await get('/themes/diplomacy');
    const t = text(html);
    expect(t).toContain('Relations between states and the work of diplomats.'); // from the subject record of the same name
    const collections = (await archive.backend.store.listCollections()).filter((c) => c.themes.includes('Diplomacy'));
    for (const c of collections) expect(html).toContain(`href="/collections/${c.id}"`);
    expect(html).toContain('<svg viewBox="0 0 800 150"');
    const ids = new Set((await Promise.all(collections.map((c) => archive.collectionSubtree(c.id)))).flat());
    const members = published.filter((d) => d.collections.some((c) => ids.has(c.id)));
    expect(t).toContain(`${members.length} documents in these collections`);
    expect((await get('/themes/no-such-theme')).status).toBe(404);
  });

  it('counts documents by type and by original language, translations not counted as originals', async () => {
    const types = await get('/types');
    const cables = published.filter((d) => d.type === 'cable').length;
    expect(text(types.html)).toContain(`Cable ${cables} documents`);
    const japanese = published.filter((d) => d.languages.includes('ja'));
    const ja = await get('/languages/ja');
    expect(documentLinks(ja.html).slice(0, 50)).toEqual(inDateOrder(japanese).slice(0, 50));
    const en = await get('/languages/en');
    expect(documentLinks(en.html)).toEqual(inDateOrder(published.filter((d) => d.languages.includes('en'))));
    expect(ja.html).toContain('href="/search?f.language=ja&amp;sort=date"');
  });
});
