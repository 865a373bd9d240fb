/**
 * A segment's encoded rows in batches of a few thousand terms, packed into
 * one byte array each (lists back to back, their ends in a second array),
 * so the analysis thread can encode a segment and hand each batch over
 * without a copy while the writing thread inserts the one before.
 * @module
 */
import type { TermRow } from './index-storage.js';
import type { EncodedTerm } from './segment.js';

export interface TermBatch {
  terms: string[];
  n: Int32Array;
  /** Per term, where its postings end and where its positions end in `bytes`. */
  ends: Int32Array;
  bytes: Uint8Array;
}

/** Terms a batch holds at most: a few ms to insert, so the thread stays ahead. */
const BATCH_TERMS = 4096;

/** Packs encoded rows (whose bytes may be reused views) into batches. */
export function* packBatches(rows: Iterable<EncodedTerm>, batchTerms = BATCH_TERMS): Generator<TermBatch> {
  let terms: string[] = [];
  let n = new Int32Array(batchTerms);
  let ends = new Int32Array(batchTerms * 2);
  let bytes = new Uint8Array(1 << 16);
  let at = 0;
  const put = (data: Uint8Array) => {
    if (at + data.length > bytes.length) {
      const next = new Uint8Array(Math.max(bytes.length * 2, at + data.length));
      next.set(bytes.subarray(0, at));
      bytes = next;
    }
    bytes.set(data, at);
    at += data.length;
  };
  for (const row of rows) {
    const k = terms.length;
    terms.push(row.term);
    n[k] = row.n;
    put(row.postings);
    ends[2 * k] = at;
    put(row.positions);
    ends[2 * k + 1] = at;
    if (terms.length === batchTerms) {
      yield { terms, n, ends, bytes: bytes.slice(0, at) };
      terms = [];
      n = new Int32Array(batchTerms);
      ends = new Int32Array(batchTerms * 2);
      at = 0;
    }
  }
  if (terms.length > 0) yield { terms, n: n.slice(0, terms.length), ends: ends.slice(0, 2 * terms.length), bytes: bytes.slice(0, at) };
}

/** The rows of a batch, their lists as views of its bytes. */
export function* unpackBatch(batch: TermBatch): Generator<TermRow> {
  let from = 0;
  for (let k = 0; k < batch.terms.length; k++) {
    const mid = batch.ends[2 * k]!;
    const to = batch.ends[2 * k + 1]!;
    yield { term: batch.terms[k]!, n: batch.n[k]!, postings: batch.bytes.subarray(from, mid), positions: batch.bytes.subarray(mid, to) };
    from = to;
  }
}

/** The typed arrays of a batch, to move (not copy) it between threads. */
export function batchBuffers(batch: TermBatch): ArrayBuffer[] {
  return [batch.n.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer, batch.bytes.buffer as ArrayBuffer];
}
