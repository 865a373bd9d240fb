/**
 * The English stemmer of `@orama/stemmers` (Porter's algorithm as its
 * widely copied JavaScript port has it), rewritten without its per-call
 * regular expressions. That port tests each suffix with a `^(.+?)suffix$`
 * expression and builds the measure expressions with `new RegExp` on every
 * call, ~3 µs a word; stemming every distinct spelling once was a tenth of
 * an index build's analysis. Here suffixes are compared in place and the
 * measure expressions are compiled once: the same stems, including the
 * port's quirks (a word's leading "y" is a consonant; "-sion" and "-tion"
 * lose the "s" or "t" with the "ion": "adoption" → "adop"), which the index
 * already holds. `english-stemmer.test.ts` compares the two on generated
 * words and the shared corpora's vocabulary.
 * @module
 */

/** `m > 0` in Porter's terms: `[C](VC)+…`, as a prefix. */
const MEASURE_1 = /^([^aeiou][^aeiouy]*)?[aeiouy][aeiou]*[^aeiou][^aeiouy]*/;
/** `m > 1`: `[C]VCVC…`, as a prefix. */
const MEASURE_2 = /^([^aeiou][^aeiouy]*)?[aeiouy][aeiou]*[^aeiou][^aeiouy]*[aeiouy][aeiou]*[^aeiou][^aeiouy]*/;
/** `m = 1` exactly: `[C]VC[V]`. */
const MEASURE_EQ_1 = /^([^aeiou][^aeiouy]*)?[aeiouy][aeiou]*[^aeiou][^aeiouy]*([aeiouy][aeiou]*)?$/;
/** `*o`: consonant, vowel, consonant (not w, x or y), the whole stem. */
const CVC = /^[^aeiou][^aeiouy]*[aeiouy][^aeiouwxy]$/;
const HAS_VOWEL = /[aeiouy]/;

const STEP2: Record<string, string> = {
  ational: 'ate', tional: 'tion', enci: 'ence', anci: 'ance', izer: 'ize', bli: 'ble', alli: 'al', entli: 'ent', eli: 'e', ousli: 'ous',
  ization: 'ize', ation: 'ate', ator: 'ate', alism: 'al', iveness: 'ive', fulness: 'ful', ousness: 'ous', aliti: 'al', iviti: 'ive', biliti: 'ble', logi: 'log',
};
const STEP3: Record<string, string> = { icate: 'ic', ative: '', alize: 'al', iciti: 'ic', ical: 'ic', ful: '', ness: '' };
const STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

/**
 * A suffix list by its last letter, longest first: `^(.+?)(a|b|…)$` takes
 * the shortest stem, so the longest suffix that leaves one character.
 */
function byLastLetter(suffixes: string[]): (readonly string[] | undefined)[] {
  const out: string[][] = [];
  for (const s of [...suffixes].sort((a, b) => b.length - a.length)) (out[s.charCodeAt(s.length - 1) - 0x61] ??= []).push(s);
  return out;
}
const STEP2_SUFFIXES = byLastLetter(Object.keys(STEP2));
const STEP3_SUFFIXES = byLastLetter(Object.keys(STEP3));
const STEP4_SUFFIXES = byLastLetter(STEP4);

/** The longest of `suffixes` that `w` ends with, leaving at least one character before it. */
function suffixOf(w: string, suffixes: readonly (readonly string[] | undefined)[]): string | undefined {
  const last = suffixes[w.charCodeAt(w.length - 1) - 0x61];
  if (last !== undefined) for (const s of last) if (w.length > s.length && w.endsWith(s)) return s;
  return undefined;
}

/** The stem of a lower-case word, as `@orama/stemmers/english` gives it. */
export function englishStem(word: string): string {
  if (word.length < 3) return word;
  const leadingY = word.charCodeAt(0) === 0x79;
  let w = leadingY ? 'Y' + word.slice(1) : word;
  // Step 1a: plurals.
  if ((w.length > 3 && w.endsWith('ies')) || (w.length > 4 && w.endsWith('sses'))) w = w.slice(0, -2);
  else if (w.length > 2 && w.endsWith('s') && w.charCodeAt(w.length - 2) !== 0x73) w = w.slice(0, -1);
  // Step 1b: -eed, -ed, -ing.
  if (w.length > 3 && w.endsWith('eed')) {
    if (MEASURE_1.test(w.slice(0, -3))) w = w.slice(0, -1);
  } else {
    const cut = w.length > 2 && w.endsWith('ed') ? 2 : w.length > 3 && w.endsWith('ing') ? 3 : 0;
    const u = cut > 0 ? w.slice(0, -cut) : '';
    if (cut > 0 && HAS_VOWEL.test(u)) {
      w = u;
      if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
      else if (doubleConsonant(w)) w = w.slice(0, -1);
      else if (CVC.test(w)) w += 'e';
    }
  }
  // Step 1c: -y after a vowel somewhere before it.
  if (w.length > 1 && w.endsWith('y')) {
    const u = w.slice(0, -1);
    if (HAS_VOWEL.test(u)) w = u + 'i';
  }
  const s2 = suffixOf(w, STEP2_SUFFIXES);
  if (s2 !== undefined) {
    const u = w.slice(0, -s2.length);
    if (MEASURE_1.test(u)) w = u + STEP2[s2];
  }
  const s3 = suffixOf(w, STEP3_SUFFIXES);
  if (s3 !== undefined) {
    const u = w.slice(0, -s3.length);
    if (MEASURE_1.test(u)) w = u + STEP3[s3];
  }
  const s4 = suffixOf(w, STEP4_SUFFIXES);
  if (s4 !== undefined) {
    const u = w.slice(0, -s4.length);
    if (MEASURE_2.test(u)) w = u;
  } else if (w.length > 4 && (w.endsWith('sion') || w.endsWith('tion'))) {
    const u = w.slice(0, -4);
    if (MEASURE_2.test(u)) w = u;
  }
  // Step 5: a final -e, then -ll.
  if (w.length > 1 && w.endsWith('e')) {
    const u = w.slice(0, -1);
    if (MEASURE_2.test(u) || (MEASURE_EQ_1.test(u) && !CVC.test(u))) w = u;
  }
  if (w.endsWith('ll') && MEASURE_2.test(w)) w = w.slice(0, -1);
  return leadingY ? 'y' + w.slice(1) : w;
}

/** A double consonant at the end, other than l, s or z (`([^aeiouylsz])\1$`). */
function doubleConsonant(w: string): boolean {
  const n = w.length;
  if (n < 2) return false;
  const c = w.charCodeAt(n - 1);
  return c === w.charCodeAt(n - 2) && !'aeiouylsz'.includes(w[n - 1]!);
}
