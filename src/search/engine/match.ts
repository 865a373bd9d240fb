/**
 * Evaluates a parsed query over posting lists: every matching document with
 * its BM25 score (field-weighted term frequencies saturated against the
 * document's length). Sets are sorted doc-number arrays with parallel
 * scores; AND intersects (galloping from the smallest list), OR merges, NOT
 * subtracts, phrases check word positions only for documents that hold every
 * word. Backend-neutral: a backend supplies decoded postings through
 * {@link PostingSource}.
 * @module
 */
import { analyze, EXACT, isCjkTerm, normalizeWord, type Token } from '../analyzer.js';
import { FIELD, FIELD_WEIGHTS, TEXT_FIELD_MASKS } from '../index-fields.js';

const TITLE_WEIGHT = FIELD_WEIGHTS.title;
import type { QueryNode, TextField } from '../query.js';
import type { DocColumns } from './doc-columns.js';
import { denseBits, type DocBits } from './doc-bits.js';
import { dateSet, valueSet } from './leaf-sets.js';
import type { FacetPostings } from './facet-postings.js';
import type { Postings, PositionCursor } from './segment.js';

export interface PostingSource {
  /** Decoded postings of a term, or undefined when no document has it. */
  postings(term: string): Postings | undefined;
  /** A term's positions; undefined while they are being read in this round (over a storage read in rounds). */
  positions(term: string): PositionCursor | undefined;
  /**
   * Asks, over a storage read in rounds, for a term's positions in the round
   * its postings are read in, so a phrase costs one round, not two (a no-op
   * when every read is answered at once).
   */
  prefetchPositions?(term: string): void;
  /** Indexed terms beginning with `prefix` (or stems of words beginning so), most frequent first. */
  expandPrefix(prefix: string, limit: number): { terms: string[]; truncated: boolean };
  /** Documents per value of a facet (inverted facet column). */
  facetPostings(facet: number): FacetPostings;
}

export interface DocSet {
  docs: Int32Array;
  scores: Float32Array;
  n: number;
}

export interface MatchContext {
  source: PostingSource;
  columns: DocColumns;
  /** Notices for the visitor (a prefix that matched too many words…). */
  notices: string[];
  /**
   * Whether words as typed outrank other forms of their stem. It decides
   * between documents that match several words; for a one-word query every
   * hit has the stem anyway, so it is skipped there (it would double the
   * postings read for a common word).
   */
  exactForms?: boolean;
  /** Set false to evaluate every AND, a phrase's candidates and a prefix's words the general way (tests compare the two). */
  plainAnd?: boolean;
}

export const K1 = 1.2;
export const B = 0.75;
/**
 * How much a match on another form of the stem counts, beside a match on the
 * form as typed (which counts fully, on top). Measured on FRUS known-item
 * queries (bench/relevance.ts): stems alone lose 0.03 MRR@10 to exact words
 * (other forms of a distinctive word crowd the target); at 0.1 the exact form
 * decides the order and the stem only adds recall.
 */
export const STEM_WEIGHT = 0.1;

function scaled(set: DocSet, factor: number): DocSet {
  const scores = new Float32Array(set.n);
  for (let i = 0; i < set.n; i++) scores[i] = set.scores[i]! * factor;
  return { docs: set.docs, scores, n: set.n };
}

/** Most words one prefix expands to; the most frequent are kept. */
export const MAX_PREFIX_TERMS = 128;

const EMPTY: DocSet = { docs: new Int32Array(0), scores: new Float32Array(0), n: 0 };

