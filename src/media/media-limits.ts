/**
 * Limits on the scans Dossier turns into IIIF derivatives. A scan comes from
 * an import file and is untrusted: a small file can decode to billions of
 * pixels (a decompression bomb), and a PDF can hold thousands of pages.
 * @module
 */
export const MEDIA_LIMITS = Object.freeze({
  /** Largest source file read (bytes). */
  maxSourceBytes: 512 * 1024 * 1024,
  /** sharp's limitInputPixels, and PDF.js's cap on an image embedded in a PDF: 16k × 16k. */
  maxInputPixels: 16_384 * 16_384,
  /** Pages of one PDF rendered; a longer PDF is offered for download only. */
  maxPdfPages: 2_000,
  /** PDF pages are drawn at this resolution… */
  pdfDpi: 150,
  /** …unless that would exceed this many pixels (an oversized page is drawn smaller). */
  maxPdfPagePixels: 40_000_000,
  /** Edge of a square IIIF tile. */
  tileSize: 512,
  /** Full-image sizes (listed in info.json's `sizes`) go down to this many pixels on the long side. */
  smallestSize: 64,
});

/** Image formats accepted as scans, as sharp names them after reading the file's content. */
export const SCAN_IMAGE_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'jp2']);
