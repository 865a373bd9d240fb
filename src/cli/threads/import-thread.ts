/**
 * Entry point of the import thread (bundled as dist/import-thread.js; see
 * import-worker.ts): imports what it is given, posting progress and the
 * outcome to the main thread.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { emptyReport, importItems } from '../../ingest/import-service.js';
import { findSourceFiles, loadFieldMap, readSources } from '../../ingest/sources.js';
import { runQueuedMerges } from '../../services/jobs/merge-index-job.js';
import { openArchive } from '../../open-archive.js';
import { IMPORT_CACHE_MB, type ImportMessage, type ImportTask } from '../import-worker.js';
import { readInThread, type ReadAhead } from '../read-ahead.js';
import { serializeError } from '../thread-errors.js';

/** The worker's side: imports, reporting progress and the outcome as messages. */
async function runImportTask(task: ImportTask, post: (m: ImportMessage) => void): Promise<void> {
  try {
    const skipped: string[] = [];
    const files = await findSourceFiles(task.paths, task.format, skipped);
    const map = task.map ? await loadFieldMap(task.map) : undefined;
    let reader: ReadAhead | undefined;
    const archive = await openArchive({ dataDir: task.dataDir, databaseUrl: task.databaseUrl, site: { name: task.siteName }, cacheMb: IMPORT_CACHE_MB });
    try {
      const progress = { bytesRead: 0 };
      const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
      post({ type: 'start', totalBytes });
      // Read in a thread of its own unless its heap budget is 0 (read-ahead.ts).
      reader = task.readHeapMb ? readInThread({ files, map: task.map }, task.readHeapMb, progress) : undefined;
      const report = await importItems(
        archive,
        reader?.items ?? readSources(files, map, progress),
        {
          actor: `import:${task.paths.join(',')}`.slice(0, 200),
          batchSize: task.batchSize,
          onProgress: (records) => post({ type: 'progress', bytesRead: Math.min(progress.bytesRead, totalBytes), totalBytes, records }),
        },
        { ...emptyReport(), skipped },
      );
      // Merges the import made due were queued as jobs; where nothing else may run them, they run now.
      await runQueuedMerges(archive);
      post({ type: 'done', report });
    } finally {
      await reader?.stop();
      await archive.close();
    }
  } catch (error) {
    post({ type: 'error', error: serializeError(error) });
  }
}

await runImportTask(workerData as ImportTask, (m) => parentPort!.postMessage(m));
