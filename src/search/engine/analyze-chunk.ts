/**
 * Analysis of a run of documents into postings, the same work wherever it
 * runs: in the analysis thread (analysis-thread.ts) or, when that is not
 * there, in the caller's. A builder of its own numbers the documents 0, 1,
 * 2…; SegmentBuilder.addChunk then adds them under their real numbers.
 * @module
 */
import type { IndexEntry } from '../../backends/search-index.js';
import { indexFields } from '../index-fields.js';
import { SegmentBuilder, type AnalyzedChunk } from './segment.js';

export function analyzeChunk(entries: readonly IndexEntry[]): AnalyzedChunk {
  const builder = new SegmentBuilder();
  const lengths = new Int32Array(entries.length);
  for (let i = 0; i < entries.length; i++) lengths[i] = builder.add(i, indexFields(entries[i]!));
  return builder.toChunk(lengths);
}

/** The typed arrays of a chunk, to move (not copy) it between threads. */
export function chunkBuffers(chunk: AnalyzedChunk): ArrayBuffer[] {
  return [chunk.lengths, chunk.pTerm, chunk.pDoc, chunk.pInfo, chunk.pPos, chunk.positions].map((a) => a.buffer as ArrayBuffer);
}
