/**
 * Runs split between the analysis thread and the writer's own thread, in
 * two numberings of terms that come in turns, make the segment that adding
 * each document makes; a run that fails is met at its turn, the others
 * still come.
 */
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../backends/search-index.js';
import { makeDocument } from '../../backends/store.contract.js';
import { indexFields, type FieldText } from '../index-fields.js';
import { analysisThreadRuns } from './analysis-worker.js';
import { RunAnalyses } from './run-analyses.js';
import { SegmentBuilder } from './segment.js';

const WORDS = ['treaty', 'Treaties', 'Chou En-lai', 'Сталин', 'Београд', '周恩来', '蔣介石', 'harbour', 'o’clock', 'Lüshun', '日本国憲法', 'négociation'];
const entry = (i: number): IndexEntry => ({
  document: makeDocument({
    id: `d${i}`,
    title: `${WORDS[i % WORDS.length]} ${i}`,
    transcripts: [{ language: 'und', html: `<p>${WORDS[(i * 5) % WORDS.length]} word${i} ${WORDS[(i * 7 + 2) % WORDS.length]} item-${i % 13}</p><p>${WORDS[i % 5]} ${WORDS[(i + 3) % WORDS.length]}</p>` }],
  }),
  names: [],
  authorities: [],
});

const segment = (builder: SegmentBuilder) => [...builder.encode()].map((t) => [t.term, t.n, [...t.postings], [...t.positions]]);

const RUN = 16;

describe('runs analyzed on both cores', () => {
  it('give the segment that adding each document gives, in order, whichever thread analyzed them', async () => {
    const fields = Array.from({ length: 40 * RUN }, (_, i) => indexFields(entry(i)));
    const direct = new SegmentBuilder();
    fields.forEach((f, i) => direct.add(10 + i, f));
    const analyses = new RunAnalyses(fields.length / RUN, (r) => fields.slice(r * RUN, (r + 1) * RUN));
    const split = new SegmentBuilder();
    for (let r = 0; r < fields.length / RUN; r++) {
      const { chunk, terms } = await analyses.take(r);
      expect([...chunk.lengths]).toEqual(fields.slice(r * RUN, (r + 1) * RUN).map((f) => new SegmentBuilder().add(0, f)));
      split.addChunk(chunk, terms, Array.from({ length: RUN }, (_, k) => 10 + r * RUN + k));
    }
    expect(analysisThreadRuns()).toBe(true);
    // The writer asks at once for each run, so it analyzes some itself; the thread has the first runs at least.
    expect(analyses.analyzedHere).toBeGreaterThan(0);
    expect(analyses.analyzedHere).toBeLessThan(40);
    expect(segment(split)).toEqual(segment(direct));
  });

  it('hands a run that failed to the writer at its turn, and the runs after it still come', async () => {
    const broken = [{ field: 'body', texts: [null] }] as unknown as FieldText[];
    const runs = Array.from({ length: 12 }, (_, r) => (r === 5 ? [broken] : [indexFields(entry(r))]));
    const analyses = new RunAnalyses(runs.length, (r) => {
      if (r === 8) throw new Error('run 8 could not be read');
      return runs[r]!;
    });
    const lengths: (number | string)[] = [];
    for (let r = 0; r < runs.length; r++) {
      try {
        lengths.push((await analyses.take(r)).chunk.lengths[0]!);
      } catch (error) {
        lengths.push(r === 8 ? (error as Error).message : 'failed');
      }
    }
    expect(lengths[5]).toBe('failed');
    expect(lengths[8]).toBe('run 8 could not be read');
    for (const r of [0, 1, 2, 3, 4, 6, 7, 9, 10, 11]) expect(lengths[r]).toBe(new SegmentBuilder().add(0, runs[r]![0]!));
  });
});
