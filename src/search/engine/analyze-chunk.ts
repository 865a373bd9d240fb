/**
 * Analysis of a run of documents into postings, the same work wherever it
 * runs: in the analysis thread (analysis-thread.ts) or, when that is not
 * there, in the caller's. One builder numbers the documents of each run 0,
 * 1, 2… and keeps its terms from run to run (so a word met before costs no
 * lookup, and a run sends only its new terms), until it holds
 * GENERATION_TERMS; then a new generation starts. SegmentBuilder.addChunk
 * adds a run under the documents' real numbers.
 * @module
 */
import type { FieldText } from '../index-fields.js';
import { SegmentBuilder, type AnalyzedChunk } from './segment.js';

/** Terms a generation keeps (some tens of MB on each side); a generation ends at the first run past it. */
const GENERATION_TERMS = 1 << 18;

export class ChunkAnalyzer {
  #builder = new SegmentBuilder();
  #generation: number;

  /** `step` numbers this analyzer's generations (+1 in the thread, -1 in the caller's), so no two analyzers share one. */
  constructor(
    private readonly step: number,
    private readonly generationTerms = GENERATION_TERMS,
  ) {
    this.#generation = step;
  }

  /** Analyzes documents given by their fields (indexFields). */
  analyze(docs: readonly (readonly FieldText[])[]): AnalyzedChunk {
    if (this.#builder.termCount >= this.generationTerms) this.reset();
    const builder = this.#builder;
    const lengths = new Int32Array(docs.length);
    try {
      for (let i = 0; i < docs.length; i++) lengths[i] = builder.add(i, docs[i]!);
    } catch (error) {
      // The builder may hold terms never handed over: the next run starts a generation.
      this.reset();
      throw error;
    }
    return builder.takeChunk(this.#generation, lengths);
  }

  reset(): void {
    this.#builder = new SegmentBuilder();
    this.#generation += this.step;
  }
}

/** The typed arrays of a chunk, to move (not copy) it between threads. */
export function chunkBuffers(chunk: AnalyzedChunk): ArrayBuffer[] {
  return [chunk.lengths, chunk.pTerm, chunk.pDoc, chunk.pInfo, chunk.pPos, chunk.positions].map((a) => a.buffer as ArrayBuffer);
}
