/**
 * The media-storage port on S3-compatible object storage (Amazon S3, MinIO,
 * Ceph, Garage, R2…), so that web processes on several machines serve and
 * upload scans without sharing a disk. Reads stream from the bucket, a range
 * as a ranged GET, so a viewer's or a PDF reader's partial requests never
 * pull a whole file through the process. Objects are written with their
 * content type, so a CDN in front of the bucket serves them right too.
 *
 * Failures: a missing object is "absent" (stat) or NotFoundError (read);
 * anything else — a refused connection, a timeout, a 5xx, denied
 * credentials — is a MediaUnavailableError naming the bucket, which the web
 * answers with 503 and the editors' upload reports without saving anything.
 * @module
 */
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MediaUnavailableError, NotFoundError } from '../domain/errors.js';
import { isMediaPath, mediaContentType, type ByteSpan, type MediaStorage, type StoredMedia } from '../services/media-storage.js';
import type { S3MediaConfig } from './media-config.js';

export class S3MediaStorage implements MediaStorage {
  readonly location: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(config: S3MediaConfig) {
    this.#bucket = config.bucket;
    this.#prefix = config.prefix;
    this.location = `s3://${config.bucket}/${config.prefix}${config.endpoint ? ` at ${new URL(config.endpoint).host}` : ''}`;
    this.#client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.pathStyle,
      credentials: config.credentials, // absent: the SDK's own chain (AWS_* variables, instance role)
      // A storage that does not answer must not hold a page request for minutes: fail over to a 503 instead.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
    });
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    // One PUT: uploads are bounded by the form's size limit, far below S3's 5 GB for a single request.
    await this.#call(path, () => this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: this.#key(path), Body: bytes, ContentLength: bytes.length, ContentType: mediaContentType(path) })));
  }

  async remove(path: string): Promise<void> {
    await this.#call(path, () => this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(path) })));
  }

  async stat(path: string): Promise<StoredMedia | undefined> {
    if (!isMediaPath(path)) return undefined;
    const head = await this.#call(path, () => this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(path) })), 'absent');
    if (!head) return undefined;
    return {
      size: head.ContentLength ?? 0,
      lastModified: head.LastModified ?? new Date(0),
      etag: head.ETag ?? `W/"${(head.ContentLength ?? 0).toString(36)}-${(head.LastModified?.getTime() ?? 0).toString(36)}"`,
    };
  }

  async read(path: string, span?: ByteSpan): Promise<ReadableStream<Uint8Array>> {
    const range = span ? `bytes=${span.start}-${span.end}` : undefined;
    const got = await this.#call(path, () => this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(path), Range: range })), 'absent');
    if (!got?.Body) throw new NotFoundError('Media file', path);
    if (span && got.ContentRange && !got.ContentRange.startsWith(`bytes ${span.start}-${span.end}/`)) {
      // A server that answers another span than asked would make the 206 lie about its length.
      await got.Body.transformToWebStream().cancel();
      throw new MediaUnavailableError(`The scans' storage ${this.location} answered bytes ${got.ContentRange} for ${range} of ${path}`);
    }
    return got.Body.transformToWebStream() as ReadableStream<Uint8Array>;
  }

  /** Whether the bucket answers to these credentials (HEAD on the bucket); MediaUnavailableError saying why if not. */
  async check(): Promise<void> {
    await this.#call('the bucket', () => this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket })));
  }

  /** Stops the client's sockets (tests, and a process shutting down). */
  close(): void {
    this.#client.destroy();
  }

  #key(path: string): string {
    if (!isMediaPath(path)) throw new Error(`Refusing media path ${JSON.stringify(path)}`);
    return this.#prefix ? `${this.#prefix}/${path}` : path;
  }

  async #call<T>(path: string, send: () => Promise<T>): Promise<T>;
  async #call<T>(path: string, send: () => Promise<T>, missing: 'absent'): Promise<T | undefined>;
  async #call<T>(path: string, send: () => Promise<T>, missing?: 'absent'): Promise<T | undefined> {
    try {
      return await send();
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (missing && status === 404) return undefined;
      const why = status ? `HTTP ${status} ${(error as Error).name}` : (error as Error).message || (error as Error).name;
      throw new MediaUnavailableError(`The scans' storage ${this.location} failed on ${path}: ${why}`, { cause: error });
    }
  }
}
