/**
 * Text analysis, in one place for index time and query time: the same text
 * always yields the same terms, so a query finds what the index holds.
 *
 * - Every word is NFKC-normalized, lower-cased and folded: Latin and Greek
 *   diacritics (Lüshun = Lushun), the Latin letters Unicode does not
 *   decompose (ł, đ, ı, ø, æ, œ, þ: "czlowieka" = "człowieka"), Cyrillic
 *   ё = е, Arabic and Hebrew vowel points, OCR homoglyphs (a Cyrillic "о"
 *   inside a Latin word).
 * - A Cyrillic word is also indexed under its Latin transliterations
 *   (transliterate.ts), at its own position, so "Beograd" finds Београд.
 * - Latin-script words are stemmed with the English Snowball stemmer,
 *   Cyrillic words with the Russian one (stemmers.ts). The query's language
 *   is unknown, so the script decides, on both sides alike.
 * - Chinese and Japanese runs are written without spaces: they become
 *   overlapping character bigrams (so any word of two or more characters, and
 *   part of a name, is found inside a sentence), plus the run's last character
 *   alone (so a one-character query finds it), plus the words Intl.Segmenter
 *   finds (three characters or more) at the same position, which rank an exact
 *   word above a chance sequence. Traditional characters are folded to
 *   simplified ones (蔣介石 = 蒋介石). Korean words get the same bigrams.
 * - Thai, Lao, Khmer and Burmese, also written without spaces, are split into
 *   words by Intl.Segmenter.
 * - A hyphenated name ("En-lai", "Kai-shek") yields its parts and the joined
 *   form ("enlai") at the first part's position, so both spellings match;
 *   so do words joined by an apostrophe ("o'clock", "d'Auvergne").
 * - A stemmed word is also indexed as written (without positions), so the
 *   exact form a visitor typed ranks above the stem's other forms.
 * @module
 */
import { isStemmable, stemWord } from './stemmers.js';
import { simplifiedCode, toSimplifiedChar } from './chinese.js';
import { own, WordCache } from './word-cache.js';
import { isCyrillicWord, transliterations } from './transliterate.js';
import { foldLetters } from '../domain/letter-folds.js';

/**
 * Changes whenever the analyzer gives some text other terms than before: the
 * search index records it (EngineSearchIndex.version), so an archive indexed
 * by an older analyzer is rebuilt when it is opened.
 */
export const ANALYZER_VERSION = 2;

export interface Token {
  /** The normalized term as indexed. */
  term: string;
  /** Offsets of the source text the term came from (UTF-16 code units). */
  start: number;
  end: number;
  /** Word position, for phrases. Extra forms share the position of the word they came from. */
  position: number;
  /**
   * Extra forms indexed beside the main sequence: `joined` (a hyphenated
   * compound), `word` (a CJK dictionary word over several bigrams), `tail`
   * (the last character of a CJK or Hangul run), `exact` (the unstemmed
   * word, prefixed with {@link EXACT}, indexed without positions so an exact
   * form can outrank other forms of the stem), `translit` (a Latin
   * rendering of a Cyrillic word, index time only). Phrases are matched on
   * the main sequence only.
   */
  extra?: 'joined' | 'word' | 'tail' | 'exact' | 'translit';
  /** The word before stemming, when stemming changed it (for prefix queries: `normaliz*` finds "normalization"). */
  surface?: string;
}

const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u30FC\\u3005\\u3006';
const HANGUL_CLASS = '\\p{Script=Hangul}';
const SEA_CLASS = '\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}';
const SPECIAL = `${CJK_CLASS}${HANGUL_CLASS}${SEA_CLASS}`;
/**
 * A character the scan may read as part of a word, other than an ASCII letter or digit: any other letter, digit or
 * mark, a CJK, Hangul or South-East Asian character, a character outside the BMP. In a text without one, every word
 * is a run of ASCII letters and digits analyzed as its lower case, and two words join only across one of
 * {@link isJoiner}'s characters (snippet.ts finds a query's terms in such a text without analyzing all of it).
 */
