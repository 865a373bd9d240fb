/**
 * Entry point of the analysis thread (bundled as dist/analysis-thread.js;
 * see analysis-worker.ts): analyzes each run of documents it is sent and
 * sends back the postings, in the order asked.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import type { FieldText } from '../index-fields.js';
import { ChunkAnalyzer, chunkBuffers } from './analyze-chunk.js';

const analyzer = new ChunkAnalyzer(1);

parentPort!.on('message', (m: { id: number; docs: FieldText[][] }) => {
  try {
    const chunk = analyzer.analyze(m.docs);
    parentPort!.postMessage({ id: m.id, chunk }, chunkBuffers(chunk));
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: String(error) });
  }
});
