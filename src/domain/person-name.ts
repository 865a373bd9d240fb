/**
 * The parts of a person's name, read by rule: which word is the family name,
 * in what order the name is written, and the forms an index and a lookup
 * need. "Nehru, Jawaharlal" and "Jawaharlal Nehru" are one name; Chinese,
 * Japanese and Korean names are written family name first and take no comma
 * ("Lin Biao", "Hara Takashi", "Kim Il-sung"), whichever way a source wrote
 * them.
 *
 * A romanized name is read as East Asian when its family name is a common
 * Chinese, Japanese or Korean surname (person-name-data.ts) and every part of
 * its given name is made of syllables of a romanization (pinyin, Wade–Giles,
 * Hepburn, Revised or McCune–Reischauer Korean). Both conditions, because
 * each alone errs: "Lee" and "Young" are English names too, and "Maria" is
 * made of Japanese syllables. A name in Han, kana or Hangul is family name
 * first by its script.
 * @module
 */
import { foldName } from './names.js';
import { EAST_ASIAN_SURNAMES, NAME_PARTICLES, NAME_SUFFIXES, NAME_TITLES, ROMANIZED_SYLLABLE, GIVEN_FIRST_SYLLABLE, WESTERN_GIVEN } from './person-name-data.js';

export interface PersonName {
  /** Family name ("Nehru", "van Buren", "Lin"); the whole name when no part can be told apart ("Nicholas II"). */
  family: string;
  /** Given names, titles and suffixes left out ("Jawaharlal", "Biao"); may be empty. */
  given: string;
  /** Titles and suffixes the name carried ("Baron", "Jr."), in order. */
  extras: string[];
  /** True for names written family name first without a comma (East Asian names). */
  familyFirst: boolean;
}

const CJK_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const SYLLABLES = new RegExp(`^(?:${ROMANIZED_SYLLABLE})+$`);
/** Given names written before an East Asian family name ("Takashi Hara", "Biao Lin"): pinyin and Hepburn only, the Korean and Cantonese syllables being loose enough to read "Wellington". */
const GIVEN_FIRST_SYLLABLES = new RegExp(`^(?:${GIVEN_FIRST_SYLLABLE})+$`);

