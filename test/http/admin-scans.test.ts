/**
 * Scans uploaded in the workspace: real PNG, JPEG, TIFF and PDF files are
 * accepted with derivatives made; files that lie about their type, are
 * truncated, too large, or pixel bombs are refused with nothing written;
 * pages are reordered and removed; the public page shows them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { tempDir } from '../helpers.js';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;
const uploads = tempDir('dossier-uploads-');
const ID = 'scan-doc';

const image = (format: 'png' | 'jpeg' | 'tiff', width = 1200, height = 900) =>
  sharp({ create: { width, height, channels: 3, background: { r: 240, g: 235, b: 220 } } })[format]().toBuffer();

async function pdf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`Page ${i + 1}`, { x: 50, y: 780 });
  return Buffer.from(await doc.save());
}

/** A valid PNG whose header claims `w` × `h` pixels, with almost no data: a decompression bomb's shape. */
function pngClaiming(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

async function upload(client: Client, bytes: Buffer, name: string, type: string, label = '') {
  const revision = (await archive.backend.store.listRevisions('document', ID))[0]!.revision;
  const body = new FormData();
  body.set('_csrf', client.csrf);
  body.set('revision', String(revision));
  body.set('label', label);
  body.set('file', new File([new Uint8Array(bytes)], name, { type }));
  const res = await client.request(`/admin/scans/${ID}`, { method: 'POST', body });
  return { res, html: await res.text() };
}

const media = async () => (await archive.backend.store.getDocument(ID))!.media;
const files = () => (existsSync(join(uploads, 'uploads', ID)) ? readdirSync(join(uploads, 'uploads', ID)).length : 0);

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ demo: false, uploadDir: uploads, cache: false }));
  await new Editorial(archive).create({ name: ROLE_USERS.editor, role: 'editor', via: 'session' }, { id: ID, title: 'A cable with scans' });
});

describe('uploading scans', () => {
  it('accepts PNG, JPEG, TIFF and PDF by their content, with a display image and a thumbnail', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await editor.get(`/admin/documents/${ID}`);
    expect((await upload(editor, await image('png'), 'p1.png', 'image/png', 'Page 1')).res.status).toBe(303);
    expect((await upload(editor, await image('jpeg', 3000, 2000), 'p2.jpg', 'image/jpeg', 'Page 2')).res.status).toBe(303);
    expect((await upload(editor, await image('tiff'), 'p3.tif', 'image/tiff', 'Page 3')).res.status).toBe(303);
    expect((await upload(editor, await pdf(2), 'whole.pdf', 'application/pdf', 'Whole file')).res.status).toBe(303);
    const m = await media();
    expect(m.map((x) => [x.kind, x.label, x.mimeType])).toEqual([
      ['image', 'Page 1', 'image/jpeg'], ['image', 'Page 2', 'image/jpeg'], ['image', 'Page 3', 'image/jpeg'],
      // A PDF's pages become page images (admin-pdf-pages.test.ts); the PDF itself follows them.
      ['image', 'Whole file, page 1', 'image/jpeg'], ['image', 'Whole file, page 2', 'image/jpeg'], ['pdf', 'Whole file', 'application/pdf'],
    ]);
    expect(m[1]).toMatchObject({ width: 2400, height: 1600 }); // shrunk for display
    expect(m[5]!.pages).toBe(2);
    const shown = await app.request(`/${m[2]!.url}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect((await app.request(`/${m[0]!.url.replace('.jpg', '-thumb.jpg')}`)).status).toBe(200);
    expect((await archive.backend.editors.listAudit({ action: 'document.scan-add', limit: 10 })).total).toBe(4);
  });

  it('refuses files that lie about their type, are truncated, too large or pixel bombs, writing nothing', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await editor.get(`/admin/documents/${ID}`);
    const before = { media: (await media()).length, files: files() };
    const jpeg = await image('jpeg');
    const cases: [Buffer, string, string, RegExp][] = [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'scan.jpg', 'image/jpeg', /not a PDF, JPEG, PNG or TIFF/],
      [Buffer.from('MZ\x90\x00 an executable'), 'scan.pdf', 'application/pdf', /not a PDF, JPEG, PNG or TIFF/],
      [jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'half.jpg', 'image/jpeg', /truncated or damaged|cannot be read/],
      [(await pdf(1)).subarray(0, 400), 'half.pdf', 'application/pdf', /truncated/],
      [pngClaiming(60_000, 60_000), 'bomb.png', 'image/png', /more than 100 megapixels|cannot be read/],
    ];
    for (const [bytes, name, type, message] of cases) {
      const { res, html } = await upload(editor, bytes, name, type);
      expect(res.status, name).toBe(400);
      expect(html, name).toMatch(message);
    }
    const huge = await upload(editor, Buffer.alloc(21 * 1024 * 1024, 1), 'huge.png', 'image/png');
    expect(huge.res.status).toBe(413);
    expect({ media: (await media()).length, files: files() }).toEqual(before);
  });

  it('reorders and removes pages, each a revision; a stale page or a role without the right changes nothing', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await editor.get(`/admin/documents/${ID}`);
    const labels = async () => (await media()).map((m) => m.label);
    const rev = async () => String((await archive.backend.store.listRevisions('document', ID))[0]!.revision);
    expect((await editor.post(`/admin/scan-order/${ID}`, { action: 'down', index: '0', revision: await rev() })).res.status).toBe(303);
    expect(await labels()).toEqual(['Page 2', 'Page 1', 'Page 3', 'Whole file, page 1', 'Whole file, page 2', 'Whole file']);
    expect((await editor.post(`/admin/scan-order/${ID}`, { action: 'remove', index: '5', revision: await rev() })).res.status).toBe(303);
    expect((await editor.post(`/admin/scan-order/${ID}`, { action: 'remove', index: '4', revision: await rev() })).res.status).toBe(303);
    expect((await editor.post(`/admin/scan-order/${ID}`, { action: 'remove', index: '3', revision: await rev() })).res.status).toBe(303);
    expect(await labels()).toEqual(['Page 2', 'Page 1', 'Page 3']);
    expect((await editor.post(`/admin/scan-order/${ID}`, { action: 'up', index: '2', revision: '1' })).res.status).toBe(409);
    const viewer = new Client(app);
    await viewer.signIn(ROLE_USERS.viewer);
    await viewer.get(`/admin/documents/${ID}`);
    expect((await viewer.post(`/admin/scan-order/${ID}`, { action: 'remove', index: '0', revision: await rev() })).res.status).toBe(403);
    expect((await upload(viewer, await image('png'), 'v.png', 'image/png')).res.status).toBe(403);
    expect(await labels()).toEqual(['Page 2', 'Page 1', 'Page 3']);
  });
});
