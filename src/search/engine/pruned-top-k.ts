/**
 * The top k of a query without facets, skipping the scoring of what cannot
 * enter it (as Lucene and Tantivy do for top-k without counts).
 *
 * One word: a common word's list is mostly documents that will never be
 * among the best twenty. Each full block of 128 postings is stored with its
 * bound (posting-codec.ts: the Pareto-best weighted frequency, title flag
 * and document length of its postings), which gives the best score any of
 * its postings can have under the archive's average length of the moment;
 * blocks are visited best bound first, and once the heap of the k best is
 * full a block whose bound is below its threshold is not decoded: it is
 * only counted — by its posting count when no document of its range was
 * replaced, else from its doc numbers alone. A list kept decoded (by a
 * search with facets, say) uses the exact bound of each block instead,
 * computed once from its postings' lengths.
 *
 * An AND of words: a document with every word is scored only when the sum
 * of its postings' bounds reaches the heap. A posting's bound needs no
 * document length: BM25 rises with the weighted frequency and the title
 * flag and falls with the length, so a posting can score no more than it
 * would in the archive's shortest document — one table per list, indexed
 * by frequency and title flag. Block bounds would be a sum of block maxima,
 * loose, and computing them reads the length of every posting of every
 * word's list, where the intersection is a small part of them. The rarest
 * word's list is walked; a document of it is looked up in every other list
 * (stems and forms as typed) by that list's bits when the list is long
 * (doc-bits.ts), else by galloping.
 *
 * A phrase (in no field) with a filter or a total counted only so far is
 * walked as an AND of its words, the rarest driving; the filters come
 * before a candidate's positions, and its postings' bound and score before
 * them once the total is counted as far as asked: past that, only a
 * candidate that can enter the heap has its positions checked.
 *
 * The total stays exact unless the caller asks otherwise (the page says how
 * many documents match), so every posting is still counted — with no
 * scoring, and for an unfiltered word without even a pass. Scores, float32 roundings and tie order are those of
 * the exhaustive path (match.ts + collect.ts), which handles every other
 * shape of query and every request with facets; engine tests compare the
 * two on random indexes and random lists.
 * @module
 */
import { analyze, isCjkTerm, type Token } from '../analyzer.js';
import { FIELD, FIELD_WEIGHTS, TEXT_FIELD_MASKS } from '../index-fields.js';
import type { QueryNode } from '../query.js';
import type { DocColumns } from './doc-columns.js';
import type { DocFilter } from './doc-filter.js';
import { denseBits } from './doc-bits.js';
import { B, bm25, EMPTY_POSTINGS, K1, phraseOrder, plainWords, positionCheck, PositionsPending, postingOf, rarestFirst, seek, STEM_WEIGHT, type MatchContext, type PhrasePart, type PlainWord } from './match.js';
import { BLOCK, BlockList } from './posting-codec.js';
import type { Postings } from './segment.js';
import { TopK } from './top-k.js';

const TITLE_WEIGHT = FIELD_WEIGHTS.title;
/** A bound is raised by this much so that a float32 rounding of a score never exceeds it. */
const ROUNDING = 1 + 1e-6;
/** A posting's code in a bound table: its weighted frequency (at most 255) and whether its word is in the title. */
const CODES = 512;
const codeOf = (p: Postings, i: number) => (p.wtf[i]! << 1) | (p.masks[i]! & FIELD.title);

export interface PrunedTop {
  /** Matches counted: all of them when `exact`, else at least the count asked for. */
  total: number;
  /** False when blocks were passed over uncounted once the count asked for was reached. */
  exact: boolean;
  /** Best first; `score` is the document's score. */
  hits: { doc: number; score: number }[];
  /** Postings (or documents, for an AND or a phrase) scored: what pruning left of the work. */
  scored: number;
  /** For a phrase: the documents with every word whose positions were checked. */
  checked?: number;
}

