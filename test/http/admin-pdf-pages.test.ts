/**
 * A PDF uploaded in the workspace becomes the document's page images: a
 * three-page PDF made at test time with pdf-lib goes through the real upload
 * form; once published, the IIIF manifest (read by manifesto.js) has one
 * canvas per page, each page image and its IIIF derivatives are real drawn
 * pages with the PDF's text on them, the public page shows the pages and
 * offers the PDF as a download. A PDF over the page or pixel limits, or
 * malformed, is refused with a message naming the limit or the fault, and
 * nothing is written.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as manifesto from 'manifesto.js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { SCAN_MAX_PDF_PAGES } from '../../src/services/scan-files.js';
import { tempDir } from '../helpers.js';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;
const uploads = tempDir('dossier-pdf-uploads-');
const ID = 'pdf-doc';
const editorActor = { name: ROLE_USERS.editor, role: 'editor' as const, via: 'session' as const };

/** A PDF of `pages` letter-size pages, each with a large heading and a few lines of text. */
async function textPdf(pages: number, size: [number, number] = [612, 792], useObjectStreams = true): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage(size);
    page.drawText(`TELEGRAM PAGE ${i + 1}`, { x: 60, y: size[1] - 100, size: 36, font });
    for (let l = 0; l < 12; l++) page.drawText(`Line ${l + 1} of page ${i + 1}: the fisheries talks continued in Moscow.`, { x: 60, y: size[1] - 160 - l * 24, size: 14, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams }));
}

async function upload(client: Client, bytes: Buffer, name: string, label = '') {
  const revision = (await archive.backend.store.listRevisions('document', ID))[0]!.revision;
  const body = new FormData();
  body.set('_csrf', client.csrf);
  body.set('revision', String(revision));
  body.set('label', label);
  body.set('file', new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }));
  const res = await client.request(`/admin/scans/${ID}`, { method: 'POST', body });
  return { res, html: await res.text() };
}

const media = async () => (await archive.backend.store.getDocument(ID))!.media;
const files = () => (existsSync(join(uploads, 'uploads', ID)) ? readdirSync(join(uploads, 'uploads', ID)).length : 0);

async function editor(): Promise<Client> {
  const client = new Client(app);
  await client.signIn(ROLE_USERS.editor);
  await client.get(`/admin/documents/${ID}`);
  return client;
}

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ demo: false, uploadDir: uploads, cache: false, iiifDir: tempDir('dossier-pdf-iiif-') }));
  await new Editorial(archive).create(editorActor, { id: ID, title: 'A telegram scanned to PDF' });
});

