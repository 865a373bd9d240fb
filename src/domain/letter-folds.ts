/**
 * Letters Unicode does not decompose into a base letter and a mark, folded to
 * the Latin letters a reader types for them: Croatian and Vietnamese đ,
 * Polish ł, Turkish dotless ı, Danish and Norwegian ø, æ and œ, Icelandic þ
 * and ð. NFD leaves every one of them whole, so removing marks is not enough
 * ("czlowieka" must find "człowieka"). Shared by the search analyzer and name
 * lookup so both fold alike.
 * @module
 */

/** Each folded letter (lower case; callers lower-case first) and what it becomes. */
export const LETTER_FOLDS: Readonly<Record<string, string>> = {
  đ: 'd', ð: 'd', ł: 'l', ı: 'i', ø: 'o', æ: 'ae', œ: 'oe', þ: 'th', ħ: 'h', ŧ: 't', ŀ: 'l', ĸ: 'k', ŋ: 'n',
};

const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');
const HAS_FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`);

/** Folds the letters of {@link LETTER_FOLDS} in lower-cased text. */
export function foldLetters(lower: string): string {
  return HAS_FOLDABLE.test(lower) ? lower.replace(FOLDABLE, (ch) => LETTER_FOLDS[ch]!) : lower;
}