export const NOT_ASCII_WORD = new RegExp(`(?![A-Za-z0-9])[\\p{L}\\p{N}\\p{M}${SPECIAL}]|[\\u{10000}-\\u{10FFFF}]|[\\uD800-\\uDFFF]`, 'u');
/** What joins two parts of one word: hyphens ("En-lai") and apostrophes ("o'clock", "d'Auvergne", "Gromyko's"), by code unit (no string per separator). */
function isJoiner(c: number): boolean {
  return c === 0x2d || c === 0x2010 || c === 0x27 || c === 0x2019;
}
const CJK_START = new RegExp(`^[${CJK_CLASS}${HANGUL_CLASS}]`, 'u');
/** Words that need no folding at all: lower-case ASCII and basic Russian letters (ё excepted). */
const PLAIN_WORD = /^(?:[a-z0-9']+|[\u0430-\u044f0-9]+)$/;
const NEEDS_NFKC = /[^\u0000-\u2FFF\u3040-\u30FE\u3400-\u9FFF\uAC00-\uD7AF]/;
const HAS_LATIN = /\p{Script=Latin}/u;
const HAS_CYRILLIC = /\p{Script=Cyrillic}/u;
const POINTS = /[\u0591-\u05C7\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

/** Marks the unstemmed form of a word ("\u0001negotiations" beside the stem "negoti"); no real term contains it. */
export const EXACT = '\u0001';

/** Longest term kept; longer runs (base64, OCR garbage) are cut so they cannot bloat the index. */
export const MAX_TERM = 64;
/** Gap of positions between the fields of one document, so no phrase spans two fields. */
export const FIELD_GAP = 8;

/** Cyrillic letters that OCR puts inside Latin words because they look alike. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's',
};

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) segmenters.set(locale, (s = new Intl.Segmenter(locale, { granularity: 'word' })));
  return s;
}

/**
 * Normalizes one word of an alphabetic script (not CJK): NFKC, case,
 * diacritics, homoglyphs. No stemming (see {@link termOf}).
 */
export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  if (PLAIN_WORD.test(lower)) return lower;
  let w = lower.normalize('NFKC').normalize('NFD');
  // Diacritics are removed from Latin and Greek letters only: in Japanese (が) and Russian (й) they make another letter.
  w = foldLetters(w.replace(/([\p{Script=Latin}\p{Script=Greek}])\p{M}+/gu, '$1').normalize('NFC'));
  w = w.replace(/ё/g, 'е').replace(/ß/g, 'ss').replace(/ς/g, 'σ').replace(POINTS, '').replace(/’/g, "'");
  if (HAS_LATIN.test(w) && HAS_CYRILLIC.test(w)) w = w.replace(/[\u0400-\u04FF]/g, (ch) => HOMOGLYPHS[ch] ?? ch);
  return w;
}

/** The indexed term of a normalized word: stemmed, apostrophes removed, capped. */
export function termOf(normalized: string): string {
  // "admiral’s" is "admiral"; other apostrophes (O'Brien, don't) join the word.
  const plain = normalized.includes("'") ? normalized.replace(/'s$/, '').replace(/'/g, '') : normalized;
  return stemWord(plain).slice(0, MAX_TERM);
}

/** Normalizes and stems one word the way every indexed term is made. */
export function normalizeTerm(word: string): string {
  return termOf(normalizeWord(word));
}

/**
 * A number a sink may keep with a term the analyzer hands it again and
 * again (the stem and exact form of a word met before, a CJK bigram): an
 * index builder keeps its id for the term there and spares a hash lookup
 * per token. `owner` says whose number it is (0: nobody's yet).
 */
export interface TermSlot {
  owner: number;
  id: number;
}

/** Receives each token as {@link analyzeWith} finds it, without an object per token. */
export type TokenSink = (term: string, start: number, end: number, position: number, extra: Token['extra'], surface: string | undefined, slot?: TermSlot) => void;

/**
 * Splits text into terms with their source offsets and positions.
 * `position` continues from `startPosition`, so several fields can share one
 * position space.
 */
export function analyze(text: string, startPosition = 0, options: { transliterate?: boolean } = {}): Token[] {
  const tokens: Token[] = [];
  const sink: TokenSink = (term, start, end, position, extra, surface) => tokens.push({ term, start, end, position, extra, surface });
  analyzeWith(text, startPosition, sink, options.transliterate ?? false);
  return tokens;
}

/** Classes of characters, which decide where runs begin and end. */
const SEP = 0;
const CJK = 1;
const HANGUL = 2;
const SEA = 3;
const WORD = 4;
const CLASS_OF = [
  new RegExp(`^[${CJK_CLASS}]$`, 'u'),
  new RegExp(`^[${HANGUL_CLASS}]$`, 'u'),
  new RegExp(`^[${SEA_CLASS}]$`, 'u'),
  /^[\p{L}\p{N}\p{M}]$/u,
];
/** Class + 1 of each BMP code unit, filled in as characters are met (0: not yet known). */
const BMP_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) BMP_CLASS[c] = 1 + ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? WORD : SEP);
const ASTRAL_CLASS = new Map<number, number>();

