import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXACT } from '../analyzer.js';
import { decodeExactInto, encodeExact, isExactForm, standsAlone, stemOfExact, type StemPostings } from './exact-codec.js';
import { BLOCK, NO_LENGTHS, PostingBuffer, postingCount, type Postings } from './posting-codec.js';
import { ByteWriter } from './varint.js';

/** A stem's postings from a list of (gap, frequency, mask), with `pad` unrelated postings before and after (another segment's place in a decoded list). */
function stemOf(list: [number, number, number][], base: number, pad: number): StemPostings {
  const n = list.length + 2 * pad;
  const s = { docs: new Int32Array(n), wtf: new Uint8Array(n), masks: new Uint8Array(n), from: pad, to: pad + list.length };
  for (let i = 0; i < pad; i++) s.docs[i] = base - pad + i;
  let doc = base;
  list.forEach(([gap, wtf, mask], i) => {
    s.docs[pad + i] = doc += gap;
    s.wtf[pad + i] = wtf;
    s.masks[pad + i] = mask;
  });
  for (let i = 0; i < pad; i++) s.docs[pad + list.length + i] = doc + 1 + i;
  return s;
}

/** Postings `e` written against `s` and read back against it, and against it with the postings after it (a later segment's, as the reader gives them). */
function roundTrip(e: PostingBuffer, s: StemPostings, base: number): { read: Postings; blob: Uint8Array } {
  const w = new ByteWriter();
  encodeExact(e, s, base, w, new Int32Array(BLOCK), NO_LENGTHS);
  const blob = w.finish();
  const read: Postings = { docs: new Int32Array(e.n + 2), wtf: new Uint8Array(e.n + 2), masks: new Uint8Array(e.n + 2), n: e.n };
  expect(decodeExactInto(blob, base, s, read, 2)).toBe(e.n + 2);
  const longer: Postings = { docs: new Int32Array(e.n + 2), wtf: new Uint8Array(e.n + 2), masks: new Uint8Array(e.n + 2), n: e.n };
  expect(decodeExactInto(blob, base, { ...s, to: s.docs.length }, longer, 2)).toBe(e.n + 2);
  expect(longer).toEqual(read);
  return { read, blob };
}

function expectSame(read: Postings, e: PostingBuffer): void {
  expect([...read.docs.subarray(2, 2 + e.n)]).toEqual([...e.docs.subarray(0, e.n)]);
  expect([...read.wtf.subarray(2, 2 + e.n)]).toEqual([...e.wtf.subarray(0, e.n)]);
  expect([...read.masks.subarray(2, 2 + e.n)]).toEqual([...e.masks.subarray(0, e.n)]);
}

const stemPosting = fc.tuple(fc.integer({ min: 1, max: 1 << 20 }), fc.integer({ min: 1, max: 255 }), fc.integer({ min: 1, max: 255 }));

describe('exact forms written against their stem', () => {
  // Lists around the block size, so that full blocks, remainders and both are met; the stem up to five blocks longer.
  it('reads back any subset of the stem with lower or equal frequencies and fewer or the same fields', () => {
    fc.assert(
      fc.property(
        fc.array(stemPosting, { minLength: 1, maxLength: 6 * BLOCK }),
        fc.integer({ min: 0, max: 1 << 24 }),
        fc.integer({ min: 0, max: 3 }),
        fc.infiniteStream(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))),
        (list, base, pad, choices) => {
          const s = stemOf(list, base, pad);
          const e = new PostingBuffer();
          for (let j = s.from; j < s.to; j++) {
            const [keep, same, less, drop] = choices.next().value as [number, number, number, number];
            if (keep < 3) continue;
            // Mostly the stem's own frequency and fields (a document using only this form), else fewer of each.
            const wtf = same < 6 ? s.wtf[j]! : Math.max(1, s.wtf[j]! - (less % s.wtf[j]!));
            const mask = same < 7 ? s.masks[j]! : s.masks[j]! & ~drop || s.masks[j]!;
            e.push(s.docs[j]!, wtf, mask, 0);
          }
          if (e.n === 0) return;
          const { read, blob } = roundTrip(e, s, base);
          expectSame(read, e);
          expect(postingCount(blob)).toBe(e.n);
          expect(standsAlone(blob)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a list that is not within its stem’s as any list is written, and reads it back', () => {
    fc.assert(
      fc.property(
        fc.array(stemPosting, { minLength: 1, maxLength: 3 * BLOCK }),
        fc.integer({ min: 0, max: 1 << 20 }),
        fc.integer({ min: 0, max: 2 }),
        fc.nat(),
        (list, base, kind, at) => {
          const s = stemOf(list, base, 1);
          const e = new PostingBuffer();
          for (let j = s.from; j < s.to; j++) e.push(s.docs[j]!, s.wtf[j]!, s.masks[j]!, 0);
          const i = at % e.n;
          // A document the stem lacks, a frequency above the stem's, or a field the stem is not in.
          if (kind === 0) e.docs[i] = e.docs[i]! + (i + 1 < e.n && e.docs[i + 1]! === e.docs[i]! + 1 ? 0 : 1);
          if (kind === 1 && e.wtf[i] === 255) return;
          if (kind === 1) e.wtf[i] = e.wtf[i]! + 1;
          if (kind === 2) e.masks[i] = e.masks[i]! === 255 ? 255 : (e.masks[i]! << 1) | 1;
          const changed = e.docs[i] !== s.docs[s.from + i] || e.wtf[i] !== s.wtf[s.from + i] || e.masks[i] !== s.masks[s.from + i];
          if (!changed) return;
          const { read, blob } = roundTrip(e, s, base);
          expectSame(read, e);
          expect(standsAlone(blob)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes a list that is its stem’s own in two bytes', () => {
    const s = stemOf(Array.from({ length: 3 * BLOCK + 5 }, (_, i) => [1 + (i % 7), 1 + (i % 3), 4] as [number, number, number]), 100, 2);
    const e = new PostingBuffer();
    for (let j = s.from; j < s.to; j++) e.push(s.docs[j]!, s.wtf[j]!, s.masks[j]!, 0);
    const { read, blob } = roundTrip(e, s, 100);
    expectSame(read, e);
    expect(blob.length).toBe(3);
    // One posting fewer: ranks, still well under a byte a posting in its full blocks.
    e.n--;
    const fewer = roundTrip(e, s, 100);
    expectSame(fewer.read, e);
    expect(fewer.blob.length).toBeLessThan(3 * 6 + 10);
  });

  it('names the stem a form is stored against', () => {
    expect(isExactForm(`${EXACT}negotiations`)).toBe(true);
    expect(isExactForm('negoti')).toBe(false);
    expect(stemOfExact(`${EXACT}negotiations`)).toBe('negoti');
  });
});
