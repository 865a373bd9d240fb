/**
 * A segment encoded in the analysis thread, in batches, gives the rows and
 * the term list the writing thread's own encoding gives, in the same order;
 * packing rows into batches loses nothing whatever the batch size.
 */
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../backends/search-index.js';
import { makeDocument } from '../../backends/store.contract.js';
import { indexFields } from '../index-fields.js';
import { analysisThreadRuns, analyzeInThread, encodeInThread } from './analysis-worker.js';
import { SegmentBuilder } from './segment.js';
import { packBatches, unpackBatch } from './term-batches.js';

const WORDS = ['treaty', 'Treaties', 'Chou En-lai', 'Сталин', 'Београд', '周恩来', '蔣介石', 'harbour', 'o’clock', 'Lüshun', '日本国憲法'];
const entry = (i: number): IndexEntry => ({
  document: makeDocument({
    id: `d${i}`,
    title: `${WORDS[i % WORDS.length]} ${i}`,
    transcripts: [{ language: 'und', html: `<p>${WORDS[(i * 3) % WORDS.length]} word${i} ${WORDS[(i * 7 + 2) % WORDS.length]} item${i % 97} ${WORDS[i % 5]}</p>` }],
  }),
  names: [],
  authorities: [],
});

function builder(docs: number): SegmentBuilder {
  const b = new SegmentBuilder();
  for (let i = 0; i < docs; i++) b.add(500 + i * 3, indexFields(entry(i)));
  return b;
}

const plain = (rows: Iterable<{ term: string; n: number; postings: Uint8Array; positions: Uint8Array }>) =>
  [...rows].map((t) => [t.term, t.n, [...t.postings], [...t.positions]]);

describe('a segment encoded in batches', () => {
  it('packs and unpacks every row, in order, whatever the batch size', () => {
    const b = builder(300);
    const expected = plain(b.encode(500));
    for (const size of [1, 7, 4096]) {
      const batches = [...packBatches(b.encode(500, true), size)];
      expect(batches.length).toBe(Math.ceil(expected.length / size));
      expect(plain(batches.flatMap((batch) => [...unpackBatch(batch)]))).toEqual(expected);
    }
  });

  it('is encoded in the analysis thread as here, and its terms are the term list', async () => {
    await analyzeInThread([indexFields(entry(0))]);
    expect(analysisThreadRuns()).toBe(true);
    const b = builder(6000);
    const rows: ReturnType<typeof plain> = [];
    let batches = 0;
    for await (const batch of encodeInThread(b, 500)) {
      batches++;
      rows.push(...plain(batch));
    }
    expect(batches).toBeGreaterThan(1);
    expect(rows).toEqual(plain(b.encode(500)));
    expect(rows.map((r) => r[0])).toEqual(b.termList());
  });
});
