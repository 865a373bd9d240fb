/**
 * Pages that hold up on a real archive: FRUS volumes (documents filed in
 * chapters, titles of a hundred characters, hundreds of collections), through
 * `app.request()`. The search form's collection chooser stays short and goes
 * one level down at a time; a volume page counts the documents of its
 * sections as the home page does; facet links carry the query as searched;
 * the language facet counts languages, not scripts. The FRUS part skips with
 * a message when ../shared/data is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/services/archive.js';
import { MAX_QUERY_LENGTH } from '../../src/search/query-parser.js';
import { makeCollection, makeDocument } from '../../src/backends/store.contract.js';
import { createWebApp } from '../../src/web/app.js';
import { MAX_TOP_LEVEL } from '../../src/web/views/collection-chooser.js';
import { importPaths, openTestArchive, SHARED_DATA } from '../helpers.js';
import { text } from './demo-site.js';

const FRUS = join(SHARED_DATA, 'frus');
const present = existsSync(join(FRUS, 'frus1918Russiav03.xml'));
if (!present) console.warn(`FRUS page tests skipped: ${FRUS} is absent (set DOSSIER_TEST_DATA)`);

const get = async (app: Hono<any>, path: string) => {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
};

/** The options of the search form's "In" chooser: [value, label]. */
function chooser(html: string): [string, string][] {
  const select = /<select id="collection" name="collection">([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"[^>]*>([\s\S]*?)<\/option>/g)].map((m) => [m[1]!.replace(/&amp;/g, '&'), m[2]!.replace(/&nbsp;|\u00a0/g, ' ')]);
}

describe.skipIf(!present)('FRUS volumes on the site', () => {
  let archive: Archive;
  let app: Hono<any>;
  beforeAll(async () => {
    archive = await openTestArchive();
    const report = await importPaths(archive, ['frus1918Russiav03.xml', 'frus1901China.xml', 'frus1872p2v4.xml'].map((f) => join(FRUS, f)));
    expect(report.failed).toBe(0);
    app = createWebApp(archive, { log: 'silent' });
  }, 120_000);

  it('offers the volumes, then a chosen volume’s sections, never every collection; labels keep the end that tells volumes apart', async () => {
    const all = await archive.collections();
    expect(all.length).toBeGreaterThan(40);
    const top = chooser(await get(app, '/search?q=treaty'));
    expect(top.map(([v]) => v).sort()).toEqual(['', 'frus1872p2v4', 'frus1901China', 'frus1918Russiav03']);
    for (const [, label] of top) expect(label.length).toBeLessThanOrEqual(72);
    expect(top.find(([v]) => v === 'frus1918Russiav03')![1]).toMatch(/1918, Russia, Volume III$/);
    // Scoped to a chapter: its volume, the path down to it, and its own sections, indented.
    const chapter = all.find((c) => c.parent && all.some((d) => d.parent === c.id))!;
    const scoped = chooser(await get(app, `/search?q=treaty&collection=${encodeURIComponent(chapter.id)}`));
    const values = scoped.map(([v]) => v);
    expect(values).toContain(chapter.id);
    for (const child of all.filter((c) => c.parent === chapter.id)) expect(values).toContain(child.id);
    expect(scoped.length).toBeLessThan(4 + 20 + all.filter((c) => c.parent === chapter.id).length);
    expect(/<option value="[^"]*" selected/.exec(await get(app, `/search?q=treaty&collection=${encodeURIComponent(chapter.id)}`))).not.toBeNull();
  });

  it('says a volume’s documents are in its sections, with the count the home page gives', async () => {
    const home = await get(app, '/');
    const cards = [...home.matchAll(/<a href="\/collections\/([^"]+)">[\s\S]*?<p class="collection-card__count">([\d,]+) documents?<\/p>/g)].map((m) => [decodeURIComponent(m[1]!), m[2]!] as const);
    expect(cards.length).toBe(3);
    for (const [id, count] of cards) {
      const page = await get(app, `/collections/${id}`);
      expect(page, id).toContain(`<p class="collection-header__count">${count} documents</p>`);
      expect(text(page), id).not.toContain('No published documents yet');
    }
    const volume = text(await get(app, '/collections/frus1918Russiav03'));
    // 478 documents and the volume's own list of papers, all in its sections: the figure the home page gives.
    const russia = cards.find(([id]) => id === 'frus1918Russiav03')![1];
    expect(russia).toBe('479');
    expect(volume).toContain(`All ${russia} documents of this collection are in its sections, listed above.`);
  });

  it('echoes into every facet link the query as it was searched, cut to its limit', async () => {
    const long = `Russia ${'treaty '.repeat(300)}`.trim();
    const html = await get(app, `/search?q=${encodeURIComponent(long)}`);
    expect(html).toContain(`Only the first ${MAX_QUERY_LENGTH} characters of the query were used.`);
    const facetLinks = [...html.matchAll(/<a\s+href="(\/search\?[^"]*f\.[^"]*)"/g)].map((m) => new URLSearchParams(m[1]!.replace(/&amp;/g, '&').split('?')[1]));
    expect(facetLinks.length).toBeGreaterThan(0);
    for (const params of facetLinks) expect(params.get('q')!.length).toBe(MAX_QUERY_LENGTH);
  });
});

describe('the original-language facet', () => {
  it('counts Chinese once, whatever the script or region of its tag, and filters by it', async () => {
    const archive = await openTestArchive();
    await archive.save(makeCollection({ id: 'c' }), { actor: 'test' });
    for (const [id, lang] of [['a', 'zh-Hans'], ['b', 'zh-Hant'], ['c1', 'zh'], ['d', 'ja']]) {
      await archive.save({ kind: 'document', ...makeDocument({ id: id!, title: `Treaty text ${id}`, languages: [lang!], collections: [{ id: 'c' }] }) }, { actor: 'test' });
    }
    const app = createWebApp(archive, { log: 'silent' });
    const html = await get(app, '/search?q=treaty');
    const facet = /<section class="facet" aria-labelledby="facet-language">([\s\S]*?)<\/section>/.exec(html)![1]!;
    const labels = [...facet.matchAll(/aria-label="Filter by Original language: ([^"]+)"/g)].map((m) => m[1]);
    expect(labels).toEqual(['Chinese (3)', 'Japanese (1)']);
    for (const value of ['zh', 'zh-Hans']) {
      const filtered = await get(app, `/search?q=treaty&f.language=${value}`);
      expect([...filtered.matchAll(/class="doc-item__title"><a href="\/documents\/([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['a', 'b', 'c1']);
    }
  });
});

describe('the collection chooser of an archive with many collections', () => {
  it(`lists at most ${MAX_TOP_LEVEL} top-level collections and links to all of them`, async () => {
    const archive = await openTestArchive();
    for (let i = 0; i < MAX_TOP_LEVEL + 10; i++) {
      await archive.save(makeCollection({ id: `r${i}`, title: `Series ${i}` }), { actor: 'test' });
      for (let j = 0; j < 8; j++) await archive.save(makeCollection({ id: `r${i}-s${j}`, parent: `r${i}` }), { actor: 'test' });
    }
    const html = await get(createWebApp(archive, { log: 'silent' }), '/search?q=x&collection=r65-s3');
    const options = chooser(html);
    expect(options.length).toBe(1 + MAX_TOP_LEVEL + 2); // the whole archive, the first 60, r65 and r65-s3
    expect(options.slice(-2).map(([v]) => v)).toEqual(['r65', 'r65-s3']);
    expect(html).toContain('<a class="collection-chooser__more" href="/collections">All collections</a>');
  });
});
