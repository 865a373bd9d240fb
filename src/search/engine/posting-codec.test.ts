import { describe, expect, it } from 'vitest';
import { BlockStarts, BLOCK, decodeAll, decodeInto, encodePositions, encodePostings, PositionCursor, PostingBuffer, postingCount, type Postings } from './posting-codec.js';
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

function encode(b: PostingBuffer, base: number): { postings: Uint8Array; positions: Uint8Array } {
  const w = new ByteWriter();
  const pw = new ByteWriter();
  encodePostings(b, base, w, new Int32Array(BLOCK));
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
      expect(part.starts.known).toBe(Math.floor(lists[k]!.n / BLOCK) + (lists[k]!.n % BLOCK > 0 ? 1 : 0) || 1);
      const cursor = new PositionCursor([{ positions: part.positions, n: part.n }]);
      for (let b = 1; b < part.starts.known; b++) {
        cursor.read(b * BLOCK - 1);
        // The byte offset a plain cursor reaches at the block's first posting is the one recorded.
        expect(part.starts.offsets[b]).toBeGreaterThan(part.starts.offsets[b - 1]!);
      }
    }
  });

  it('packs a common term in far fewer bytes than a byte per value', () => {
    const b = new PostingBuffer();
    for (let i = 0; i < 10 * BLOCK; i++) {
      b.push(1 + i * 3, 2, 4, 1);
      b.positionRoom(1)[b.npos++] = 10;
    }
    const { postings, positions } = encode(b, 0);
    // Equal gaps, frequencies, masks and counts take no bits: a few bytes a block, where varints take three bytes a posting.
    expect(postings.length).toBeLessThan(b.n * 0.1);
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
    const merged = mergeTerm('t', [{ base: 100, ...encode(a, 100) }, { base: 2000, ...encode(b, 2000) }], 100, (d) => d % 3 !== 0)!;
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
    expect(mergeTerm('t', [{ base: 100, ...encode(a, 100) }], 100, () => false)).toBeUndefined();
  });
});
