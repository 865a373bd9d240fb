/**
 * `npx tsx bench/exact-forms.ts <archive.sqlite>`: how the lists of words' forms as typed (the exact forms, terms
 * beginning with `EXACT`, stored without positions) relate to their stem's list in the same segment, on an archive
 * bench:search built in layout `ix-10`, which wrote them as any list (opened read-only). Prints how often each case occurs — an exact form's document in its stem's
 * list or not, its frequency and fields the stem's or fewer — and the bytes the lists would take in other encodings,
 * each written here byte for byte from the decoded lists (sizes, not models):
 *
 * - as stored (doc gaps; full blocks of 128 bit-packed, the rest varints);
 * - ranks: each document as its rank in the stem's list (the gap from the rank before, less one), with the
 *   frequency and fields as what they take from the stem's (the stem's frequency less the exact's, the stem's field
 *   bits it lacks): full blocks bit-packed, the rest `gap·2 + changed` varints and the change when there is one;
 * - ranks or bits: per list the smaller of that and a bit per stem posting between its first and last ranks, its
 *   changes after it;
 * - as exact-codec.ts writes them (each list read back and compared).
 *
 * A list with a posting outside its stem's list, or more frequent than the stem there, is counted at its stored
 * bytes plus one (an encoding would keep it as it is, flagged).
 * @module
 */
import BetterSqlite3 from 'better-sqlite3';
import { EXACT } from '../src/search/analyzer.js';
import { storedRows } from '../src/backends/sqlite/sqlite-index-storage.js';
import { decodeExactInto, encodeExact, stemOfExact } from '../src/search/engine/exact-codec.js';
import { BLOCK, decodeAll, NO_LENGTHS, PostingBuffer } from '../src/search/engine/posting-codec.js';
import { ByteWriter } from '../src/search/engine/varint.js';
import { isRun, unpackRow } from '../src/search/engine/term-runs.js';

const path = process.argv[2];
if (!path) throw new Error('usage: bench/exact-forms.ts <archive.sqlite>');
const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
const layout = db.prepare("SELECT value FROM ix_meta WHERE key = 'layout'").pluck().get();
if (layout !== 'ix-10') throw new Error(`bench/exact-forms.ts reads an ix-10 archive, not ${String(layout)}`);

const varintBytes = (v: number) => (v < 2 ** 7 ? 1 : v < 2 ** 14 ? 2 : v < 2 ** 21 ? 3 : v < 2 ** 28 ? 4 : 5);
/** Bytes of one packed block (posting-codec's `pack`): a width byte, the minimum's varint, 16 bytes a bit of width. */
function packedBytes(v: Int32Array, from: number): number {
  let min = v[from]!;
  let max = min;
  for (let i = from + 1; i < from + BLOCK; i++) {
    if (v[i]! < min) min = v[i]!;
    else if (v[i]! > max) max = v[i]!;
  }
  return 1 + varintBytes(min) + 16 * (32 - Math.clz32(max - min));
}

const c = {
  lists: 0,
  postings: 0,
  stored: 0,
  postingsInBlocks: 0,
  noStem: 0,
  outside: 0,
  outsideLists: 0,
  moreFrequent: 0,
  same: 0,
  fewerOnly: 0,
  fieldsLess: 0,
  rankGapOne: 0,
  ranks: 0,
  ranksOrBits: 0,
  written: 0,
  identical: 0,
  standAlone: 0,
  bitsChosen: 0,
  stemPostings: 0,
};
/** Histogram of an exact form's share of its stem's postings (tenths). */
const share = new Array<number>(11).fill(0);
const shareLists = new Array<number>(11).fill(0);

const stemBuf = new PostingBuffer();
const exactBuf = new PostingBuffer();
let rank = new Int32Array(1024);
let dw = new Int32Array(1024);
let dm = new Int32Array(1024);
let gaps = new Int32Array(1024);

