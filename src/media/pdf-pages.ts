/**
 * The pages of a PDF scan as images, through Mozilla's PDF.js (`pdfjs-dist`,
 * drawing on the `@napi-rs/canvas` it ships for Node, a prebuilt binary from
 * npm). PDF.js works in the thread that calls it, so it runs in a worker
 * thread of its own (pdf-worker.mjs), started on first use and let go when
 * idle: the server keeps answering while a page is drawn. A PDF is untrusted:
 * no `eval`, no fonts loaded into the process, caps on embedded images, pages
 * and pixels per page (media-limits.ts), and a time limit per job, past which
 * the worker is stopped.
 * @module
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DossierError } from '../domain/errors.js';
import { PACKAGE_ROOT } from '../package-paths.js';
import { MEDIA_LIMITS } from './media-limits.js';

export interface PdfPageSize {
  width: number;
  height: number;
  /** The page's own size in PDF points (1/72 inch), as rotated for display, before any scaling. */
  points: { width: number; height: number };
}

/** Longest a PDF may take to read or a page to draw. */
const JOB_TIMEOUT_MS = 60_000;
// From the package's src/ in tests and in the bundle alike (as the web assets are).
const WORKER_FILE = join(PACKAGE_ROOT, 'src', 'media', 'pdf-worker.mjs');

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };
let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function stop(error: Error): void {
  const w = worker;
  worker = undefined;
  for (const p of pending.values()) clearTimeout(p.timer), p.reject(error);
  pending.clear();
  void w?.terminate();
}

function start(): Worker {
  const w = new Worker(WORKER_FILE);
  w.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.error !== undefined) p.reject(new DossierError(m.error));
    else p.resolve(m.result);
    if (pending.size === 0) w.unref();
  });
  w.on('error', (e) => stop(new DossierError(`the PDF renderer failed: ${e.message}`)));
  w.on('exit', () => worker === w && stop(new DossierError('the PDF renderer stopped')));
  return w;
}

function call<T>(op: 'sizes' | 'render', data: Uint8Array, page?: number): Promise<T> {
  worker ??= start();
  const w = worker;
  w.ref();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => stop(new DossierError(`the PDF took over ${JOB_TIMEOUT_MS / 1000} s to ${op === 'sizes' ? 'read' : 'draw'}`)), JOB_TIMEOUT_MS);
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
    w.postMessage({ id, op, data, page, limits: { ...MEDIA_LIMITS } }, [data.buffer as ArrayBuffer]);
  });
}

/** Every page's size in pixels at the render resolution, without drawing anything. Takes ownership of `data`. */
export function pdfPageSizes(data: Uint8Array): Promise<PdfPageSize[]> {
  return call<PdfPageSize[]>('sizes', data);
}

/** Page `n` (from 1) drawn on white, as PNG bytes of exactly the size pdfPageSizes reports. Takes ownership of `data`. */
export async function renderPdfPage(data: Uint8Array, n: number): Promise<Buffer> {
  return Buffer.from(await call<Uint8Array>('render', data, n));
}
