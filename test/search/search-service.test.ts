/**
 * The search use case end to end on a real archive: name variants (with the
 * variant each hit matched), cross-script queries, facets with labels, the
 * date histogram, and the URL state of the search page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { loadDemo } from '../../src/ingest/demo.js';
import type { Archive } from '../../src/services/archive.js';
import { runSearch } from '../../src/services/search.js';
import { parseSearchParams, searchParamsSchema, searchUrl, withFacet, withoutFacet } from '../../src/search/search-state.js';
import { makeAuthority, makeCollection, makeDocument } from '../../src/backends/store.contract.js';
import { createWebApp } from '../../src/web/app.js';
import { openTestArchive } from '../helpers.js';

const change = { actor: 'test' };
const search = (archive: Archive, q: string, extra: Record<string, unknown> = {}) => runSearch(archive, searchParamsSchema.parse({ q, ...extra }));

describe('name variants', () => {
  let archive: Archive;
  beforeAll(async () => {
    archive = await openTestArchive();
    const save = (r: Parameters<Archive['save']>[0]) => archive.save(r, change);
    await save(makeAuthority({
      kind: 'person', id: 'chiang-kai-shek', name: 'Chiang Kai-shek',
      variants: [{ name: 'Jiang Jieshi' }, { name: '蔣介石', language: 'zh-Hant' }, { name: 'Чан Кайши', language: 'ru' }],
    }));
    await save(makeAuthority({ kind: 'place', id: 'lushun', name: 'Lüshun', variants: [{ name: 'Port Arthur' }, { name: '旅顺' }] }));
    const doc = (id: string, html: string, extra: Record<string, unknown> = {}) =>
      save({ kind: 'document', ...makeDocument({ id, title: `Document ${id}`, transcripts: [{ language: 'en', html: `<p>${html}</p>` }], ...extra }) });
    await doc('en-text', 'A letter from Generalissimo Chiang Kai-shek on the blockade.');
    await doc('pinyin-text', 'Jiang Jieshi left for Taipei.');
    await save({ kind: 'document', ...makeDocument({ id: 'hant-text', title: '日記', transcripts: [{ language: 'zh-Hant', html: '<p>蔣介石今日抵達臺北。</p>' }] }) });
    await doc('ru-text', 'Беседа с Чан Кайши о ситуации.');
    await doc('linked-only', 'No name in this text.', { agents: [{ id: 'chiang-kai-shek', role: 'mentioned' }] });
    await doc('unrelated', 'Nothing about him at all.');
    await doc('port', 'The fleet wintered at Port Arthur.');
    await doc('draft', 'Chiang Kai-shek in a draft.', { status: 'draft' });
  });

  it('finds documents that use any variant of a name, whichever variant is typed', async () => {
    const expected = ['en-text', 'hant-text', 'linked-only', 'pinyin-text', 'ru-text'];
    for (const q of ['Jiang Jieshi', 'Chiang Kai-shek', '"Chiang Kai-shek"', '蔣介石', '蒋介石', 'Чан Кайши']) {
      const page = await search(archive, q);
      expect(page.hits.map((h) => h.id).sort(), q).toEqual(expected);
    }
  });

  it('says which variant each hit matched', async () => {
    const page = await search(archive, 'Jiang Jieshi');
    const matched = Object.fromEntries(page.hits.map((h) => [h.id, h.matched.map((m) => `${m.how}:${m.variant}`)]));
    expect(matched['en-text']).toEqual(['text:Chiang Kai-shek']);
    expect(matched['hant-text']).toEqual(['text:蔣介石']);
    expect(matched['ru-text']).toEqual(['text:Чан Кайши']);
    expect(matched['linked-only']).toEqual(['linked:Chiang Kai-shek']);
    expect(page.variants[0]!.authority.id).toBe('chiang-kai-shek');
  });

  it('highlights the variant in the snippet', async () => {
    const page = await search(archive, 'Jiang Jieshi');
    expect(page.hits.find((h) => h.id === 'en-text')!.snippets[0]!.html).toContain('<mark>Chiang</mark>');
    expect(page.hits.find((h) => h.id === 'hant-text')!.snippets[0]).toMatchObject({ lang: 'zh-Hant' });
    expect(page.hits.find((h) => h.id === 'hant-text')!.snippets[0]!.html).toContain('<mark>蔣介石</mark>');
  });

  it('expands places too, and keeps other words of the query', async () => {
    expect((await search(archive, '旅顺')).hits.map((h) => h.id)).toEqual(['port']);
    expect((await search(archive, 'Lushun fleet')).hits.map((h) => h.id)).toEqual(['port']);
    expect((await search(archive, 'Lushun -fleet')).hits.map((h) => h.id)).toEqual([]);
  });

  it('leaves a word alone when it names nothing', async () => {
    const page = await search(archive, 'blockade');
    expect(page.variants).toEqual([]);
    expect(page.hits.map((h) => h.id)).toEqual(['en-text']);
  });
});

describe('the demo archive', () => {
  let archive: Archive;
  let app: Hono<any>;
  beforeAll(async () => {
    archive = await openTestArchive();
    await loadDemo(archive);
    app = createWebApp(archive, { log: 'silent' });
  });

  it('returns facets with labels for every facet in the registry, drafts and withdrawn documents never counted', async () => {
    const page = await search(archive, '');
    const stats = await archive.stats();
    expect(page.total).toBe(stats.published);
    const type = page.facets.find((f) => f.id === 'type')!;
    expect(type.values.reduce((s, v) => s + v.count, 0)).toBeLessThanOrEqual(stats.published);
    expect(type.values[0]!.label).not.toBe(type.values[0]!.value);
    const language = page.facets.find((f) => f.id === 'language')!;
    expect(language.values.map((v) => v.label)).toContain('Japanese');
    const decade = page.facets.find((f) => f.id === 'decade')!;
    expect(decade.values.map((v) => v.label)).toContain('1950s');
  });

  it('filters by a facet, keeps the selection visible, and narrows the other counts', async () => {
    const all = await search(archive, '');
    const ja = await search(archive, '', { facets: { language: ['ja'] } });
    expect(ja.total).toBeLessThan(all.total);
    expect(ja.facets.find((f) => f.id === 'language')!.values.find((v) => v.value === 'ja')).toMatchObject({ selected: true });
    const both = await search(archive, '', { facets: { language: ['ja', 'ru'] } });
    expect(both.total).toBeGreaterThan(ja.total);
  });

  it('draws a histogram of the results by year or decade', async () => {
    const page = await search(archive, 'fisheries OR fishing');
    expect(page.histogram!.bars.length).toBeGreaterThan(1);
    expect(page.histogram!.bars.reduce((s, b) => s + b.count, 0)).toBeGreaterThan(0);
  });

  it('finds a simplified-Chinese query in traditional text and the reverse', async () => {
    // demo-0045 is written in traditional characters (臺灣, 會議).
    expect((await search(archive, '台湾省外销')).hits.map((h) => h.id)).toContain('demo-0045');
    // demo-0047 is written in simplified characters (渔船).
    expect((await search(archive, '漁船')).hits.map((h) => h.id)).toContain('demo-0047');
  });

  it('serves the page with facets, histogram and snippets, and the help page', async () => {
    const res = await app.request('/search?q=fishing&f.language=ja&f.language=ru');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('class="facets"');
    expect(html).toContain('<svg class="histogram__chart"');
    expect(html).toContain('<mark>');
    expect(html).toMatch(/name="f\.language" value="ja"/);
    expect((await app.request('/search/help')).status).toBe(200);
  });

  it('answers 400 for malformed filters and ignores unknown ones', async () => {
    expect((await app.request('/search?q=x&f.language=' + 'x'.repeat(300))).status).toBe(400);
    expect((await app.request('/search?q=x&f.nosuchfacet=1&utm_source=y')).status).toBe(200);
    expect((await app.request('/search?approx=maybe')).status).toBe(400);
  });
});

describe('search state', () => {
  it('reads repeated facet parameters, drops unknown ones, and writes the same URL back', () => {
    const state = parseSearchParams({ q: ['treaty'], 'f.person': ['zhou-enlai', 'mao-zedong'], 'f.decade': ['1950'], 'f.bogus': ['x'], junk: ['y'] });
    expect(state.facets).toEqual({ person: ['zhou-enlai', 'mao-zedong'], decade: ['1950'] });
    expect(searchUrl(state)).toBe('/search?q=treaty&f.decade=1950&f.person=zhou-enlai&f.person=mao-zedong');
    expect(searchUrl(withoutFacet(state, 'person', 'zhou-enlai'))).toBe('/search?q=treaty&f.decade=1950&f.person=mao-zedong');
    expect(searchUrl(withFacet({ ...state, page: 3 }, 'type', 'cable'))).toBe('/search?q=treaty&f.decade=1950&f.type=cable&f.person=zhou-enlai&f.person=mao-zedong');
  });

  it('names every bad parameter', () => {
    expect(() => parseSearchParams({ from: ['soon'], page: ['0'] })).toThrow(/Invalid|from|page/);
  });
});

describe('collections', () => {
  it('searches in a collection and its sections with other filters', async () => {
    const archive = await openTestArchive();
    await archive.save({ ...makeCollection({ id: 'top' }) }, change);
    await archive.save({ ...makeCollection({ id: 'sub', parent: 'top' }) }, change);
    await archive.save({ kind: 'document', ...makeDocument({ id: 'in-sub', title: 'Harbour report', date: '1955', collections: [{ id: 'sub' }] }) }, change);
    await archive.save({ kind: 'document', ...makeDocument({ id: 'outside', title: 'Harbour report', date: '1955' }) }, change);
    const page = await search(archive, 'harbour', { collection: 'top', from: '1950', to: '1960' });
    expect(page.hits.map((h) => h.id)).toEqual(['in-sub']);
    expect((await search(archive, 'harbour collection:top')).hits.map((h) => h.id)).toEqual(['in-sub']);
  });
});