/**
 * Per block of a decoded list, the largest BM25 frequency term (field
 * weights saturated against the document's length) any of its postings has:
 * the block's best score is idf times a function increasing in it. Exact, so
 * as tight as a bound can be; it depends on the average length, and is kept
 * with the list for as long as that holds (a decoded list never outlives the
 * columns it was decoded with: the cache is emptied when they change).
 */
const statsOf = new WeakMap<Postings, { avg: number; tfMax: Float64Array }>();

function blockTfMax(p: Postings, columns: DocColumns): Float64Array {
  const avg = columns.averageLength();
  const known = statsOf.get(p);
  if (known && known.avg === avg) return known.tfMax;
  const blocks = Math.ceil(p.n / BLOCK);
  const tfMax = new Float64Array(blocks);
  const len = columns.length;
  for (let b = 0; b < blocks; b++) {
    let best = 0;
    for (let i = b * BLOCK, end = Math.min(p.n, i + BLOCK); i < end; i++) {
      const inTitle = (p.masks[i]! & FIELD.title) !== 0 ? TITLE_WEIGHT : 0;
      const tf = inTitle + Math.max(0, p.wtf[i]! - inTitle) / (1 - B + (B * len[p.docs[i]!]!) / avg);
      if (tf > best) best = tf;
    }
    tfMax[b] = best;
  }
  statsOf.set(p, { avg, tfMax });
  return tfMax;
}

/** The largest score any posting of each block can have (scaled by `factor`), slightly raised; NaN-free. */
function blockBounds(p: Postings, columns: DocColumns, idf: number, factor: number): Float64Array {
  const tfMax = blockTfMax(p, columns);
  const out = new Float64Array(tfMax.length);
  // More postings than live documents (replaced ones not merged away yet) make idf negative: every score is then ≤ 0.
  if (idf <= 0) return out;
  for (let b = 0; b < out.length; b++) {
    const tf = tfMax[b]!;
    const bound = ((idf * tf * (K1 + 1)) / (tf + K1)) * factor * ROUNDING;
    out[b] = Number.isNaN(bound) ? Infinity : bound;
  }
  return out;
}

/** Per doc columns, the shortest stored document's length over the doc numbers scanned so far (columns only grow). */
const shortestOf = new WeakMap<DocColumns, { upTo: number; min: number }>();

/**
 * The length of the shortest document the columns hold, live or replaced —
 * every document a posting can name; numbers never stored (an empty record
 * id, a length of 0) are passed over. Found once per columns and extended
 * as documents are appended.
 */
export function shortestLength(columns: DocColumns): number {
  let known = shortestOf.get(columns);
  if (!known) shortestOf.set(columns, (known = { upTo: 0, min: Infinity }));
  if (known.upTo < columns.size) {
    const len = columns.length;
    const ends = columns.ids.ends;
    let min = known.min;
    let before = known.upTo > 0 ? ends[known.upTo - 1]! : 0;
    for (let d = known.upTo; d < columns.size; d++) {
      const end = ends[d]!;
      if (end !== before && len[d]! < min) min = len[d]!;
      before = end;
    }
    known.min = min;
    known.upTo = columns.size;
  }
  return known.min === Infinity ? 0 : known.min;
}

/**
 * Per posting code (weighted frequency · 2 + title flag), the largest score
 * (scaled by `factor`) a posting with it can have: in a document of the
 * shortest length, slightly raised; NaN-free.
 */
function boundTable(idf: number, factor: number, columns: DocColumns): Float64Array {
  const out = new Float64Array(CODES);
  // More postings than live documents (replaced ones not merged away yet) make idf negative: every score is then ≤ 0.
  if (idf <= 0) return out;
  const norm = 1 - B + (B * shortestLength(columns)) / columns.averageLength();
  for (let c = 0; c < CODES; c++) {
    const inTitle = (c & 1) !== 0 ? TITLE_WEIGHT : 0;
    const tf = inTitle + Math.max(0, (c >> 1) - inTitle) / norm;
    const bound = ((idf * tf * (K1 + 1)) / (tf + K1)) * factor * ROUNDING;
    out[c] = Number.isNaN(bound) ? Infinity : bound;
  }
  return out;
}

