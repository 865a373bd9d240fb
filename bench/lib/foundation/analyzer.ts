/**
 * Text analysis, in one place for index time and query time: the same text
 * always yields the same terms. Words are split on anything that is not a
 * letter, digit or combining mark; each word is NFKC-normalized, lower-cased
 * and folded (Latin diacritics, Cyrillic ё). Chinese and Japanese, written
 * without spaces, become overlapping character bigrams, so any word of two
 * or more characters is found inside a sentence (FTS5's own tokenizer would
 * treat a whole run of CJK characters as one token).
 * @module
 */
import { foldDiacritics } from '../../../src/domain/names.js';

export interface Token {
  /** The normalized term as indexed. */
  term: string;
  /** Offsets of the source text the term came from (UTF-16 code units). */
  start: number;
  end: number;
}

/** Han, Hiragana, Katakana (incl. the prolonged sound mark) and CJK compatibility forms. */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u30FC\\u3005\\u3006';
const WORD = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+`, 'gu');
const CJK_RUN = new RegExp(`^[${CJK}]`, 'u');

/** Longest term kept; longer runs (base64, OCR garbage) are cut so they cannot bloat the index. */
const MAX_TERM = 64;

/** Normalizes one word the way every indexed term is normalized. */
export function normalizeTerm(word: string): string {
  return foldDiacritics(word.normalize('NFKC')).toLowerCase().replace(/ß/g, 'ss').slice(0, MAX_TERM);
}

/**
 * Splits text into terms with their source offsets. A hyphenated name
 * ("En-lai", "Ching-kuo") also yields its joined form ("enlai") after its
 * parts, so both spellings find it.
 */
export function analyze(text: string): Token[] {
  const tokens: Token[] = [];
  let previous: { term: string; start: number; end: number } | undefined;
  let joined: { term: string; start: number; end: number; parts: number } | undefined;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    const end = start + word.length;
    if (CJK_RUN.test(word)) {
      flushJoined();
      previous = undefined;
      pushBigrams(tokens, word, start);
      continue;
    }
    const term = normalizeTerm(word);
    const hyphenated = previous !== undefined && previous.end + 1 === start && text[previous.end] === '-';
    if (hyphenated) {
      joined = joined ?? { term: previous!.term, start: previous!.start, end: previous!.end, parts: 1 };
      joined.term += term;
      joined.end = end;
      joined.parts++;
    } else {
      flushJoined();
    }
    tokens.push({ term, start, end });
    previous = { term, start, end };
  }
  flushJoined();
  return tokens;

  function flushJoined(): void {
    if (joined && joined.parts > 1) tokens.push({ term: joined.term.slice(0, MAX_TERM), start: joined.start, end: joined.end });
    joined = undefined;
  }
}

/**
 * Overlapping bigrams of a CJK run (a lone character stays a unigram).
 * Each character is NFKC-normalized on its own (full-width and compatibility
 * forms), so offsets still point into the source text.
 */
function pushBigrams(tokens: Token[], run: string, start: number): void {
  const chars: string[] = [];
  const offsets: number[] = [];
  let offset = start;
  for (const ch of run) {
    chars.push(ch.normalize('NFKC'));
    offsets.push(offset);
    offset += ch.length;
  }
  offsets.push(offset);
  if (chars.length === 1) {
    tokens.push({ term: chars[0]!, start, end: offset });
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) {
    tokens.push({ term: chars[i]! + chars[i + 1]!, start: offsets[i]!, end: offsets[i + 2]! });
  }
}

/** The terms of a text as one space-separated string, the form the full-text index stores. */
export function indexText(text: string): string {
  return analyze(text)
    .map((t) => t.term)
    .join(' ');
}

/** True when a term is a CJK bigram or single character (such terms never take a prefix wildcard alone). */
export function isCjkTerm(term: string): boolean {
  return CJK_RUN.test(term);
}
