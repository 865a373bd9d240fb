/**
 * `dossier import` on two cores: a reading thread reads the sources, accounts
 * their text and validates (and sanitizes) each record, while the import
 * thread writes the records it has already received to the catalog and the
 * search index. Items cross as plain data (ingest/item-wire.ts) in runs; the
 * reader sends at most a few runs and megabytes ahead of the writer
 * (read-window.ts) and waits for the writer to take one before reading on, so
 * memory stays bounded whatever the sources' size and however unequal their
 * records. The reader has a heap budget of
 * its own (`DOSSIER_IMPORT_READ_HEAP_MB`; a JSON file is read whole, so it is
 * not small) and a small young generation: its live set is one source
 * document and the runs in flight, and a third V8 heap sized by V8's
 * defaults is what once took the import past 300 MB.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ItemDecoder, type WireItem } from '../ingest/item-wire.js';
import type { ReadProgress, SourceItem } from '../ingest/source-item.js';
import type { SourceFile } from '../ingest/sources.js';
import { reviveError, type SerializedError } from './thread-errors.js';

/**
 * The reader's young generation, in MB. Nearly all it allocates (saxes events, element trees, HTML
 * strings, word lists) dies within one document; V8's default young generation for a heap of this
 * budget is several times larger and costs its size in resident memory for no measurable speed.
 */
const YOUNG_MB = 8;

export interface ReadTask {
  files: SourceFile[];
  map?: string;
}

export type ReadMessage =
  | { type: 'items'; items: WireItem[]; bytesRead: number }
  | { type: 'end' }
  | { type: 'error'; error: SerializedError };

export interface ReadAhead {
  items: AsyncIterable<SourceItem>;
  /** Stops the reader (an import that stopped early no longer wants its items). */
  stop(): Promise<void>;
}

/** Reads `task`'s sources in a thread of its own, bundled as dist/read-thread.js beside the import thread's bundle. */
export function readInThread(task: ReadTask, heapMb: number, progress: ReadProgress): ReadAhead {
  const worker = new Worker(fileURLToPath(new URL('./read-thread.js', import.meta.url)), { workerData: task, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_MB } });
  const inbox: ReadMessage[] = [];
  let wake: (() => void) | undefined;
  const deliver = (m: ReadMessage) => {
    inbox.push(m);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('error', (error: Error & { code?: string }) =>
    deliver({
      type: 'error',
      error:
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { name: 'DossierError', message: `reading the sources needed more than ${heapMb} MB of memory and stopped; nothing of the unfinished batch or volume was written. Set DOSSIER_IMPORT_READ_HEAP_MB higher and import again.` }
          : { name: error.name, message: error.message },
    }),
  );
  worker.on('exit', (code) => deliver({ type: 'error', error: { name: 'DossierError', message: `reading the sources stopped unexpectedly (thread exit code ${code})` } }));
  const decoder = new ItemDecoder();
  async function* items(): AsyncGenerator<SourceItem> {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = inbox.shift()!;
      if (m.type === 'end') return;
      if (m.type === 'error') throw reviveError(m.error);
      // Taken: the reader may read another run while these are written.
      worker.postMessage('more');
      for (const wire of m.items) yield decoder.decode(wire);
      progress.bytesRead = m.bytesRead;
    }
  }
  return { items: items(), stop: async () => void (await worker.terminate()) };
}
