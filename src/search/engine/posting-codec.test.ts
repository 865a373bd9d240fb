import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD } from '../index-fields.js';
import { BlockList, BlockStarts, BLOCK, decodeAll, decodeInto, encodePositions, encodePostings, NO_LENGTHS, PositionCursor, PostingBuffer, postingCount, type DocLengths, type Postings } from './posting-codec.js';
import { mergeTerm } from './segment.js';
import { ByteWriter } from './varint.js';

/** A seeded list of `n` postings from `base`: gaps of up to `maxGap`, frequencies, masks and positions varied. */
function sample(n: number, base: number, maxGap: number, seed: number): PostingBuffer {
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const b = new PostingBuffer();
  let doc = base;
  for (let i = 0; i < n; i++) {
    doc += 1 + Math.floor(random() * maxGap);
    // Mostly one body word, as in a real index; sometimes a title word, sometimes an exact form without positions.
    const r = random();
    const count = r < 0.3 ? 0 : 1 + Math.floor(random() * random() * 40);
    const wtf = r < 0.8 ? Math.max(1, count) : Math.floor(random() * 256);
    const mask = r < 0.7 ? 4 : 1 + Math.floor(random() * 255);
    b.push(doc, Math.min(255, wtf), mask, count);
    const out = b.positionRoom(count);
    let p = Math.floor(random() * 5000);
    for (let k = 0; k < count; k++) out[b.npos++] = p += 1 + Math.floor(random() * 300);
  }
  return b;
}

/** A document's length in these tests: a function of its number, from 1 to 700. */
const lengthOfDoc = (d: number) => 1 + (((d * 2654435761) >>> 0) % 700);

/** The lengths of the documents `b` names (each {@link lengthOfDoc}), or none over a range too wide to hold. */
function lengthsOf(b: PostingBuffer): DocLengths {
  if (b.n === 0 || b.docs[b.n - 1]! - b.docs[0]! > 1 << 20) return NO_LENGTHS;
  const from = b.docs[0]!;
  const len = new Int32Array(b.docs[b.n - 1]! - from + 1);
  for (let d = from; d < from + len.length; d++) len[d - from] = lengthOfDoc(d);
  return { from, len };
}

function encode(b: PostingBuffer, base: number, lengths = lengthsOf(b)): { postings: Uint8Array; positions: Uint8Array } {
  const w = new ByteWriter();
  const pw = new ByteWriter();
  encodePostings(b, base, w, new Int32Array(BLOCK), lengths);
  encodePositions(b, pw);
  return { postings: w.finish(), positions: pw.finish() };
}

function positionsOf(b: PostingBuffer): number[][] {
  const out: number[][] = [];
  let at = 0;
  for (let i = 0; i < b.n; i++) {
    out.push([...b.positions.subarray(at, at + b.counts[i]!)]);
    at += b.counts[i]!;
  }
  return out;
}

