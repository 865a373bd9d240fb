/**
 * Checking an uploaded scan and making what the site shows from it. The type
 * is read from the file's first bytes, never from its name or the browser's
 * word; images are decoded by sharp (libvips) with a pixel limit, so a small
 * file that would unpack into gigapixels (a decompression bomb) is refused
 * before it is decoded, and a truncated one fails to decode and is refused.
 * PDFs are parsed by pdf-lib and must end as a PDF ends.
 * @module
 */
import sharp, { type Metadata } from 'sharp';
import { ValidationError } from '../domain/errors.js';

export const SCAN_MAX_BYTES = 20 * 1024 * 1024;
/** 100 megapixels: a large-format scan at 600 dpi; far below what would exhaust the server's memory. */
export const SCAN_MAX_PIXELS = 100_000_000;

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
}

const issue = (message: string) => new ValidationError([{ path: 'file', message }], 'The scan cannot be used');

/** Checks a scan and makes its derivatives; ValidationError (on `file`) says why one is refused. */
export async function processScan(bytes: Uint8Array): Promise<{ type: ScanType; result: ImageDerivatives | PdfInfo }> {
  if (bytes.length === 0) throw issue('the file is empty');
  if (bytes.length > SCAN_MAX_BYTES) throw issue(`the file is larger than ${SCAN_MAX_BYTES / 1024 / 1024} MB`);
  const type = sniffScan(bytes);
  if (!type) throw issue('its content is not a PDF, JPEG, PNG or TIFF file, whatever its name says');
  if (type.kind === 'pdf') return { type, result: await checkPdf(bytes) };
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
    return { type, result: { kind: 'image', width: display.info.width, height: display.info.height, display: display.data, thumbnail } };
  } catch {
    throw issue('the image is truncated or damaged and cannot be decoded');
  }
}

async function checkPdf(bytes: Uint8Array): Promise<PdfInfo> {
  // A complete PDF ends with %%EOF (ISO 32000-1 §7.5.5); a cut-off upload does not.
  if (!Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1').includes('%%EOF')) throw issue('the PDF is truncated (it does not end with %%EOF)');
  // Loaded when a PDF arrives, not when the program starts: pdf-lib takes ~300 ms to load, and serving pages never needs it.
  const { PDFDocument } = await import('pdf-lib');
  try {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    const pages = pdf.getPageCount();
    if (pages < 1) throw new Error('no pages');
    return { kind: 'pdf', pages };
  } catch {
    throw issue('the PDF cannot be read (damaged or encrypted?)');
  }
}
