/**
 * A long decoded list's documents as a bit per document number, with the
 * number of postings before each 32-document word: whether a document is in
 * the list, and at which posting, in a few operations and no search. An AND
 * of words asks this of the other words' lists for every document of the
 * rarest one; galloping through a list of a quarter of the archive for each
 * of them was most of an AND's walk once the lists were decoded.
 *
 * Made only for a list that holds at least one document in {@link DENSE}
 * of the archive (a bit and a count a word cost 0.25 bytes a document, a
 * third of such a list's 6 bytes a posting at most), and kept with the list
 * (a WeakMap: it goes when the list leaves the posting cache).
 * @module
 */
import type { Postings } from './segment.js';

/** A list gets bits when it holds at least one document in this many of the archive's. */
export const DENSE = 8;

export class DocBits {
  /** Bit `d & 31` of word `d >>> 5` is set when document `d` is in the list. */
  readonly bits: Int32Array;
  /** Per word, the postings before it. */
  readonly rank: Int32Array;

  constructor(p: Postings) {
    const words = p.n === 0 ? 0 : (p.docs[p.n - 1]! >>> 5) + 1;
    const bits = new Int32Array(words);
    const rank = new Int32Array(words);
    const docs = p.docs;
    for (let i = 0; i < p.n; i++) {
      const d = docs[i]!;
      bits[d >>> 5] = bits[d >>> 5]! | (1 << (d & 31));
    }
    let before = 0;
    for (let w = 0; w < words; w++) {
      rank[w] = before;
      before += popcount(bits[w]!);
    }
    this.bits = bits;
    this.rank = rank;
  }

  /** The posting of document `d` in the list, or -1 when the list does not hold it. */
  indexOf(d: number): number {
    const word = d >>> 5;
    if (word >= this.bits.length) return -1;
    const x = this.bits[word]!;
    const bit = 1 << (d & 31);
    if ((x & bit) === 0) return -1;
    return this.rank[word]! + popcount(x & (bit - 1));
  }
}

/** Set bits of a 32-bit integer. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

const known = new WeakMap<Postings, DocBits>();

/** The bits of `p` when it holds at least one document in {@link DENSE} of an archive of `size` document numbers, made once per list; else undefined. */
export function denseBits(p: Postings, size: number): DocBits | undefined {
  if (p.n === 0 || p.n * DENSE < size) return undefined;
  let bits = known.get(p);
  if (!bits) known.set(p, (bits = new DocBits(p)));
  return bits;
}
