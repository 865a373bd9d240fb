/**
 * The behaviour every MediaStorage must have, written once: what is written
 * reads back byte for byte, whole or as any span; `stat` gives the size and a
 * validator that differs between different contents; absent files are
 * absent (undefined from `stat`, NotFoundError from `read`); removal is
 * idempotent; paths that could climb out of the storage are refused.
 * Run on the media folder and on an S3 bucket by media/media-storage-contracts.test.ts.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../domain/errors.js';
import type { MediaStorage } from './media-storage.js';

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export function runMediaStorageContract(name: string, open: () => Promise<{ storage: MediaStorage; close(): Promise<void> }>): void {
  describe(`MediaStorage contract: ${name}`, () => {
    let storage: MediaStorage;
    let close: () => Promise<void>;
    // Larger than one network or file-system chunk, so a stream that drops or repeats a chunk shows.
    const scan = randomBytes(300_000);
    beforeAll(async () => {
      ({ storage, close } = await open());
      await storage.write('uploads/doc-1/page.jpg', scan);
    });
    afterAll(() => close());

    it('reads back what was written, whole, with its size and a recent date', async () => {
      const before = Date.now();
      await storage.write('uploads/doc-1/fresh.pdf', Buffer.from('%PDF-1.4 fresh'));
      const info = await storage.stat('uploads/doc-1/fresh.pdf');
      expect(info?.size).toBe(14);
      expect(Math.abs(info!.lastModified.getTime() - before)).toBeLessThan(60_000);
      expect((await bytesOf(await storage.read('uploads/doc-1/fresh.pdf'))).toString()).toBe('%PDF-1.4 fresh');
      expect((await bytesOf(await storage.read('uploads/doc-1/page.jpg'))).equals(scan)).toBe(true);
    });

    it('reads any span of a file, both ends included', async () => {
      // Not 0-0: s3rver reads an end of 0 as "to the end" (S3 itself does not); the S3 storage refuses such an answer.
      for (const [start, end] of [[1, 1], [0, 99], [65_530, 65_545], [123_456, scan.length - 1], [scan.length - 1, scan.length - 1]] as const) {
        const part = await bytesOf(await storage.read('uploads/doc-1/page.jpg', { start, end }));
        expect(part.equals(scan.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
      }
    });

    it('gives a validator that tells different contents apart and stays the same for the same file', async () => {
      await storage.write('uploads/doc-2/a.jpg', Buffer.from('first scan'));
      await storage.write('uploads/doc-2/b.jpg', Buffer.from('other scan'));
      const a = await storage.stat('uploads/doc-2/a.jpg');
      const b = await storage.stat('uploads/doc-2/b.jpg');
      expect(a?.etag).toMatch(/^(?:W\/)?".+"$/);
      expect(a?.etag).not.toBe(b?.etag);
      expect((await storage.stat('uploads/doc-2/a.jpg'))?.etag).toBe(a?.etag);
    });

    it('answers for an absent file: undefined from stat, NotFoundError from read', async () => {
      expect(await storage.stat('uploads/nobody/none.jpg')).toBeUndefined();
      await expect(storage.read('uploads/nobody/none.jpg')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('removes a file, and removing it again is no error', async () => {
      await storage.write('uploads/doc-3/gone.jpg', Buffer.from('soon gone'));
      await storage.remove('uploads/doc-3/gone.jpg');
      expect(await storage.stat('uploads/doc-3/gone.jpg')).toBeUndefined();
      await storage.remove('uploads/doc-3/gone.jpg');
      expect(await storage.stat('uploads/doc-1/page.jpg')).toBeDefined();
    });

    it('refuses paths that climb out or hide', async () => {
      for (const path of ['../outside.jpg', 'uploads/../../x.jpg', '.hidden.jpg', 'uploads/.x/a.jpg', '/etc/passwd', 'a\\b.jpg', '']) {
        await expect(storage.write(path, Buffer.from('x')), path).rejects.toThrow(/Refusing media path/);
        expect(await storage.stat(path), path).toBeUndefined();
      }
    });
  });
}
