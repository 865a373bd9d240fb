/**
 * A segment's dictionary held in process (segment-dictionaries.ts) answers,
 * for any term, what reading the row at or before it would: a run's term's
 * lists, a short row's postings, the absence of a term between rows, and
 * "read its own row" for a term stored alone with a long list; over
 * generated segments packed as the engine packs them (fast-check), with
 * non-ASCII terms where UTF-16 and byte order part.
 * The set of dictionaries follows the segment list it is given: segments
 * no longer listed are let go, a gone segment is not held, and the bound
 * is kept.
 * @module
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TermRow } from '../../search/engine/index-storage.js';
import { compareTerms } from '../../search/engine/segment.js';
import { packRuns } from '../../search/engine/term-runs.js';
import { ByteWriter } from '../../search/engine/varint.js';
import { SegmentDictionaries, SegmentDictionary, type DictionaryRow, type NamedSegment } from './segment-dictionaries.js';

const CHARS = ['a', 'b', 'e', 'z', 'ж', 'я', '中', '国', '\u{20000}', '\u{1F600}', '\uE000', '\uFFEE', 'é'];
const term = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 6 }).map((c) => c.join(''));
const lists = fc.record({ n: fc.integer({ min: 1, max: 5000 }), body: fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.uint8Array({ minLength: 300, maxLength: 900 })), positions: fc.uint8Array({ maxLength: 30 }) });
const segment = fc.uniqueArray(fc.tuple(term, lists), { selector: ([t]) => t, maxLength: 200 }).map((entries) =>
  entries.sort(([a], [b]) => compareTerms(a, b)).map(([t, l]): TermRow => {
    const w = new ByteWriter();
    w.varint(l.n);
    w.bytes(l.body);
    return { term: t, n: l.n, postings: w.finish(), positions: l.positions };
  }));

/** A term's own row held with its postings, in these tests (the read's bound is SHORT_LIST_BYTES). */
const SHORT = 400;
/** The rows as a dictionary's read gives them: every key and count, the bytes of runs and short lists, in no particular order. */
const asRead = (stored: TermRow[]): DictionaryRow[] => stored.map((r) => ({ term: r.term, n: r.n, data: r.n < 0 || r.postings.length <= SHORT ? r.postings : null })).reverse();

describe('a segment’s dictionary', () => {
  it('answers a term’s lists from its run or its short own row, its absence between rows, and leaves a long own row to be read', () => {
    fc.assert(
      fc.property(segment, fc.integer({ min: 8, max: 1000 }), fc.array(term, { maxLength: 20 }), (rows, budget, others) => {
        const stored = [...packRuns(rows, budget)];
        const ownRows = new Map(stored.filter((r) => r.n >= 0).map((r) => [r.term, r.postings.length <= SHORT]));
        const dictionary = new SegmentDictionary(asRead(stored));
        const byTerm = new Map(rows.map((r) => [r.term, r]));
        for (const probe of [...rows.map((r) => r.term), ...rows.map((r) => `${r.term}a`), ...others, '']) {
          const found = dictionary.find(probe);
          const row = byTerm.get(probe);
          if (!row) expect(found, probe).toBeNull();
          else if (ownRows.get(probe) === false) expect(found, probe).toBeUndefined();
          // A short own row gives its postings, not its positions (not read); a run's term both.
          else if (ownRows.get(probe)) expect(found && [found.n, [...found.postings], found.positions], probe).toEqual([row.n, [...row.postings], undefined]);
          else expect(found && [found.n, [...found.postings], [...found.positions!]], probe).toEqual([row.n, [...row.postings], [...row.positions]]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('holds the listed segments, lets go of those no longer listed, holds no gone segment and keeps its bound', async () => {
    const run = [...packRuns([{ term: 'cable', n: 1, postings: Uint8Array.of(1, 5), positions: Uint8Array.of(2) }, { term: 'consul', n: 1, postings: Uint8Array.of(1, 7), positions: new Uint8Array(0) }], 1000)];
    const named = (base: number, docs: number): NamedSegment => ({ base, last: base + docs - 1, docs, epoch: 'e1' });
    const reads: number[] = [];
    const gone = new Set<number>();
    const dictionaries = new SegmentDictionaries(async (s) => (reads.push(s.base), gone.has(s.base) ? undefined : asRead(run)), 1000);
    const [a, b, c] = [named(1, 10), named(11, 5), named(16, 2)];
    gone.add(16);
    dictionaries.listed([a, b, c]);
    await dictionaries.settled();
    // Smallest first; the gone one read and not held.
    expect(reads).toEqual([16, 11, 1]);
    expect([dictionaries.get(a)?.find('consul')?.postings, dictionaries.get(b)?.find('cab'), dictionaries.get(c)]).toEqual([Uint8Array.of(1, 7), null, undefined]);
    // A merge replaced a and b by one segment under a's base: only it is read, and the others are let go.
    const merged = named(1, 15);
    dictionaries.listed([merged]);
    await dictionaries.settled();
    expect(reads.slice(3)).toEqual([1]);
    expect([dictionaries.size, dictionaries.get(a), dictionaries.get(merged)?.find('cable')?.n]).toEqual([1, undefined, 1]);
    // Past the bound a segment is not held (and read as before by the search).
    const tightReads: number[] = [];
    const tight = new SegmentDictionaries(async (s) => (tightReads.push(s.base), asRead(run)), new SegmentDictionary(asRead(run)).bytes + 1);
    tight.listed([a, b]);
    await tight.settled();
    expect([tight.size, tight.get(b) !== undefined]).toEqual([1, true]);
    // The one left out is not read again while listed; the bytes a document took said it would not fit (a is larger).
    tight.listed([a, b, c]);
    await tight.settled();
    expect([tightReads, tight.size]).toEqual([[11], 1]);
  });
});