const idfOf = (p: { n: number }, columns: DocColumns) => {
  const N = Math.max(columns.liveCount, 1);
  return Math.log(1 + (N - p.n + 0.5) / (p.n + 0.5));
};

/** A posting source that also hands a term's stored lists block by block (posting-reader.ts). */
export interface BlockSource {
  /**
   * The term's postings: decoded (kept from an earlier search, or too short to skip in) or as stored, to be decoded
   * block by block; undefined when no document has it.
   */
  blocks(term: string): Postings | BlockList | undefined;
}

/** Per stored list and average length, each full block's largest BM25 frequency term its bound pairs allow. */
const storedTfOf = new WeakMap<BlockList, { avg: number; tfMax: Float64Array; order?: Int32Array }>();

function storedTfMax(list: BlockList, avg: number): Float64Array {
  const known = storedTfOf.get(list);
  if (known && known.avg === avg) return known.tfMax;
  const tfMax = new Float64Array(list.blocks);
  let best = 0;
  const pair = (code: number, length: number) => {
    const inTitle = (code & 1) !== 0 ? TITLE_WEIGHT : 0;
    const tf = inTitle + Math.max(0, (code >> 1) - inTitle) / (1 - B + (B * length) / avg);
    if (!(tf <= best)) best = tf;
  };
  for (let b = 0; b < list.blocks; b++) {
    best = 0;
    list.pairs(b, pair);
    tfMax[b] = best;
  }
  storedTfOf.set(list, { avg, tfMax });
  return tfMax;
}

/**
 * The full blocks and remainders of `list` best bound first, remainders (unbounded) before the blocks: by the
 * blocks' frequency terms, which order their bounds alike whatever the idf; kept with them for the next search.
 */
function storedOrder(list: BlockList, avg: number): Int32Array {
  storedTfMax(list, avg);
  const known = storedTfOf.get(list)!;
  if (known.order) return known.order;
  const tf = known.tfMax;
  const key = (b: number) => (b >= list.blocks || Number.isNaN(tf[b]) ? Infinity : tf[b]!);
  known.order = Int32Array.from({ length: list.list.length }, (_, b) => b).sort((a, b) => key(b) - key(a) || a - b);
  return known.order;
}

/** The largest score any posting of each full block can have, from its stored pairs, slightly raised; a remainder's: Infinity (always decoded). */
function storedBounds(list: BlockList, idf: number, avg: number): Float64Array {
  const out = new Float64Array(list.list.length).fill(Infinity);
  const tfMax = storedTfMax(list, avg);
  for (let b = 0; b < list.blocks; b++) {
    // More postings than live documents (replaced ones not merged away yet) make idf negative: every score is then ≤ 0.
    if (idf <= 0) {
      out[b] = 0;
      continue;
    }
    const tf = tfMax[b]!;
    const bound = ((idf * tf * (K1 + 1)) / (tf + K1)) * ROUNDING;
    out[b] = Number.isNaN(bound) ? Infinity : bound;
  }
  return out;
}

/** Per doc columns, how many documents below each number are not live (replaced), while its size and dead count hold. */
const deadBeforeOf = new WeakMap<DocColumns, { size: number; dead: number; before: Int32Array }>();

function deadBefore(columns: DocColumns): Int32Array {
  const known = deadBeforeOf.get(columns);
  if (known && known.size === columns.size && known.dead === columns.deadCount) return known.before;
  const before = new Int32Array(columns.size + 1);
  const live = columns.live;
  for (let d = 0; d < columns.size; d++) before[d + 1] = before[d]! + (live[d] ? 0 : 1);
  deadBeforeOf.set(columns, { size: columns.size, dead: columns.deadCount, before });
  return before;
}