/** All documents matching `node`, with scores; undefined when the node cannot match text at all (nothing searchable in it). */
export function evaluate(node: QueryNode, ctx: MatchContext): DocSet | undefined {
  switch (node.type) {
    case 'term':
      return node.prefix ? prefixSet(node.text, node.field, ctx) : leafSet(node.text, false, node.field, ctx);
    case 'phrase':
      return leafSet(node.text, true, node.field, ctx);
    case 'value':
      return valueSet(node, ctx);
    case 'date':
      return dateSet(node.from, node.to, ctx.columns);
    case 'not': {
      // A lone NOT (only reachable inside OR) matches everything else.
      const inner = evaluate(node.child, ctx);
      return subtract(allDocs(ctx.columns), inner ?? EMPTY);
    }
    case 'and': {
      const words = plainWords(node.children.filter((c) => c.type !== 'not'), ctx);
      const positives = words ? [intersectWords(words, ctx)] : node.children.filter((c) => c.type !== 'not').map((c) => evaluate(c, ctx)).filter(isSet);
      if (positives.length === 0) return undefined;
      positives.sort((a, b) => a.n - b.n);
      let acc = positives[0]!;
      for (let i = 1; i < positives.length && acc.n > 0; i++) acc = intersect(acc, positives[i]!);
      for (const c of node.children) {
        if (c.type !== 'not' || acc.n === 0) continue;
        const neg = evaluate(c.child, ctx);
        if (neg) acc = subtract(acc, neg);
      }
      return acc;
    }
    case 'or': {
      const sets = node.children.map((c) => evaluate(c, ctx)).filter(isSet);
      if (sets.length === 0) return undefined;
      return unionAll(sets, ctx.columns.size, node.combine === 'max');
    }
  }
}

function isSet(s: DocSet | undefined): s is DocSet {
  return s !== undefined;
}

/** A word or phrase: the terms of its main sequence in order, with the alternatives analysis offers. */
function leafSet(text: string, phrase: boolean, field: TextField | undefined, ctx: MatchContext): DocSet | undefined {
  const tokens = analyze(text);
  const main = tokens.filter((t) => t.extra === undefined);
  const mask = field ? TEXT_FIELD_MASKS[field] : 0;
  if (main.length === 1 && !phrase && ctx.exactForms !== false) {
    // The stem finds every form; the form as typed, when indexed, adds to the score of documents that use it.
    const exact = tokens.find((t) => t.extra === 'exact');
    if (exact && tokens.length === 2) return unionAll([scaled(termSet(main[0]!.term, mask, ctx), STEM_WEIGHT), termSet(exact.term, mask, ctx)], ctx.columns.size);
  }
  if (main.length === 0) {
    // A lone CJK character with a tail form (never: a lone character is main), or nothing searchable.
    return tokens.length > 0 ? termSet(tokens[0]!.term, mask, ctx) : undefined;
  }
  const alternatives: DocSet[] = [];
  const exact = main.length === 1 ? termSet(main[0]!.term, mask, ctx) : phraseSet(main, mask, ctx);
  alternatives.push(exact);
  if (!phrase) {
    // "Kai-shek" also finds "Kaishek"; 正常化 as a word ranks above the same bigrams by chance.
    for (const t of tokens) {
      if (t.extra === 'joined' || t.extra === 'word') {
        if (t.start === tokens[0]!.start && t.end === Math.max(...tokens.map((x) => x.end))) alternatives.push(termSet(t.term, mask, ctx));
      }
    }
  }
  if (main.length === 1 && isCjkTerm(main[0]!.term) && [...main[0]!.term].length === 1) {
    // One character: also where it begins a longer run (its bigrams).
    const { terms } = ctx.source.expandPrefix(main[0]!.term, MAX_PREFIX_TERMS);
    for (const t of terms) if (t !== main[0]!.term) alternatives.push(termSet(t, mask, ctx));
  }
  return alternatives.length === 1 ? alternatives[0] : unionAll(alternatives, ctx.columns.size);
}

