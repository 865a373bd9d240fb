/**
 * Scans kept in an S3-compatible bucket (a local s3rver), end to end: uploaded
 * through the editors' form, nothing on local disk, served at `/media/…` as
 * the document page links them — with Range (206, suffix, 416), If-Range,
 * 304 and HEAD as for files on disk — and drawn as IIIF tiles from the
 * bucket. With the storage stopped, a scan answers 503 with a clear message,
 * an upload saves nothing, and the document page and tiles drawn before still answer.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Hono } from 'hono';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3MediaStorage } from '../../src/media/s3-media-storage.js';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { tempDir } from '../helpers.js';
import { startS3Server, type S3TestServer } from '../s3-server.js';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

const ID = 's3-scan-doc';
const editorActor = { name: ROLE_USERS.editor, role: 'editor' as const, via: 'session' as const };
let app: Hono<any>;
let archive: Archive;
let server: S3TestServer;
let storage: S3MediaStorage;
let s3: S3Client;

const media = async () => (await archive.backend.store.getDocument(ID))!.media;
const objectBytes = async (key: string) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'scans', Key: key }))).Body!.transformToByteArray());

async function upload(client: Client, bytes: Buffer, name: string, type: string) {
  const revision = (await archive.backend.store.listRevisions('document', ID))[0]!.revision;
  const body = new FormData();
  body.set('_csrf', client.csrf);
  body.set('revision', String(revision));
  body.set('label', name);
  body.set('file', new File([new Uint8Array(bytes)], name, { type }));
  const res = await client.request(`/admin/scans/${ID}`, { method: 'POST', body });
  return { res, html: await res.text() };
}

async function signedIn(): Promise<Client> {
  const editor = new Client(app);
  await editor.signIn(ROLE_USERS.editor);
  await editor.get(`/admin/documents/${ID}`);
  return editor;
}

beforeAll(async () => {
  server = await startS3Server();
  storage = new S3MediaStorage(server.config('site-a'));
  const c = server.config();
  s3 = new S3Client({ endpoint: c.endpoint, region: c.region, forcePathStyle: true, credentials: c.credentials });
  ({ app, archive } = await editorsSite({ demo: false, cache: false, media: storage, iiifDir: tempDir('dossier-s3-iiif-') }));
  await new Editorial(archive).create(editorActor, { id: ID, title: 'A cable scanned into a bucket' });
  const editor = await signedIn();
  const jpeg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 240, g: 235, b: 220 } } }).jpeg().toBuffer();
  expect((await upload(editor, jpeg, 'page.jpg', 'image/jpeg')).res.status).toBe(303);
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Page 1', { x: 50, y: 780 });
  expect((await upload(editor, Buffer.from(await pdf.save()), 'whole.pdf', 'application/pdf')).res.status).toBe(303);
  await new Editorial(archive).setStatus(editorActor, ID, { status: 'published' });
}, 60_000);

afterAll(async () => {
  s3.destroy();
  storage.close();
  await server.stop();
});

describe('scans in an S3 bucket', () => {
  it('keeps every upload and derivative in the bucket under its prefix', async () => {
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: 'scans' }))).Contents!.map((o) => o.Key!);
    const urls = (await media()).map((m) => m.url);
    expect(urls).toHaveLength(3); // the image, the PDF's page drawn as an image, the PDF
    for (const url of urls) expect(keys).toContain(`site-a/${url.slice('media/'.length)}`);
    expect(keys.filter((k) => k.endsWith('-thumb.jpg'))).toHaveLength(2);
    expect(keys.every((k) => k.startsWith(`site-a/uploads/${ID}/`))).toBe(true);
  });

  it('serves a scan the document page links, whole and by byte ranges, as the bucket holds it', async () => {
    const page = await (await app.request(`/documents/${ID}`)).text();
    const url = (await media()).find((m) => m.kind === 'image' && m.label === 'page.jpg')!.url;
    expect(page).toContain(url);
    const stored = await objectBytes(`site-a/${url.slice('media/'.length)}`);

    const whole = await app.request(`/${url}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/jpeg');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe(String(stored.length));
    expect(Buffer.from(await whole.arrayBuffer()).equals(stored)).toBe(true);
    const etag = whole.headers.get('etag')!;

    const part = await app.request(`/${url}`, { headers: { range: 'bytes=100-1123' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1123/${stored.length}`);
    expect(part.headers.get('content-length')).toBe('1024');
    expect(Buffer.from(await part.arrayBuffer()).equals(stored.subarray(100, 1124))).toBe(true);

    const tail = await app.request(`/${url}`, { headers: { range: 'bytes=-50' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(stored.subarray(stored.length - 50))).toBe(true);

    const past = await app.request(`/${url}`, { headers: { range: `bytes=${stored.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${stored.length}`);

    expect((await app.request(`/${url}`, { headers: { range: 'bytes=0-9', 'if-range': etag } })).status).toBe(206);
    const stale = await app.request(`/${url}`, { headers: { range: 'bytes=0-9', 'if-range': '"another-version"' } });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer()).length).toBe(stored.length);

    expect((await app.request(`/${url}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await app.request(`/${url}`, { headers: { 'if-modified-since': whole.headers.get('last-modified')! } })).status).toBe(304);
    const head = await app.request(`/${url}`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength]).toEqual([200, String(stored.length), 0]);
  });

  it('serves the PDF by ranges, as a PDF reader asks for it, and 404 for a file the bucket lacks', async () => {
    const url = (await media()).find((m) => m.kind === 'pdf')!.url;
    const res = await app.request(`/${url}`, { headers: { range: 'bytes=0-4' } });
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([206, 'application/pdf', '%PDF-']);
    expect((await app.request(`/media/uploads/${ID}/missing.jpg`)).status).toBe(404);
    expect((await app.request('/media/uploads/..%2F..%2Fetc/passwd.jpg')).status).toBe(404);
  });

  it('draws IIIF tiles from the bucket', { timeout: 30_000 }, async () => {
    const manifest = (await (await app.request(`/iiif/documents/${ID}/manifest.json`)).json()) as any;
    const service = new URL(manifest.items[0].items[0].items[0].body.service[0].id as string).pathname;
    const info = (await (await app.request(`${service}/info.json`)).json()) as { width: number; height: number };
    expect([info.width, info.height]).toEqual([1200, 900]);
    const full = await app.request(`${service}/full/max/0/default.jpg`);
    expect(full.status).toBe(200);
    expect((await sharp(Buffer.from(await full.arrayBuffer())).metadata()).width).toBe(1200);
  });

  it('answers 503 for a scan and saves nothing when the storage is down, while pages still render', async () => {
    const url = (await media())[0]!.url;
    const editor = await signedIn();
    const before = { media: (await media()).length, revisions: (await archive.backend.store.listRevisions('document', ID)).length };
    await server.stop({ remove: false });
    const res = await app.request(`/${url}`, { headers: { range: 'bytes=0-9' } });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('storage that holds this archive’s scans cannot be reached');
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 0, g: 0, b: 0 } } }).jpeg().toBuffer();
    const { res: saved, html } = await upload(editor, jpeg, 'late.jpg', 'image/jpeg');
    expect(saved.status).toBe(503);
    expect(html).toContain('cannot be reached');
    expect({ media: (await media()).length, revisions: (await archive.backend.store.listRevisions('document', ID)).length }).toEqual(before);
    expect((await app.request(`/documents/${ID}`)).status).toBe(200);
    // Tiles drawn before keep answering from the process's copy.
    const image = (await media()).find((m) => m.label === 'page.jpg')!.url.slice('media/'.length).replaceAll('/', '~');
    expect((await app.request(`/iiif/documents/${ID}/images/${image}/info.json`)).status).toBe(200);
  });
});
