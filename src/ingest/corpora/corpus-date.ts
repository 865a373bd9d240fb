/**
 * A corpus record's date, by its map's `date` rule: the value read with its
 * convention; refined by a second value that names the day inside it (a
 * Stalin title's "22 декабря 1917 г." within the header's Year 1917); and
 * checked against the years a record of the source can be from, so an
 * encoding slip (0201, 1670) is reported and kept as text, never published
 * as a date.
 * @module
 */
import { parsePartialDate, type ParseResult } from '../../domain/partial-date.js';
import type { Conversion, FieldSpec } from './corpus-map.js';
import type { Row } from './layouts.js';

export interface DateFields {
  date?: string;
  dateText?: string;
  warnings: string[];
}

export function corpusDate(spec: FieldSpec, value: string, row: Row, convert: (as: Conversion | undefined, v: string) => ParseResult<string> | undefined): DateFields {
  const rule = typeof spec === 'object' ? spec : undefined;
  const read = convert(rule?.as, value);
  if (!read?.ok) return { dateText: value.slice(0, 300), warnings: [`date "${value}" could not be read${read ? ` (${read.error})` : ''}; kept as text`] };
  let date = read.value;
  const warnings: string[] = [];
  const detail = rule?.refine && row.values[rule.refine.from]?.trim();
  if (rule?.refine && detail) {
    const finer = convert(rule.refine.as, detail);
    // Only a date inside the one already read, and more precise, refines it; one outside is the source disagreeing with itself.
    if (finer?.ok && finer.value !== date) {
      if (within(finer.value, date)) date = finer.value;
      else warnings.push(`${rule.refine.from} dates it ${finer.value}, outside ${date}; ${date} kept`);
    }
  }
  const span = rule?.plausible;
  const parsed = parsePartialDate(date);
  if (span && parsed.ok) {
    const [from, to] = [Number(parsed.value.range.start.slice(0, 4)), Number(parsed.value.range.end.slice(0, 4))];
    if (from < span[0] || to > span[1]) {
      return { dateText: value.slice(0, 300), warnings: [...warnings, `date ${date} is outside the years this source covers (${span[0]}–${span[1]}): not stored, kept as text`] };
    }
  }
  return { date, warnings };
}

/** `inner` lies within `outer` and is more precise (1917-12-22 within 1917). */
function within(inner: string, outer: string): boolean {
  const a = parsePartialDate(inner);
  const b = parsePartialDate(outer);
  if (!a.ok || !b.ok) return false;
  const r = a.value.range;
  const o = b.value.range;
  return r.start >= o.start && r.end <= o.end && (r.start !== o.start || r.end !== o.end);
}
