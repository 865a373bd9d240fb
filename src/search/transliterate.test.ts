/**
 * Transliteration reads its tables by code unit; these properties hold it to
 * the rule written plainly (each code point looked up by its letter), on
 * generated Cyrillic words with digits, apostrophes, letters of no table,
 * astral characters and lone surrogates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGLISH_SYSTEM, SCHOLARLY_SYSTEM, transliterations } from './transliterate.js';

const SEED = Number(process.env.DOSSIER_FUZZ_SEED ?? 20261206);

function plainRender(word: string, table: Readonly<Record<string, string>>): string | undefined {
  let out = '';
  for (const ch of word) {
    const latin = table[ch];
    if (latin !== undefined) out += latin;
    else if ((ch >= '0' && ch <= '9') || ch === "'") out += ch;
    else return undefined;
  }
  return out || undefined;
}

function plainTransliterations(word: string): string[] {
  const scholarly = plainRender(word, SCHOLARLY_SYSTEM);
  if (scholarly === undefined) return [];
  const english = plainRender(word, ENGLISH_SYSTEM)!;
  return english === scholarly ? [scholarly] : [scholarly, english];
}

const letter = fc.oneof(
  fc.integer({ min: 0x400, max: 0x4ff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom(...Object.keys(ENGLISH_SYSTEM), '0', '7', "'", 'a', 'ѣ', '𐐀', '\ud800', '\udc00', ''),
);
const word = fc.array(letter, { maxLength: 12 }).map((ls) => ls.join(''));

describe('transliterations', () => {
  it('match the tables read letter by letter', () => {
    fc.assert(
      fc.property(word, (w) => {
        expect(transliterations(w)).toEqual(plainTransliterations(w));
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('render both systems, and none for a letter of neither', () => {
    expect(transliterations('хрущев')).toEqual(['hruscev', 'khrushchev']);
    expect(transliterations('сталин')).toEqual(['stalin']);
    expect(transliterations('ѣра')).toEqual([]);
  });
});
