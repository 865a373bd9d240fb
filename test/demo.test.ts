import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { loadDemo } from '../src/ingest/demo.js';
import type { ImportReport } from '../src/ingest/import-service.js';
import type { Archive } from '../src/services/archive.js';
import { createWebApp } from '../src/web/app.js';
import { parsePartialDate } from '../src/domain/partial-date.js';
import type { Document } from '../src/domain/document.js';
import { openTestArchive } from './helpers.js';

let archive: Archive;
let report: ImportReport;
let docs: Document[];
let app: Hono<any>;

beforeAll(async () => {
  archive = await openTestArchive();
  report = await loadDemo(archive);
  docs = [];
  for await (const d of archive.backend.store.scanDocuments({ status: 'any' })) docs.push(d);
  app = createWebApp(archive, { log: 'silent' });
});

describe('the demonstration archive', () => {
  it('loads without a failure or warning and names the site', async () => {
    expect(report.failures).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect((await archive.siteInfo()).name).toBe('Dossier Demonstration Archive');
  });

  it('has at least 40 documents in at least 4 collections, with drafts and a withdrawn document', async () => {
    const stats = await archive.stats();
    expect(stats.documents).toBeGreaterThanOrEqual(40);
    expect(stats.collections).toBeGreaterThanOrEqual(4);
    expect(stats.drafts).toBeGreaterThan(0);
    expect(stats.withdrawn).toBeGreaterThan(0);
  });

  it('has dates at every precision, and an undated document', () => {
    const precisions = new Set(docs.filter((d) => d.date).map((d) => parsePartialDate(d.date!)).map((p) => (p.ok ? p.value.precision : 'bad')));
    expect([...precisions].sort()).toEqual(expect.arrayContaining(['day', 'month', 'year']));
    expect(precisions.has('bad')).toBe(false);
    expect(docs.some((d) => !d.date)).toBe(true);
  });

  it('has a cable with a full header, and Chinese, Japanese and Russian originals beside English translations', () => {
    const full = docs.filter((d) => d.cable?.number && d.cable.sent?.timeZone && d.cable.received && d.cable.from && d.cable.to.length);
    expect(full.length).toBeGreaterThan(0);
    for (const lang of ['ja', 'ru', 'zh-Hans', 'zh-Hant']) {
      expect(docs.some((d) => d.transcripts.some((t) => t.language === lang) && d.translations.some((t) => t.language === 'en'))).toBe(true);
    }
  });

  it('has funders, rights, related documents and people with name variants', async () => {
    expect(docs.some((d) => d.funders.length > 0)).toBe(true);
    expect(docs.every((d) => d.status !== 'published' || d.rights)).toBe(true);
    expect(docs.some((d) => d.related.length > 0)).toBe(true);
    const zhou = await archive.backend.store.findAuthoritiesByName('person', '周恩来');
    expect(zhou.length).toBe(1);
  });

  it('never presents invented text as real: every document with text is a marked sample', () => {
    for (const d of docs) {
      if (d.translations.length > 0 || d.transcripts.length > 0) expect(d.sample, d.id).toBe(true);
    }
  });

  it('marks sample documents as sample data on their page', async () => {
    const sample = docs.find((d) => d.sample && d.status === 'published')!;
    const html = await (await app.request(`/documents/${sample.id}`)).text();
    expect(html).toContain('This is a fictional sample document');
  });

  it('serves every published document and collection page', async () => {
    for (const d of docs) {
      const res = await app.request(`/documents/${d.id}`);
      expect(res.status, d.id).toBe(d.status === 'published' ? 200 : d.status === 'withdrawn' ? 410 : 404);
    }
    for (const c of await archive.backend.store.listCollections()) {
      expect((await app.request(`/collections/${c.id}`)).status).toBe(200);
    }
  });

  it('finds documents by name variants written in their text', async () => {
    const page = await (await app.request('/search?q=Lushun')).text();
    expect(page).not.toContain('No documents match.');
  });
});