/** One block's decoded postings. */
const BLOCK_SCRATCH: Postings = { docs: new Int32Array(BLOCK), wtf: new Uint8Array(BLOCK), masks: new Uint8Array(BLOCK), n: BLOCK };

/**
 * The top k and total of `node`, or undefined when the query has a shape
 * this path does not take (the caller evaluates it exhaustively): one word
 * (in a field or not), an AND of plain words, or a phrase of several words in
 * no field with a filter or a finite `countUpTo`. `countUpTo`: the total is
 * counted exactly only until it reaches this many; past that, what cannot
 * enter the top k is passed over uncounted (the total is then a lower
 * bound, and `exact` false).
 */
export function prunedTopK(node: QueryNode, ctx: MatchContext, filter: DocFilter, k: number, countUpTo = Infinity): PrunedTop | undefined {
  const source = ctx.source as MatchContext['source'] & Partial<BlockSource>;
  const read = (term: string) => (source.blocks ? source.blocks(term) : source.postings(term));
  if (node.type === 'term') {
    const term = singleTerm(node, ctx);
    if (term === undefined) return undefined;
    const p = read(term);
    const mask = node.field ? TEXT_FIELD_MASKS[node.field] : 0;
    if (p instanceof BlockList) return topOfBlocks(p, mask, ctx.columns, filter, k, countUpTo);
    return topOfTerm(p ?? EMPTY_POSTINGS, mask, ctx.columns, filter, k, countUpTo);
  }
  if (node.type === 'and' && node.children.every((c) => c.type === 'term')) {
    // An AND keeps its total exact whatever the count asked for: passing over its stored blocks undecoded was measured
    // slower than deciding on decoded lists, whose documents every candidate needs looked up in anyway.
    const words = plainWords(node.children, ctx);
    if (!words) return undefined;
    return topOfWords(words, ctx.columns, filter, k);
  }
  if (node.type === 'phrase' && !node.field && ctx.plainAnd !== false) {
    // With an exact total and nothing filtered, every candidate's positions are checked either way: the walk was
    // measured no faster than the exhaustive path's (0.95–1.02× the CPU in all, by turns), which takes it.
    if (countUpTo === Infinity && filter.unfiltered) return undefined;
    // A phrase of one word is that word (match.ts's leafSet), with the alternatives analysis offers: left to that path.
    const main = analyze(node.text).filter((t) => t.extra === undefined);
    if (main.length < 2) return undefined;
    return topOfPhrase(main, ctx, filter, k, countUpTo);
  }
  return undefined;
}

/** The one term a word query reads (as match.ts's leafSet would), or undefined when it reads several. */
function singleTerm(node: Extract<QueryNode, { type: 'term' }>, ctx: MatchContext): string | undefined {
  if (node.prefix) return undefined;
  const tokens = analyze(node.text);
  const main = tokens.filter((t) => t.extra === undefined);
  if (main.length !== 1) return undefined;
  // Another form beside the word (its form as typed, a joined name, a CJK word) makes a union.
  if (tokens.some((t) => t.extra !== undefined && (t.extra !== 'exact' || ctx.exactForms !== false))) return undefined;
  const term = main[0]!.term;
  if (isCjkTerm(term) && [...term].length === 1) return undefined;
  return term;
}

/** Blocks in decreasing order of bound, so the heap's threshold rises as early as it can. */
function bestFirst(bounds: Float64Array): Int32Array {
  const order = new Int32Array(bounds.length);
  for (let b = 0; b < order.length; b++) order[b] = b;
  return order.sort((a, b) => bounds[b]! - bounds[a]! || a - b);
}

