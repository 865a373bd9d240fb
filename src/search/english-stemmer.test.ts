/**
 * The hand-written English stemmer gives exactly the stems of the library
 * it replaces (`@orama/stemmers/english`), which the index's terms were
 * made with: on generated words built from the suffixes each step looks for
 * (a fixed seed, so a failure replays), and on every Latin-script word of
 * shared corpora (skipped with a message when they are absent).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stemmer as libraryStem } from '@orama/stemmers/english';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../test/helpers.js';
import { normalizeWord } from './analyzer.js';
import { englishStem } from './english-stemmer.js';

const SEED = Number(process.env.DOSSIER_FUZZ_SEED ?? 20261206);

const piece = fc.constantFrom(
  'a', 'e', 'i', 'o', 'u', 'y', 'b', 'c', 'd', 'g', 'l', 'm', 'n', 'r', 's', 't', 'w', 'x', 'z', 'é', 'ß', 'ł',
  'ss', 'ies', 'sses', 'eed', 'ed', 'ing', 'at', 'bl', 'iz', 'll', 'sion', 'tion',
  'ational', 'tional', 'enci', 'anci', 'izer', 'bli', 'alli', 'entli', 'eli', 'ousli', 'ization', 'ation', 'ator', 'alism',
  'iveness', 'fulness', 'ousness', 'aliti', 'iviti', 'biliti', 'logi', 'icate', 'ative', 'alize', 'iciti', 'ical', 'ful', 'ness',
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize',
);
const word = fc.array(piece, { minLength: 1, maxLength: 7 }).map((ps) => ps.join(''));

describe('englishStem: the stems of @orama/stemmers/english', () => {
  it('on words made of the suffixes and letters the steps test', () => {
    fc.assert(
      fc.property(word, (w) => {
        expect(englishStem(w)).toBe(libraryStem(w));
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it('on the words the steps single out', () => {
    const words = ['adoption', 'rational', 'relational', 'conditional', 'yes', 'yesterday', 'yielding', 'eed', 'feed', 'agreed', 'ies', 'ties', 'sses', 'caresses', 'hopping', 'falling', 'filing', 'controll', 'roll', 'generalization', 'y', 'ya', 'ss'];
    for (const w of words) expect(englishStem(w), w).toBe(libraryStem(w));
    expect(englishStem('adoption')).toBe('adop');
  });

  // Snippets find where a term can be in a text by this (snippet.ts `openingsOf`): a stem is its word's opening and at most one letter more.
  const opens = (w: string) => w.startsWith(englishStem(w).slice(0, Math.max(1, englishStem(w).length - 1)));
  it('keeps all of a stem but its last letter as the opening of its word', () => {
    fc.assert(
      fc.property(word, (w) => {
        expect(opens(w), `${w} → ${englishStem(w)}`).toBe(true);
      }),
      { seed: SEED, numRuns: 20_000 },
    );
    for (const w of ['possibility', 'volubility', 'abilities', 'dying', 'skies', 'hoping', 'dependency', 'sensibilities', 'y', 'ays', 'yearly']) expect(opens(w), w).toBe(true);
  });

  const frus = join(SHARED_DATA, 'frus', 'frus1861.xml');
  const udhr = join(SHARED_DATA, 'udhr');
  it.skipIf(!existsSync(frus) || !existsSync(udhr))('on every Latin-script word of a FRUS volume and the UDHR in every language', () => {
    const texts = [readFileSync(frus, 'utf8'), ...readdirSync(udhr).map((f) => readFileSync(join(udhr, f), 'utf8'))];
    const words = new Set<string>();
    for (const text of texts) {
      for (const [w] of text.matchAll(/[\p{L}\p{M}']+/gu)) {
        const normalized = normalizeWord(w).replace(/'/g, '');
        if (/^[a-z\u00C0-\u024F]{3,}$/.test(normalized)) words.add(normalized);
      }
    }
    expect(words.size).toBeGreaterThan(10_000);
    const differ = [...words].filter((w) => englishStem(w) !== libraryStem(w));
    expect(differ).toEqual([]);
    expect([...words].filter((w) => /^[a-z]+$/.test(w) && !opens(w))).toEqual([]);
  });
  if (!existsSync(frus) || !existsSync(udhr)) console.warn(`englishStem: ${SHARED_DATA} has no frus/frus1861.xml or udhr/: the corpus comparison is skipped`);
});
