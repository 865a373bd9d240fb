/**
 * Words as the text accounting counts them: a bag (multiset) of tokens, so
 * that the words of a source and the words that reached its records can be
 * compared without caring where in the records each word went. A word is a
 * run of letters, digits and marks, case-folded after NFKC; Han and kana
 * count one character each (there are no word spaces to count by), so a
 * reflow that joins two lines of Japanese changes nothing, while text that
 * is dropped always shows.
 * @module
 */
import { builtRichTextToText, htmlToText, isBuiltRichText } from '../../domain/rich-text.js';

export type WordBag = Map<string, number>;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CJK_CHAR = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30fc\u309d\u309e\u30fd\u30fe])/u;

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9]+/g;

/**
 * Latin text: Latin-1, Latin Extended-A and -B and the general punctuation block (curly quotes, dashes),
 * the whole alphabet of most sources' texts that are not pure ASCII. None of it is Han or kana, and within
 * it {@link WORD} is the character class {@link LATIN_WORD} spells out, built from WORD itself, which the
 * regular expression engine matches several times faster than Unicode property classes.
 */
const LATIN = /^[\x00-\u024f\u2000-\u206f]*$/;
const LATIN_WORD = new RegExp(`[${wordRanges([0, 0x24f], [0x2000, 0x206f])}]+`, 'g');

/** The ranges of code units within `spans` that {@link WORD} counts as word characters, as a character class's body. */
function wordRanges(...spans: [number, number][]): string {
  const one = new RegExp(WORD.source, 'u');
  const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
  let out = '';
  for (const [from, to] of spans) {
    for (let c = from; c <= to; c++) {
      if (!one.test(String.fromCharCode(c))) continue;
      let end = c;
      while (end < to && one.test(String.fromCharCode(end + 1))) end++;
      out += end === c ? hex(c) : `${hex(c)}-${hex(end)}`;
      c = end;
    }
  }
  return out;
}

/** Adds the words of a plain text to a bag (or a new one). */
export function addWords(text: string, bag: WordBag = new Map()): WordBag {
  if (ASCII.test(text)) {
    // Most texts of most sources are ASCII: NFKC leaves them as they are, and their words are the runs
    // of [a-z0-9] once lower-cased, found by a far cheaper expression than the Unicode classes below.
    for (const word of text.toLowerCase().match(ASCII_WORD) ?? []) bag.set(word, (bag.get(word) ?? 0) + 1);
    return bag;
  }
  const folded = text.normalize('NFKC').toLowerCase();
  if (LATIN.test(folded)) {
    for (const word of folded.match(LATIN_WORD) ?? []) bag.set(word, (bag.get(word) ?? 0) + 1);
    return bag;
  }
  // Every text of every record passes here: plain strings (not match objects), and each word is looked
  // at for Han or kana only when the text holds some.
  const cjk = CJK_CHAR.test(folded);
  for (const word of folded.match(WORD) ?? []) {
    if (!cjk || !CJK_CHAR.test(word)) {
      bag.set(word, (bag.get(word) ?? 0) + 1);
      continue;
    }
    for (const part of word.split(CJK_CHAR)) if (part) bag.set(part, (bag.get(part) ?? 0) + 1);
  }
  return bag;
}

export function bagSize(bag: WordBag): number {
  let n = 0;
  for (const c of bag.values()) n += c;
  return n;
}

export function mergeBag(into: WordBag, from: WordBag): WordBag {
  for (const [w, c] of from) into.set(w, (into.get(w) ?? 0) + c);
  return into;
}

/** The words of `source` that `found` does not hold as many times (a bag difference, never negative). */
export function missingWords(source: WordBag, found: WordBag): WordBag {
  const missing: WordBag = new Map();
  for (const [w, c] of source) {
    const lost = c - (found.get(w) ?? 0);
    if (lost > 0) missing.set(w, lost);
  }
  return missing;
}

/**
 * Keys of a raw record that hold codes and links, not text of the source: ids, kinds, statuses,
 * language tags, references to other records, URLs. Everything else that is a string counts.
 */
export const STRUCTURAL_KEYS = new Set([
  'id', 'kind', 'status', 'language', 'languages', 'parent', 'collections', 'related', 'slug', 'order', 'role', 'scheme',
  'url', 'type', 'rights', 'funders', 'subjects', 'repository', 'image', 'media', 'uploadedAt', 'updatedAt', 'publishedAt',
]);

/** Keys of a raw record that hold rich text (HTML): their text is counted, not their markup. */
const HTML_KEYS = new Set(['html', 'description']);

/** The words a raw record (and the authorities it names) holds in its text fields. */
export function recordWords(raw: unknown, bag: WordBag = new Map()): WordBag {
  walk(raw, undefined, bag);
  return bag;
}

function walk(value: unknown, key: string | undefined, bag: WordBag): void {
  if (key !== undefined && STRUCTURAL_KEYS.has(key)) {
    // Reference lists hold ids; the agents' and places' ids too (their names live in the authority records).
    return;
  }
  if (typeof value === 'string') {
    if (!key || !HTML_KEYS.has(key)) addWords(value, bag);
    // Rich text Dossier's TEI renderer built is in the sanitizer's own form, whose words are read without a full parser.
    else if (isBuiltRichText(value)) addWords(builtRichTextToText(value), bag);
    else addWords(/<[a-z!/]/i.test(value) ? htmlToText(value) : value, bag);
  } else if (Array.isArray(value)) {
    for (const v of value) walk(v, undefined, bag);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, k, bag);
  }
}
