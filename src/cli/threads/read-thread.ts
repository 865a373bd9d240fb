/**
 * Entry point of the reading thread of `dossier import` (bundled as
 * dist/read-thread.js; see read-ahead.ts): reads the sources it is given,
 * validates their records and posts them in runs, never more than a few runs
 * ahead of the thread that writes them.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ItemEncoder, type WireItem } from '../../ingest/item-wire.js';
import { loadFieldMap, readSources } from '../../ingest/sources.js';
import { AHEAD, RUN, type ReadMessage, type ReadTask } from '../read-ahead.js';
import { serializeError } from '../thread-errors.js';

const port = parentPort!;
let credit = AHEAD;
let waiting: (() => void) | undefined;
port.on('message', () => {
  credit++;
  waiting?.();
});
const post = (m: ReadMessage) => port.postMessage(m);

async function read(task: ReadTask): Promise<void> {
  const map = task.map ? await loadFieldMap(task.map) : undefined;
  const progress = { bytesRead: 0 };
  const encoder = new ItemEncoder();
  let run: WireItem[] = [];
  const send = async () => {
    while (credit === 0) await new Promise<void>((resolve) => (waiting = resolve));
    credit--;
    post({ type: 'items', items: run, bytesRead: progress.bytesRead });
    run = [];
  };
  for await (const item of readSources(task.files, map, progress)) {
    run.push(encoder.encode(item));
    if (run.length >= RUN) await send();
  }
  if (run.length > 0) await send();
  post({ type: 'end' });
}

try {
  await read(workerData as ReadTask);
} catch (error) {
  post({ type: 'error', error: serializeError(error) });
}
