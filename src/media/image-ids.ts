/**
 * IIIF image identifiers for scans. A scan is a file under the archive's
 * media folder (`media/…`); its identifier is that path without `media/`,
 * with `~` for each `/` (the Image API wants one URL segment, §3), and, for
 * one page of a PDF, `~page-N` after it: `media/frus/d12.pdf` page 3 is
 * `frus~d12.pdf~page-3`. Media paths never contain `~`, so the mapping
 * reverses exactly; the identifier is stable as long as the file keeps its
 * path.
 * @module
 */

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PAGE = /^page-([1-9]\d{0,5})$/;

export interface ScanRef {
  /** `media/…` path of the file. */
  mediaPath: string;
  /** Page of a PDF, from 1; absent for an image file. */
  page?: number;
}

/** True for a `media/…` path Dossier serves (plain names, no dot-segments). */
export function isLocalMediaPath(path: string): boolean {
  const parts = path.split('/');
  return parts.length >= 2 && parts[0] === 'media' && parts.slice(1).every((p) => SEGMENT.test(p) && !p.includes('..'));
}

export function imageIdFor(mediaPath: string, page?: number): string {
  const key = mediaPath.split('/').slice(1).join('~');
  return page === undefined ? key : `${key}~page-${page}`;
}

/** The scan an identifier names, or undefined when it names none. */
export function parseImageId(id: string): ScanRef | undefined {
  const parts = id.split('~');
  const last = parts[parts.length - 1]!;
  const page = PAGE.exec(last);
  const pathParts = page && parts.length >= 2 && /\.pdf$/i.test(parts[parts.length - 2]!) ? parts.slice(0, -1) : parts;
  const mediaPath = ['media', ...pathParts].join('/');
  // Every scan file has an extension; `x.pdf~page-0` is no page and names no file.
  if (!isLocalMediaPath(mediaPath) || !/\.[A-Za-z0-9]+$/.test(pathParts[pathParts.length - 1]!)) return undefined;
  return page && pathParts !== parts ? { mediaPath, page: Number(page[1]) } : { mediaPath };
}
