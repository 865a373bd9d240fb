/**
 * Cyrillic → Latin transliteration for search, so that a Latin query finds
 * Cyrillic text: "Beograd" finds Београд, "covek" finds човек, "Stalin"
 * finds Сталин. Two systems, because readers type both:
 *
 * - the scholarly system (ISO 9 / the Slavist convention), which is also the
 *   official Latin alphabet of Serbian and Macedonian: ж ž, ч č, ш š, х h,
 *   ц c, ј j, љ lj, њ nj, ђ đ, ћ ć, ѓ ǵ, ќ ḱ, ѕ dz, џ dž — given here already
 *   folded (ž → z, č → c …) since the analyzer folds Latin diacritics;
 * - the English system (BGN/PCGN, used by newspapers and most finding aids):
 *   ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ю yu, я ya, й y ("Khrushchev").
 *
 * The input is a word the analyzer has already lower-cased and folded
 * (ё → е). The language of a word is unknown (Russian и and Ukrainian и read
 * differently), so one table serves every Cyrillic language; a word whose two
 * renderings agree yields one.
 * @module
 */

/** The scholarly system, already folded (exported for tests). */
export const SCHOLARLY_SYSTEM: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'd', ѓ: 'g', е: 'e', є: 'je', ж: 'z', з: 'z', ѕ: 'dz', и: 'i', і: 'i', ї: 'ji',
  й: 'j', ј: 'j', к: 'k', ќ: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'c',
  у: 'u', ў: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'c', џ: 'dz', ш: 's', щ: 'sc', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'ju', я: 'ja', ґ: 'g',
};

/** The English system (BGN/PCGN) where it differs from the scholarly one (exported for tests). */
export const ENGLISH_SYSTEM: Readonly<Record<string, string>> = {
  ...SCHOLARLY_SYSTEM,
  є: 'ye', ж: 'zh', ї: 'yi', й: 'y', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ю: 'yu', я: 'ya', ђ: 'dj', џ: 'dzh', ћ: 'ch',
};

/** True when a normalized word is written in Cyrillic (its first letter decides, as for stemming). */
export function isCyrillicWord(word: string): boolean {
  const c = word.charCodeAt(0);
  return c >= 0x400 && c <= 0x4ff;
}

/** A table by code unit from U+0400, so a rendering reads no string key per letter. */
function byCode(table: Record<string, string>): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(0x100).fill(undefined);
  for (const [ch, latin] of Object.entries(table)) out[ch.charCodeAt(0) - 0x400] = latin;
  return out;
}
const SCHOLARLY_CODES = byCode(SCHOLARLY_SYSTEM);
const ENGLISH_CODES = byCode(ENGLISH_SYSTEM);

function render(word: string, table: readonly (string | undefined)[]): string | undefined {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    const latin = c >= 0x400 && c < 0x500 ? table[c - 0x400] : undefined;
    if (latin !== undefined) out += latin;
    else if ((c >= 0x30 && c <= 0x39) || c === 0x27) out += word[i];
    else return undefined; // a letter of no table (Old Church Slavonic, a stray symbol): no rendering rather than a wrong one
  }
  return out || undefined;
}

/** The distinct Latin renderings of a normalized Cyrillic word (scholarly first), or none. */
export function transliterations(word: string): string[] {
  const scholarly = render(word, SCHOLARLY_CODES);
  if (scholarly === undefined) return [];
  const english = render(word, ENGLISH_CODES)!;
  return english === scholarly ? [scholarly] : [scholarly, english];
}
