/**
 * Dates written in Russian inside a title or heading: "22 декабря 1917 г."
 * (a day), "17–23 марта 1920 г." (days), "в декабре 1918 года" (a month).
 * Stalin's *Collected Works* give only a year per document, but many titles
 * name the day a speech was given or a telegram sent. A title naming two
 * different dates says nothing certain about the document's own, so it gives
 * none.
 * @module
 */
import { checkPartialDate, type ParseResult } from './partial-date.js';

const GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const PREPOSITIONAL = ['январе', 'феврале', 'марте', 'апреле', 'мае', 'июне', 'июле', 'августе', 'сентябре', 'октябре', 'ноябре', 'декабре'];

const DAYS = new RegExp(`(?<![\\d\\p{L}])(\\d{1,2})(?:\\s*[–—-]\\s*(\\d{1,2}))?\\s+(${GENITIVE.join('|')})\\s+(\\d{4})(?!\\d)`, 'giu');
const MONTH = new RegExp(`(?<![\\p{L}])в\\s+(${PREPOSITIONAL.join('|')})\\s+(\\d{4})(?!\\d)`, 'giu');

const pad = (n: number) => String(n).padStart(2, '0');

/** The one date the text names, as EDTF; an error when it names none, several, or an impossible one. */
export function readRussianDate(text: string): ParseResult<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(DAYS)) {
    const month = GENITIVE.indexOf(m[3]!.toLowerCase()) + 1;
    const start = `${m[4]}-${pad(month)}-${pad(Number(m[1]))}`;
    found.add(m[2] ? `${start}/${m[4]}-${pad(month)}-${pad(Number(m[2]))}` : start);
  }
  // A month counts only where no day of it was given ("в декабре 1918 года").
  for (const m of text.matchAll(MONTH)) {
    const month = PREPOSITIONAL.indexOf(m[1]!.toLowerCase()) + 1;
    const edtf = `${m[2]}-${pad(month)}`;
    if (![...found].some((d) => d.startsWith(edtf))) found.add(edtf);
  }
  if (found.size === 0) return { ok: false, error: 'names no date' };
  if (found.size > 1) return { ok: false, error: `names ${found.size} dates (${[...found].join(', ')})` };
  const checked = checkPartialDate([...found][0]!);
  return checked.ok ? { ok: true, value: checked.value.edtf } : { ok: false, error: checked.error };
}
