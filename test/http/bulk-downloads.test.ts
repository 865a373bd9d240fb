import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { exportRecords } from '../../src/ingest/export-service.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp } from '../../src/web/app.js';
import { importPaths, openTestArchive, smallArchive, tempDir } from '../helpers.js';
import { BASE } from './demo-site.js';

let archive: Archive;
let app: Hono<any>;

beforeAll(async () => {
  archive = await smallArchive();
  app = createWebApp(archive, { log: 'silent', baseUrl: BASE, bulkDir: tempDir('dossier-bulk-test-') });
});

async function manifest(): Promise<any> {
  const res = await app.request(`${BASE}/data/manifest.json`);
  expect(res.status).toBe(200);
  return res.json();
}

async function download(name: string): Promise<Buffer> {
  const res = await app.request(`${BASE}/data/${name}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/gzip');
  return Buffer.from(await res.arrayBuffer());
}

async function publicExport(a: Archive): Promise<string[]> {
  const out: string[] = [];
  for await (const r of exportRecords(a, { publicOnly: true })) out.push(canonicalJson(r));
  return out;
}

describe('bulk downloads', () => {
  it('lists each file with its record count, size and checksum, drafts never included', async () => {
    const m = await manifest();
    const published = (await archive.stats()).published;
    expect(m.counts.documents).toBe(published);
    expect(Date.parse(m.generatedAt)).not.toBeNaN();
    for (const f of m.files) {
      const bytes = await download(f.name);
      expect(bytes.length).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(f.url).toBe(`${BASE}/data/${f.name}`);
    }
    const jsonl = gunzipSync(await download('archive.jsonl.gz')).toString('utf8');
    expect(jsonl).not.toContain('t-draft');
    expect(jsonl).not.toContain('Secret draft');
    expect(jsonl).not.toContain('t-withdrawn');
    expect(jsonl.trim().split('\n').length).toBe(m.files.find((f: any) => f.name === 'archive.jsonl.gz').records);
  });

  it('gives one CSV row per published document, names resolved', async () => {
    const rows = parse(gunzipSync(await download('documents.csv.gz')), { columns: true }) as Record<string, string>[];
    const published = (await archive.backend.store.listDocuments({ limit: 100 })).items.map((d) => d.id);
    expect(rows.map((r) => r.id).sort()).toEqual([...published].sort());
    const row = rows.find((r) => r.id === 't-001')!;
    const doc = (await archive.backend.store.getDocument('t-001'))!;
    expect(row.title).toBe(doc.title);
    expect(row.url).toBe(`${BASE}/documents/t-001`);
    expect(row.collections).toBe('Test Cables');
    if (doc.agents.some((a) => a.id === 'zhou-enlai')) expect(`${row.creators};${row.people_mentioned};${row.recipients}`).toContain('Zhou Enlai');
    expect((await manifest()).files.find((f: any) => f.name === 'documents.csv.gz').records).toBe(rows.length);
  });

  it('imports into an empty Dossier as the public archive, record for record', async () => {
    const file = join(tempDir(), 'archive.jsonl');
    writeFileSync(file, gunzipSync(await download('archive.jsonl.gz')));
    const copy = await openTestArchive();
    const report = await importPaths(copy, [file]);
    expect(report.failures).toEqual([]);
    expect(await publicExport(copy)).toEqual(await publicExport(archive));
    expect((await copy.stats()).published).toBe((await archive.stats()).published);
    expect((await copy.stats()).drafts).toBe(0);
  });

  it('answers 304 to a client holding the file, and 404 for anything else under /data', async () => {
    const m = await manifest();
    const res = await app.request(`${BASE}/data/archive.jsonl.gz`, { headers: { 'If-None-Match': `"${m.files[0].sha256}"` } });
    expect(res.status).toBe(304);
    const head = await app.request(`${BASE}/data/documents.csv.gz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(m.files.find((f: any) => f.name === 'documents.csv.gz').bytes));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect((await app.request(`${BASE}/data/..%2Farchive.sqlite`)).status).toBe(404);
    expect((await app.request(`${BASE}/data/nothing.gz`)).status).toBe(404);
    const page = await app.request(`${BASE}/data`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const f of m.files) expect(html).toContain(f.sha256);
  });

  it('is made again in the background after a change, serving the previous files meanwhile', async () => {
    const before = await manifest();
    const doc = (await archive.backend.store.getDocument('t-003'))!;
    await archive.save({ ...doc, kind: 'document', status: 'draft' }, { actor: 'test' });
    // The request after the change is answered at once, from the files made before it.
    const during = await manifest();
    expect(during.generatedAt).toBe(before.generatedAt);
    let after = during;
    for (let i = 0; i < 100 && after.generatedAt === before.generatedAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await manifest();
    }
    expect(after.generatedAt).not.toBe(before.generatedAt);
    expect(after.counts.documents).toBe(before.counts.documents - 1);
    expect(gunzipSync(await download('archive.jsonl.gz')).toString()).not.toContain('"id":"t-003"');
  });
});
