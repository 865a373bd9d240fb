/**
 * Scans uploaded where workers run the jobs: the upload is answered at once
 * with the file kept as received and a scan-derivatives job queued, the
 * document unchanged; a runner over the same media folder (as
 * `dossier worker --data` runs) then adds the page as one revision with its
 * audit entry; a worker that died half-way leaves files the next run
 * writes over, and the page is added once. An upload that passes the quick
 * checks but cannot be decoded fails its job for good with the reason, and
 * leaves no file and no change;
 * the document's page in the workspace says which uploads are being made
 * and why one was not added.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import sharp from 'sharp';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { JobRunner } from '../../src/services/jobs/job-runner.js';
import { scanDerivativesJob } from '../../src/services/jobs/scan-derivatives-job.js';
import { FilesystemMediaStorage } from '../../src/services/media-storage.js';
import { tempDir } from '../helpers.js';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;
let worker: JobRunner;
let nudges = 0;
const uploads = tempDir('dossier-queued-uploads-');
const ID = 'queued-scan-doc';

const revision = async () => (await archive.backend.store.listRevisions('document', ID))[0]!.revision;
const files = () => (existsSync(join(uploads, 'uploads', ID)) ? readdirSync(join(uploads, 'uploads', ID)).sort() : []);

async function upload(client: Client, bytes: Buffer, name: string) {
  const body = new FormData();
  body.set('_csrf', client.csrf);
  body.set('revision', String(await revision()));
  body.set('label', 'Front page');
  body.set('file', new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }));
  return client.request(`/admin/scans/${ID}`, { method: 'POST', body });
}

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ demo: false, uploadDir: uploads, cache: false, jobs: { workers: true, nudge: () => nudges++ } }));
  await new Editorial(archive).create({ name: ROLE_USERS.editor, role: 'editor', via: 'session' }, { id: ID, title: 'A cable scanned later' });
  worker = new JobRunner(archive, [scanDerivativesJob(new FilesystemMediaStorage(uploads))]);
});

describe('uploading scans with workers', () => {
  it('answers at once and leaves the derivatives to the worker, which adds the page once', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await editor.get(`/admin/documents/${ID}`);
    const before = await revision();
    const res = await upload(editor, await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#eee' } }).jpeg().toBuffer(), 'front.jpg');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/done=scan-queued$/);
    expect((await editor.get(res.headers.get('location')!)).html).toContain('Scan received');
    expect(nudges).toBe(1);
    expect(await revision()).toBe(before);
    expect(files()).toEqual([expect.stringMatching(/-original\.jpg$/)]);
    const [job] = await archive.backend.jobs.list({ kind: 'scan-derivatives' });
    expect(job).toMatchObject({ status: 'queued', payload: { documentId: ID, label: 'Front page', actor: { name: ROLE_USERS.editor, role: 'editor' } } });

    expect((await editor.get(`/admin/documents/${ID}`)).html).toMatch(/Being made: Front page \(received [^)]+\); reload to see it\./);

    expect(await worker.runOnce()).toMatchObject({ id: job!.id, status: 'done', attempts: 1 });
    expect((await editor.get(`/admin/documents/${ID}`)).html).not.toContain('Being made');
    const doc = (await archive.backend.store.getDocument(ID))!;
    expect(doc.media).toEqual([expect.objectContaining({ kind: 'image', label: 'Front page', width: 1600, height: 1200 })]);
    expect(await revision()).toBe(before + 1);
    expect(files()).toHaveLength(3); // the original, the display image and the thumbnail
    expect((await app.request(`http://localhost/${doc.media[0]!.url}`)).status).toBe(200);
    const audit = await archive.backend.editors.listAudit({ action: 'document.scan-add', limit: 10 });
    expect(audit.items.map((e) => [e.actor, e.target])).toEqual([[ROLE_USERS.editor, `document:${ID}`]]);
    expect(await worker.runOnce()).toBeUndefined();
  });

  it('runs the job of a worker that died half-way again, over the files it left, adding the page once', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await editor.get(`/admin/documents/${ID}`);
    const before = { revision: await revision(), pages: (await archive.backend.store.getDocument(ID))!.media.length };
    expect((await upload(editor, await sharp({ create: { width: 900, height: 700, channels: 3, background: '#ccc' } }).jpeg().toBuffer(), 'back.jpg')).status).toBe(303);
    // A worker claims the job, writes one derivative and dies: its lease (1 ms) runs out unextended.
    const dead = (await archive.backend.jobs.claim({ worker: 'dead:1', now: new Date().toISOString(), leaseMs: 1 }))!;
    const stem = (dead.job.payload as { stem: string }).stem;
    writeFileSync(join(uploads, `${stem}-thumb.jpg`), 'half a thumbnail');
    await new Promise((r) => setTimeout(r, 5));
    const job = await worker.runOnce();
    expect(job).toMatchObject({ id: dead.job.id, status: 'done', attempts: 2, lastError: 'attempt 1: the worker dead:1 stopped before finishing the job (its lease ran out)' });
    expect(await archive.backend.jobs.complete(dead, new Date().toISOString())).toBe(false);
    const doc = (await archive.backend.store.getDocument(ID))!;
    expect(doc.media).toHaveLength(before.pages + 1);
    expect(await revision()).toBe(before.revision + 1);
    expect((await sharp(join(uploads, `${stem}-thumb.jpg`)).metadata()).width).toBe(320);
  });

  it('fails the job of an upload that cannot be decoded, keeping nothing of it', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await editor.get(`/admin/documents/${ID}`);
    const before = { revision: await revision(), files: files() };
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ddd' } }).jpeg().toBuffer();
    expect((await upload(editor, jpeg.subarray(0, jpeg.length / 2), 'half.jpg')).status).toBe(303);
    const job = await worker.runOnce();
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job?.lastError).toMatch(/truncated or damaged|cannot be read/);
    expect({ revision: await revision(), files: files() }).toEqual(before);
    // The editor learns it on the document's page.
    expect((await editor.get(`/admin/documents/${ID}`)).html).toMatch(/Not added: Front page \(received [^)]+\) could not be used: .*(truncated or damaged|cannot be read)/);
  });
});
