/**
 * Where uploaded scans and their derivatives are kept: a small port, so that
 * web processes on several machines can share an S3-compatible bucket
 * (media/s3-media-storage.ts) instead of a disk; the filesystem (the
 * archive's `media/` folder, which the site serves at `/media/…`) by default.
 * Files are written once under fresh names and never overwritten (an old
 * revision may point at any of them), so a file's size and validators never
 * change under a reader between `stat` and `read`.
 * @module
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { NotFoundError } from '../domain/errors.js';

/** What a stored file is, without reading it. */
export interface StoredMedia {
  size: number;
  /** Second precision is all HTTP dates carry. */
  lastModified: Date;
  /** A validator that changes when the bytes do: `"…"` (strong, e.g. S3's) or `W/"…"` (weak). */
  etag: string;
}

/** Bytes `start` to `end`, both included. */
export interface ByteSpan {
  start: number;
  end: number;
}

/**
 * @example
 * await storage.write('uploads/doc-1/ab12.jpg', bytes); // its URL in the record: media/uploads/doc-1/ab12.jpg
 * const info = await storage.stat('uploads/doc-1/ab12.jpg');
 * const body = await storage.read('uploads/doc-1/ab12.jpg', { start: 0, end: 1023 });
 */
export interface MediaStorage {
  /** Where the files are, for messages and logs (never with credentials). */
  readonly location: string;
  /** Writes a file at `path` (relative, e.g. `uploads/doc-1/ab12.jpg`); its URL in a record is `media/<path>`. */
  write(path: string, bytes: Uint8Array): Promise<void>;
  /** Removes a file; removing one that is absent is not an error. */
  remove(path: string): Promise<void>;
  /** The file's size and validators; undefined when there is none at `path` (or `path` is not a media path). */
  stat(path: string): Promise<StoredMedia | undefined>;
  /** The file's bytes (or a span of them) as a stream; NotFoundError when absent. */
  read(path: string, span?: ByteSpan): Promise<ReadableStream<Uint8Array>>;
}

/** A whole stored file's bytes (a scan job reads the upload it turns into derivatives). */
export async function readMediaBytes(storage: MediaStorage, path: string): Promise<Uint8Array> {
  return new Uint8Array(await new Response(await storage.read(path)).arrayBuffer());
}

/** Relative media paths only: plain names, no dot-segments, backslashes or hidden files. */
export function isMediaPath(path: string): boolean {
  return /^[A-Za-z0-9][\w.-]*(?:\/[A-Za-z0-9][\w.-]*)*$/.test(path) && !path.includes('..');
}

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif',
  '.tif': 'image/tiff', '.tiff': 'image/tiff', '.pdf': 'application/pdf', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
};

/** The content type a stored file is labelled with, by its extension. */
export function mediaContentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export class FilesystemMediaStorage implements MediaStorage {
  readonly #root: string;

  constructor(root: string) {
    this.#root = resolve(root);
  }

  get location(): string {
    return this.#root;
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    const full = this.#resolve(path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, bytes, { flag: 'wx' }); // never overwrite: names are fresh, and an old revision may point at any file
  }

  async remove(path: string): Promise<void> {
    await rm(this.#resolve(path), { force: true });
  }

  async stat(path: string): Promise<StoredMedia | undefined> {
    if (!isMediaPath(path)) return undefined;
    const info = await stat(this.#resolve(path)).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const seconds = Math.floor(info.mtimeMs / 1000);
    return { size: info.size, lastModified: new Date(seconds * 1000), etag: `W/"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}-${info.ino.toString(36)}"` };
  }

  async read(path: string, span?: ByteSpan): Promise<ReadableStream<Uint8Array>> {
    const full = this.#resolve(path);
    const stream = createReadStream(full, span ? { start: span.start, end: span.end } : {});
    // Open before answering, so that a missing file is a NotFoundError here rather than a broken stream later.
    await new Promise<void>((ok, fail) => {
      stream.once('open', () => ok());
      stream.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ENOENT' ? new NotFoundError('Media file', path) : e));
    });
    return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  }

  #resolve(path: string): string {
    if (!isMediaPath(path)) throw new Error(`Refusing media path ${JSON.stringify(path)}`);
    const full = join(this.#root, path);
    if (!full.startsWith(this.#root + sep)) throw new Error(`Refusing media path ${JSON.stringify(path)}`);
    return full;
  }
}
