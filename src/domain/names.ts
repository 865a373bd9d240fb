/**
 * Folding of personal and place names for lookup: "Chou En-lai", "chou enlai"
 * and "CHOU EN-LAI" are one key; "Lüshun" and "Lushun" too, and so are
 * "Wałęsa" and "Walesa" (letters NFD leaves whole, letter-folds.ts). Marks are removed
 * only from Latin letters: in Japanese (が) and Russian (й) they make another
 * letter, not a variant of the same one.
 * @module
 */
import { foldLetters } from './letter-folds.js';

const ASCII = /^[\x00-\x7f]*$/;

/** Removes diacritics from Latin letters and folds Cyrillic ё to е; other scripts are untouched. */
export function foldDiacritics(text: string): string {
  // Most text an archive holds is plain ASCII, which has nothing to fold.
  if (ASCII.test(text)) return text;
  return text
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/ё/g, 'е')
    .replace(/Ё/g, 'Е');
}

export function foldName(name: string): string {
  return foldLetters(foldDiacritics(name.normalize('NFKC')).toLowerCase())
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
