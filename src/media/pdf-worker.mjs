// The PDF.js side of pdf-pages.ts, in a worker thread: PDF.js parses and
// draws in the thread that calls it (Node has no PDF.js worker), and a page
// takes ~0.3–1 s, which would stall every request the server is answering.
// Plain JavaScript, loaded from src/ whether Dossier runs from src/ or from
// its bundle. Messages: { id, op: 'sizes' | 'render', data, page, limits }.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const asset = (name) => join(root, name) + '/';

async function open(data, limits) {
  const task = getDocument({
    data,
    // A PDF is untrusted input: no eval, no fonts loaded into the process, a cap on embedded images.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    maxImageSize: limits.maxInputPixels,
    standardFontDataUrl: asset('standard_fonts'),
    cMapUrl: asset('cmaps'),
    wasmUrl: asset('wasm'),
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (error) {
    throw new Error(`not a readable PDF: ${error.message}`);
  }
}

/** Points to pixels at the render resolution, lowered so no page exceeds the pixel cap. */
function viewportOf(page, limits) {
  const base = page.getViewport({ scale: 1 });
  let scale = limits.pdfDpi / 72;
  const pixels = base.width * scale * base.height * scale;
  if (pixels > limits.maxPdfPagePixels) scale *= Math.sqrt(limits.maxPdfPagePixels / pixels);
  return page.getViewport({ scale });
}

async function sizes(data, limits) {
  const pdf = await open(data, limits);
  try {
    if (pdf.numPages > limits.maxPdfPages) throw new Error(`the PDF has ${pdf.numPages} pages; at most ${limits.maxPdfPages} are rendered`);
    const out = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const v = viewportOf(page, limits);
      const base = page.getViewport({ scale: 1 });
      out.push({ width: Math.round(v.width), height: Math.round(v.height), points: { width: base.width, height: base.height } });
      page.cleanup();
    }
    return out;
  } finally {
    await pdf.destroy();
  }
}

async function render(data, n, limits) {
  const pdf = await open(data, limits);
  try {
    if (n < 1 || n > pdf.numPages) throw new Error(`the PDF has no page ${n}`);
    const page = await pdf.getPage(n);
    const viewport = viewportOf(page, limits);
    const [w, h] = [Math.round(viewport.width), Math.round(viewport.height)];
    const { canvas, context } = pdf.canvasFactory.create(w, h);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, w, h);
    await page.render({ canvasContext: context, canvas, viewport }).promise;
    return new Uint8Array(canvas.toBuffer('image/png'));
  } finally {
    await pdf.destroy();
  }
}

parentPort.on('message', async ({ id, op, data, page, limits }) => {
  try {
    const result = op === 'sizes' ? await sizes(data, limits) : await render(data, page, limits);
    parentPort.postMessage({ id, result }, result instanceof Uint8Array ? [result.buffer] : []);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
