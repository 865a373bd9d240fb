/**
 * Citations formatted ahead of the page (the `citations` job,
 * page-citations.ts): a page whose citations the job kept reads them rather
 * than running citeproc, and is byte for byte the page formatted on its
 * visit, whatever encoding the client takes; a draft is never cited, and a
 * publication or an edit shows in the next response. The job counts the
 * similar documents ahead as well, under the archive's change marker.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';
import type { Actor } from '../../src/domain/roles.js';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { makeMissingCitations } from '../../src/services/page-citations.js';
import { createWebApp } from '../../src/web/app.js';
import { documentPath } from '../../src/web/urls.js';
import { openTestArchive } from '../helpers.js';
import { until } from '../until.js';
import { text } from './demo-site.js';

/** Documents' citations formatted by citeproc (citation-memo.ts), leaving out its probes of how each style writes a date. */
const formatted = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/services/citations.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/services/citations.js')>();
  return { ...real, formatCitations: (item: Parameters<typeof real.formatCitations>[0]) => (item.id !== 'probe' && formatted.count++, real.formatCitations(item)) };
});

let archive: Archive;
const editor: Actor = { name: 'editor@example.org', role: 'editor', via: 'session' };
const documentUrl = (id: string) => `https://archive.invalid${documentPath(id)}`;
/** No time limit for a run: a loaded machine would leave documents for the next. */
const run = { documentUrl, budgetMs: 600_000 };
const missing = async () => archive.backend.store.documentsWithoutPagePart('citations', { limit: 10_000 });
/** A fresh site on the archive: nothing of the citations in its memory, the page cache off. */
const site = (): Hono<any> => createWebApp(archive, { log: 'silent', cache: false });
const page = async (app: Hono<any>, id: string, encoding = 'identity') => {
  const res = await app.request(documentPath(id), { headers: { 'accept-encoding': encoding } });
  expect(res.status, id).toBe(200);
  return { encoding: res.headers.get('content-encoding'), vary: res.headers.get('vary'), body: Buffer.from(await res.arrayBuffer()) };
};

beforeAll(async () => {
  archive = await openTestArchive({ demo: true });
});

describe('citations formatted ahead of the page', () => {
  it('are formatted once for every published document, and the pages read them without running citeproc', async () => {
    const published = (await archive.backend.store.listDocuments({ limit: 1000 })).items.map((d) => d.id);
    expect(published.length).toBeGreaterThan(20);
    expect((await missing()).sort()).toEqual([...published].sort());
    const before = formatted.count;
    const report = await makeMissingCitations(archive, run);
    expect(report).toMatchObject({ made: published.length, done: true });
    expect(formatted.count - before).toBe(published.length);
    expect(await missing()).toEqual([]);
    // Nothing left: a second run formats nothing.
    expect(await makeMissingCitations(archive, run)).toMatchObject({ made: 0, done: true });

    const app = site();
    const counted = formatted.count;
    const kept = new Map<string, Buffer>();
    for (const id of published) kept.set(id, (await page(app, id)).body);
    expect(formatted.count).toBe(counted);

    // The same pages with their citations formatted on the visit (each kept row made stale under another key).
    await archive.backend.transaction(async (tx) => {
      for (const id of published) await tx.store.putPagePart(id, 'citations', 'another key', '{}');
    });
    const fresh = site();
    for (const id of published) expect((await page(fresh, id)).body.equals(kept.get(id)!), id).toBe(true);
    expect(formatted.count - counted).toBe(published.length);
  }, 120_000);

  it('give the same page to a client that takes no compression, gzip only or brotli', async () => {
    await makeMissingCitations(archive, run);
    const app = site();
    const id = 'demo-0031';
    const plain = await page(app, id);
    expect(plain.encoding).toBeNull();
    const gzip = await page(app, id, 'gzip');
    const br = await page(app, id, 'br');
    expect([gzip.encoding, br.encoding]).toEqual(['gzip', 'br']);
    for (const r of [plain, gzip, br]) expect(r.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(text(plain.body.toString())).toContain('Cite this');
  });

  it('never cite a draft, and cite a document from the moment it is published', async () => {
    const e = new Editorial(archive);
    const title = 'Cable on the whaling talks';
    const draft = await e.create(editor, { id: 'pc-draft', title, date: '1954-07-02', translations: [{ language: 'en', html: '<p>Draft wording.</p>' }] });
    await makeMissingCitations(archive, run);
    expect(await missing()).toEqual([]);
    expect((await site().request(documentPath('pc-draft'))).status).toBe(404);

    await e.setStatus(editor, 'pc-draft', { status: 'published' }, draft.revision);
    // Never formatted while a draft: the published document is the one without its citations kept.
    expect(await missing()).toEqual(['pc-draft']);
    const app = site();
    expect(text((await page(app, 'pc-draft')).body.toString())).toContain(title);
    // The visit kept them (written a moment after it), so there is nothing left for the job.
    await until('the visit’s citations written', async () => (await missing()).length === 0);
    expect(await makeMissingCitations(archive, run)).toMatchObject({ made: 0, done: true });
  });

  it('follow an edit of the record in the next response', async () => {
    await makeMissingCitations(archive, run);
    const app = site();
    const id = 'demo-0044';
    expect(text((await page(app, id)).body.toString())).not.toContain('A title edited after the job');
    const doc = (await archive.backend.store.getDocument(id))!;
    await archive.save({ kind: 'document', ...doc, title: 'A title edited after the job' }, { actor: 'test' });
    const cite = /Cite this([\s\S]*)/.exec(text((await page(app, id)).body.toString()))?.[1] ?? '';
    expect(cite).toContain('A title edited after the job');
  });

  it('count the similar documents ahead as well: a first visit after the job counts none, its page the one counted on the visit, until the next write', async () => {
    const own = await openTestArchive({ demo: true });
    const published = (await own.backend.store.listDocuments({ limit: 1000 })).items.map((d) => d.id);
    const report = await makeMissingCitations(own, run);
    const counted = vi.spyOn(own.backend.store, 'similarDocuments');
    const fresh = () => createWebApp(own, { log: 'silent', cache: false });
    const app = fresh();
    const kept = new Map<string, Buffer>();
    for (const id of published) kept.set(id, (await page(app, id)).body);
    expect(counted).not.toHaveBeenCalled();
    expect(report).toMatchObject({ made: published.length, similar: published.length, done: true });
    // Some page names similar documents, so the kept lists are used, not merely empty.
    expect([...kept.values()].some((body) => text(body.toString()).includes('Related documents'))).toBe(true);

    // The same pages with the similar documents counted on the visit (each kept list made stale under another key).
    await own.backend.transaction(async (tx) => {
      for (const id of published) await tx.store.putPagePart(id, 'similar', 'another key', '[]');
    });
    const visited = fresh();
    for (const id of published) expect((await page(visited, id)).body.equals(kept.get(id)!), id).toBe(true);
    expect(counted).toHaveBeenCalledTimes(published.length);

    // Kept under the marker: after a write, a first visit counts again.
    await makeMissingCitations(own, run);
    const doc = (await own.backend.store.getDocument('demo-0044'))!;
    await own.save({ kind: 'document', ...doc, title: 'A title edited after the similar documents were counted' }, { actor: 'test' });
    counted.mockClear();
    await page(fresh(), 'demo-0031');
    expect(counted).toHaveBeenCalledTimes(1);
    await own.close();
  }, 120_000);
});