function measure(exact: { postings: Uint8Array; base: number }, stem: { postings: Uint8Array; base: number } | undefined): void {
  exactBuf.reset();
  decodeAll(exact.postings, new Uint8Array(0), exact.base, exactBuf);
  const n = exactBuf.n;
  c.lists++;
  c.postings += n;
  c.stored += exact.postings.length;
  const full = n - (n % BLOCK);
  c.postingsInBlocks += full;
  if (!stem) {
    c.noStem++;
    c.ranks += exact.postings.length + 1;
    c.ranksOrBits += exact.postings.length + 1;
    stemBuf.reset();
    written(exact.base);
    return;
  }
  stemBuf.reset();
  decodeAll(stem.postings, new Uint8Array(0), stem.base, stemBuf);
  c.stemPostings += stemBuf.n;
  if (rank.length < n) [rank, dw, dm, gaps] = [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  let j = 0;
  let fits = true;
  for (let i = 0; i < n; i++) {
    const d = exactBuf.docs[i]!;
    while (j < stemBuf.n && stemBuf.docs[j]! < d) j++;
    if (j >= stemBuf.n || stemBuf.docs[j] !== d) {
      c.outside++;
      fits = false;
      continue;
    }
    rank[i] = j;
    dw[i] = stemBuf.wtf[j]! - exactBuf.wtf[i]!;
    dm[i] = stemBuf.masks[j]! & ~exactBuf.masks[i]!;
    if (dw[i]! < 0 || (exactBuf.masks[i]! & ~stemBuf.masks[j]!) !== 0) {
      c.moreFrequent++;
      fits = false;
    } else if (dw[i] === 0 && dm[i] === 0) c.same++;
    else if (dm[i] === 0) c.fewerOnly++;
    else c.fieldsLess++;
    gaps[i] = i === 0 ? rank[0]! : rank[i]! - rank[i - 1]! - 1;
    if (i > 0 && gaps[i] === 0) c.rankGapOne++;
  }
  const tenth = Math.min(10, Math.floor((10 * n) / Math.max(stemBuf.n, 1)));
  share[tenth] = share[tenth]! + n;
  shareLists[tenth] = shareLists[tenth]! + 1;
  if (!fits) {
    c.outsideLists++;
    written(exact.base);
    c.ranks += exact.postings.length + 1;
    c.ranksOrBits += exact.postings.length + 1;
    return;
  }
  // Ranks: the count and mode, full blocks packed (gaps, frequency less, fields less), the rest as varints.
  let bytes = varintBytes(n * 2);
  for (let from = 0; from < full; from += BLOCK) bytes += packedBytes(gaps, from) + packedBytes(dw, from) + packedBytes(dm, from);
  let changes = 0;
  for (let i = full; i < n; i++) {
    const changed = dw[i] !== 0 || dm[i] !== 0;
    bytes += varintBytes(gaps[i]! * 2 + (changed ? 1 : 0));
    if (changed) bytes += changeBytes(i);
  }
  c.ranks += bytes;
  // Bits: the first rank, a bit per stem posting to the last, then the changed postings (index gap, change).
  let bits = varintBytes(n * 2) + varintBytes(rank[0]!) + Math.ceil((rank[n - 1]! - rank[0]! + 1) / 8);
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (dw[i] === 0 && dm[i] === 0) continue;
    changes++;
    bits += varintBytes(i - last - 1) + changeBytes(i);
    last = i;
  }
  bits += varintBytes(changes);
  if (bits < bytes) c.bitsChosen++;
  c.ranksOrBits += Math.min(bits, bytes);
  written(exact.base);
}

