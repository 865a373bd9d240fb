/**
 * The reading half of `dossier import`, in a thread of its own: it reads the
 * sources and validates every record (prepareItem) while the import thread
 * writes the ones before, so an import uses both of a small server's cores.
 * Items travel in batches; at most a few batches wait unconsumed, so a fast
 * reader never fills memory ahead of a slow writer.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import { prepareItem } from '../ingest/import-service.js';
import type { ReadProgress, SourceItem } from '../ingest/source-item.js';
import { loadFieldMap, readSources, type SourceFile } from '../ingest/sources.js';
import { reviveError, serializeError, type SerializedError } from './thread-errors.js';

export interface ReadTask {
  task: 'read';
  files: SourceFile[];
  map?: string;
}

/** Items per message, and messages in flight before the reader waits. */
const BATCH = 32;
const IN_FLIGHT = 4;
/** The reader keeps one document at a time; this is ample. */
const READER_HEAP_MB = 256;

type ReaderMessage =
  | { type: 'items'; items: SourceItem[]; bytesRead: number }
  | { type: 'end'; bytesRead: number }
  | { type: 'error'; error: SerializedError };

/** The reader thread's side: reads, validates and sends batches, waiting for acknowledgements. */
export async function runReadTask(task: ReadTask): Promise<void> {
  const port = parentPort!;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    inFlight--;
    wake?.();
  });
  const progress: ReadProgress = { bytesRead: 0 };
  try {
    const map = task.map ? await loadFieldMap(task.map) : undefined;
    let batch: SourceItem[] = [];
    const send = async () => {
      while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
      inFlight++;
      port.postMessage({ type: 'items', items: batch, bytesRead: progress.bytesRead } satisfies ReaderMessage);
      batch = [];
    };
    for await (const item of readSources(task.files, map, progress)) {
      batch.push(prepareItem(item));
      if (batch.length >= BATCH) await send();
    }
    if (batch.length > 0) await send();
    port.postMessage({ type: 'end', bytesRead: progress.bytesRead } satisfies ReaderMessage);
  } catch (error) {
    port.postMessage({ type: 'error', error: serializeError(error) } satisfies ReaderMessage);
  } finally {
    port.close();
  }
}

/** The items of `files`, read and validated in a reader thread; `progress` follows the bytes it has read. */
export async function* readInThread(files: SourceFile[], map: string | undefined, progress: ReadProgress): AsyncIterable<SourceItem> {
  const worker = new Worker(fileURLToPath(import.meta.url), {
    workerData: { task: 'read', files, map } satisfies ReadTask,
    resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB },
  });
  const queue: ReaderMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  worker.on('message', (m: ReaderMessage) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the reader thread stopped (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (m.type === 'error') throw reviveError(m.error);
      progress.bytesRead = m.bytesRead;
      if (m.type === 'end') return;
      worker.postMessage('ack');
      yield* m.items;
    }
  } finally {
    // Whether the import finished or stopped early, the reader goes.
    await worker.terminate();
  }
}