describe('a PDF uploaded as a scan', () => {
  it('refuses a PDF over the page or pixel limits, or malformed, naming why, and writes nothing', { timeout: 60_000 }, async () => {
    const client = await editor();
    const before = { media: (await media()).length, files: files(), revisions: (await archive.backend.store.listRevisions('document', ID)).length };
    const good = await textPdf(1, undefined, false); // plain objects, so the damage below hits them
    // A PDF's structure with its objects replaced by noise: it starts and ends as a PDF does.
    const noise = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251)), Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')]);
    // A real PDF whose cross-reference table and page tree are damaged in place.
    const damaged = Buffer.from(good);
    damaged.write('xxxxxxxxx', damaged.indexOf('/Pages'), 'latin1');
    damaged.write('xxxx', damaged.indexOf('xref'), 'latin1');
    const cases: [Buffer, RegExp][] = [
      [await textPdf(SCAN_MAX_PDF_PAGES + 1), new RegExp(`has ${SCAN_MAX_PDF_PAGES + 1} pages; at most ${SCAN_MAX_PDF_PAGES} pages`)],
      [await textPdf(1, [14_400, 14_400]), /page 1 of the PDF is 200 × 200 inches: at 150 dpi that is 900 megapixels, more than the limit of 40 megapixels a page/],
      [noise, /PDF cannot be read|PDF has no pages/],
      [damaged, /PDF cannot be read|PDF has no pages/],
    ];
    for (const [bytes, message] of cases) {
      const { res, html } = await upload(client, bytes, 'scan.pdf');
      expect(res.status, String(message)).toBe(400);
      expect(html.replace(/&#39;/g, "'"), String(message)).toMatch(message);
    }
    expect({ media: (await media()).length, files: files(), revisions: (await archive.backend.store.listRevisions('document', ID)).length }).toEqual(before);
  });

  it('becomes one page image per page, shown by the viewer and the IIIF manifest, with the PDF kept as a download', { timeout: 120_000 }, async () => {
    const client = await editor();
    const pdf = await textPdf(3);
    const { res } = await upload(client, pdf, 'telegram.pdf', 'Telegram 187');
    expect(res.status).toBe(303);
    const m = await media();
    expect(m.map((x) => [x.kind, x.label, x.mimeType])).toEqual([
      ['image', 'Telegram 187, page 1', 'image/jpeg'],
      ['image', 'Telegram 187, page 2', 'image/jpeg'],
      ['image', 'Telegram 187, page 3', 'image/jpeg'],
      ['pdf', 'Telegram 187', 'application/pdf'],
    ]);
    // Letter size at 150 dpi.
    for (const page of m.slice(0, 3)) expect([page.width, page.height]).toEqual([1275, 1650]);
    expect(m[3]!.pages).toBe(3);
    // The PDF is kept byte for byte.
    expect(Buffer.from(await (await app.request(`/${m[3]!.url}`)).arrayBuffer()).equals(pdf)).toBe(true);
    const [revision] = await archive.backend.store.listRevisions('document', ID);
    expect(revision!.note).toBe('Added a PDF of 3 pages: Telegram 187');

    // Drafts stay private: no manifest until it is published.
    expect((await app.request(`/iiif/documents/${ID}/manifest.json`)).status).toBe(404);
    await new Editorial(archive).setStatus(editorActor, ID, { status: 'published' });

    const manifestRes = await app.request(`/iiif/documents/${ID}/manifest.json`);
    expect(manifestRes.status).toBe(200);
    const json = (await manifestRes.json()) as Record<string, any>;
    expect(json.items.map((c: any) => c.label.none[0])).toEqual(['Telegram 187, page 1', 'Telegram 187, page 2', 'Telegram 187, page 3']);
    expect(json.rendering?.[0]).toMatchObject({ format: 'application/pdf' });
    const parsed = manifesto.parseManifest(JSON.stringify(json)) as manifesto.Manifest;
    const canvases = parsed.getSequences()[0]!.getCanvases();
    expect(canvases).toHaveLength(3);
    const inks: number[] = [];
    for (const [i, canvas] of canvases.entries()) {
      const service = canvas.getContent()[0]!.getBody()[0]!.getServices()[0]!;
      const base = new URL(service.id).pathname;
      const info = (await (await app.request(`${base}/info.json`)).json()) as Record<string, any>;
      expect([info.width, info.height]).toEqual([canvas.getWidth(), canvas.getHeight()]);
      const full = await app.request(`${base}/full/max/0/default.jpg`);
      expect(full.status).toBe(200);
      const image = sharp(Buffer.from(await full.arrayBuffer()));
      expect((await image.metadata()).width).toBe(1275);
      // A drawn page: white paper with dark type on it, and a different page each time.
      const { channels } = await image.stats();
      expect(channels[0]!.max, `page ${i + 1}`).toBeGreaterThan(240);
      expect(channels[0]!.min, `page ${i + 1}`).toBeLessThan(60);
      inks.push(channels[0]!.mean);
      // The thumbnail beside it.
      expect((await app.request(`/${m[i]!.url.replace('.jpg', '-thumb.jpg')}`)).status).toBe(200);
    }
    expect(inks.every((v) => v < 254.5)).toBe(true);

    // The public page: the viewer's pages, and the PDF as a download.
    const html = await (await app.request(`/documents/${ID}`)).text();
    expect(html.match(/<li class="scan-page">/g)).toHaveLength(3);
    expect(html).toContain('Telegram 187 (PDF, 3 pages)');
    expect(html).toContain(`href="/${m[3]!.url}" download`);
  });
});
