/**
 * `dossier import` does its work in a worker thread with a heap budget. An
 * import streams its sources and keeps little alive (some 60 MB), but V8
 * sizes a process's heap by the machine's memory and lets garbage grow to
 * several times the live set before collecting it; a worker's own heap limit
 * makes it collect sooner, which keeps the import's peak memory near a third
 * lower for the same speed (and so does a smaller SQLite page cache). The
 * thread runs a bundle of its own (threads/import-thread.ts), holding only
 * the code an import needs. The main thread keeps the terminal: it draws the
 * progress bar from the worker's messages and prints the report.
 *
 * Reading, accounting and validating the sources happen in a thread of
 * the worker's own (read-ahead.ts), so an import uses two cores.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DossierError } from '../domain/errors.js';
import type { ImportReport } from '../ingest/import-service.js';
import type { ImportFormat } from '../ingest/import-formats.js';
import { reviveError, type SerializedError } from './thread-errors.js';

/**
 * The worker's young generation in MB: what an import allocates per record dies with its group, and V8's
 * default for a 512 MB heap holds some 17 MB more resident memory than 16 MB (FRUS, three volumes). 8 MB,
 * as the reading thread's: the import's peak is the moment the three threads' heaps are largest together,
 * and a young generation is resident at its full size all along (docs/importers.md).
 */
const IMPORT_YOUNG_MB = 8;

/**
 * The worker's SQLite page cache in MB: an import writes mostly new pages, and the pages it reads again
 * (the indexes' inner pages) are few; the operating system's file cache holds the rest.
 */
export const IMPORT_CACHE_MB = 8;

export interface ImportTask {
  task: 'import';
  dataDir: string;
  siteName?: string;
  /** The archive's PostgreSQL database, when it has one (the thread opens its own connections). */
  databaseUrl?: string;
  paths: string[];
  format?: ImportFormat;
  map?: string;
  batchSize?: number;
  /** Heap budget of the thread that reads and validates the sources (read-ahead.ts); 0 reads in the import thread. */
  readHeapMb?: number;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export type ImportMessage =
  | { type: 'start'; totalBytes: number }
  | ({ type: 'progress' } & ImportProgress)
  | { type: 'done'; report: ImportReport }
  | { type: 'error'; error: SerializedError };

/** Runs the import in a worker; rejects with the same errors an import in this thread would. */
export function importInWorker(task: ImportTask, heapMb: number, onProgress: (p: ImportProgress | { totalBytes: number; start: true }) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    // The thread's own bundle (dist/import-thread.js, beside dist/dossier.js) holds only what an import needs.
    const worker = new Worker(fileURLToPath(new URL('./import-thread.js', import.meta.url)), { workerData: task, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: IMPORT_YOUNG_MB } });
    let settled = false;
    worker.on('message', (m: ImportMessage) => {
      if (m.type === 'start') onProgress({ totalBytes: m.totalBytes, start: true });
      else if (m.type === 'progress') onProgress(m);
      else if (m.type === 'done') (settled = true), resolve(m.report);
      else (settled = true), reject(reviveError(m.error));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (settled) return;
      settled = true;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        reject(new DossierError(`the import needed more than its ${heapMb} MB of memory and stopped; nothing of the unfinished batch or volume was written. Set DOSSIER_IMPORT_HEAP_MB higher and import again.`));
      } else reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new DossierError(`the import stopped unexpectedly (worker exit code ${code})`));
    });
  });
}
