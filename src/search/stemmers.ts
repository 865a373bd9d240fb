/**
 * Stemming by script: English for Latin-script words (Porter's algorithm,
 * english-stemmer.ts: the stems of @orama/stemmers' port, made without its
 * per-call regular expressions), Snowball Russian for Cyrillic ones (the
 * maintained port in @orama/stemmers). A
 * query's language is unknown, so the script of each word decides, at index
 * and query time alike; French or German words get the English stemmer on
 * both sides, which keeps them consistent if not always linguistic.
 * Words with digits and words shorter than three letters are left alone.
 * @module
 */
import { stemmer as russian } from '@orama/stemmers/russian';
import { englishStem } from './english-stemmer.js';
import { own, WordCache } from './word-cache.js';

const LATIN_WORD = /^[a-z\u00C0-\u024F']+$/;
const CYRILLIC_WORD = /^[\u0400-\u04FF]+$/;
/** Russian stems met before: the Snowball stemmer takes 0.5–0.9 µs a word, several times a lookup. */
const cache = new WordCache<string>(20_000);
const MAX_CACHED = 40;

/** True for the words {@link stemWord} stems (Latin and Cyrillic words of three letters or more). */
export function isStemmable(word: string): boolean {
  return word.length >= 3 && (LATIN_WORD.test(word) || CYRILLIC_WORD.test(word));
}

/** The stem of a normalized (lower-cased, folded) word; other scripts come back unchanged. */
export function stemWord(word: string): string {
  if (word.length < 3) return word;
  // English stems cost less to make again than a lookup costs (english-stemmer.ts): not remembered.
  if (LATIN_WORD.test(word)) return englishStem(word) || word;
  if (!CYRILLIC_WORD.test(word)) return word;
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  const stem = russian(word) || word;
  if (word.length > MAX_CACHED) return stem;
  cache.set(word, own(stem));
  return stem;
}
