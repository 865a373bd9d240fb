/**
 * Checking an uploaded scan and making what the site shows from it. The type
 * is read from the file's first bytes, never from its name or the browser's
 * word; images are decoded by sharp (libvips) with a pixel limit, so a small
 * file that would unpack into gigapixels (a decompression bomb) is refused
 * before it is decoded, and a truncated one fails to decode and is refused.
 * PDFs are parsed by pdf-lib and must end as a PDF ends; then their pages
 * are drawn by PDF.js (src/media/pdf-pages.ts, in its own worker thread, so
 * the server keeps answering while the upload waits) into page images with
 * the same derivatives as an uploaded image. A PDF is bounded before
 * anything is drawn: its page count, each page's pixels at the drawing
 * resolution, and the pixels of all its pages together.
 * @module
 */
import type { Metadata } from 'sharp';
import { loadSharp } from '../media/load-sharp.js';
import { ValidationError } from '../domain/errors.js';
import { MEDIA_LIMITS } from '../media/media-limits.js';
import { pdfPageSizes, renderPdfPage, type PdfPageSize } from '../media/pdf-pages.js';

export const SCAN_MAX_BYTES = 20 * 1024 * 1024;
/** 100 megapixels: a large-format scan at 600 dpi; far below what would exhaust the server's memory. */
export const SCAN_MAX_PIXELS = 100_000_000;

/** Pages of an uploaded PDF made into page images; a longer PDF is refused (drawing takes ~0.3–1 s a page). */
export const SCAN_MAX_PDF_PAGES = 50;
/** A PDF page is drawn at this resolution (the IIIF derivatives' own, media-limits.ts)… */
export const SCAN_PDF_DPI = MEDIA_LIMITS.pdfDpi;
/** …and may not exceed this many pixels at it (40 MP: an A0 sheet is 35 MP)… */
export const SCAN_MAX_PDF_PAGE_PIXELS = MEDIA_LIMITS.maxPdfPagePixels;
/** …nor all its pages together this many (about 120 letter-size pages' worth). */
export const SCAN_MAX_PDF_PIXELS = 250_000_000;
/** Longest the upload waits for its pages to be drawn (a page that hangs is stopped by pdf-pages.ts's own limit). */
export const SCAN_MAX_PDF_SECONDS = 120;

export type ScanType = { kind: 'image'; format: 'jpeg' | 'png' | 'tiff' } | { kind: 'pdf' };

/** The type a file's content says it is, or undefined. */
export function sniffScan(bytes: Uint8Array): ScanType | undefined {
  const b = (i: number) => bytes[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return { kind: 'image', format: 'jpeg' };
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b(i) === v)) return { kind: 'image', format: 'png' };
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0x00) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0x00 && b(3) === 0x2a)) return { kind: 'image', format: 'tiff' };
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return { kind: 'pdf' };
  return undefined;
}

export interface ImageDerivatives {
  kind: 'image';
  width: number;
  height: number;
  /** What browsers show: JPEG, at most 2,400 px on the long side. */
  display: Buffer;
  /** 320 px on the long side. */
  thumbnail: Buffer;
}

export interface PdfInfo {
  kind: 'pdf';
  pages: number;
  /** Each page drawn, in order, with the derivatives of an uploaded image. */
  images: ImageDerivatives[];
}

const issue = (message: string) => new ValidationError([{ path: 'file', message }], 'The scan cannot be used');

/** What can be told of an upload at once, before anything is decoded: its size and its type by content. */
export function checkUpload(bytes: Uint8Array): ScanType {
  if (bytes.length === 0) throw issue('the file is empty');
  if (bytes.length > SCAN_MAX_BYTES) throw issue(`the file is larger than ${SCAN_MAX_BYTES / 1024 / 1024} MB`);
  const type = sniffScan(bytes);
  if (!type) throw issue('its content is not a PDF, JPEG, PNG or TIFF file, whatever its name says');
  return type;
}

/** Checks a scan and makes its derivatives; ValidationError (on `file`) says why one is refused. */
export async function processScan(bytes: Uint8Array): Promise<{ type: ScanType; result: ImageDerivatives | PdfInfo }> {
  const type = checkUpload(bytes);
  if (type.kind === 'pdf') return { type, result: await pdfPages(bytes) };
  return { type, result: await imageDerivatives(bytes) };
}

