/**
 * Keeps the bulk downloads (/data) current without building them in a
 * request: a request that finds the archive changed since the files were
 * made is answered with the files it has (their manifest says when they were
 * generated) and starts a rebuild in the background; only when no files exist
 * at all does a request wait for the first build. One build runs at a time.
 * Where workers run the jobs (`queue` given: `dossier serve --no-jobs`
 * beside `dossier worker`s sharing the data folder), the rebuild is queued as a
 * `bulk-files` job instead (ingest/bulk-files-job.ts), and the manifest on
 * disk is read again, at most once a second, until it catches up.
 * @module
 */
import { join } from 'node:path';
import { BULK_FORMAT, readBulkManifest, writeBulkFiles, type BulkManifest } from '../ingest/bulk-files.js';
import type { Archive } from '../services/archive.js';
import { scratchFolder } from './scratch-folder.js';

export class BulkDownloads {
  #manifest: BulkManifest | undefined;
  #loaded = false;
  #building: Promise<BulkManifest> | undefined;
  #dir: string | undefined;

  constructor(
    private readonly archive: Archive,
    options: { dir?: string; origin: () => string | undefined; log?: (message: string, error: unknown) => void; queue?: (marker: string, origin: string) => Promise<void> },
  ) {
    this.#dir = options.dir;
    this.#queue = options.queue;
    this.#origin = options.origin;
    this.#log = options.log ?? ((message, error) => console.error(message, error));
  }

  readonly #origin: () => string | undefined;
  readonly #queue: ((marker: string, origin: string) => Promise<void>) | undefined;
  #reread = 0;

  /** Where the files are; without a folder of its own (an archive in memory, a test) a temporary one, made on first use and removed with the archive. */
  get dir(): string {
    this.#dir ??= scratchFolder(this.archive, 'dossier-bulk-');
    return this.#dir;
  }
  readonly #log: (message: string, error: unknown) => void;

  /** The manifest of the files to serve now; starts a rebuild in the background when the archive has changed since. */
  async current(origin: string): Promise<BulkManifest> {
    if (!this.#loaded) {
      this.#manifest = await readBulkManifest(this.dir);
      this.#loaded = true;
    }
    const { marker } = await this.archive.changeMarker();
    if (!this.#manifest) return this.build(marker, origin);
    const stale = (m: BulkManifest) => m.marker !== marker || m.format !== BULK_FORMAT;
    if (stale(this.#manifest) && this.#queue) {
      if (Date.now() - this.#reread > 1000) {
        this.#reread = Date.now();
        this.#manifest = (await readBulkManifest(this.dir)) ?? this.#manifest;
        if (stale(this.#manifest)) await this.#queue(marker, this.#origin() ?? origin).catch((error: unknown) => this.#log('Queueing the bulk downloads failed:', error));
      }
      return this.#manifest;
    }
    if (stale(this.#manifest) && !this.#building) {
      this.build(marker, origin).catch((error: unknown) => this.#log('Building the bulk downloads failed:', error));
    }
    return this.#manifest;
  }

  /** Resolves when no build is running (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    while (this.#building) await this.#building.catch(() => undefined);
  }

  /** Folder holding a generation's files. */
  folder(manifest: BulkManifest): string {
    return join(this.dir, manifest.generation);
  }

  private build(marker: string, origin: string): Promise<BulkManifest> {
    this.#building ??= writeBulkFiles(this.archive, this.dir, { marker, origin: this.#origin() ?? origin })
      .then((m) => (this.#manifest = m))
      .finally(() => (this.#building = undefined));
    return this.#building;
  }
}