function classify(ch: string): number {
  for (let k = 0; k < CLASS_OF.length; k++) if (CLASS_OF[k]!.test(ch)) return k + 1;
  return SEP;
}

/** The class of the code point at `i` and its length in code units (1 or 2). */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) {
    let k = BMP_CLASS[c]!;
    if (k === 0) BMP_CLASS[c] = k = 1 + classify(String.fromCharCode(c));
    return k - 1;
  }
  const d = c <= 0xdbff ? text.charCodeAt(i + 1) : NaN;
  if (!(d >= 0xdc00 && d <= 0xdfff)) return SEP; // a lone surrogate
  const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  let k = ASTRAL_CLASS.get(cp);
  if (k === undefined) ASTRAL_CLASS.set(cp, (k = classify(String.fromCodePoint(cp))));
  return k | 8; // marks a pair
}

/**
 * What a word of an alphabetic script becomes, computed once per distinct
 * spelling (see {@link wordInfo}): the whole of its analysis, so a word met
 * before costs one table lookup. It is also the term's slot (TermSlot): one
 * object a word, not three.
 */
class WordInfo implements TermSlot {
  owner = 0;
  id = 0;
  constructor(
    /** The word as written in the text. */
    readonly run: string,
    /** The indexed term (stemmed); empty for a word that yields none. */
    readonly term: string,
    /** The word as written, apostrophes removed, when stemming changed it (for prefix queries). */
    readonly surface: string | undefined,
    /** The unstemmed form indexed beside the stem, or undefined. */
    readonly exact: string | undefined,
    /** The form that joins a hyphenated compound. */
    readonly joinable: string,
    /** Terms of the Latin renderings of a Cyrillic word, or undefined. */
    readonly translit: string[] | undefined,
    /** The slot of `exact` (undefined when there is none). */
    readonly exactSlot: TermSlot | undefined,
  ) {}
}

/**
 * Words met before, by their characters: an open-addressing table looked up
 * with a hash computed while scanning, compared against the text in place,
 * so a word seen before is neither cut out of its text nor hashed again.
 * Two generations (see {@link wordInfo}): a word found in the older one
 * moves to the newer, so frequent words keep their info (and the index
 * builder's term slots) when the table turns over.
 */
class WordTable {
  /**
   * 2¹⁸ slots, half of them filled before a generation turns over: 131,072
   * words a generation. Over the first 20,000 of bench:search's documents
   * (7.1 million words, ~232,000 distinct spellings) 2¹⁶ slots analyzed
   * 697,000 words anew, 2¹⁸ 273,000; the shared FRUS volumes (~49,000
   * spellings) fit in one generation. The cost is memory: 2 MB of table a
   * generation, and each word held (about 170 bytes with its strings).
   */
  static readonly SLOTS = 1 << 18;
  readonly #hashes = new Int32Array(WordTable.SLOTS);
  readonly #infos: WordInfo[] = new Array(WordTable.SLOTS);
  #size = 0;

  find(text: string, start: number, end: number, hash: number): WordInfo | undefined {
    const mask = WordTable.SLOTS - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const info = this.#infos[slot];
      if (info === undefined) return undefined;
      if (this.#hashes[slot] === hash && sameChars(info.run, text, start, end)) return info;
    }
  }

  get full(): boolean {
    return this.#size >= WordTable.SLOTS / 2;
  }