const key = (word: string) => word.toLowerCase().replace(/[.’']/g, '');
const isTitle = (word: string) => NAME_TITLES.has(key(word)) || NAME_SUFFIXES.has(key(word)) || /^\(.*\)$/.test(word);

/** True when a word is a common East Asian surname in a romanization. */
function isEastAsianSurname(word: string): boolean {
  return EAST_ASIAN_SURNAMES.has(foldName(word));
}

/** True when every part of a given name ("Kai-shek", "Zedong", "Il Sung", "Shimpei") is made of romanized syllables. */
function isRomanizedGiven(words: string[], syllables = SYLLABLES): boolean {
  if (words.length === 0 || words.length > 3) return false;
  return words.every((w) => !WESTERN_GIVEN.has(foldName(w))) && words.every((w) =>
    w
      .split(/[-‐]/)
      .every((part) => {
        const plain = foldName(part.replace(/[’']/g, ''));
        return plain.length > 0 && plain.length <= 12 && /^[a-z]+$/.test(plain) && syllables.test(plain);
      }),
  );
}

/** Reads a person's name into its parts. */
export function parsePersonName(raw: string): PersonName {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (CJK_SCRIPT.test(name) && !/[A-Za-z]/.test(name)) {
    // Han, kana or Hangul: family name first; without a dictionary the first character is the surest family name.
    const compact = name.replace(/[\s・·]/g, '');
    return { family: compact.slice(0, 1), given: compact.slice(1), extras: [], familyFirst: true };
  }
  const comma = name.indexOf(',');
  if (comma > 0) {
    // "Family, Given[, Title]": an inverted name, as indexes and finding aids write them.
    const family = name.slice(0, comma).trim();
    const head = family.includes(' ') ? parsePersonName(family) : undefined;
    if (head?.familyFirst) {
      // "Goto Shimpei, Baron": an East Asian name already in order, then its titles.
      return { ...head, extras: [...head.extras, ...name.slice(comma + 1).split(',').map((p) => p.trim()).filter(Boolean)] };
    }
    // A parenthesized aside ("Lenin, N. (Vladimir Ulyanov)", "(later Maj. Gen.)") is no part of the given name.
    const asides = name.slice(comma + 1).match(/\([^()]*\)/g) ?? [];
    const rest = name.slice(comma + 1).replace(/\([^()]*\)/g, ' ').split(',').flatMap((p) => p.trim().split(' ')).filter(Boolean);
    const extras = [...rest.filter(isTitle), ...asides];
    const givenWords = rest.filter((w) => !isTitle(w));
    const familyFirst = isEastAsianSurname(family) && isRomanizedGiven(givenWords);
    return { family, given: givenWords.join(' '), extras, familyFirst };
  }
  const words = name.split(' ');
  const extras = words.filter(isTitle);
  const plain = words.filter((w) => !isTitle(w));
  if (plain.length < 2) return { family: plain.join(' ') || name, given: '', extras, familyFirst: false };
  if (isEastAsianSurname(plain[0]!) && isRomanizedGiven(plain.slice(1))) {
    return { family: plain[0]!, given: plain.slice(1).join(' '), extras, familyFirst: true };
  }
  // Given name first; the family name is the last word with the particles before it ("Martin van Buren").
  let start = plain.length - 1;
  while (start > 0 && NAME_PARTICLES.has(plain[start - 1]!.toLowerCase())) start--;
  if (start === 0) return { family: plain.join(' '), given: '', extras, familyFirst: false }; // "El Hashimi", "de Gaulle"
  const family = plain.slice(start).join(' ');
  const given = plain.slice(0, start);
  // "Takashi Hara": an East Asian name in Western order is still filed under its family name, written first.
  const familyFirst = plain.length === 2 && isEastAsianSurname(family) && isRomanizedGiven(given, GIVEN_FIRST_SYLLABLES) && !isEastAsianSurname(given[0]!);
  return { family, given: given.join(' '), extras, familyFirst };
}

/**
 * The name as a record should carry it: East Asian names family name first
 * without a comma ("Lin, Biao" → "Lin Biao"; titles keep theirs: "Goto
 * Shimpei, Baron"); any other name as written.
 */
export function preferredPersonName(name: string): string {
  const p = parsePersonName(name);
  if (!p.familyFirst || CJK_SCRIPT.test(name) || !p.given) return name;
  return [`${p.family} ${p.given}`, ...p.extras].join(', ');
}

/**
 * The name with its given names first, as English prose writes it ("Nehru,
 * Jawaharlal" → "Jawaharlal Nehru", "Hara, Takashi" → "Takashi Hara"), or
 * undefined when that is how it is written or it has no given name.
 */
export function givenFirstPersonName(name: string): string | undefined {
  const p = parsePersonName(name);
  if (!p.given || CJK_SCRIPT.test(name)) return undefined;
  const natural = `${p.given} ${p.family}`;
  return foldName(natural) === foldName(name) ? undefined : natural;
}

/** The name as an A–Z index files it: "Nehru, Jawaharlal", "Lin Biao" (never a comma for East Asian names). */
export function indexPersonName(name: string): string {
  const p = parsePersonName(name);
  if (!p.given || CJK_SCRIPT.test(name) || !looksLikeGivenNames(p.given)) return name;
  const head = p.familyFirst ? `${p.family} ${p.given}` : `${p.family}, ${p.given}`;
  return [head, ...p.extras].join(', ');
}

/** Given names are capitalized words and initials; "Bayman to" (a heading read as a name) is not, and is left as written. */
function looksLikeGivenNames(given: string): boolean {
  return given.split(/[\s-]+/).every((w) => /^\p{Lu}/u.test(w) || NAME_PARTICLES.has(w.toLowerCase()));
}

/** Sort key of an A–Z index of people: family name, then given names, folded. */
export function personSortKey(name: string): string {
  const p = parsePersonName(name);
  // A name the index shows as written is filed as written, so its letter and its place agree.
  if (p.given && !CJK_SCRIPT.test(name) && !looksLikeGivenNames(p.given)) return foldName(name);
  return `${foldName(p.family)} ${foldName(p.given)}`;
}

/**
 * Lookup keys of a person's name (folded as `foldName` folds): as written,
 * family + given and given + family, titles left out — so "Jawaharlal
 * Nehru", "Nehru, Jawaharlal" and "NEHRU, Jawaharlal, Pandit" meet. A bare
 * family name keys only as written.
 */
export function personNameKeys(name: string): string[] {
  const keys = new Set([foldName(name)]);
  const p = parsePersonName(name);
  if (p.given) {
    keys.add(foldName(p.family) + foldName(p.given));
    keys.add(foldName(p.given) + foldName(p.family));
  }
  return [...keys].filter(Boolean);
}
