/**
 * Runs of terms (term-runs.ts) against a plain sorted map, on generated
 * term lists (fast-check): what is packed comes back whole, and a lookup or
 * a range walk over the stored rows — reading, as a storage does, the row
 * with the greatest key at or before a term — answers exactly what the map
 * answers, at run boundaries, in one-term runs, for terms sharing long
 * prefixes and for non-ASCII terms (CJK, Cyrillic, astral characters and
 * characters from U+E000, where UTF-16 and code-point order part).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TermRow } from './index-storage.js';
import { compareTerms } from './segment.js';
import { encodeRun, findInRow, isRun, packRuns, RunPacker, termsOfRow, unpackRow } from './term-runs.js';
import { ByteWriter } from './varint.js';

const CHARS = ['a', 'b', 'e', 'z', '0', '9', 'ж', 'д', 'я', '中', '国', '日', '本', '\u{20000}', '\u{1F600}', '\uE000', '\uFFEE', 'é'];
const PREFIXES = ['', '', '', 'international', 'международн', '中华人民共和国', '\u{20000}\u{20001}'];

const term = fc
  .tuple(fc.constantFrom(...PREFIXES), fc.array(fc.constantFrom(...CHARS), { minLength: 0, maxLength: 8 }))
  .map(([prefix, chars]) => prefix + chars.join(''))
  .filter((t) => t.length > 0);

/** A term's lists: postings start with their count (as posting-codec writes them), then any bytes; positions may be empty. */
const lists = fc.record({
  n: fc.integer({ min: 1, max: 100_000 }),
  body: fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.uint8Array({ minLength: 200, maxLength: 1500 })),
  positions: fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength: 40 })),
});

/** Distinct terms in code-point order, each with its lists. */
const segment = fc.uniqueArray(fc.tuple(term, lists), { selector: ([t]) => t, maxLength: 300 }).map((entries) =>
  entries
    .sort(([a], [b]) => compareTerms(a, b))
    .map(([t, l]): TermRow => {
      const w = new ByteWriter();
      w.varint(l.n);
      w.bytes(l.body);
      return { term: t, n: l.n, postings: w.finish(), positions: l.positions };
    }),
);

const runBytes = fc.integer({ min: 8, max: 2000 });

function plain(row: TermRow): { term: string; n: number; postings: number[]; positions: number[] } {
  return { term: row.term, n: row.n, postings: [...row.postings], positions: [...row.positions] };
}

/** The stored row that may hold `term`: the one with the greatest key at or before it (`key <= ? ORDER BY key DESC LIMIT 1`). */
function covering(rows: readonly TermRow[], term: string): TermRow | undefined {
  let found: TermRow | undefined;
  for (const row of rows) if (compareTerms(row.term, term) <= 0) found = row;
  return found;
}

/** What a storage answers for [from, to): the row covering `from` and every row keyed inside the range. */
function walk(rows: readonly TermRow[], from: string, to: string): { term: string; df: number }[] {
  const first = covering(rows, from);
  const read = rows.filter((r) => r === first || (compareTerms(r.term, from) > 0 && compareTerms(r.term, to) < 0));
  return read.flatMap((r) => termsOfRow(r.term, r.n, r.postings, from, to));
}