function topOfTerm(p: Postings, mask: number, columns: DocColumns, filter: DocFilter, k: number, countUpTo: number): PrunedTop {
  const top = new TopK(k);
  if (p.n === 0) return { total: 0, exact: true, hits: [], scored: 0 };
  const idf = idfOf(p, columns);
  const avg = columns.averageLength();
  const len = columns.length;
  const sortKey = columns.sortKey;
  // Every posting counts as a hit: the total needs no pass at all.
  const countless = mask === 0 && filter.passesAll;
  let total = countless ? p.n : 0;
  let exact = true;
  let scored = 0;
  // A rare word's list of a block or two is scored whole: bounds would cost more than they spare.
  const bounds = p.n > 2 * BLOCK ? blockBounds(p, columns, idf, 1) : undefined;
  for (const b of bounds ? bestFirst(bounds) : Array.from({ length: Math.ceil(p.n / BLOCK) }, (_, b) => b)) {
    const from = b * BLOCK;
    const to = Math.min(p.n, from + BLOCK);
    const scoring = !bounds || bounds[b]! >= top.threshold;
    if (scoring) scored += to - from;
    if (countless) {
      if (!scoring) continue;
      for (let i = from; i < to; i++) {
        const d = p.docs[i]!;
        top.offer(d, bm25(p, i, idf, 1 - B + (B * len[d]!) / avg), sortKey[d]!);
      }
      continue;
    }
    if (!scoring && total >= countUpTo) {
      exact = false;
      continue;
    }
    for (let i = from; i < to; i++) {
      if (mask && (p.masks[i]! & mask) === 0) continue;
      const d = p.docs[i]!;
      if (!filter.accepts(d)) continue;
      total++;
      if (scoring) top.offer(d, bm25(p, i, idf, 1 - B + (B * len[d]!) / avg), sortKey[d]!);
    }
  }
  return { total, exact, hits: top.sorted(), scored };
}

/**
 * One word's top k over its stored lists, as {@link topOfTerm} over the
 * decoded list, decoding a block only when its stored bound reaches the
 * heap's threshold (and, to count it, only its doc numbers — and masks for
 * a word in a field — when a filter or a replaced document in its range
 * needs them).
 */
function topOfBlocks(list: BlockList, mask: number, columns: DocColumns, filter: DocFilter, k: number, countUpTo: number): PrunedTop {
  const top = new TopK(k);
  if (list.n === 0) return { total: 0, exact: true, hits: [], scored: 0 };
  const idf = idfOf(list, columns);
  const avg = columns.averageLength();
  const len = columns.length;
  const sortKey = columns.sortKey;
  // Every posting counts as a hit: the total needs no pass at all.
  const countless = mask === 0 && filter.passesAll;
  // Only replaced documents are filtered out: a block with none in its range counts whole.
  const dead = mask === 0 && filter.unfiltered && !countless ? deadBefore(columns) : undefined;
  let total = countless ? list.n : 0;
  let exact = true;
  let scored = 0;
  const p = BLOCK_SCRATCH;
  const bounds = storedBounds(list, idf, avg);
  for (const b of storedOrder(list, avg)) {
    if (bounds[b]! >= top.threshold) {
      const count = list.decode(b, p);
      scored += count;
      for (let i = 0; i < count; i++) {
        if (mask && (p.masks[i]! & mask) === 0) continue;
        const d = p.docs[i]!;
        if (!countless) {
          if (!filter.accepts(d)) continue;
          total++;
        }
        top.offer(d, bm25(p, i, idf, 1 - B + (B * len[d]!) / avg), sortKey[d]!);
      }
      continue;
    }
    // Below the threshold: a full block (a remainder's bound is infinite), only counted, while the count asked for is not reached.
    if (countless) continue;
    if (total >= countUpTo) {
      exact = false;
      continue;
    }
    if (dead && dead[list.last[b]! + 1] === dead[list.prev[b]! + 1]) {
      total += BLOCK;
      continue;
    }
    list.decodeDocs(b, p, mask !== 0);
    for (let i = 0; i < BLOCK; i++) {
      if (mask && (p.masks[i]! & mask) === 0) continue;
      if (filter.accepts(p.docs[i]!)) total++;
    }
  }
  return { total, exact, hits: top.sorted(), scored };
}