describe('posting codec', () => {
  // Lengths around the block size: only a remainder, exact blocks, blocks and a remainder.
  for (const [n, maxGap] of [[1, 1000], [BLOCK - 1, 3], [BLOCK, 1], [3 * BLOCK + 17, 40], [2 * BLOCK, 50_000_000]] as const) {
    it(`decodes what it encodes: ${n} postings, gaps up to ${maxGap.toLocaleString()}`, () => {
      const base = 7;
      const b = sample(n, base, maxGap, n + maxGap);
      const { postings, positions } = encode(b, base);
      expect(postingCount(postings)).toBe(n);
      const out: Postings = { docs: new Int32Array(n + 2), wtf: new Uint8Array(n + 2), masks: new Uint8Array(n + 2), n: n + 2 };
      // Decoding appends at an offset (lists of several segments go into one array).
      expect(decodeInto(postings, base, out, 2)).toBe(n + 2);
      expect([...out.docs.subarray(2)]).toEqual([...b.docs.subarray(0, n)]);
      expect([...out.wtf.subarray(2)]).toEqual([...b.wtf.subarray(0, n)]);
      expect([...out.masks.subarray(2)]).toEqual([...b.masks.subarray(0, n)]);
      const all = new PostingBuffer();
      decodeAll(postings, positions, base, all);
      expect(positionsOf(all)).toEqual(positionsOf(b));
    });
  }

  it('reads positions by posting, skipping the ones not asked for, across segments', () => {
    const first = sample(2 * BLOCK + 5, 0, 9, 1);
    const second = sample(BLOCK + 3, 10_000, 9, 2);
    const parts = [first, second].map((b) => ({ positions: encode(b, 0).positions, n: b.n }));
    const expected = [...positionsOf(first), ...positionsOf(second)];
    for (const step of [1, 3, 50, 129]) {
      const cursor = new PositionCursor(parts);
      for (let i = 0; i < expected.length; i += step) {
        const count = cursor.read(i);
        expect([...cursor.positions.subarray(0, count)]).toEqual(expected[i]);
      }
    }
  });

  it('reads the same positions when cursors share the block starts earlier ones learnt, jumping to later blocks', () => {
    const lists = [sample(5 * BLOCK + 17, 0, 9, 3), sample(BLOCK, 20_000, 9, 4), sample(40, 40_000, 9, 5), sample(3 * BLOCK + 1, 60_000, 9, 6)];
    const parts = lists.map((b) => ({ ...encode(b, 0), n: b.n })).map(({ positions, n }) => ({ positions, n, starts: new BlockStarts(n) }));
    const expected = lists.flatMap(positionsOf);
    let s = 11;
    const random = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    // Sparse, dense and single reads, in turn over the same starts: each cursor begins where the last one left them.
    for (const density of [0.01, 0.3, 0.002, 1, 0.05, 0.6]) {
      const cursor = new PositionCursor(parts);
      for (let i = 0; i < expected.length; i++) {
        if (random() >= density) continue;
        expect([...cursor.positions.subarray(0, cursor.read(i))]).toEqual(expected[i]);
      }
    }
    // By now every block start was passed once and recorded where it is.
    for (const [k, part] of parts.entries()) {
      // Every full block's start and the offset past the last one (the remainder's, even when empty).
      expect(part.starts.known).toBe(Math.floor(lists[k]!.n / BLOCK) + 1);
      const cursor = new PositionCursor([{ positions: part.positions, n: part.n }]);
      for (let b = 1; b < part.starts.known; b++) {
        cursor.read(b * BLOCK - 1);
        // The byte offset a plain cursor reaches at the block's first posting is the one recorded.
        expect(part.starts.offsets[b]).toBeGreaterThan(part.starts.offsets[b - 1]!);
      }
    }
  });

  it('passes the blocks before a wanted posting by their byte lengths, decoding none of them', () => {
    const b = sample(6 * BLOCK + 9, 0, 9, 8);
    const { positions } = encode(b, 0);
    const expected = positionsOf(b);
    // Noise in every byte of blocks 0–4 after its length: a cursor that decoded any of them would misread block 5.
    const noisy = positions.slice();
    let pos = 0;
    for (let block = 0; block < 5; block++) {
      let length = 0;
      let shift = 0;
      for (let x = noisy[pos++]!; ; x = noisy[pos++]!) {
        length |= (x & 0x7f) << shift;
        shift += 7;
        if (x < 0x80) break;
      }
      noisy.fill(0xff, pos, pos + length);
      pos += length;
    }
    const cursor = new PositionCursor([{ positions: noisy, n: b.n }]);
    for (const i of [5 * BLOCK + 3, 5 * BLOCK + 100, 6 * BLOCK, 6 * BLOCK + 8]) expect([...cursor.positions.subarray(0, cursor.read(i))]).toEqual(expected[i]);
  });

  it('packs a common term in far fewer bytes than a byte per value', () => {
    const b = new PostingBuffer();
    for (let i = 0; i < 10 * BLOCK; i++) {
      b.push(1 + i * 3, 2, 4, 1);
      b.positionRoom(1)[b.npos++] = 10;
    }
    const { postings, positions } = encode(b, 0);
    // Equal gaps, frequencies, masks and counts take no bits: a few bytes a block (its span, its bound, each stream's
    // width and minimum), where varints take three bytes a posting.
    expect(postings.length).toBeLessThan(b.n * 0.125);
    expect(positions.length).toBeLessThan(b.n * 1.1);
  });

  it("writes a rare term's single position in the varint of its count, and no bytes for a list without positions", () => {
    const b = new PostingBuffer();
    for (const [doc, position] of [[3, 5], [9, 60], [20, 700]] as const) {
      b.push(doc, 1, 4, 1);
      b.positionRoom(1)[b.npos++] = position;
    }
    // 5·2 and 60·2 take a byte each, 700·2 two: the count costs nothing.
    const { positions } = encode(b, 0);
    expect(positions.length).toBe(4);
    const cursor = new PositionCursor([{ positions, n: 3 }, { positions: new Uint8Array(0), n: 2 }, { positions, n: 3 }]);
    expect([0, 1, 2, 3, 4, 5, 7].map((i) => [...cursor.positions.subarray(0, cursor.read(i))])).toEqual([[5], [60], [700], [], [], [5], [700]]);
    const exact = new PostingBuffer();
    for (let i = 0; i < BLOCK + 3; i++) exact.push(1 + i, 1, 4, 0);
    const encoded = encode(exact, 0);
    expect(encoded.positions.length).toBe(0);
    const out = new PostingBuffer();
    decodeAll(encoded.postings, encoded.positions, 0, out);
    expect(out.n).toBe(BLOCK + 3);
    expect(out.npos).toBe(0);
    expect([...out.counts.subarray(0, out.n)].every((c) => c === 0)).toBe(true);
  });

  it('merges lists of adjacent segments, dropping rejected documents with their positions', () => {
    const a = sample(BLOCK + 10, 100, 5, 3);
    const b = sample(2 * BLOCK, 2000, 5, 4);
    const lengths = { from: 0, len: Int32Array.from({ length: 4000 }, (_, d) => lengthOfDoc(d)) };
    const merged = mergeTerm('t', [{ base: 100, ...encode(a, 100) }, { base: 2000, ...encode(b, 2000) }], 100, (d) => d % 3 !== 0, lengths)!;
    const out = new PostingBuffer();
    decodeAll(merged.postings, merged.positions, 100, out);
    const expectedDocs: number[] = [];
    const expectedPositions: number[][] = [];
    for (const src of [a, b]) {
      const ps = positionsOf(src);
      for (let i = 0; i < src.n; i++) {
        if (src.docs[i]! % 3 === 0) continue;
        expectedDocs.push(src.docs[i]!);
        expectedPositions.push(ps[i]!);
      }
    }
    expect(merged.n).toBe(expectedDocs.length);
    expect([...out.docs.subarray(0, out.n)]).toEqual(expectedDocs);
    expect(positionsOf(out)).toEqual(expectedPositions);
    expect(mergeTerm('t', [{ base: 100, ...encode(a, 100) }], 100, () => false, lengths)).toBeUndefined();
    // The merged blocks' bounds are made from the kept documents' lengths.
    const blocks = new BlockList([{ base: 100, postings: merged.postings }]);
    for (let b = 0; b < blocks.blocks; b++) expect(boundHolds(blocks, b, out, b * BLOCK, (d) => lengthOfDoc(d))).toBe(true);
  });

  // Lists of any length (none, one posting, a block exactly, blocks and a remainder), doc gaps from 1 to 2²²,
  // positions from none to hundreds a posting (a block's values span several chunks), from 0 to 2³⁰.
  const lists = fc
    .array(
      fc.record({
        gap: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 ** 22 })),
        wtf: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 255 })),
        mask: fc.oneof(fc.constant(4), fc.integer({ min: 0, max: 255 })),
        positions: fc.oneof(
          fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 3 }),
          fc.array(fc.integer({ min: 0, max: 2 ** 20 }), { maxLength: 4 }),
          fc.array(fc.integer({ min: 0, max: 2 ** 30 }), { maxLength: 1 }),
          fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 100, maxLength: 300 }),
        ),
      }),
      { maxLength: 3 * BLOCK + 5 },
    )
    .chain((ps) => fc.constantFrom(ps, ps.slice(0, BLOCK), ps.slice(0, 2 * BLOCK), ps.slice(0, 1)))
    .map((ps) => {
      const b = new PostingBuffer();
      let doc = 0;
      const withPositions = ps.some((p) => p.positions.length > 0);
      for (const p of ps) {
        doc += p.gap;
        // Every posting of a list with positions has at least one (as the index writes them); an exact form's has none.
        const gaps = withPositions ? (p.positions.length ? p.positions : [p.gap % 500]) : [];
        b.push(doc, p.wtf, p.mask, gaps.length);
        const out = b.positionRoom(gaps.length);
        let at = 0;
        for (const g of gaps) out[b.npos++] = at += g;
      }
      return b;
    });

  it('gives back any list and its positions, whole and by cursors sharing their block starts (fast-check)', () => {
    fc.assert(
      fc.property(lists, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }), (b, densities) => {
        const { postings, positions } = encode(b, 0);
        const all = new PostingBuffer();
        if (b.n > 0) {
          expect(postingCount(postings)).toBe(b.n);
          decodeAll(postings, positions, 0, all);
        }
        expect([...all.docs.subarray(0, all.n)]).toEqual([...b.docs.subarray(0, b.n)]);
        expect([...all.wtf.subarray(0, all.n)]).toEqual([...b.wtf.subarray(0, b.n)]);
        expect([...all.masks.subarray(0, all.n)]).toEqual([...b.masks.subarray(0, b.n)]);
        const expected = positionsOf(b);
        expect(positionsOf(all)).toEqual(expected);
        // The same list as two segments' parts, read sparsely and densely by cursors in turn.
        const part = { positions, n: b.n, starts: new BlockStarts(b.n) };
        const parts = [part, { ...part, starts: new BlockStarts(b.n) }];
        let s = b.n + 1;
        for (const density of densities) {
          const cursor = new PositionCursor(parts);
          for (let i = 0; i < 2 * b.n; i++) {
            s = (s * 1103515245 + 12345) & 0x7fffffff;
            if (s / 0x7fffffff >= density) continue;
            // read() may replace `positions` with a larger array: read first.
            const count = cursor.read(i);
            expect([...cursor.positions.subarray(0, count)]).toEqual(b.npos ? expected[i % b.n] : []);
          }
        }
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it('reads each full block\'s bound and doc range without unpacking, and decodes any block alone (fast-check)', () => {
    fc.assert(
      fc.property(lists, lists, (first, second) => {
        // Two segments' lists, the second's documents after the first's.
        const shift = first.n ? first.docs[first.n - 1]! : 0;
        for (let i = 0; i < second.n; i++) second.docs[i] = second.docs[i]! + shift;
        const parts = [first, second].filter((b) => b.n > 0);
        const rows = parts.map((b, k) => ({ base: k === 0 ? 0 : shift, postings: encode(b, k === 0 ? 0 : shift).postings }));
        const whole = new PostingBuffer();
        for (const r of rows) {
          const n = postingCount(r.postings);
          const at = whole.n;
          for (let i = 0; i < n; i++) whole.push(0, 0, 0, 0);
          decodeInto(r.postings, r.base, whole, at);
        }
        const list = new BlockList(rows);
        expect(list.n).toBe(whole.n);
        const out = new PostingBuffer();
        for (let i = 0; i < BLOCK; i++) out.push(0, 0, 0, 0);
        // Full blocks first, then each list's remainder: where each begins in the whole list.
        const starts: number[] = [];
        let at = 0;
        const tails: number[] = [];
        for (const b of parts) {
          for (let k = 0; k < Math.floor(b.n / BLOCK); k++) starts.push(at + k * BLOCK);
          if (b.n % BLOCK) tails.push(at + b.n - (b.n % BLOCK));
          at += b.n;
        }
        starts.push(...tails);
        expect(starts.length).toBe(list.list.length);
        let counted = 0;
        for (let b = 0; b < starts.length; b++) {
          const from = starts[b]!;
          const count = list.decode(b, out);
          expect(count).toBe(list.count(b));
          counted += count;
          expect([...out.docs.subarray(0, count)]).toEqual([...whole.docs.subarray(from, from + count)]);
          expect([...out.wtf.subarray(0, count)]).toEqual([...whole.wtf.subarray(from, from + count)]);
          expect([...out.masks.subarray(0, count)]).toEqual([...whole.masks.subarray(from, from + count)]);
          if (b >= list.blocks) continue;
          expect(list.last[b]).toBe(whole.docs[from + BLOCK - 1]);
          expect(list.prev[b]! < whole.docs[from]!).toBe(true);
          const lengthOf = (d: number) => (parts[list.list[b]!]!.docs[parts[list.list[b]!]!.n - 1]! - parts[list.list[b]!]!.docs[0]! > 1 << 20 ? 0 : lengthOfDoc(d));
          expect(boundHolds(list, b, whole, from, lengthOf)).toBe(true);
          out.docs.fill(-1);
          out.masks.fill(0);
          list.decodeDocs(b, out, true);
          expect([...out.docs.subarray(0, BLOCK)]).toEqual([...whole.docs.subarray(from, from + BLOCK)]);
          expect([...out.masks.subarray(0, BLOCK)]).toEqual([...whole.masks.subarray(from, from + BLOCK)]);
        }
        expect(counted).toBe(whole.n);
      }),
      { numRuns: 100, seed: 12 },
    );
  });
});

/**
 * Whether full block `b`'s stored pairs are its Pareto-best (code, length) pairs: every posting of the block (from
 * `from` in `p`) is matched or beaten in both by a pair of its title flag, no pair beats another, and each pair is a
 * posting's.
 */
function boundHolds(list: BlockList, b: number, p: Postings, from: number, lengthOf: (doc: number) => number): boolean {
  const pairs: [number, number][] = [];
  list.pairs(b, (code, length) => pairs.push([code, length]));
  const postings = Array.from({ length: BLOCK }, (_, i) => [(p.wtf[from + i]! << 1) | (p.masks[from + i]! & FIELD.title), lengthOf(p.docs[from + i]!)] as [number, number]);
  const beats = (a: [number, number], c: [number, number]) => (a[0] & 1) === (c[0] & 1) && a[0] >= c[0] && a[1] <= c[1];
  return (
    postings.every((q) => pairs.some((a) => beats(a, q))) &&
    pairs.every((a, i) => pairs.every((c, j) => i === j || !beats(c, a))) &&
    pairs.every((a) => postings.some((q) => q[0] === a[0] && q[1] === a[1]))
  );
}
