/**
 * The pages of a PDF scan as images, through Mozilla's PDF.js (`pdfjs-dist`,
 * drawing on the `@napi-rs/canvas` it ships for Node, a prebuilt binary from
 * npm). A PDF is untrusted input: no `eval`, no font loading into the
 * process, a cap on embedded image size, on pages and on each rendered page's
 * pixels. PDF.js runs in this thread (Node has no worker for it), so a page
 * takes ~0.3–0.5 s of the event loop; that is why derivatives are built once
 * and `dossier iiif build` can build them ahead of visitors.
 * @module
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DossierError } from '../domain/errors.js';
import { MEDIA_LIMITS } from './media-limits.js';

export interface PdfPageSize {
  width: number;
  height: number;
}

/** The part of PDF.js's Node canvas factory (over @napi-rs/canvas) used here. */
interface CanvasFactory {
  create(width: number, height: number): {
    canvas: { toBuffer(type: 'image/png'): Buffer };
    context: { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void };
  };
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
const load = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

function assetDir(name: string): string {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return join(root, name) + '/';
}

async function open(data: Uint8Array) {
  const { getDocument } = await load();
  const task = getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    maxImageSize: MEDIA_LIMITS.maxInputPixels,
    standardFontDataUrl: assetDir('standard_fonts'),
    cMapUrl: assetDir('cmaps'),
    wasmUrl: assetDir('wasm'),
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (error) {
    throw new DossierError(`not a readable PDF: ${(error as Error).message}`);
  }
}

/** Scale from PDF points (1/72 inch) to pixels at the render resolution, lowered so no page exceeds the pixel cap. */
function scaleFor(widthPt: number, heightPt: number): number {
  const scale = MEDIA_LIMITS.pdfDpi / 72;
  const pixels = widthPt * scale * heightPt * scale;
  return pixels > MEDIA_LIMITS.maxPdfPagePixels ? scale * Math.sqrt(MEDIA_LIMITS.maxPdfPagePixels / pixels) : scale;
}

/** Every page's size in pixels at the render resolution, without drawing anything. */
export async function pdfPageSizes(data: Uint8Array): Promise<PdfPageSize[]> {
  const pdf = await open(data);
  try {
    if (pdf.numPages > MEDIA_LIMITS.maxPdfPages) throw new DossierError(`the PDF has ${pdf.numPages} pages; at most ${MEDIA_LIMITS.maxPdfPages} are rendered`);
    const sizes: PdfPageSize[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: scaleFor(base.width, base.height) });
      sizes.push({ width: Math.round(viewport.width), height: Math.round(viewport.height) });
      page.cleanup();
    }
    return sizes;
  } finally {
    await pdf.destroy();
  }
}

/** Page `n` (from 1) drawn on white, as PNG bytes of exactly the size pdfPageSizes reports. */
export async function renderPdfPage(data: Uint8Array, n: number): Promise<Buffer> {
  const pdf = await open(data);
  try {
    if (n < 1 || n > pdf.numPages) throw new DossierError(`the PDF has no page ${n}`);
    const page = await pdf.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: scaleFor(base.width, base.height) });
    const { canvas, context } = (pdf.canvasFactory as unknown as CanvasFactory).create(Math.round(viewport.width), Math.round(viewport.height));
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, Math.round(viewport.width), Math.round(viewport.height));
    await page.render({ canvasContext: context as never, canvas: canvas as never, viewport }).promise;
    return canvas.toBuffer('image/png');
  } finally {
    await pdf.destroy();
  }
}
