/**
 * A document analyzed before it has a number (SegmentBuilder.prepare, so that
 * its row is written with its length) is added as `add` adds it; one added out
 * of order is refused and leaves no term without postings behind.
 */
import { describe, expect, it } from 'vitest';
import type { FieldText } from '../index-fields.js';
import { SegmentBuilder } from './segment.js';

const fields = (words: string): FieldText[] => [
  { field: 'title', texts: [words] },
  { field: 'body', texts: [`${words} treaty Chou En-lai 周恩来 Сталин`] },
];
const segment = (builder: SegmentBuilder) => [...builder.encode()].map((t) => [t.term, t.n, [...t.postings], [...t.positions]]);

describe('a document analyzed before it is numbered', () => {
  it('is added as add adds it', () => {
    const direct = new SegmentBuilder();
    const prepared = new SegmentBuilder();
    ['Harbour dues', 'The harbour of Port Arthur', 'Negotiations resumed'].forEach((words, i) => {
      const length = prepared.prepare(fields(words));
      expect(length).toBe(direct.add(5 + 2 * i, fields(words)));
      prepared.addPrepared(5 + 2 * i);
    });
    expect(segment(prepared)).toEqual(segment(direct));
    expect(prepared.termList()).toEqual(direct.termList());
  });

  it('refuses a document out of order, and its terms do not reach the term list', () => {
    const direct = new SegmentBuilder();
    const prepared = new SegmentBuilder();
    direct.add(3, fields('Harbour dues'));
    prepared.prepare(fields('Harbour dues'));
    prepared.addPrepared(3);
    prepared.prepare(fields('Unheard-of words'));
    expect(() => prepared.addPrepared(2)).toThrow(/increasing order \(2 after 3\)/);
    expect(segment(prepared)).toEqual(segment(direct));
    expect(prepared.termList()).toEqual(direct.termList());
    expect(prepared.termList()).not.toContain('unheard');
  });
});
