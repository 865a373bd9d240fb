/**
 * IIIF derivatives of the archive's scans: for every page image (and every
 * page of a PDF) a folder of static IIIF Image API 3 level 0 files — tiles
 * from sharp's `iiif3` layout, full-image sizes, and an info.json — under the
 * archive folder (`<data>/iiif/images/<identifier>/`), made once and served
 * as files ever after.
 *
 * When: lazily, on the first request that needs an image (its info.json or a
 * tile), or ahead of time with `dossier iiif build`; never during an import,
 * which stays as fast as before. A build happens once per source version:
 * concurrent requests in a process share one build, builds run one at a time,
 * and each is written to a temporary folder and renamed into place, so two
 * processes never serve a half-written image (the loser of a race discards its
 * copy). A source that changes (size or mtime) is described and built again.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { loadSharp } from './load-sharp.js';
import type { Media } from '../domain/document.js';
import { isMediaPath, type MediaStorage } from '../services/media-storage.js';
import { imageIdFor, isLocalMediaPath, parseImageId } from './image-ids.js';
import { MEDIA_LIMITS, SCAN_IMAGE_FORMATS } from './media-limits.js';
import { pdfPageSizes, renderPdfPage } from './pdf-pages.js';

export interface Size {
  width: number;
  height: number;
}

/** What info.json says about one image, less its `id` (the public address, set when served). */
export interface ImageInfo extends Size {
  sizes: Size[];
  tiles: { width: number; height: number; scaleFactors: number[] }[];
}

/** One page of a document's scans, as a IIIF canvas shows it. */
export interface ScanPage extends Size {
  label: string;
  /** IIIF image identifier when Dossier serves the page as tiles; absent for a remote image. */
  imageId?: string;
  /** A remote image shown as is (http URL), when the record gives its size. */
  remoteUrl?: string;
  mimeType: string;
}

interface Stamp {
  size: number;
  mtimeMs: number;
}

interface Description extends Stamp {
  kind: 'image' | 'pdf';
  pages: Size[];
}

export interface IiifImageStoreOptions {
  /** Where derivatives are kept: `<archive folder>/iiif`. */
  dir: string;
  /** Folders `media/…` paths are looked up in, first match wins. */
  mediaDirs: readonly string[];
  /** Looked in after the folders (an S3 bucket): a scan found there is copied once into `<dir>/sources/files/`. */
  media?: MediaStorage;
  /** Told about a scan that cannot be used (missing, unreadable, over a limit). */
  warn?: (message: string) => void;
}

export class IiifImageStore {
  readonly #descriptions = new Map<string, Description>();
  readonly #building = new Map<string, Promise<ImageInfo | undefined>>();
  readonly #built = new Map<string, ImageInfo>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: IiifImageStoreOptions) {}

  /** A document's scan pages: its page images or, when it has none, the pages of its PDFs. */
  async pages(media: readonly Media[]): Promise<ScanPage[]> {
    const images = media.filter((m) => m.kind === 'image');
    const pages: ScanPage[] = [];
    for (const [i, m] of images.entries()) {
      const label = m.label ?? `Page ${i + 1}`;
      if (!isLocalMediaPath(m.url)) {
        if (m.width && m.height) pages.push({ label, remoteUrl: m.url, width: m.width, height: m.height, mimeType: m.mimeType ?? 'image/jpeg' });
        continue;
      }
      const d = await this.describe(m.url, 'image');
      if (d) pages.push({ label, imageId: imageIdFor(m.url), ...d.pages[0]!, mimeType: 'image/jpeg' });
    }
    if (pages.length > 0) return pages;
    for (const m of media.filter((x) => x.kind === 'pdf' && isLocalMediaPath(x.url))) {
      const d = await this.describe(m.url, 'pdf');
      d?.pages.forEach((size, i) => pages.push({ label: `${m.label ?? 'Scan'}, page ${i + 1}`, imageId: imageIdFor(m.url, i + 1), ...size, mimeType: 'image/jpeg' }));
    }
    return pages;
  }

