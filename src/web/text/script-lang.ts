/**
 * Which language a short text is in, judged by its script against the
 * languages a document is known to be in: "昭和三十五年八月十八日" in a document
 * whose original is Japanese is Japanese. Used to put `lang` on fields that
 * quote the original (date as written, place written, file numbers), so
 * screen readers and fonts treat them right.
 * @module
 */

const SCRIPTS: [RegExp, RegExp][] = [
  [/^(?:ja)\b/, /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
  [/^(?:zh|yue)\b/, /\p{Script=Han}/u],
  [/^ko\b/, /[\p{Script=Hangul}\p{Script=Han}]/u],
  [/^(?:ru|uk|be|bg|sr|mk|kk|mn)\b/, /\p{Script=Cyrillic}/u],
  [/^(?:ar|fa|ur)\b/, /\p{Script=Arabic}/u],
  [/^he\b/, /\p{Script=Hebrew}/u],
];

/** The first of `languages` whose script the text uses; undefined for Latin-script text or no match. */
export function scriptLanguage(text: string | undefined, languages: readonly string[]): string | undefined {
  if (!text || !/[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(text)) return undefined;
  for (const lang of languages) {
    const script = SCRIPTS.find(([tag]) => tag.test(lang))?.[1];
    if (script?.test(text)) return lang;
  }
  return undefined;
}

/** A mostly-Latin text cut into pieces, the runs in `lang`'s script marked: for English notes quoting a word of the original. */
export function scriptRuns(text: string, lang: string): { text: string; lang?: string }[] {
  const script = SCRIPTS.find(([tag]) => tag.test(lang))?.[1];
  if (!script) return [{ text }];
  const run = new RegExp(`(?:${script.source})+(?:[\\s・-]*(?:${script.source})+)*`, 'gu');
  const out: { text: string; lang?: string }[] = [];
  let at = 0;
  for (const m of text.matchAll(run)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    out.push({ text: m[0], lang });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}