/**
 * An AND of plain words, as match.ts's intersectWords scores it (the rarest
 * word drives, scores summed in order of list size); a document with every
 * word is scored only when the sum of its postings' bounds (frequency and
 * title flag, in the shortest document) reaches the heap's threshold.
 */
function topOfWords(words: PlainWord[], columns: DocColumns, filter: DocFilter, k: number): PrunedTop {
  const top = new TopK(k);
  if (words.length === 0) return { total: 0, exact: true, hits: [], scored: 0 };
  const order = rarestFirst(words);
  const n = order.length;
  const stems = order.map((w) => w.stem);
  const exacts = order.map((w) => w.exact ?? EMPTY_POSTINGS);
  const hasExact = order.map((w) => w.exact !== undefined);
  const stemIdf = stems.map((p) => idfOf(p, columns));
  const exactIdf = exacts.map((p) => idfOf(p, columns));
  const stemBound = stems.map((_, w) => boundTable(stemIdf[w]!, hasExact[w] ? STEM_WEIGHT : 1, columns));
  const exactBound = exacts.map((_, w) => boundTable(exactIdf[w]!, 1, columns));
  const at = new Int32Array(n);
  const exactAt = new Int32Array(n);
  // Each word's posting of the document at hand in its form as typed, or -1.
  const exactIx = new Int32Array(n);
  // Long lists are asked by their bits (doc-bits.ts), the others sought by galloping: the driver is walked.
  const stemBits = stems.map((p, w) => (w === 0 ? undefined : denseBits(p, columns.size)));
  const exactBits = exacts.map((p) => denseBits(p, columns.size));
  const len = columns.length;
  const sortKey = columns.sortKey;
  const avg = columns.averageLength();
  const driver = stems[0]!;
  const passesAll = filter.passesAll;
  let total = 0;
  let scored = 0;
  driving: for (let i = 0; i < driver.n; i++) {
    const d = driver.docs[i]!;
    // alignTo's walk, written out: called here it took 1.09–1.14× the CPU of a two-word first search at p50
    // (a million documents, by turns).
    let w = 1;
    for (; w < n; w++) {
      const p = stems[w]!;
      const bits = stemBits[w];
      if (bits) {
        const a = bits.indexOf(d);
        if (a < 0) break;
        at[w] = a;
        continue;
      }
      const a = seek(p.docs, at[w]!, p.n, d);
      at[w] = a;
      // One list is exhausted: no later document can match.
      if (a >= p.n) break driving;
      if (p.docs[a] !== d) break;
    }
    if (w < n) continue;
    at[0] = i;
    if (!passesAll && !filter.accepts(d)) continue;
    total++;
    const threshold = top.threshold;
    let bound = 0;
    for (let w = 0; w < n; w++) {
      bound += stemBound[w]![codeOf(stems[w]!, at[w]!)]!;
      if (hasExact[w]) {
        const e = exacts[w]!;
        const a = postingOf(e, exactBits[w], exactAt, w, d);
        exactIx[w] = a;
        if (a >= 0) bound += exactBound[w]![codeOf(e, a)]!;
      }
    }
    if (bound < threshold) continue;
    scored++;
    const norm = 1 - B + (B * len[d]!) / avg;
    let acc = 0;
    for (let w = 0; w < n; w++) {
      let score = bm25(stems[w]!, at[w]!, stemIdf[w]!, norm);
      if (hasExact[w]) {
        score = Math.fround(score * STEM_WEIGHT);
        const a = exactIx[w]!;
        if (a >= 0) score = Math.fround(score + bm25(exacts[w]!, a, exactIdf[w]!, norm));
      }
      acc = w === 0 ? score : Math.fround(acc + score);
    }
    top.offer(d, acc, sortKey[d]!);
  }
  return { total, exact: true, hits: top.sorted(), scored };
}

