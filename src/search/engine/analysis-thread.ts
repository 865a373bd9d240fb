/**
 * Entry point of the analysis thread (bundled as dist/analysis-thread.js;
 * see analysis-worker.ts): analyzes each run of documents it is sent and
 * sends back the postings, in the order asked; and encodes a finished
 * segment it is sent, a batch of terms at a time.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import type { FieldText } from '../index-fields.js';
import { ChunkAnalyzer, chunkBuffers } from './analyze-chunk.js';
import { SegmentBuilder, type BuilderParts } from './segment.js';
import { batchBuffers, packBatches } from './term-batches.js';

const analyzer = new ChunkAnalyzer(1);

parentPort!.on('message', (m: { id: number; docs?: FieldText[][]; encode?: { parts: BuilderParts; base: number } }) => {
  try {
    if (m.encode) {
      const builder = SegmentBuilder.fromParts(m.encode.parts);
      for (const batch of packBatches(builder.encode(m.encode.base, true))) parentPort!.postMessage({ id: m.id, batch }, batchBuffers(batch));
      parentPort!.postMessage({ id: m.id, done: true });
      return;
    }
    const chunk = analyzer.analyze(m.docs!);
    parentPort!.postMessage({ id: m.id, chunk }, chunkBuffers(chunk));
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: String(error) });
  }
});