const writer = new ByteWriter(1 << 16);
const scratch = new Int32Array(BLOCK);
let check = { docs: new Int32Array(1024), wtf: new Uint8Array(1024), masks: new Uint8Array(1024), n: 0 };
/** The list as exact-codec writes it (checked by reading it back), its bytes and mode counted. */
function written(base: number): void {
  writer.reset();
  encodeExact(exactBuf, { docs: stemBuf.docs, wtf: stemBuf.wtf, masks: stemBuf.masks, from: 0, to: stemBuf.n }, base, writer, scratch, NO_LENGTHS);
  const blob = writer.view();
  c.written += blob.length;
  const n = exactBuf.n;
  let pos = 0;
  while (blob[pos++]! >= 0x80);
  if (blob[pos] === 2) c.identical++;
  if (blob[pos] === 0) c.standAlone++;
  if (check.docs.length < n) check = { docs: new Int32Array(n), wtf: new Uint8Array(n), masks: new Uint8Array(n), n };
  decodeExactInto(blob, base, { docs: stemBuf.docs, wtf: stemBuf.wtf, masks: stemBuf.masks, from: 0, to: stemBuf.n }, check, 0);
  for (let i = 0; i < n; i++) {
    if (check.docs[i] !== exactBuf.docs[i] || check.wtf[i] !== exactBuf.wtf[i] || check.masks[i] !== exactBuf.masks[i]) throw new Error(`posting ${i} of a list of ${n} read back wrong`);
  }
}

/** A changed posting: `frequency less·2 + fields changed`, and the fields it lacks when they do. */
function changeBytes(i: number): number {
  return varintBytes(dw[i]! * 2 + (dm[i] ? 1 : 0)) + (dm[i] ? 1 : 0);
}

let segment = -1;
/** The segment's exact-form lists by their stem, waiting for it (exact forms sort first). */
let waiting = new Map<string, { postings: Uint8Array; base: number }[]>();
const flush = () => {
  for (const lists of waiting.values()) for (const l of lists) measure(l, undefined);
  waiting = new Map();
};
for (const r of storedRows(db)) {
  if (r.base !== segment) {
    flush();
    segment = r.base;
  }
  const lists = isRun(r) ? unpackRow({ term: r.term, n: r.n, postings: r.data, positions: r.positions }) : [{ term: r.term, n: r.n, postings: r.data, positions: r.positions }];
  for (const t of lists) {
    if (t.term.startsWith(EXACT)) {
      const stem = stemOfExact(t.term);
      (waiting.get(stem) ?? waiting.set(stem, []).get(stem)!).push({ postings: Buffer.from(t.postings), base: r.base });
      continue;
    }
    const forms = waiting.get(t.term);
    if (!forms) continue;
    waiting.delete(t.term);
    for (const f of forms) measure(f, { postings: t.postings, base: r.base });
  }
}
flush();

const MB = (b: number) => `${(b / 2 ** 20).toFixed(2)} MB`;
const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)}%`;
const matched = c.postings - c.outside;
console.log(`exact-form lists ${c.lists.toLocaleString()} (no stem found: ${c.noStem.toLocaleString()}), postings ${c.postings.toLocaleString()} (${pct(c.postingsInBlocks, c.postings)} in full blocks); their stems' postings ${c.stemPostings.toLocaleString()}`);
console.log(`postings outside the stem's list ${c.outside.toLocaleString()}, more frequent or in a field the stem is not ${c.moreFrequent.toLocaleString()}; lists with either ${c.outsideLists.toLocaleString()}`);
console.log(`in the stem's list: same frequency and fields ${pct(c.same, matched)}, lower frequency only ${pct(c.fewerOnly, matched)}, fewer fields ${pct(c.fieldsLess, matched)}; next stem posting (rank gap 1) ${pct(c.rankGapOne, matched)}`);
console.log(`share of the stem's postings (tenths, postings / lists): ${share.map((s, i) => `${i}: ${pct(s, c.postings)} / ${shareLists[i]!.toLocaleString()}`).join(', ')}`);
console.log(`written by exact-codec (read back whole): ${MB(c.written)} (${(c.written / c.postings).toFixed(2)} a posting); lists the stem's own ${c.identical.toLocaleString()}, kept as any list ${c.standAlone.toLocaleString()}`);
console.log(`bytes: as stored ${MB(c.stored)} (${(c.stored / c.postings).toFixed(2)} a posting); ranks ${MB(c.ranks)} (${(c.ranks / c.postings).toFixed(2)}); ranks or bits ${MB(c.ranksOrBits)} (${(c.ranksOrBits / c.postings).toFixed(2)}, bits chosen for ${c.bitsChosen.toLocaleString()} lists)`);
