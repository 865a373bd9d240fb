/**
 * Entry point of the `dossier` command (bin/dossier.js runs the bundle of
 * this file). The same bundle is the code of the threads that `dossier
 * import` does its work in (import-worker.ts, reader-thread.ts).
 * @module
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runImportTask, type ImportTask } from './import-worker.js';
import { main } from './program.js';
import { runReadTask, type ReadTask } from './reader-thread.js';

const task = isMainThread ? undefined : (workerData as ImportTask | ReadTask | undefined);
if (task?.task === 'import') {
  await runImportTask(task, (m) => parentPort!.postMessage(m));
} else if (task?.task === 'read') {
  await runReadTask(task);
} else {
  const code = await main();
  if (code !== 0) process.exitCode = code;
}