  add(hash: number, info: WordInfo): void {
    const mask = WordTable.SLOTS - 1;
    let slot = hash & mask;
    while (this.#infos[slot] !== undefined) slot = (slot + 1) & mask;
    this.#hashes[slot] = hash;
    this.#infos[slot] = info;
    this.#size++;
  }
}

function sameChars(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

let WORDS = new WordTable();
let OLDER_WORDS = new WordTable();

function remember(hash: number, info: WordInfo): void {
  if (WORDS.full) {
    OLDER_WORDS = WORDS;
    WORDS = new WordTable();
  }
  WORDS.add(hash, info);
}

/** Normalizes, stems and caps a word (`text[start, end)`, hashed as `hash`) once; a text repeats most of its words. */
function wordInfo(text: string, start: number, end: number, hash: number): WordInfo {
  const memo = end - start <= MAX_MEMO_WORD;
  if (memo) {
    const found = WORDS.find(text, start, end, hash);
    if (found !== undefined) return found;
    const older = OLDER_WORDS.find(text, start, end, hash);
    if (older !== undefined) {
      remember(hash, older);
      return older;
    }
  }
  const info = analyzeWord(text.slice(start, end));
  if (memo) remember(hash, info);
  return info;
}

/** The analysis of one word not met before. Equal strings are copied (see {@link own}) once and shared. */
function analyzeWord(word: string): WordInfo {
  const normalized = normalizeWord(word);
  const term = termOf(normalized);
  const plain = normalized.includes("'") ? normalized.replace(/'/g, '') : normalized;
  const run = own(word);
  const joinable = plain === word ? run : own(plain);
  const stem = term === plain ? joinable : own(term);
  const capped = plain.length > MAX_TERM ? plain.slice(0, MAX_TERM) : joinable;
  const surface = plain === term ? undefined : capped === joinable ? joinable : own(capped);
  const exact = isStemmable(plain) ? own(EXACT + capped) : undefined;
  return new WordInfo(run, stem, surface, exact, joinable, translitTerms(plain, term), exact === undefined ? undefined : { owner: 0, id: 0 });
}

function translitTerms(plain: string, term: string): string[] | undefined {
  if (!isCyrillicWord(plain)) return undefined;
  const out = [...new Set(transliterations(plain).map(termOf))].filter((t) => t !== '' && t !== term).map(own);
  return out.length > 0 ? out : undefined;
}

/** Longer words (rare: codes, OCR runs) are analyzed each time rather than remembered. */
const MAX_MEMO_WORD = 40;

/**
 * The analyzer itself: a scan over the text's characters that cuts runs of
 * one class (a CJK run, a Hangul word, a South-East Asian run, a word of any
 * other script) and hands every token to `sink`. Returns the next free position.
 * Transliterations are for the index (and for marking hits in it); a query
 * is analyzed without them, so a Cyrillic query means its own words.
 */
export function analyzeWith(text: string, startPosition: number, sink: TokenSink, transliterate = true): number {
  let position = startPosition;
  // The last plain word, for hyphenated compounds ("En-lai").
  let prevEnd = -2;
  let prevStart = 0;
  let prevPosition = 0;
  let prevJoinable = '';
  let joined: { term: string; start: number; end: number; position: number; parts: number } | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const first = classAt(text, i);
    const kind = first & 7;
    if (kind === SEP) {
      i += first & 8 ? 2 : 1;
      continue;
    }
    const start = i;
    // FNV-1a over the run's code units, for the word table.
    let hash = Math.imul(0x811c9dc5 ^ text.charCodeAt(i), 0x01000193);
    if (first & 8) hash = Math.imul(hash ^ text.charCodeAt(i + 1), 0x01000193);
    i += first & 8 ? 2 : 1;
    while (i < n) {
      const k = classAt(text, i);
      if ((k & 7) !== kind) break;
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
      if (k & 8) hash = Math.imul(hash ^ text.charCodeAt(i + 1), 0x01000193);
      i += k & 8 ? 2 : 1;
    }
    if (kind !== WORD) {
      const run = text.slice(start, i);
      flushJoined();
      prevEnd = -2;
      if (kind === SEA) {
        for (const seg of segmenter('th').segment(run)) {
          if (!seg.isWordLike) continue;
          sink(seg.segment.normalize('NFKC').slice(0, MAX_TERM), start + seg.index, start + seg.index + seg.segment.length, position++, undefined, undefined);
        }
      } else {
        position = pushBigrams(sink, run, start, position, kind === CJK);
      }
      continue;
    }
    const info = wordInfo(text, start, i, hash);
    if (info.term === '') continue;
    if (prevEnd + 1 === start && isJoiner(text.charCodeAt(prevEnd))) {
      joined ??= { term: prevJoinable, start: prevStart, end: prevEnd, position: prevPosition, parts: 1 };
      joined.term += info.joinable;
      joined.end = i;
      joined.parts++;
    } else {
      flushJoined();
    }
    sink(info.term, start, i, position, undefined, info.surface, info);
    if (info.exact !== undefined) sink(info.exact, start, i, position, 'exact', undefined, info.exactSlot);
    if (transliterate && info.translit !== undefined) for (const t of info.translit) sink(t, start, i, position, 'translit', undefined);
    prevEnd = i;
    prevStart = start;
    prevPosition = position;
    prevJoinable = info.joinable;
    position++;
  }
  flushJoined();
  return position;

  function flushJoined(): void {
    if (joined && joined.parts > 1) sink(termOf(joined.term), joined.start, joined.end, joined.position, 'joined', undefined);
    joined = undefined;
  }
}

/**
 * Bigrams of a CJK or Hangul run, its last character alone, and (for Chinese
 * and Japanese) the segmenter's longer words. Characters are normalized one
 * by one (NFKC, traditional → simplified), so offsets still point into the
 * source text. Returns the next free position.
 */
function pushBigrams(sink: TokenSink, run: string, start: number, position: number, cjk: boolean): number {
  if (!NEEDS_NFKC.test(run)) {
    const next = plainBigrams(sink, run, start, position, cjk);
    if (next >= 0) return next;
  }
  const chars: string[] = [];
  const offsets: number[] = [];
  let offset = start;
  const plain = !NEEDS_NFKC.test(run);
  for (const ch of run) {
    if (plain) chars.push(cjk ? toSimplifiedChar(ch) : ch);
    else {
      const n = ch.normalize('NFKC');
      chars.push(cjk ? [...n].map(toSimplifiedChar).join('') : n);
    }
    offsets.push(offset);
    offset += ch.length;
  }
  offsets.push(offset);
  const n = chars.length;
  for (let i = 0; i + 1 < n; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    // Most bigrams come back again and again: one string (and slot) for each, not a new string per token.
    const known = a.length === 1 && b.length === 1 ? bigram(a.charCodeAt(0), b.charCodeAt(0)) : undefined;
    if (known) sink(known.term, offsets[i]!, offsets[i + 2]!, position + i, undefined, undefined, known.slot);
    else sink(a + b, offsets[i]!, offsets[i + 2]!, position + i, undefined, undefined);
  }
  sink(chars[n - 1]!, offsets[n - 1]!, offset, position + n - 1, n > 1 ? 'tail' : undefined, undefined);
  if (cjk && n >= 3) {
    // Words of three characters or more, as the segmenter reads them; two-character words already are bigrams.
    const normalized = chars.join('');
    if (normalized.length === n) {
      const words = cjkWords(normalized);
      for (let w = 0; w < words.length; w += 2) {
        const i = words[w]!;
        const len = words[w + 1]!;
        sink(normalized.slice(i, i + Math.min(len, MAX_TERM)), offsets[i]!, offsets[i + len]!, position + i, 'word', undefined);
      }
    }
  }
  return position + n;
}

/**
 * Where the words of three characters or more of a CJK run are, as
 * Intl.Segmenter reads it (pairs of index and length). The segmenter is the
 * costliest step of analysis (about 0.7 µs a character: a dictionary lookup
 * and an object per segment), and a run — the characters between two
 * punctuation marks — recurs: in the laws and treaties of the shared corpora,
 * read once, 16–32% of the characters of runs of three or more are in a run
 * met before. The segmenter reads each run alone, so a remembered answer is
 * the same answer.
 */
function cjkWords(run: string): Int32Array {
  const memo = run.length <= MAX_MEMO_RUN;
  if (memo) {
    const known = RUN_WORDS.get(run);
    if (known !== undefined) return known;
  }
  const out: number[] = [];
  for (const seg of segmenter('zh').segment(run)) {
    if (seg.isWordLike && seg.segment.length >= 3) out.push(seg.index, seg.segment.length);
  }
  const words = out.length === 0 ? NO_WORDS : new Int32Array(out);
  if (memo) RUN_WORDS.set(run, words);
  return words;
}

const NO_WORDS = new Int32Array(0);
/** Longest run remembered: longer ones seldom recur whole. */
const MAX_MEMO_RUN = 128;
const RUN_WORDS = new WordCache<Int32Array>(16_384);

/**
 * Bigrams met before: an open-addressing table keyed by the two code units
 * as one int32 (a Map's keys above 2³⁰ would be heap numbers, one allocated
 * per lookup). When half full it starts afresh.
 */
const BIGRAM_SLOTS = 1 << 18;
const bigramKeys = new Int32Array(BIGRAM_SLOTS);
let bigramEntries: ({ term: string; slot: TermSlot } | undefined)[] = new Array(BIGRAM_SLOTS);
let bigramCount = 0;

function bigram(a: number, b: number): { term: string; slot: TermSlot } {
  const key = (a << 16) | b;
  const mask = BIGRAM_SLOTS - 1;
  let at = Math.imul(key, 0x9e3779b1) >>> 14;
  for (;;) {
    const entry = bigramEntries[at];
    if (entry === undefined) break;
    if (bigramKeys[at] === key) return entry;
    at = (at + 1) & mask;
  }
  if (bigramCount >= BIGRAM_SLOTS / 2) {
    bigramEntries = new Array(BIGRAM_SLOTS);
    bigramCount = 0;
    return bigram(a, b);
  }
  const entry = { term: String.fromCharCode(a, b), slot: { owner: 0, id: 0 } };
  bigramKeys[at] = key;
  bigramEntries[at] = entry;
  bigramCount++;
  return entry;
}

let runCodes = new Uint16Array(1024);

/**
 * {@link pushBigrams} for a run that needs no NFKC (every character one BMP
 * code unit, as nearly all CJK text is): the same tokens, read as code units
 * through the simplified-character table, so no string is made per
 * character. Returns -1 (nothing sent) if a character folds outside the BMP.
 */
function plainBigrams(sink: TokenSink, run: string, start: number, position: number, cjk: boolean): number {
  const n = run.length;
  if (runCodes.length < n) runCodes = new Uint16Array(Math.max(n, runCodes.length * 2));
  const codes = runCodes;
  let folded = false;
  for (let i = 0; i < n; i++) {
    const u = run.charCodeAt(i);
    const c = cjk ? simplifiedCode(u) : u;
    if (c > 0xffff) return -1;
    if (c !== u) folded = true;
    codes[i] = c;
  }
  for (let i = 0; i + 1 < n; i++) {
    const known = bigram(codes[i]!, codes[i + 1]!);
    sink(known.term, start + i, start + i + 2, position + i, undefined, undefined, known.slot);
  }
  sink(String.fromCharCode(codes[n - 1]!), start + n - 1, start + n, position + n - 1, n > 1 ? 'tail' : undefined, undefined);
  if (cjk && n >= 3) {
    // Text already in simplified characters (most of it) is its own normalized form: no string is built.
    let normalized = folded ? '' : run;
    if (folded) for (let i = 0; i < n; i += 4096) normalized += String.fromCharCode(...codes.subarray(i, Math.min(n, i + 4096)));
    const words = cjkWords(normalized);
    for (let w = 0; w < words.length; w += 2) {
      const i = words[w]!;
      const len = words[w + 1]!;
      // A slice of the text itself would keep the whole text alive in the term it becomes: owned (see own()).
      const word = normalized.slice(i, i + Math.min(len, MAX_TERM));
      sink(folded ? word : own(word), start + i, start + i + len, position + i, 'word', undefined);
    }
  }
  return position + n;
}

/** True when a term is a CJK or Hangul bigram or single character. */
export function isCjkTerm(term: string): boolean {
  return CJK_START.test(term);
}

/** The terms of a text as one space-separated string (main sequence and extras), for tests and debugging. */
export function indexText(text: string): string {
  return analyze(text)
    .map((t) => t.term)
    .join(' ');
}
