/**
 * `dossier serve` takes its scans' storage from the environment: with
 * DOSSIER_MEDIA_URL naming a bucket (a local s3rver) it serves `/media/…`
 * from there, with ranges; a malformed setting stops any command at start,
 * naming the variable; `dossier iiif build` draws the bucket's scans.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedUrl, tempDir } from '../helpers.js';
import { startS3Server, type S3TestServer } from '../s3-server.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');

describe('dossier with scans in a bucket', () => {
  let server: S3TestServer;
  let env: Record<string, string>;
  const data = tempDir('dossier-cli-s3-');
  const dossier = (args: string[]) => run(process.execPath, [BIN, ...args, '--data', data], { cwd: ROOT, env: { ...process.env, ...env } });
  beforeAll(async () => {
    await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    server = await startS3Server();
    const c = server.config();
    env = {
      DOSSIER_MEDIA_URL: 's3://scans/archive-a',
      DOSSIER_S3_ENDPOINT: c.endpoint!,
      DOSSIER_S3_ACCESS_KEY_ID: c.credentials!.accessKeyId,
      DOSSIER_S3_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
    };
    // A scan already in the bucket, and a record that shows it.
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 230, g: 225, b: 210 } } }).jpeg().toBuffer();
    const s3 = new S3Client({ endpoint: c.endpoint, region: c.region, forcePathStyle: true, credentials: c.credentials });
    await s3.send(new PutObjectCommand({ Bucket: 'scans', Key: 'archive-a/uploads/cli-scan/page.jpg', Body: jpeg, ContentType: 'image/jpeg' }));
    s3.destroy();
    const records = join(tempDir(), 'scan.jsonl');
    writeFileSync(records, JSON.stringify({ id: 'cli-scan', title: 'A scan in a bucket', date: '1957', media: [{ kind: 'image', url: 'media/uploads/cli-scan/page.jpg' }] }) + '\n');
    await dossier(['init']);
    await dossier(['import', records]);
  }, 60_000);
  afterAll(() => server?.stop());

  it('serves a scan from the bucket, by range', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], { cwd: ROOT, env: { ...process.env, ...env } });
    try {
      const url = await servedUrl(child);
      const res = await fetch(`${url}media/uploads/cli-scan/page.jpg`, { headers: { range: 'bytes=0-1' } });
      expect([res.status, res.headers.get('content-type'), res.headers.get('content-range')?.replace(/\d+$/, 'n')]).toEqual([206, 'image/jpeg', 'bytes 0-1/n']);
      expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0xff, 0xd8]); // a JPEG's first bytes
      expect((await fetch(`${url}media/uploads/cli-scan/other.jpg`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('warns at start when the bucket does not answer, and serves pages meanwhile', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], { cwd: ROOT, env: { ...process.env, ...env, DOSSIER_MEDIA_URL: 's3://no-such-bucket' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const url = await servedUrl(child);
      expect((await fetch(`${url}documents/cli-scan`)).status).toBe(200);
      expect((await fetch(`${url}media/uploads/cli-scan/page.jpg`)).status).toBe(404); // that bucket has no such file
      await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/s3:\/\/no-such-bucket\/ at 127\.0\.0\.1:\d+ failed on the bucket: HTTP 404.*scans answer 503/);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('builds IIIF tiles of a scan kept in the bucket, into the data folder', async () => {
    const built = await dossier(['iiif', 'build']);
    expect(built.stdout).toMatch(/IIIF: 1 scan pages of 1 documents ready/);
    const info = JSON.parse(readFileSync(join(data, 'iiif', 'images', 'uploads~cli-scan~page.jpg', 'info.json'), 'utf8')) as { width: number };
    expect(info.width).toBe(800);
  }, 60_000);

  it('refuses a malformed setting at start, naming the variable', async () => {
    const failed = await run(process.execPath, [BIN, 'stats', '--data', tempDir()], { cwd: ROOT, env: { ...process.env, ...env, DOSSIER_MEDIA_URL: 'https://bucket/x' } }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).not.toBe(0);
    expect(failed?.stderr).toMatch(/DOSSIER_MEDIA_URL: expected s3:\/\/bucket/);
  });
});
