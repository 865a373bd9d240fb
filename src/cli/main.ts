/**
 * Entry point of the `dossier` command (bin/dossier.js runs the bundle of
 * this file). The same bundle is the code of the worker thread that
 * `dossier import` does its work in (import-worker.ts).
 * @module
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runImportTask, type ImportTask } from './import-worker.js';
import { main } from './program.js';

if (!isMainThread && (workerData as ImportTask | undefined)?.task === 'import') {
  await runImportTask(workerData as ImportTask, (m) => parentPort!.postMessage(m));
} else {
  const code = await main();
  if (code !== 0) process.exitCode = code;
}