async function imageDerivatives(bytes: Uint8Array): Promise<ImageDerivatives> {
  const sharp = await loadSharp();
  const input = () => sharp(bytes, { limitInputPixels: SCAN_MAX_PIXELS, failOn: 'truncated', sequentialRead: true });
  let meta: Metadata;
  try {
    meta = await input().metadata();
  } catch {
    throw issue('the image cannot be read (damaged?)');
  }
  if (!meta.width || !meta.height) throw issue('the image has no size');
  if (meta.width * meta.height > SCAN_MAX_PIXELS) throw issue(`the image is ${meta.width} × ${meta.height} pixels, more than ${SCAN_MAX_PIXELS / 1_000_000} megapixels`);
  try {
    const display = await input().rotate().resize({ width: 2400, height: 2400, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(display.data).resize({ width: 320, height: 320, fit: 'inside' }).jpeg({ quality: 80 }).toBuffer();
    return { kind: 'image', width: display.info.width, height: display.info.height, display: display.data, thumbnail };
  } catch {
    throw issue('the image is truncated or damaged and cannot be decoded');
  }
}

async function countPdfPages(bytes: Uint8Array): Promise<number> {
  // A complete PDF ends with %%EOF (ISO 32000-1 §7.5.5); a cut-off upload does not.
  if (!Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1').includes('%%EOF')) throw issue('the PDF is truncated (it does not end with %%EOF)');
  let pages: number;
  // Loaded when a PDF arrives, not when the program starts: pdf-lib takes ~300 ms to load, and serving pages never needs it.
  const { PDFDocument } = await import('pdf-lib');
  try {
    pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
  } catch {
    throw issue('the PDF cannot be read (damaged or encrypted?)');
  }
  if (pages < 1) throw issue('the PDF has no pages');
  return pages;
}

/** Checks a PDF against the limits, then draws every page; nothing is kept unless every page is drawn. */
async function pdfPages(bytes: Uint8Array): Promise<PdfInfo> {
  const pages = await countPdfPages(bytes);
  if (pages > SCAN_MAX_PDF_PAGES) throw issue(`the PDF has ${pages} pages; at most ${SCAN_MAX_PDF_PAGES} pages are made into page images (split it, or upload the pages as images)`);
  let sizes: PdfPageSize[];
  try {
    sizes = await pdfPageSizes(new Uint8Array(bytes)); // a copy: the worker takes the bytes it is given
  } catch (error) {
    throw issue(`the PDF cannot be read (damaged or encrypted?): ${(error as Error).message}`);
  }
  if (sizes.length !== pages) throw issue(`the PDF cannot be read consistently (${pages} pages by one reading, ${sizes.length} by another)`);
  const mp = (pixels: number) => `${Math.round(pixels / 1_000_000)} megapixels`;
  let total = 0;
  for (const [i, page] of sizes.entries()) {
    const pixels = (page.points.width * SCAN_PDF_DPI / 72) * (page.points.height * SCAN_PDF_DPI / 72);
    const inches = `${Math.round(page.points.width / 72)} × ${Math.round(page.points.height / 72)} inches`;
    if (pixels > SCAN_MAX_PDF_PAGE_PIXELS) throw issue(`page ${i + 1} of the PDF is ${inches}: at ${SCAN_PDF_DPI} dpi that is ${mp(pixels)}, more than the limit of ${mp(SCAN_MAX_PDF_PAGE_PIXELS)} a page`);
    total += pixels;
  }
  if (total > SCAN_MAX_PDF_PIXELS) throw issue(`the PDF's pages add up to ${mp(total)} at ${SCAN_PDF_DPI} dpi, more than the limit of ${mp(SCAN_MAX_PDF_PIXELS)} for one PDF`);
  const images: ImageDerivatives[] = [];
  const started = Date.now();
  for (let n = 1; n <= pages; n++) {
    if (Date.now() - started > SCAN_MAX_PDF_SECONDS * 1000) throw issue(`drawing the PDF's pages took over ${SCAN_MAX_PDF_SECONDS} s (stopped at page ${n} of ${pages}); split it, or upload the pages as images`);
    let png: Buffer;
    try {
      png = await renderPdfPage(new Uint8Array(bytes), n);
    } catch (error) {
      throw issue(`page ${n} of the PDF cannot be drawn: ${(error as Error).message}`);
    }
    images.push(await imageDerivatives(png));
  }
  return { kind: 'pdf', pages, images };
}