  /** info.json's content for an image, building its derivatives if needed; undefined when there is no such image. */
  async info(imageId: string): Promise<ImageInfo | undefined> {
    const ref = parseImageId(imageId);
    if (!ref) return undefined;
    const d = await this.describe(ref.mediaPath, ref.page ? 'pdf' : 'image');
    const size = d?.pages[(ref.page ?? 1) - 1];
    if (!d || !size) return undefined;
    const known = this.#built.get(imageId);
    if (known && known.width === size.width && known.height === size.height && (await this.#upToDate(imageId, d))) return known;
    let pending = this.#building.get(imageId);
    if (!pending) {
      pending = this.#enqueue(() => this.#ensure(imageId, ref.mediaPath, ref.page, d)).finally(() => this.#building.delete(imageId));
      this.#building.set(imageId, pending);
    }
    return pending;
  }

  /** The file holding a derivative (`<region>/<size>/0/default.jpg`), trying each candidate size; undefined when none exists. */
  async file(imageId: string, region: string, sizes: readonly string[]): Promise<string | undefined> {
    for (const size of sizes) {
      const path = join(this.#imageDir(imageId), region, size, '0', 'default.jpg');
      if ((await stat(path).catch(() => undefined))?.isFile()) return path;
    }
    return undefined;
  }

  /** Builds every image of the given media entries that is missing or stale; returns how many pages are ready. */
  async build(media: readonly Media[], onPage?: (imageId: string) => void): Promise<number> {
    let ready = 0;
    for (const page of await this.pages(media)) {
      if (!page.imageId) continue;
      if (await this.info(page.imageId)) ready++;
      onPage?.(page.imageId);
    }
    return ready;
  }

  // ---- sources ---------------------------------------------------------

  /** Kind and page sizes of a source file, checked by content, cached on disk beside the derivatives. */
  async describe(mediaPath: string, expected: 'image' | 'pdf'): Promise<Description | undefined> {
    const file = await this.#locate(mediaPath);
    if (!file) return this.#skip(mediaPath, 'the file is not in the media folder');
    const info = await stat(file);
    if (info.size > MEDIA_LIMITS.maxSourceBytes) return this.#skip(mediaPath, `the file is larger than ${MEDIA_LIMITS.maxSourceBytes} bytes`);
    const stamp = { size: info.size, mtimeMs: info.mtimeMs };
    const key = imageIdFor(mediaPath);
    const cached = this.#descriptions.get(key) ?? (await readJson<Description>(join(this.options.dir, 'sources', `${key}.json`)));
    let d = cached && sameStamp(cached, stamp) ? cached : undefined;
    if (!d) {
      try {
        d = { ...stamp, ...(await describeFile(file)) };
      } catch (error) {
        return this.#skip(mediaPath, (error as Error).message);
      }
      await mkdir(join(this.options.dir, 'sources'), { recursive: true });
      await writeFile(join(this.options.dir, 'sources', `${key}.json`), JSON.stringify(d));
    }
    this.#descriptions.set(key, d);
    if (d.kind !== expected) return this.#skip(mediaPath, `the record calls it ${expected === 'pdf' ? 'a PDF' : 'an image'}, but its content is ${d.kind === 'pdf' ? 'a PDF' : 'an image'}`);
    return d;
  }

  async #locate(mediaPath: string): Promise<string | undefined> {
    if (!isLocalMediaPath(mediaPath)) return undefined;
    const rest = mediaPath.slice('media/'.length);
    for (const dir of this.options.mediaDirs) {
      const root = resolve(dir);
      const full = resolve(root, rest);
      if (!full.startsWith(root + sep)) continue;
      if ((await stat(full).catch(() => undefined))?.isFile()) return full;
    }
    return this.options.media ? this.#copyStored(this.options.media, rest) : undefined;
  }

  /**
   * sharp and the PDF reader need a file: a stored scan is fetched once and kept beside the derivatives. Stored
   * files are never overwritten, so a copy once made stays true, and tiles already drawn keep answering while
   * the storage is down.
   */
  async #copyStored(media: MediaStorage, path: string): Promise<string | undefined> {
    if (!isMediaPath(path)) return undefined; // the local copy's path is built from it
    const local = join(this.options.dir, 'sources', 'files', path);
    if ((await stat(local).catch(() => undefined))?.isFile()) return local;
    const info = await media.stat(path);
    if (!info || info.size > MEDIA_LIMITS.maxSourceBytes) return undefined;
    await mkdir(dirname(local), { recursive: true });
    const part = `${local}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
    try {
      await pipeline(Readable.fromWeb(await media.read(path) as NodeReadableStream<Uint8Array>), createWriteStream(part));
      await rename(part, local);
    } finally {
      await rm(part, { force: true });
    }
    return local;
  }

  #skip(mediaPath: string, why: string): undefined {
    this.options.warn?.(`IIIF: scan ${mediaPath} skipped: ${why}`);
    return undefined;
  }

  // ---- derivatives -----------------------------------------------------

  #imageDir(imageId: string): string {
    return join(this.options.dir, 'images', imageId);
  }

  async #upToDate(imageId: string, d: Description): Promise<boolean> {
    const built = await readJson<Stamp>(join(this.#imageDir(imageId), 'source.json'));
    return built !== undefined && sameStamp(built, d);
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #ensure(imageId: string, mediaPath: string, page: number | undefined, d: Description): Promise<ImageInfo | undefined> {
    const dir = this.#imageDir(imageId);
    if (await this.#upToDate(imageId, d)) {
      const info = await readJson<ImageInfo>(join(dir, 'info.json'));
      if (info) return this.#remember(imageId, info);
    }
    const file = await this.#locate(mediaPath);
    if (!file) return undefined;
    // A private work folder: libvips also leaves a vips-properties.xml beside the tile folder.
    const work = join(this.options.dir, 'images', `.tmp-${imageId}-${process.pid}-${randomBytes(4).toString('hex')}`);
    const built = join(work, 'image');
    try {
      await mkdir(work, { recursive: true });
      const input = page ? await renderPdfPage(new Uint8Array(await readFile(file)), page) : file;
      const info = await writeDerivatives(input, built);
      await writeFile(join(built, 'info.json'), JSON.stringify(info));
      await writeFile(join(built, 'source.json'), JSON.stringify({ size: d.size, mtimeMs: d.mtimeMs } satisfies Stamp));
      await swapInto(built, dir);
      return this.#remember(imageId, info);
    } catch (error) {
      return this.#skip(`${mediaPath}${page ? ` page ${page}` : ''}`, `derivatives could not be made: ${(error as Error).message}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  #remember(imageId: string, info: ImageInfo): ImageInfo {
    this.#built.set(imageId, info);
    return info;
  }
}

/** Reads a file's kind from its first bytes, then its pixel size (images) or its pages (PDF). */
async function describeFile(file: string): Promise<{ kind: 'image' | 'pdf'; pages: Size[] }> {
  const head = await readHead(file, 5);
  if (head.toString('latin1') === '%PDF-') {
    const pages = (await pdfPageSizes(new Uint8Array(await readFile(file)))).map(({ width, height }) => ({ width, height }));
    if (pages.length === 0) throw new Error('the PDF has no pages');
    return { kind: 'pdf', pages };
  }
  const sharp = await loadSharp();
  const meta = await sharp(file, { limitInputPixels: MEDIA_LIMITS.maxInputPixels }).metadata();
  if (!meta.format || !SCAN_IMAGE_FORMATS.has(meta.format)) throw new Error(`its content is ${meta.format ?? 'not an image format'} (accepted: ${[...SCAN_IMAGE_FORMATS].join(', ')}, PDF)`);
  if (!meta.width || !meta.height) throw new Error('the image has no size');
  if (meta.width * meta.height > MEDIA_LIMITS.maxInputPixels) throw new Error(`the image has ${meta.width} × ${meta.height} pixels, over the limit of ${MEDIA_LIMITS.maxInputPixels}`);
  // EXIF orientations 5–8 turn the image a quarter: the displayed width is the stored height.
  const turned = (meta.orientation ?? 1) >= 5;
  return { kind: 'image', pages: [turned ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height }] };
}