/**
 * A phrase (in no field), as match.ts's phraseDocs matches and scores it:
 * the rarest word drives, the others are looked up by their bits or by
 * galloping, and a document with every word is scored as the sum of its
 * words in that order. The filters come first, then the positions, which
 * are what a candidate costs: while the total is being counted (below
 * `countUpTo`) every candidate's are checked; past it, only those of a
 * candidate whose postings' bound, then whose score, reaches the heap's
 * threshold — the others are passed over uncounted.
 */
function topOfPhrase(main: Token[], ctx: MatchContext, filter: DocFilter, k: number, countUpTo: number): PrunedTop {
  const parts = phraseOrder(main, ctx);
  if (!parts) return { total: 0, exact: true, hits: [], scored: 0, checked: 0 };
  try {
    return phraseWalk(parts, positionCheck(parts, ctx), ctx.columns, filter, k, countUpTo);
  } catch (error) {
    // Over a storage read in rounds: matched again in the next round, with the positions.
    if (error instanceof PositionsPending) return { total: 0, exact: true, hits: [], scored: 0, checked: 0 };
    throw error;
  }
}

/** {@link topOfPhrase}'s walk, given its words in order and the check of their positions. */
function phraseWalk(parts: PhrasePart[], aligns: (at: Int32Array) => boolean, columns: DocColumns, filter: DocFilter, k: number, countUpTo: number): PrunedTop {
  const top = new TopK(k);
  const n = parts.length;
  const stems = parts.map((p) => p.postings);
  const idf = stems.map((p) => idfOf(p, columns));
  const bound = idf.map((x) => boundTable(x, 1, columns));
  const at = new Int32Array(n);
  const bits = stems.map((p, w) => (w === 0 ? undefined : denseBits(p, columns.size)));
  const len = columns.length;
  const sortKey = columns.sortKey;
  const avg = columns.averageLength();
  const driver = stems[0]!;
  const passesAll = filter.passesAll;
  let total = 0;
  let exact = true;
  let scored = 0;
  let checked = 0;
  driving: for (let i = 0; i < driver.n; i++) {
    const d = driver.docs[i]!;
    // topOfWords's walk, written out here too: a shared function called per document costs the walk 9–14%.
    let w = 1;
    for (; w < n; w++) {
      const p = stems[w]!;
      const known = bits[w];
      if (known) {
        const a = known.indexOf(d);
        if (a < 0) break;
        at[w] = a;
        continue;
      }
      const a = seek(p.docs, at[w]!, p.n, d);
      at[w] = a;
      // One list is exhausted: no later document can match.
      if (a >= p.n) break driving;
      if (p.docs[a] !== d) break;
    }
    if (w < n) continue;
    at[0] = i;
    if (!passesAll && !filter.accepts(d)) continue;
    const counting = total < countUpTo;
    if (counting) {
      checked++;
      if (!aligns(at)) continue;
      total++;
    }
    const threshold = top.threshold;
    let sum = 0;
    for (let w = 0; w < n; w++) sum += bound[w]![codeOf(stems[w]!, at[w]!)]!;
    if (sum < threshold) {
      // Counted as far as asked: a candidate that cannot enter the heap is neither checked nor counted.
      if (!counting) exact = false;
      continue;
    }
    scored++;
    const norm = 1 - B + (B * len[d]!) / avg;
    let acc = 0;
    for (let w = 0; w < n; w++) {
      const score = bm25(stems[w]!, at[w]!, idf[w]!, norm);
      acc = w === 0 ? score : Math.fround(acc + score);
    }
    if (!counting) {
      if (acc < threshold) {
        exact = false;
        continue;
      }
      checked++;
      if (!aligns(at)) continue;
      total++;
    }
    top.offer(d, acc, sortKey[d]!);
  }
  return { total, exact, hits: top.sorted(), scored, checked };
}
