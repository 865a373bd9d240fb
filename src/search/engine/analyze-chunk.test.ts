/**
 * Runs of documents analyzed apart and added with SegmentBuilder.addChunk
 * make the same segment as the documents added one by one: across
 * generations of term ids, into several builders, after a failed run.
 */
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../backends/search-index.js';
import { makeDocument } from '../../backends/store.contract.js';
import { indexFields, type FieldText } from '../index-fields.js';
import { ChunkAnalyzer } from './analyze-chunk.js';
import { SegmentBuilder } from './segment.js';

const WORDS = ['treaty', 'Treaties', 'Chou En-lai', 'Сталин', 'Београд', '周恩来', '蔣介石', 'harbour', 'o’clock', 'Lüshun', '日本国憲法'];
const entry = (i: number): IndexEntry => ({
  document: makeDocument({
    id: `d${i}`,
    title: `${WORDS[i % WORDS.length]} ${i}`,
    transcripts: [{ language: 'und', html: `<p>${WORDS[(i * 3) % WORDS.length]} word${i} ${WORDS[(i * 7 + 2) % WORDS.length]} ${WORDS[i % 5]}</p>` }],
  }),
  names: [],
  authorities: [],
});

function segment(builder: SegmentBuilder) {
  return { terms: builder.termList(), rows: [...builder.encode()].map((t) => [t.term, t.n, [...t.postings], [...t.positions]]) };
}

describe('analysis in runs', () => {
  it('gives the segment that adding each document gives, generation after generation', () => {
    const entries = Array.from({ length: 90 }, (_, i) => entry(i));
    const direct = [new SegmentBuilder(), new SegmentBuilder()];
    entries.forEach((e, i) => direct[i < 50 ? 0 : 1]!.add(1000 + i * 2, indexFields(e)));
    // A generation of at most ~40 terms: several start during the run of documents.
    const analyzer = new ChunkAnalyzer(-1, 40);
    const terms = new Map<number, string[]>();
    const chunked = [new SegmentBuilder(), new SegmentBuilder()];
    let generations = 0;
    for (let from = 0; from < entries.length; from += 10) {
      const chunk = analyzer.analyze(entries.slice(from, from + 10).map(indexFields));
      if (!terms.has(chunk.generation)) (terms.set(chunk.generation, []), generations++);
      const list = terms.get(chunk.generation)!;
      expect(chunk.firstTerm).toBe(list.length);
      list.push(...chunk.newTerms);
      const docs = Array.from({ length: 10 }, (_, k) => 1000 + (from + k) * 2);
      chunked[from < 50 ? 0 : 1]!.addChunk(chunk, list, docs);
      expect([...chunk.lengths]).toEqual(entries.slice(from, from + 10).map((e) => new SegmentBuilder().add(0, indexFields(e))));
    }
    expect(generations).toBeGreaterThan(2);
    expect(segment(chunked[0]!)).toEqual(segment(direct[0]!));
    expect(segment(chunked[1]!)).toEqual(segment(direct[1]!));
  });

  it('starts a new generation after a run that failed, so no term id is left unsent', () => {
    const analyzer = new ChunkAnalyzer(1);
    const first = analyzer.analyze([indexFields(entry(1))]);
    const broken = [{ field: 'body', texts: [null] }] as unknown as FieldText[];
    expect(() => analyzer.analyze([indexFields(entry(3)), broken])).toThrow();
    const next = analyzer.analyze([indexFields(entry(4))]);
    expect(next.generation).not.toBe(first.generation);
    expect(next.firstTerm).toBe(0);
  });
});
