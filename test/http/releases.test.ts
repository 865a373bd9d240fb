/**
 * Releases on the public site, over the demo archive (a fictional telegram
 * released in 2006 with names withheld and again in full in 2021): the
 * document page's release history, the comparison page (marks, counts,
 * any two releases, bad choices), the year's page, the `release:` facet and
 * filter, `new:` searches, and the interfaces that carry releases.
 */
import { gunzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/services/archive.js';
import { runSearch, searchParamsSchema } from '../../src/services/search.js';
import { demoSite, text } from './demo-site.js';

let app: Hono<any>;
let archive: Archive;

beforeAll(async () => {
  ({ app, archive } = await demoSite());
});

async function get(path: string) {
  const res = await app.request(path);
  return { status: res.status, html: await res.text() };
}

const inses = (html: string) => [...html.matchAll(/<ins[^>]*>([\s\S]*?)<\/ins>/g)].map((m) => text(m[1]!).replace(/\[newly released: |\]$/g, '').trim());

describe('a document\'s releases', () => {
  it('lists the release history on the document page, linked to the comparison', async () => {
    const { status, html } = await get('/documents/demo-0033');
    expect(status).toBe(200);
    expect(text(html)).toContain('Released March 2006, 2 pages; re-released December 21, 2021, 2 pages');
    expect(html).toContain('id="releases"');
    expect(html).toContain('href="/documents/demo-0033/releases"');
    expect(text(html)).toContain('Partially withheld under the (fictional) Example Information Disclosure Act');
  });

  it('marks what the latest release newly revealed, counts and lists the passages, and works without scripts', async () => {
    const { status, html } = await get('/documents/demo-0033/releases');
    expect(status).toBe(200);
    const added = inses(html);
    expect(added).toContain('教育部の梁樹文処長');
    expect(added.some((a) => a.includes('北京語言学院'))).toBe(true);
    expect(html).toMatch(/<span class="visually-hidden">\[newly released: <\/span>/);
    expect(html).toMatch(/<del>/);
    expect(text(html)).toMatch(/3 passages withheld in the earlier release are present in the later one/);
    expect(html).toContain('<form class="release-compare__form" method="get" action="/documents/demo-0033/releases">');
    expect(html).not.toContain('<script>');
  });

  it('compares any two releases, and shows the first release as all it revealed', async () => {
    const backwards = await get('/documents/demo-0033/releases?from=example-dro-2021-12&to=example-dro-2006-03');
    expect(backwards.status).toBe(200);
    // Compared backwards, the names the later release revealed are what the earlier one lacks.
    const dels = [...backwards.html.matchAll(/<del>([\s\S]*?)<\/del>/g)].map((m) => text(m[1]!));
    expect(dels.join(' ')).toContain('教育部の梁樹文処長');
    expect(inses(backwards.html).filter((x) => x !== 'Underlined')).toEqual([]);
    const first = await get('/documents/demo-0033/releases?to=example-dro-2006-03');
    expect(text(first.html)).toContain("This is the document's first release");
    expect(inses(first.html)).toEqual([]);
    // The citation names the release shown.
    expect(text(first.html)).toMatch(/Cite this release .*released March 2006/);
  });

  it('answers 400 naming a release the document does not have, and 404 for a document without releases', async () => {
    const bad = await get('/documents/demo-0033/releases?from=nara-1999');
    expect(bad.status).toBe(400);
    expect(text(bad.html)).toContain('"nara-1999" is not a release of this document');
    expect((await get('/documents/demo-0029/releases')).status).toBe(400);
    expect((await get('/documents/no-such-doc/releases')).status).toBe(404);
  });
});

describe('releases in search and browsing', () => {
  it('lists the year\'s releases with documents, pages and newly revealed words', async () => {
    const { status, html } = await get('/releases/2021');
    expect(status).toBe(200);
    const t = text(html);
    expect(t).toContain('Released in 2021');
    expect(t).toMatch(/Documents\s*1\b/);
    expect(t).toMatch(/Pages\s*2\b/);
    expect(html).toContain('href="/documents/demo-0033/releases?to=example-dro-2021-12"');
    expect(text((await get('/releases')).html)).toMatch(/2021 \(1 document\)/);
    expect((await get('/releases/20x1')).status).toBe(400);
  });

  it('filters with release: and offers a release facet', async () => {
    const page = await runSearch(archive, searchParamsSchema.parse({ q: 'release:2021' }));
    expect(page.hits.map((h) => h.id)).toEqual(['demo-0033']);
    expect(page.facets.find((f) => f.id === 'release')!.values).toContainEqual(expect.objectContaining({ value: '2006', count: 1 }));
    const none = await runSearch(archive, searchParamsSchema.parse({ q: 'release:1990' }));
    expect(none.total).toBe(0);
  });

  it('finds words only where a release newly revealed them', async () => {
    // 梁樹文 was withheld in 2006 and released in 2021; 宿舎 (lodgings) was in both.
    const fresh = await runSearch(archive, searchParamsSchema.parse({ q: 'new:2021 梁樹文' }));
    expect(fresh.hits.map((h) => h.id)).toEqual(['demo-0033']);
    expect(fresh.hits[0]!.snippets[0]!.html).toContain('<mark>');
    expect((await runSearch(archive, searchParamsSchema.parse({ q: 'new:2021 宿舎' }))).total).toBe(0);
    expect((await runSearch(archive, searchParamsSchema.parse({ q: 'release:2021 宿舎' }))).total).toBe(1);
    // The first release revealed all it holds.
    expect((await runSearch(archive, searchParamsSchema.parse({ q: 'new:2006 宿舎' }))).total).toBe(1);
  });

  it('carries every release in the JSON API, OAI-PMH (Dossier format) and the bulk download', async () => {
    const api = (await (await app.request('/api/v1/documents/demo-0033')).json()) as { document: { releases: { id: string; date: string }[] } };
    expect(api.document.releases.map((r) => [r.id, r.date])).toEqual([['example-dro-2006-03', '2006-03'], ['example-dro-2021-12', '2021-12-21']]);
    const oai = await (await app.request('/oai?verb=GetRecord&metadataPrefix=dossier&identifier=oai:archive.example.org:demo-0033')).text();
    expect([...oai.matchAll(/<release [^>]*id="([^"]+)"/g)].map((m) => m[1])).toEqual(['example-dro-2006-03', 'example-dro-2021-12']);
    const bulk = gunzipSync(Buffer.from(await (await app.request('/data/archive.jsonl.gz')).arrayBuffer())).toString('utf8');
    const line = bulk.split('\n').map((l) => (l ? (JSON.parse(l) as { id?: string; releases?: { id: string }[] }) : {})).find((r) => r.id === 'demo-0033')!;
    expect(line.releases!.map((r) => r.id)).toEqual(['example-dro-2006-03', 'example-dro-2021-12']);
  });
});