async function writeDerivatives(input: string | Buffer, dir: string): Promise<ImageInfo> {
  const sharp = await loadSharp();
  const open = () => sharp(input, { limitInputPixels: MEDIA_LIMITS.maxInputPixels, autoOrient: true });
  // sharp's iiif3 layout writes `<x,y,w,h>/<w,h>/0/default.jpg` for every tile of every scale factor.
  const tiled = await open()
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85 })
    .tile({ layout: 'iiif3', size: MEDIA_LIMITS.tileSize, overlap: 0, id: 'dossier' })
    .toFile(dir);
  const { width, height } = tiled;
  const tileInfo = await readJson<{ tiles: { width: number; height?: number; scaleFactors: number[] }[] }>(join(dir, 'info.json'));
  const tiles = (tileInfo?.tiles ?? []).map((t) => ({ width: t.width, height: t.height ?? t.width, scaleFactors: t.scaleFactors }));

  // Full-image sizes: the whole image, then halves (rounded up, as libvips and OpenSeadragon do) down to a thumbnail.
  const sizes: Size[] = [];
  for (let f = 1; ; f *= 2) {
    const s = { width: Math.ceil(width / f), height: Math.ceil(height / f) };
    if (f > 1 && Math.max(s.width, s.height) < MEDIA_LIMITS.smallestSize) break;
    sizes.push(s);
    if (s.width === 1 && s.height === 1) break;
  }
  for (const s of sizes) {
    const name = s.width === width && s.height === height ? 'max' : `${s.width},${s.height}`;
    await mkdir(join(dir, 'full', name, '0'), { recursive: true });
    await open().flatten({ background: '#ffffff' }).resize(s.width, s.height, { fit: 'fill' }).jpeg({ quality: 85 }).toFile(join(dir, 'full', name, '0', 'default.jpg'));
  }
  return { width, height, sizes: sizes.reverse(), tiles };
}

/** Moves a finished build into place; an older build there is removed after the new one lands. */
async function swapInto(tmp: string, dir: string): Promise<void> {
  const old = `${tmp}-old`;
  const hadOld = await rename(dir, old).then(
    () => true,
    () => false,
  );
  try {
    await rename(tmp, dir);
  } catch (error) {
    // Another process put its build there first: keep that one.
    if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await rm(tmp, { recursive: true, force: true });
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file, { start: 0, end: bytes - 1 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