describe('runs of terms', () => {
  it("a run's encoding gives back every term and its lists, in order", () => {
    fc.assert(
      fc.property(segment.filter((s) => s.length > 0), (rows) => {
        const run = encodeRun(rows);
        expect(isRun(run)).toBe(true);
        expect(run.term).toBe(rows[0]!.term);
        expect(unpackRow(run).map(plain)).toEqual(rows.map(plain));
      }),
      { numRuns: 300 },
    );
  });

  it('packing keeps every term once, in order, each stored row covering the terms up to the next key', () => {
    fc.assert(
      fc.property(segment, runBytes, (rows, budget) => {
        const stored = [...packRuns(rows, budget)];
        expect(stored.flatMap(unpackRow).map(plain)).toEqual(rows.map(plain));
        for (let i = 1; i < stored.length; i++) expect(compareTerms(stored[i - 1]!.term, stored[i]!.term)).toBeLessThan(0);
        // A run never holds a single term, and stays within its budget unless one of its terms alone is over half of it.
        for (const row of stored) if (isRun(row)) expect(row.n).toBeLessThan(-1);
      }),
      { numRuns: 300 },
    );
  });

  it('a lookup answers what a sorted map answers, for present terms, absent ones and terms between runs', () => {
    fc.assert(
      fc.property(segment, runBytes, fc.array(term, { maxLength: 20 }), (rows, budget, others) => {
        const stored = [...packRuns(rows, budget)];
        const map = new Map(rows.map((r) => [r.term, r]));
        // Every stored term (the first and last of each run among them), each term with a character more, fewer or
        // changed (a run is searched by what each term shares with the one before: probes that are prefixes of a
        // stored term, or have one as a prefix, test where that comparison stops), and other terms.
        const near = (t: string) => [`${t}a`, `${t}\u00ff`, t.slice(0, -1), `${[...t].slice(0, -1).join('')}~`];
        const probes = [...rows.map((r) => r.term), ...rows.flatMap((r) => near(r.term)), ...others, ''];
        for (const probe of probes) {
          const row = covering(stored, probe);
          const found = row && findInRow(row.term, row.n, row.postings, row.positions, probe);
          const want = map.get(probe);
          expect(found && { n: found.n, postings: [...found.postings], positions: [...found.positions] }).toEqual(want && { n: want.n, postings: [...want.postings], positions: [...want.positions] });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a prefix or range walk answers what a sorted map answers', () => {
    fc.assert(
      fc.property(segment, runBytes, term, term, (rows, budget, a, b) => {
        const stored = [...packRuns(rows, budget)];
        const [from, to] = compareTerms(a, b) <= 0 ? [a, b] : [b, a];
        const want = rows.filter((r) => compareTerms(r.term, from) >= 0 && compareTerms(r.term, to) < 0).map((r) => ({ term: r.term, df: r.n }));
        expect(walk(stored, from, to)).toEqual(want);
        // A prefix walk, as the engine asks for one: [prefix, prefix + U+FFFF).
        const prefix = from.slice(0, 1 + (from.length >> 1));
        const upper = `${prefix}\uffff`;
        expect(walk(stored, prefix, upper)).toEqual(rows.filter((r) => r.term.startsWith(prefix) && compareTerms(r.term, upper) < 0).map((r) => ({ term: r.term, df: r.n })));
      }),
      { numRuns: 300 },
    );
  });

  it('a packer kept across calls fills runs over their boundaries and writes each term once', () => {
    fc.assert(
      fc.property(segment, runBytes, fc.integer({ min: 1, max: 50 }), (rows, budget, step) => {
        const packer = new RunPacker(budget);
        const stored: TermRow[] = [];
        for (let i = 0; i < rows.length; i += step) for (const row of rows.slice(i, i + step)) packer.push(row, stored);
        packer.flush(stored);
        expect(stored.flatMap(unpackRow).map(plain)).toEqual(rows.map(plain));
      }),
      { numRuns: 100 },
    );
  });

  it("copies what it keeps of rows whose bytes the engine reuses for the next term", () => {
    fc.assert(
      fc.property(segment, runBytes, (rows, budget) => {
        // Every row handed in one shared buffer, overwritten by the next (as SegmentBuilder.encode(…, true) hands them).
        const shared = new Uint8Array(4096);
        function* transient(): Generator<TermRow> {
          for (const row of rows) {
            shared.fill(0xee);
            shared.set(row.postings, 0);
            shared.set(row.positions, row.postings.length);
            yield { term: row.term, n: row.n, postings: shared.subarray(0, row.postings.length), positions: shared.subarray(row.postings.length, row.postings.length + row.positions.length) };
          }
        }
        // A row of its own is written as it is yielded, before the next term is asked for: copied here as a storage writes it.
        const stored: TermRow[] = [];
        for (const r of packRuns(transient(), budget)) stored.push({ ...r, postings: r.postings.slice(), positions: r.positions.slice() });
        expect(stored.flatMap(unpackRow).map(plain)).toEqual(rows.map(plain));
      }),
      { numRuns: 100 },
    );
  });

  it('an empty segment packs into no rows, and a row that is not a run is found only under its own term', () => {
    expect([...packRuns([], 900)]).toEqual([]);
    const row: TermRow = { term: 'яблоко', n: 3, postings: new Uint8Array([3, 1, 2]), positions: new Uint8Array([4]) };
    expect(findInRow(row.term, row.n, row.postings, row.positions, 'яблоко')?.n).toBe(3);
    expect(findInRow(row.term, row.n, row.postings, row.positions, 'яблоки')).toBeUndefined();
    expect(unpackRow(row)).toEqual([row]);
    expect(() => encodeRun([])).toThrow(/at least one term/);
  });
});
