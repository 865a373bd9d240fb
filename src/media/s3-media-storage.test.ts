/**
 * What the S3 storage adds to the contract, checked with the AWS client and
 * a local s3rver: objects carry their content type and sit under the prefix,
 * and a storage that cannot be reached is a MediaUnavailableError, quickly.
 */
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaUnavailableError } from '../domain/errors.js';
import { startS3Server, type S3TestServer } from '../../test/s3-server.js';
import { S3MediaStorage } from './s3-media-storage.js';

describe('S3MediaStorage', () => {
  let server: S3TestServer;
  let client: S3Client;
  beforeAll(async () => {
    server = await startS3Server();
    const c = server.config();
    client = new S3Client({ endpoint: c.endpoint, region: c.region, forcePathStyle: true, credentials: c.credentials });
  });
  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  it('writes each object under the prefix with the content type of its extension', async () => {
    const storage = new S3MediaStorage(server.config('archive-a/media'));
    await storage.write('uploads/doc-1/scan.jpg', Buffer.from('jpeg bytes'));
    await storage.write('uploads/doc-1/scan.pdf', Buffer.from('%PDF-1.4'));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'scans', Prefix: 'archive-a/' }));
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual(['archive-a/media/uploads/doc-1/scan.jpg', 'archive-a/media/uploads/doc-1/scan.pdf']);
    const head = (key: string) => client.send(new HeadObjectCommand({ Bucket: 'scans', Key: key }));
    expect((await head('archive-a/media/uploads/doc-1/scan.jpg')).ContentType).toBe('image/jpeg');
    expect((await head('archive-a/media/uploads/doc-1/scan.pdf')).ContentType).toBe('application/pdf');
    storage.close();
  });

  it('names the bucket in a MediaUnavailableError when the server cannot be reached, within seconds', async () => {
    const down = await startS3Server();
    const storage = new S3MediaStorage(down.config());
    await storage.write('uploads/x.jpg', Buffer.from('x'));
    await down.stop();
    const started = Date.now();
    for (const attempt of [() => storage.stat('uploads/x.jpg'), () => storage.read('uploads/x.jpg'), () => storage.write('uploads/y.jpg', Buffer.from('y'))]) {
      const error = await attempt().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(MediaUnavailableError);
      expect((error as Error).message).toMatch(/s3:\/\/scans\/ at 127\.0\.0\.1:\d+ failed on uploads\/[xy]\.jpg/);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    storage.close();
  });
});
