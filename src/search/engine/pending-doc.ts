/**
 * One analyzed document in a compact binary form, for documents written one
 * at a time (an import, an editor's save). Writing a whole segment for each
 * would rewrite hundreds of rows per document; instead the document waits
 * in a pending table as one row, the index reads pending documents as one
 * small in-memory segment, and once enough are waiting they are written out
 * as a real segment together.
 *
 * Layout: length, term count, then per term: UTF-8 byte length and bytes,
 * weighted frequency, field mask, position count and position gaps.
 * @module
 */
import { analyzeWith, FIELD_GAP, type TokenSink } from '../analyzer.js';
import { FIELD, FIELD_WEIGHTS, type FieldText } from '../index-fields.js';
import { ByteReader, ByteWriter } from './varint.js';

export interface AnalyzedDoc {
  /** Words in the main sequence (for ranking). */
  length: number;
  terms: { term: string; wtf: number; mask: number; positions: number[] }[];
}

/** Analyzes a document's fields the way SegmentBuilder.add does. */
export function analyzeDoc(fields: readonly FieldText[]): AnalyzedDoc {
  const byTerm = new Map<string, { term: string; wtf: number; mask: number; positions: number[] }>();
  let position = 0;
  let length = 0;
  let bit = 0;
  let weight = 0;
  const sink: TokenSink = (term, _start, _end, at, extra) => {
    let e = byTerm.get(term);
    if (!e) byTerm.set(term, (e = { term, wtf: 0, mask: 0, positions: [] }));
    e.mask |= bit;
    e.wtf += weight;
    if (extra !== 'exact') e.positions.push(at);
    if (extra === undefined) length++;
  };
  for (const { field, texts } of fields) {
    bit = FIELD[field];
    weight = FIELD_WEIGHTS[field];
    for (const text of texts) position = analyzeWith(text, position, sink) + FIELD_GAP;
  }
  const terms = [...byTerm.values()];
  for (const e of terms) {
    e.wtf = Math.min(255, Math.round(e.wtf));
    e.positions.sort((a, b) => a - b);
  }
  return { length, terms };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeDoc(doc: AnalyzedDoc): Uint8Array {
  const w = new ByteWriter(1024);
  w.varint(doc.length);
  w.varint(doc.terms.length);
  for (const t of doc.terms) {
    const bytes = encoder.encode(t.term);
    w.varint(bytes.length);
    w.bytes(bytes);
    w.byte(t.wtf);
    w.byte(t.mask);
    w.varint(t.positions.length);
    let last = 0;
    for (const p of t.positions) {
      w.varint(p - last);
      last = p;
    }
  }
  return w.finish();
}

export function decodeDoc(data: Uint8Array): AnalyzedDoc {
  const r = new ByteReader(data);
  const length = r.varint();
  const n = r.varint();
  const terms: AnalyzedDoc['terms'] = [];
  for (let i = 0; i < n; i++) {
    const len = r.varint();
    const term = decoder.decode(data.subarray(r.pos, r.pos + len));
    r.pos += len;
    const wtf = data[r.pos++]!;
    const mask = data[r.pos++]!;
    const count = r.varint();
    const positions: number[] = [];
    let p = 0;
    for (let j = 0; j < count; j++) positions.push((p += r.varint()));
    terms.push({ term, wtf, mask, positions });
  }
  return { length, terms };
}
