/**
 * `dossier import` does its work in a worker thread with a heap budget. An
 * import streams its sources and keeps little alive (some 60 MB), but V8
 * sizes a process's heap by the machine's memory and lets garbage grow to
 * several times the live set before collecting it; a worker's own heap limit
 * makes it collect sooner, which keeps the import's peak memory near a third
 * lower for the same speed (and so does a smaller SQLite page cache). The
 * sources are read and validated in a third thread (reader-thread.ts) while
 * this one writes. The main thread keeps the terminal: it draws the progress
 * bar from the worker's messages and prints the report.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DossierError } from '../domain/errors.js';
import { emptyReport, importItems, type ImportReport } from '../ingest/import-service.js';
import { findSourceFiles, loadFieldMap, type ImportFormat } from '../ingest/sources.js';
import { openArchive } from '../open-archive.js';
import { readInThread } from './reader-thread.js';
import { reviveError, serializeError, type SerializedError } from './thread-errors.js';

/** The worker's heap budget in MB; `DOSSIER_IMPORT_HEAP_MB` changes it. */
export const DEFAULT_IMPORT_HEAP_MB = 512;
/** The worker's SQLite page cache in MB: an import writes mostly new pages. */
const IMPORT_CACHE_MB = 16;

export interface ImportTask {
  task: 'import';
  dataDir: string;
  siteName?: string;
  paths: string[];
  format?: ImportFormat;
  map?: string;
  batchSize?: number;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  records: number;
}

type Message =
  | { type: 'start'; totalBytes: number }
  | ({ type: 'progress' } & ImportProgress)
  | { type: 'done'; report: ImportReport }
  | { type: 'error'; error: SerializedError };

/** Runs the import in a worker; rejects with the same errors an import in this thread would. */
export function importInWorker(task: ImportTask, heapMb: number, onProgress: (p: ImportProgress | { totalBytes: number; start: true }) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    // The bundle (dist/dossier.js) is also the worker's code: its entry point runs the task it is given.
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: task, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    let settled = false;
    worker.on('message', (m: Message) => {
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

/** The worker's side: imports, reporting progress and the outcome as messages. */
export async function runImportTask(task: ImportTask, post: (m: Message) => void): Promise<void> {
  try {
    const files = await findSourceFiles(task.paths, task.format);
    // Found and checked here first, so that a missing file or a bad map is reported before anything opens.
    if (task.map) await loadFieldMap(task.map);
    const archive = await openArchive({ dataDir: task.dataDir, site: { name: task.siteName }, cacheMb: IMPORT_CACHE_MB });
    try {
      const progress = { bytesRead: 0 };
      const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
      post({ type: 'start', totalBytes });
      const report = await importItems(
        archive,
        // Read and validated in a thread of their own while this one writes.
        readInThread(files, task.map, progress),
        {
          actor: `import:${task.paths.join(',')}`.slice(0, 200),
          batchSize: task.batchSize,
          onProgress: (records) => post({ type: 'progress', bytesRead: Math.min(progress.bytesRead, totalBytes), totalBytes, records }),
        },
        emptyReport(),
      );
      post({ type: 'done', report });
    } finally {
      await archive.backend.close();
    }
  } catch (error) {
    post({ type: 'error', error: serializeError(error) });
  }
}