function prefixSet(text: string, field: TextField | undefined, ctx: MatchContext): DocSet | undefined {
  const tokens = analyze(text).filter((t) => t.extra === undefined);
  if (tokens.length === 0) return undefined;
  const last = tokens[tokens.length - 1]!;
  const mask = field ? TEXT_FIELD_MASKS[field] : 0;
  // A prefix on a CJK bigram would match unrelated words: it is read as the word itself.
  if (isCjkTerm(last.term)) return leafSet(text, false, field, ctx);
  const raw = normalizeWord(text.slice(last.start, last.end)).replace(/'/g, '');
  // Words as written (for stemmed scripts) and terms as indexed (for the others), beginning so.
  const written = ctx.source.expandPrefix(EXACT + raw, MAX_PREFIX_TERMS);
  const plain = ctx.source.expandPrefix(raw, MAX_PREFIX_TERMS);
  const terms = [...new Set([...written.terms, ...plain.terms])];
  if (written.truncated || plain.truncated) ctx.notices.push(`"${text}*" begins too many words; only the ${MAX_PREFIX_TERMS} most frequent were searched.`);
  const expanded = ctx.plainAnd === false ? unionAll(terms.map((t) => termSet(t, mask, ctx)), ctx.columns.size, true) : bestOfTerms(terms, mask, ctx);
  if (tokens.length === 1) return expanded;
  const before = tokens.slice(0, -1).map((t) => termSet(t.term, mask, ctx));
  return [...before, expanded].sort((a, b) => a.n - b.n).reduce((acc, s) => intersect(acc, s));
}

/**
 * Documents holding any of `terms` (in a field of `mask`, when given), each
 * scored by its best term: what `unionAll` of their {@link termSet}s with
 * `max` gives (the same float32 scores, the same documents), without a
 * scored set per term. Each posting's score goes straight into one dense
 * accumulator, which is kept between searches and cleared hit by hit; the
 * documents seen are bits, read out in doc order a word of 32 at a time.
 */
export function bestOfTerms(terms: readonly string[], mask: number, ctx: MatchContext): DocSet {
  const lists: { term: string; p: Postings }[] = [];
  for (const term of terms) {
    const p = ctx.source.postings(term);
    if (p) lists.push({ term, p });
  }
  if (lists.length === 0) return EMPTY;
  if (lists.length === 1) return termSet(lists[0]!.term, mask, ctx);
  const { columns } = ctx;
  const size = columns.size;
  const dense = DenseScores.for(size);
  const acc = dense.acc;
  const seen = dense.seen;
  const N = Math.max(columns.liveCount, 1);
  const avg = columns.averageLength();
  const len = columns.length;
  let count = 0;
  let contributing = 0;
  let last = 0;
  for (let t = 0; t < lists.length; t++) {
    const p = lists[t]!.p;
    const idf = Math.log(1 + (N - p.n + 0.5) / (p.n + 0.5));
    let any = false;
    for (let i = 0; i < p.n; i++) {
      const m = p.masks[i]!;
      if (mask && (m & mask) === 0) continue;
      any = true;
      const d = p.docs[i]!;
      const score = bm25(p, i, idf, 1 - B + (B * len[d]!) / avg);
      const word = d >>> 5;
      const bit = 1 << (d & 31);
      if ((seen[word]! & bit) === 0) {
        seen[word] = seen[word]! | bit;
        count++;
      }
      // As unionAll: the best score, from 0 (a list longer than the live documents scores below 0).
      acc[d] = Math.max(acc[d]!, score);
    }
    if (any) {
      contributing++;
      last = t;
    }
  }
  const docs = new Int32Array(count);
  const scores = new Float32Array(count);
  let n = 0;
  for (let word = 0, words = (size + 31) >>> 5; word < words && n < count; word++) {
    let bits = seen[word]!;
    if (bits === 0) continue;
    seen[word] = 0;
    while (bits !== 0) {
      const low = bits & -bits;
      const d = (word << 5) | (31 - Math.clz32(low));
      bits ^= low;
      docs[n] = d;
      scores[n++] = acc[d]!;
      acc[d] = 0;
    }
  }
  // One list in the field: unionAll gives that list's set as it is (scores below 0 kept).
  if (contributing === 1) return termSet(lists[last]!.term, mask, ctx);
  return { docs, scores, n };
}

/**
 * Scratch for {@link bestOfTerms}: a float32 score per document and a bit per
 * document seen, all zero between uses (a use clears what it set). Grown to
 * the largest archive searched; evaluation is synchronous, so one serves
 * every search of the process.
 */
class DenseScores {
  static #shared: DenseScores | undefined;
  readonly acc: Float32Array;
  readonly seen: Int32Array;

  private constructor(size: number) {
    this.acc = new Float32Array(size);
    this.seen = new Int32Array((size + 31) >>> 5);
  }

  static for(size: number): DenseScores {
    const known = DenseScores.#shared;
    if (known && known.acc.length >= size) return known;
    return (DenseScores.#shared = new DenseScores(Math.max(size, 1024)));
  }
}

/** A word of an AND that is one term (and its form as typed), read straight from the postings. */
export interface PlainWord {
  stem: Postings;
  /** The form as typed, when the word is stemmed and exact forms count. */
  exact: Postings | undefined;
}

/**
 * The children of an AND when every one is a plain word in no field (the
 * common query: a few words), with their postings; otherwise undefined.
 * Such an AND is evaluated by {@link intersectWords}, which gives the same
 * documents and scores as intersecting their sets but scores only the
 * documents that have every word.
 */
export function plainWords(children: QueryNode[], ctx: MatchContext): PlainWord[] | undefined {
  if (children.length < 2 || ctx.exactForms === false || ctx.plainAnd === false) return undefined;
  const words: PlainWord[] = [];
  let missing = false;
  for (const c of children) {
    if (c.type !== 'term' || c.prefix || c.field) return undefined;
    const tokens = analyze(c.text);
    if (tokens.length === 0 || tokens[0]!.extra !== undefined || isCjkTerm(tokens[0]!.term)) return undefined;
    if (tokens.length > 2 || (tokens.length === 2 && tokens[1]!.extra !== 'exact')) return undefined;
    // Every word's lists are asked for, even after one is missing: over a storage read in rounds, all in the first round.
    const stem = ctx.source.postings(tokens[0]!.term);
    const exact = tokens[1] ? (ctx.source.postings(tokens[1].term) ?? EMPTY_POSTINGS) : undefined;
    if (stem) words.push({ stem, exact });
    else missing = true;
  }
  return missing ? [] : words;
}

export const EMPTY_POSTINGS: Postings = { docs: new Int32Array(0), wtf: new Uint8Array(0), masks: new Uint8Array(0), n: 0 };

/**
 * Documents with every word, scored as `evaluate` scores an AND of their
 * sets (the same float32 roundings, summed in the same order): the rarest
 * word's postings drive, the others are sought by galloping, and only
 * documents with every word are scored.
 */
function intersectWords(words: PlainWord[], ctx: MatchContext): DocSet {
  if (words.length === 0) return EMPTY;
  // The order evaluate sums in: sets sorted by size (stably).
  return intersectScored(rarestFirst(words), ctx);
}

/** Words sorted by their stem's list size, stably: the order an AND of words is evaluated and summed in. */
export function rarestFirst(words: PlainWord[]): PlainWord[] {
  return words.map((w, i) => ({ w, i })).sort((a, b) => a.w.stem.n - b.w.stem.n || a.i - b.i).map((x) => x.w);
}

/**
 * The posting of document `d` in list `e` (a word's form as typed), or −1 when it does not hold it: by the
 * list's bits when it has them, else by galloping from `at[w]`, which moves forward with the walk.
 */
export function postingOf(e: Postings, bits: DocBits | undefined, at: Int32Array, w: number, d: number): number {
  if (bits) return bits.indexOf(d);
  const a = seek(e.docs, at[w]!, e.n, d);
  at[w] = a;
  return a < e.n && e.docs[a] === d ? a : -1;
}

/**
 * Moves the cursors of lists 1…k−1 to document `d`: 1 if every one holds it,
 * 0 if one does not, −1 once one is exhausted (no later document can match).
 * A list with bits (`bits[w]`, doc-bits.ts) is asked by them, and its cursor
 * set only where it holds `d`; the others are sought by galloping.
 */
export function alignTo(lists: Postings[], at: Int32Array, k: number, d: number, bits?: readonly (DocBits | undefined)[]): number {
  for (let w = 1; w < k; w++) {
    const known = bits?.[w];
    if (known) {
      const a = known.indexOf(d);
      if (a < 0) return 0;
      at[w] = a;
      continue;
    }
    const p = lists[w]!;
    const a = seek(p.docs, at[w]!, p.n, d);
    at[w] = a;
    if (a >= p.n) return -1;
    if (p.docs[a] !== d) return 0;
  }
  return 1;
}

/**
 * Documents in every word's postings, scores summed in the order given; the
 * first word's postings drive (callers put the rarest first). `accept`, given
 * each list's index of the document, can turn it down before it is scored.
 */
function intersectScored(order: PlainWord[], ctx: MatchContext, accept?: (at: Int32Array) => boolean): DocSet {
  const k = order.length;
  const N = Math.max(ctx.columns.liveCount, 1);
  const idf = (p: Postings) => Math.log(1 + (N - p.n + 0.5) / (p.n + 0.5));
  const stems = order.map((w) => w.stem);
  const exacts = order.map((w) => w.exact ?? EMPTY_POSTINGS);
  const hasExact = order.map((w) => w.exact !== undefined);
  const stemIdf = Float64Array.from(stems, idf);
  const exactIdf = Float64Array.from(exacts, idf);
  const at = new Int32Array(k);
  const exactAt = new Int32Array(k);
  const len = ctx.columns.length;
  const avg = ctx.columns.averageLength();
  const driver = stems[0]!;
  const docs = new Int32Array(driver.n);
  const scores = new Float32Array(driver.n);
  const bits = stems.map((p, w) => (w === 0 ? undefined : denseBits(p, ctx.columns.size)));
  const exactBits = exacts.map((p) => denseBits(p, ctx.columns.size));
  let n = 0;
  for (let i = 0; i < driver.n; i++) {
    const d = driver.docs[i]!;
    const aligned = alignTo(stems, at, k, d, bits);
    if (aligned < 0) break;
    if (aligned === 0) continue;
    at[0] = i;
    // A phrase's positions are checked before its score is computed: most documents with both words fail it.
    if (accept && !accept(at)) continue;
    const norm = 1 - B + (B * len[d]!) / avg;
    let acc = 0;
    for (let w = 0; w < k; w++) {
      let score = bm25(stems[w]!, at[w]!, stemIdf[w]!, norm);
      if (hasExact[w]) {
        score = Math.fround(score * STEM_WEIGHT);
        const e = exacts[w]!;
        const a = postingOf(e, exactBits[w], exactAt, w, d);
        if (a >= 0) score = Math.fround(score + bm25(e, a, exactIdf[w]!, norm));
      }
      acc = w === 0 ? score : Math.fround(acc + score);
    }
    docs[n] = d;
    scores[n++] = acc;
  }
  return { docs, scores, n };
}

/** BM25 of posting `i`, rounded to float32 as termSet stores it; `norm` is the document's length normalization. */
export function bm25(p: Postings, i: number, idf: number, norm: number): number {
  const inTitle = (p.masks[i]! & FIELD.title) !== 0 ? TITLE_WEIGHT : 0;
  const tf = inTitle + Math.max(0, p.wtf[i]! - inTitle) / norm;
  return Math.fround((idf * tf * (K1 + 1)) / (tf + K1));
}

/** Documents holding `term` (in a field of `mask`, when given), scored by BM25. */
export function termSet(term: string, mask: number, ctx: MatchContext): DocSet {
  const p = ctx.source.postings(term);
  if (!p) return EMPTY;
  const { columns } = ctx;
  const N = Math.max(columns.liveCount, 1);
  const idf = Math.log(1 + (N - p.n + 0.5) / (p.n + 0.5));
  const avg = columns.averageLength();
  const len = columns.length;
  const docs = mask ? new Int32Array(p.n) : p.docs;
  const scores = new Float32Array(p.n);
  let n = 0;
  for (let i = 0; i < p.n; i++) {
    if (mask && (p.masks[i]! & mask) === 0) continue;
    const d = p.docs[i]!;
    // BM25F: a title word is not discounted for a long body; the rest of the weighted frequency is.
    const inTitle = (p.masks[i]! & FIELD.title) !== 0 ? TITLE_WEIGHT : 0;
    const tf = inTitle + Math.max(0, p.wtf[i]! - inTitle) / (1 - B + (B * len[d]!) / avg);
    if (mask) docs[n] = d;
    scores[n++] = (idf * tf * (K1 + 1)) / (tf + K1);
  }
  return { docs, scores, n };
}

/**
 * A phrase's words' positions not read yet (over a storage read in rounds; every word's asked for): the phrase
 * stops at its first candidate, rather than walk every candidate with no positions to check, and is matched
 * again in the next round, with them.
 */
export class PositionsPending extends Error {}

/** Documents where the tokens occur at their relative positions. */
function phraseSet(main: Token[], mask: number, ctx: MatchContext): DocSet {
  try {
    return phraseDocs(main, mask, ctx);
  } catch (error) {
    if (error instanceof PositionsPending) return EMPTY;
    throw error;
  }
}

/** A word of a phrase: its term, its place in the phrase and its postings. */
export interface PhrasePart {
  term: string;
  offset: number;
  postings: Postings;
}

/**
 * A phrase's words with their postings, or undefined when one has none (then, over a storage read in rounds, every
 * word's positions are asked for with the postings being read).
 */
function phraseParts(main: Token[], ctx: MatchContext): PhrasePart[] | undefined {
  const parts = main.map((t) => ({ term: t.term, offset: t.position - main[0]!.position, postings: ctx.source.postings(t.term) }));
  if (parts.some((p) => !p.postings)) {
    for (const p of parts) ctx.source.prefetchPositions?.(p.term);
    return undefined;
  }
  return parts as PhrasePart[];
}

/** The order a phrase's documents are walked and scored in: the rarest word first (the first of the rarest), then the others in the phrase's order. */
function rarestPartFirst(parts: PhrasePart[]): PhrasePart[] {
  const smallest = parts.reduce((a, b) => (a.postings.n <= b.postings.n ? a : b));
  return [smallest, ...parts.filter((p) => p !== smallest)];
}

/** A phrase's words in the order its documents are walked and scored (as {@link phraseDocs} does); undefined when one word has no postings. */
export function phraseOrder(main: Token[], ctx: MatchContext): PhrasePart[] | undefined {
  const parts = phraseParts(main, ctx);
  return parts && rarestPartFirst(parts);
}

function phraseDocs(main: Token[], mask: number, ctx: MatchContext): DocSet {
  const parts = phraseParts(main, ctx);
  if (!parts) return EMPTY;
  if (mask === 0 && ctx.plainAnd !== false) {
    // The rarest word drives; a document with every word has its positions checked, and only a match is scored
    // (as the sum of the terms, the smallest set first, then the others in order). The pruned top k
    // (pruned-top-k.ts) walks and scores in the same order.
    const order = rarestPartFirst(parts);
    const aligns = positionCheck(order, ctx);
    return intersectScored(order.map((p) => ({ stem: p.postings, exact: undefined })), ctx, aligns);
  }
  // Candidates: documents with every term in the field, scored as the sum of the terms.
  const sets = parts.map((p) => termSet(p.term, mask, ctx));
  const smallest = sets.reduce((a, b) => (a.n <= b.n ? a : b));
  let candidates = smallest;
  for (const s of sets) if (s !== smallest) candidates = intersect(candidates, s);
  if (candidates.n === 0) return candidates;
  // Walk each term's postings alongside the candidates to find each posting's index, then its positions.
  const at = new Int32Array(parts.length);
  const check = positionCheck(parts, ctx);
  const out = new Int32Array(candidates.n);
  const scores = new Float32Array(candidates.n);
  let n = 0;
  for (let c = 0; c < candidates.n; c++) {
    const doc = candidates.docs[c]!;
    for (let k = 0; k < parts.length; k++) {
      const postings = parts[k]!.postings;
      at[k] = seek(postings.docs, at[k]!, postings.n, doc);
    }
    if (check(at)) {
      out[n] = doc;
      scores[n++] = candidates.scores[c]!;
    }
  }
  return { docs: out, scores, n };
}

/**
 * Whether the words occur at their offsets in a document, given each word's
 * index of the document in its postings (never decreasing from call to call):
 * each word's positions are decoded only there, the rest of its list skipped
 * (documents not asked about included). Throws {@link PositionsPending} when
 * a word's positions are being read in this round.
 */
export function positionCheck(parts: { term: string; offset: number }[], ctx: MatchContext): (at: Int32Array) => boolean {
  // Read on the first document with every word: none, no positions read.
  let cursors: PositionCursor[] | undefined;
  const offsets = parts.map((p) => p.offset);
  const lists: PositionList[] = parts.map(() => ({ values: new Int32Array(0), n: 0 }));
  return (at) => {
    if (!cursors) {
      const made = parts.map((p) => ctx.source.positions(p.term));
      if (made.some((c) => c === undefined)) throw new PositionsPending();
      cursors = made as PositionCursor[];
    }
    for (let k = 0; k < cursors.length; k++) {
      const list = lists[k]!;
      list.n = cursors[k]!.read(at[k]!);
      list.values = cursors[k]!.positions;
    }
    return lists.length === 2 ? pairAligns(lists[0]!, lists[1]!, offsets[1]! - offsets[0]!) : positionsAlign(lists, offsets);
  };
}

/** The positions of one posting: the first `n` of `values`, ascending. */
interface PositionList {
  values: Int32Array;
  n: number;
}

/** True when some position p of `a` has p + gap in `b`: one merge walk. */
function pairAligns(a: PositionList, b: PositionList, gap: number): boolean {
  let j = 0;
  for (let i = 0; i < a.n; i++) {
    const want = a.values[i]! + gap;
    while (j < b.n && b.values[j]! < want) j++;
    if (j === b.n) return false;
    if (b.values[j] === want) return true;
  }
  return false;
}

/** True when some position p has p + offset[i] in every list i. */
function positionsAlign(lists: PositionList[], offsets: number[]): boolean {
  let anchor = 0;
  for (let i = 1; i < lists.length; i++) if (lists[i]!.n < lists[anchor]!.n) anchor = i;
  const a = lists[anchor]!;
  for (let q = 0; q < a.n; q++) {
    const p = a.values[q]! - offsets[anchor]!;
    let ok = true;
    for (let i = 0; i < lists.length && ok; i++) if (i !== anchor) ok = sortedHas(lists[i]!, p + offsets[i]!);
    if (ok) return true;
  }
  return false;
}

function sortedHas(list: PositionList, value: number): boolean {
  let lo = 0;
  let hi = list.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.n && list.values[lo] === value;
}

/** First index ≥ from whose doc ≥ target (galloping, then binary search). */
export function seek(docs: Int32Array, from: number, n: number, target: number): number {
  if (from >= n || docs[from]! >= target) return from;
  let step = 1;
  let lo = from;
  let hi = from + 1;
  while (hi < n && docs[hi]! < target) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function intersect(a: DocSet, b: DocSet): DocSet {
  if (a.n > b.n) [a, b] = [b, a];
  const docs = new Int32Array(a.n);
  const scores = new Float32Array(a.n);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.n && j < b.n; i++) {
    const d = a.docs[i]!;
    j = seek(b.docs, j, b.n, d);
    if (j < b.n && b.docs[j] === d) {
      docs[n] = d;
      scores[n++] = a.scores[i]! + b.scores[j]!;
    }
  }
  return { docs, scores, n };
}

export function subtract(a: DocSet, b: DocSet): DocSet {
  const docs = new Int32Array(a.n);
  const scores = new Float32Array(a.n);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.n; i++) {
    const d = a.docs[i]!;
    j = seek(b.docs, j, b.n, d);
    if (j < b.n && b.docs[j] === d) continue;
    docs[n] = d;
    scores[n++] = a.scores[i]!;
  }
  return { docs, scores, n };
}

/** Union with summed scores (or the best one, with `max`); dense accumulation when the lists are many. */
export function unionAll(sets: DocSet[], size: number, max = false): DocSet {
  const nonEmpty = sets.filter((s) => s.n > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  if (nonEmpty.length === 2 && !max) return union2(nonEmpty[0]!, nonEmpty[1]!);
  const acc = new Float32Array(size);
  const seen = new Uint8Array(size);
  let count = 0;
  for (const s of nonEmpty) {
    for (let i = 0; i < s.n; i++) {
      const d = s.docs[i]!;
      if (!seen[d]) {
        seen[d] = 1;
        count++;
      }
      if (max) acc[d] = Math.max(acc[d]!, s.scores[i]!);
      else acc[d]! += s.scores[i]!;
    }
  }
  const docs = new Int32Array(count);
  const scores = new Float32Array(count);
  let n = 0;
  for (let d = 0; d < size; d++) {
    if (seen[d]) {
      docs[n] = d;
      scores[n++] = acc[d]!;
    }
  }
  return { docs, scores, n };
}

function union2(a: DocSet, b: DocSet): DocSet {
  const docs = new Int32Array(a.n + b.n);
  const scores = new Float32Array(a.n + b.n);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.n || j < b.n) {
    const da = i < a.n ? a.docs[i]! : Infinity;
    const db = j < b.n ? b.docs[j]! : Infinity;
    if (da === db) {
      docs[n] = da;
      scores[n++] = a.scores[i++]! + b.scores[j++]!;
    } else if (da < db) {
      docs[n] = da;
      scores[n++] = a.scores[i++]!;
    } else {
      docs[n] = db;
      scores[n++] = b.scores[j++]!;
    }
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n), n };
}

export function allDocs(columns: DocColumns): DocSet {
  const docs = new Int32Array(columns.liveCount);
  let n = 0;
  for (let d = 0; d < columns.size; d++) if (columns.live[d]) docs[n++] = d;
  return { docs: docs.subarray(0, n), scores: new Float32Array(n), n };
}

