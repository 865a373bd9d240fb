/**
 * Languages are BCP 47 tags (`en`, `ru`, `zh-Hans`, `ja`). Names come from
 * the platform's CLDR data (Intl.DisplayNames), so no table of names is kept
 * here; importers that meet a language *name* ("Japanese") use
 * {@link languageFromName}.
 * @module
 */
import { z } from 'zod';

/**
 * Tags canonicalized before, by their trimmed form: ICU's canonicalization costs more than a record's other
 * checks, and an import validates the same few tags on every record. Bounded, since the tags come from sources.
 */
const canonical = new Map<string, string | undefined>();
const CANONICAL_KEPT = 1024;

/** Parses and canonicalizes a BCP 47 tag (`ZH-hant` → `zh-Hant`). */
export function canonicalLanguageTag(tag: string): string | undefined {
  const trimmed = tag.trim();
  // Intl accepts tags far beyond what an archive needs (extensions, private use); keep language[-Script][-REGION].
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$/.test(trimmed)) return undefined;
  if (canonical.has(trimmed)) return canonical.get(trimmed);
  let result: string | undefined;
  try {
    result = Intl.getCanonicalLocales(trimmed)[0];
  } catch {
    result = undefined;
  }
  if (canonical.size < CANONICAL_KEPT) canonical.set(trimmed, result);
  return result;
}

export const languageTagSchema = z.string().transform((tag, ctx) => {
  const canonical = canonicalLanguageTag(tag);
  if (!canonical) {
    ctx.addIssue({ code: 'custom', message: `"${tag.slice(0, 40)}" is not a language tag such as "en", "zh-Hans" or "ru"` });
    return z.NEVER;
  }
  return canonical;
});

const displayNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** Names asked for before: ICU's lookup is slow beside a page's other work, and an archive uses a few dozen tags. */
const names = new Map<string, string>();

/** English name of a language tag: `ja` → "Japanese", `zh-Hant` → "Traditional Chinese". */
export function languageName(tag: string): string {
  let name = names.get(tag);
  if (name !== undefined) return name;
  try {
    name = displayNames.of(tag) ?? tag;
  } catch {
    name = tag;
  }
  if (names.size < 10_000) names.set(tag, name);
  return name;
}

/** ISO 639-1 codes plus the 639-3 codes that archives of the 20th century need most. */
const KNOWN_CODES = (
  'af am ar az be bg bn bo bs ca cs cy da de el en eo es et eu fa fi fil fr ga gl gu he hi hr hu hy id is it ja ka kk km ' +
  'kn ko ku ky la lo lt lv mk ml mn mr ms my ne nl no pa pl ps pt ro ru si sk sl so sq sr sv sw ta te tg th tk tl tr ' +
  'ug uk ur uz vi yi zh zu yue'
).split(' ');

let nameIndex: Map<string, string> | undefined;

/**
 * Language tag for an English language name, as found in spreadsheets and
 * scraped metadata ("Japanese" → `ja`, "Chinese" → `zh`). Undefined when unknown.
 */
export function languageFromName(name: string): string | undefined {
  if (!nameIndex) {
    nameIndex = new Map(KNOWN_CODES.map((code) => [displayNames.of(code)!.toLowerCase(), code]));
    nameIndex.set('chinese (simplified)', 'zh-Hans');
    nameIndex.set('simplified chinese', 'zh-Hans');
    nameIndex.set('chinese (traditional)', 'zh-Hant');
    nameIndex.set('traditional chinese', 'zh-Hant');
    nameIndex.set('mandarin', 'zh');
    nameIndex.set('farsi', 'fa');
  }
  const key = name.trim().toLowerCase();
  return nameIndex.get(key) ?? canonicalLanguageTag(key);
}

/** Writing direction of a language, for `dir` attributes. */
export function languageDirection(tag: string): 'rtl' | 'ltr' {
  return /^(?:ar|he|fa|ur|ps|yi|ug|ckb|dv)(?:-|$)/.test(tag) ? 'rtl' : 'ltr';
}
