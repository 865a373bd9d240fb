/**
 * Entry point of the reading thread of `dossier import` (bundled as
 * dist/read-thread.js; see read-ahead.ts): reads the sources it is given,
 * validates their records and posts them in runs, never more than a few runs
 * or megabytes ahead of the thread that writes them (read-window.ts).
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ItemEncoder, type WireItem } from '../../ingest/item-wire.js';
import { loadFieldMap, readSources } from '../../ingest/sources.js';
import type { ReadMessage, ReadTask } from '../read-ahead.js';
import { ReadWindow, RUN, RUN_BYTES, wireBytes } from '../read-window.js';
import { serializeError } from '../thread-errors.js';

const port = parentPort!;
const inFlight = new ReadWindow();
let waiting: (() => void) | undefined;
port.on('message', () => {
  inFlight.taken();
  waiting?.();
});
const post = (m: ReadMessage) => port.postMessage(m);

async function read(task: ReadTask): Promise<void> {
  const map = task.map ? await loadFieldMap(task.map) : undefined;
  const progress = { bytesRead: 0 };
  const encoder = new ItemEncoder();
  let run: WireItem[] = [];
  let runBytes = 0;
  const send = async () => {
    while (!inFlight.admits(runBytes)) await new Promise<void>((resolve) => (waiting = resolve));
    inFlight.sent(runBytes);
    post({ type: 'items', items: run, bytesRead: progress.bytesRead });
    run = [];
    runBytes = 0;
  };
  for await (const item of readSources(task.files, map, progress)) {
    const wire = encoder.encode(item);
    run.push(wire);
    runBytes += wireBytes(wire);
    if (run.length >= RUN || runBytes >= RUN_BYTES) await send();
  }
  if (run.length > 0) await send();
  post({ type: 'end' });
}

try {
  await read(workerData as ReadTask);
} catch (error) {
  post({ type: 'error', error: serializeError(error) });
}
