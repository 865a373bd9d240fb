/**
 * The text accounting's words by its faster paths (ASCII, Latin) against the
 * rule written out here: NFKC, lower case, runs of letters, digits and marks,
 * Han and kana one character each. Generated texts (fast-check, a fixed seed
 * so a failure replays) mix ASCII, Latin-1 and Latin Extended letters, the
 * characters NFKC changes among them (ª ² ½ Ĳ ſ Ǆ …), general punctuation,
 * combining marks, dotted capital I, Greek, Cyrillic, Han, kana and
 * surrogate pairs; every bag must be the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWords, type WordBag } from './word-bag.js';

const SEED = Number(process.env.DOSSIER_FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.DOSSIER_FUZZ_RUNS ?? 300);

const CJK_CHAR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30fc\u309d\u309e\u30fd\u30fe]$/u;

function reference(text: string): WordBag {
  const bag: WordBag = new Map();
  const add = (w: string) => bag.set(w, (bag.get(w) ?? 0) + 1);
  for (const word of text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) {
    let run = '';
    for (const ch of word) {
      if (!CJK_CHAR.test(ch)) {
        run += ch;
        continue;
      }
      if (run) add(run);
      run = '';
      add(ch);
    }
    if (run) add(run);
  }
  return bag;
}

const range = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c));
const char = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'abcXYZ019 .,;-\'"\n'.split('')) },
  { weight: 4, arbitrary: range(0x80, 0x24f) },
  { weight: 2, arbitrary: range(0x2000, 0x206f) },
  { weight: 2, arbitrary: fc.constantFrom('ª', '²', '½', '¼', 'µ', 'Ĳ', 'ŉ', 'ſ', 'Ǆ', 'ǅ', 'İ', '\u00a0', '…', '‼', '\u0301', '\u0308') },
  { weight: 1, arbitrary: fc.constantFrom('Ω', 'ж', 'Ж', '東', 'か', 'カ', 'ー', '々', '가', '\u{1d400}', '\u{20000}', 'ﬁ', 'Ｔ') },
);
const text = fc.array(char, { maxLength: 60 }).map((cs) => cs.join(''));

describe('addWords against its rule', () => {
  it('gives the same bag for every generated text, Latin or not', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(Object.fromEntries(addWords(t))).toEqual(Object.fromEntries(reference(t)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('takes the Latin path on Latin-1 text with curly quotes and dashes, and counts as the rule does', () => {
    const t = '“Señor Müller’s ½-hour—at 10° … the ﬁnal Ĳssel” ª';
    expect(Object.fromEntries(addWords(t))).toEqual(Object.fromEntries(reference(t)));
    expect(addWords(t).get('señor')).toBe(1);
    expect(addWords(t).get('ijssel')).toBe(1);
  });
});
