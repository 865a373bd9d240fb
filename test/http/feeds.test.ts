/**
 * Atom feeds on the demo archive, read by @rowanmanning/feed-parser: the
 * whole archive, a collection (with its sub-collections), a subject and a
 * search with the search page's filters; newest change first; a revision
 * moves its entry up under the same id; drafts and withdrawn documents
 * never appear; each followed page names its feed in <head>.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { parseSearchParams } from '../../src/search/search-state.js';
import { runSearch } from '../../src/services/search.js';
import { makeDocument } from '../../src/backends/store.contract.js';
import { BASE, demoSite } from './demo-site.js';

async function read(app: Hono<any>, path: string) {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
  const feed = parseFeed(await res.text());
  expect(feed.meta.type).toBe('atom');
  return feed;
}
const idOf = (url: string | null) => decodeURIComponent(url!.slice(`${BASE}/documents/`.length));
const HIDDEN = ['demo-0032', 'demo-0043', 'demo-0036']; // two drafts and a withdrawn document

describe('Atom feeds', () => {
  let app: Hono<any>;
  let archive: Archive;
  beforeAll(async () => {
    ({ app, archive } = await demoSite({ cache: false }));
  });

  it('the archive feed lists published documents, newest change first, each with a link, a summary and dates', async () => {
    const feed = await read(app, '/feed');
    expect(feed.self).toBe(`${BASE}/feed`);
    expect(feed.title).toContain('new and revised documents');
    const { published } = await archive.stats();
    expect(feed.items.length).toBe(Math.min(published, 50));
    const ids = feed.items.map((i) => idOf(i.url));
    for (const hidden of HIDDEN) expect(ids).not.toContain(hidden);
    const updated = feed.items.map((i) => i.updated!.getTime());
    expect([...updated].sort((a, b) => b - a)).toEqual(updated);
    for (const item of feed.items.slice(0, 10)) {
      expect(item.id).toBe(item.url);
      expect(item.description?.length).toBeGreaterThan(10);
      expect(item.published).toBeInstanceOf(Date);
      expect((await app.request(item.url!.slice(BASE.length))).status).toBe(200);
    }
  });

  it('a revised document moves to the top under the same id; a new one appears; a draft never', async () => {
    const before = await read(app, '/feed');
    const last = idOf(before.items.at(-1)!.url);
    const doc = (await archive.backend.store.getDocument(last))!;
    await archive.save({ kind: 'document', ...doc, summary: 'A revised summary for the feed.' }, { actor: 'test' });
    await archive.save({ kind: 'document', ...makeDocument({ id: 'feed-draft', title: 'Not yet', status: 'draft' }) }, { actor: 'test' });
    const after = await read(app, '/feed');
    expect(idOf(after.items[0]!.url)).toBe(last);
    expect(after.items[0]!.description).toContain('A revised summary for the feed.');
    expect(after.items.filter((i) => idOf(i.url) === last).length).toBe(1);
    expect(after.items.map((i) => idOf(i.url))).not.toContain('feed-draft');
  });

  it('a collection feed holds the documents of the collection and of those inside it', async () => {
    const feed = await read(app, '/feed/collections/sino-japanese-relations');
    const ids = feed.items.map((i) => idOf(i.url));
    const subtree = await archive.collectionSubtree('sino-japanese-relations');
    expect(subtree.length).toBeGreaterThan(1);
    const members = new Set<string>();
    for (const c of subtree) for (const d of (await archive.collection(c, 1, 500)).documents.items) members.add(d.id);
    expect(new Set(ids)).toEqual(members);
    const child = (await read(app, '/feed/collections/japan-china-normalization')).items.map((i) => idOf(i.url));
    expect(child.length).toBeGreaterThan(0);
    for (const id of child) expect(ids).toContain(id);
  });

  it('a subject feed holds the documents about that subject', async () => {
    const counts = await archive.backend.store.countDocumentsByRef('subject');
    const [subject, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const feed = await read(app, `/feed/subjects/${subject}`);
    expect(feed.items.length).toBe(Math.min(count, 50));
    for (const item of feed.items) expect((await archive.backend.store.getDocument(idOf(item.url)))!.subjects).toContain(subject);
    expect(feed.items[0]!.categories.map((c) => c.term)).toContain(subject);
  });

  it('a search feed has the search page’s matches, filters included', async () => {
    let matched = 0;
    for (const query of ['q=treaty', 'q=Japan&f.type=cable', 'q=&from=1950&to=1959', 'q=Zhou+Enlai']) {
      const feed = await read(app, `/search/feed?${query}`);
      const page = await runSearch(archive, parseSearchParams(Object.fromEntries([...new URLSearchParams(query)].map(([k, v]) => [k, [v]])) as never));
      expect(page.total).toBeLessThanOrEqual(50);
      const all = await runSearch(archive, { ...page.params, perPage: 100 });
      expect(new Set(feed.items.map((i) => idOf(i.url))), query).toEqual(new Set(all.hits.map((h) => h.id)));
      matched += feed.items.length;
    }
    expect(matched).toBeGreaterThan(4);
    expect((await read(app, '/search/feed?q=nonexistentwordzzz')).items).toEqual([]);
  });

  it('bad input is a 400 or a 404, never a feed of something else', async () => {
    expect((await app.request('/search/feed?page=abc')).status).toBe(400);
    expect((await app.request('/search/feed?from=soon')).status).toBe(400);
    expect((await app.request('/feed/collections/no-such-collection')).status).toBe(404);
    expect((await app.request('/feed/subjects/no-such-subject')).status).toBe(404);
    expect((await app.request('/feed/subjects/bad%20id')).status).toBe(400);
  });

  it('pages name their feed with <link rel="alternate" type="application/atom+xml">, and the link reads', async () => {
    const subject = [...(await archive.backend.store.countDocumentsByRef('subject')).keys()][0]!;
    for (const [page, feedPath] of [
      ['/', '/feed'],
      ['/collections/sino-japanese-relations', '/feed/collections/sino-japanese-relations'],
      [`/subjects/${subject}`, `/feed/subjects/${subject}`],
      ['/search?q=treaty&f.type=cable', '/search/feed?q=treaty&amp;f.type=cable'],
    ] as const) {
      const html = await (await app.request(page)).text();
      const link = /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="([^"]+)"/.exec(html)?.[1];
      expect(link, page).toBe(feedPath);
      await read(app, link!.replace(/&amp;/g, '&'));
    }
  });
});
