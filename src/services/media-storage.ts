/**
 * Where uploaded scans and their derivatives are kept: a small port, so a
 * deployment can put them in object storage later; the filesystem (the
 * archive's `media/` folder, which the site serves at `/media/…`) by default.
 * @module
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface MediaStorage {
  /** Writes a file at `path` (relative, e.g. `uploads/doc-1/ab12.jpg`); its URL in a record is `media/<path>`. */
  write(path: string, bytes: Uint8Array): Promise<void>;
  remove(path: string): Promise<void>;
  /** The bytes of a file written earlier (a scan job reads the upload it turns into derivatives). */
  read(path: string): Promise<Uint8Array>;
}

export class FilesystemMediaStorage implements MediaStorage {
  readonly #root: string;

  constructor(root: string) {
    this.#root = resolve(root);
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    const full = this.#resolve(path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, bytes, { flag: 'wx' }); // never overwrite: names are fresh, and an old revision may point at any file
  }

  async read(path: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.#resolve(path)));
  }

  async remove(path: string): Promise<void> {
    await rm(this.#resolve(path), { force: true });
  }

  #resolve(path: string): string {
    if (!/^[A-Za-z0-9][\w.-]*(?:\/[A-Za-z0-9][\w.-]*)*$/.test(path) || path.includes('..')) throw new Error(`Refusing media path ${JSON.stringify(path)}`);
    const full = join(this.#root, path);
    if (!full.startsWith(this.#root + sep)) throw new Error(`Refusing media path ${JSON.stringify(path)}`);
    return full;
  }
}
