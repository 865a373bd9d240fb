/**
 * Partial dates: the EDTF subset (ISO 8601-2 level 0, plus level 1 qualifiers, year-only
 * unspecified digits and closed intervals) used for document dates of mixed precision.
 * @module
 */
import { z } from 'zod';

export type DatePrecision = 'century' | 'decade' | 'year' | 'month' | 'day';

/** One end of a date. For `decade`/`century` precision, `year` is the first year (195X → 1950). */
export interface DatePoint {
  year: number;
  month?: number;
  day?: number;
  precision: DatePrecision;
  approximate: boolean;
  uncertain: boolean;
}

export interface PartialDate {
  /** Canonical EDTF text (trimmed, upper-case X). */
  edtf: string;
  /** For a single date, `start` and `end` hold the same values. */
  start: DatePoint;
  end: DatePoint;
  interval: boolean;
  /** The coarser precision of the two ends. */
  precision: DatePrecision;
  /** Either end is approximate. */
  approximate: boolean;
  /** Either end is uncertain. */
  uncertain: boolean;
  /** English text for readers, e.g. "March 3–5, 1984", "c. June 1948". */
  display: string;
  /** Inclusive ISO dates. Qualifiers do not widen it: `1955~` covers 1955-01-01..1955-12-31. */
  range: { start: string; end: string };
  /** Sorts chronologically; see {@link sortKeyOf}. */
  sortKey: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** Sorts after every real `sortKey` (in byte order and in locale order), for undated documents. */
export const UNDATED_SORT_KEY = '9999-99-99|9|9999-99-99|9';

const PRECISION_RANK: Record<DatePrecision, number> = { century: 0, decade: 1, year: 2, month: 3, day: 4 };

const EXPECTED_SINGLE = 'expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ ? or %';
const NOT_EDTF = `not an EDTF date; ${EXPECTED_SINGLE}, or two such dates joined by /`;
const SINGLE_SHAPE = /^([0-9X]{4})(?:-([0-9X]{2})(?:-([0-9X]{2}))?)?([~?%])?$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year` (proleptic Gregorian). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Quotes user input for an error message, shortening hostile lengths so messages stay readable. */
export function quoteInput(input: string): string {
  const chars = Array.from(input);
  return JSON.stringify(chars.length > 60 ? `${chars.slice(0, 57).join('')}…` : input);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

type PointResult = { ok: true; point: DatePoint } | { ok: false; detail: string };

function yearPart(year: string): { ok: true; year: number; precision: DatePrecision } | { ok: false; detail: string } {
  if (!year.includes('X')) return { ok: true, year: Number(year), precision: 'year' };
  // EDTF level 1 allows unspecified digits anywhere; we keep only 195X / 19XX, which have a meaning readers share.
  if (/^[0-9]{3}X$/.test(year)) return { ok: true, year: Number(year.slice(0, 3)) * 10, precision: 'decade' };
  if (/^[0-9]{2}XX$/.test(year)) return { ok: true, year: Number(year.slice(0, 2)) * 100, precision: 'century' };
  return { ok: false, detail: `only the last one or two digits of a year may be unspecified (e.g. 195X, 19XX), not ${year}` };
}

/** Parses one date without "/". `text` is trimmed and has upper-case X. */
function parsePoint(text: string, expected: string): PointResult {
  const m = SINGLE_SHAPE.exec(text);
  if (!m) return { ok: false, detail: expected };
  const [, yyyy = '', mm, dd, qualifier] = m;
  const year = yearPart(yyyy);
  if (!year.ok) return year;
  if ((mm ?? '').includes('X') || (dd ?? '').includes('X')) {
    return { ok: false, detail: 'unspecified digits (X) are supported in the year only' };
  }
  if (year.precision !== 'year' && mm !== undefined) {
    return { ok: false, detail: `a year with unspecified digits (${yyyy}) cannot have a month or day` };
  }
  const point: DatePoint = {
    year: year.year,
    precision: year.precision,
    // EDTF level 1: a trailing qualifier applies to the whole date; % means both ~ and ?.
    approximate: qualifier === '~' || qualifier === '%',
    uncertain: qualifier === '?' || qualifier === '%',
  };
  if (mm === undefined) return { ok: true, point };
  const month = Number(mm);
  if (month < 1 || month > 12) return { ok: false, detail: `month ${mm} is not between 01 and 12` };
  if (dd === undefined) return { ok: true, point: { ...point, month, precision: 'month' } };
  const day = Number(dd);
  if (day < 1 || day > 31) return { ok: false, detail: `day ${dd} is not between 01 and 31` };
  if (day > daysInMonth(year.year, month)) {
    return { ok: false, detail: `${yyyy} has no ${MONTH_NAMES[month - 1]} ${day}` };
  }
  return { ok: true, point: { ...point, month, day, precision: 'day' } };
}

function pointEdtf(p: DatePoint): string {
  const qualifier = p.approximate && p.uncertain ? '%' : p.approximate ? '~' : p.uncertain ? '?' : '';
  let text: string;
  if (p.precision === 'century') text = `${pad(p.year / 100)}XX`;
  else if (p.precision === 'decade') text = `${pad(p.year / 10, 3)}X`;
  else text = [pad(p.year, 4), p.month && pad(p.month), p.day && pad(p.day)].filter(Boolean).join('-');
  return text + qualifier;
}

function firstDay(p: DatePoint): string {
  return `${pad(p.year, 4)}-${pad(p.month ?? 1)}-${pad(p.day ?? 1)}`;
}

function lastDay(p: DatePoint): string {
  const span = p.precision === 'century' ? 99 : p.precision === 'decade' ? 9 : 0;
  const year = p.year + span;
  const month = p.month ?? 12;
  return `${pad(year, 4)}-${pad(month)}-${pad(p.day ?? daysInMonth(year, month))}`;
}

/**
 * `START|P|END|Q`, e.g. `1955-01-01|2|1955-12-31|0` for 1955: START and END are the inclusive
 * range (fixed-width ISO, so byte order is chronological); P is the precision rank (0 century,
 * 1 decade, 2 year, 3 month, 4 day) so coarser dates come first at the same start; END then
 * puts narrower ranges first; Q is 0 exact, 1 approximate, 2 uncertain, 3 both.
 */
function sortKeyOf(range: { start: string; end: string }, precision: DatePrecision, approximate: boolean, uncertain: boolean): string {
  return `${range.start}|${PRECISION_RANK[precision]}|${range.end}|${(approximate ? 1 : 0) + (uncertain ? 2 : 0)}`;
}

function pointText(p: DatePoint): string {
  const year = String(p.year);
  switch (p.precision) {
    case 'century':
    case 'decade':
      return `${year}s`;
    case 'year':
      return year;
    case 'month':
      return `${MONTH_NAMES[p.month! - 1]} ${year}`;
    case 'day':
      return `${MONTH_NAMES[p.month! - 1]} ${p.day}, ${year}`;
  }
}

function qualify(text: string, p: DatePoint): string {
  return `${p.approximate ? 'c. ' : ''}${text}${p.uncertain ? '?' : ''}`;
}

/** En dash, spaced when either side has spaces ("1956–1957" but "1955 – March 1956"). */
function dash(left: string, right: string): string {
  return left.includes(' ') || right.includes(' ') ? `${left} – ${right}` : `${left}–${right}`;
}

/** Both ends without qualifiers, sharing the year (and month) when they have them in common. */
function collapsedText(a: DatePoint, b: DatePoint): string {
  if (a.precision !== b.precision) return dash(pointText(a), pointText(b));
  const sameYear = a.year === b.year;
  const sameMonth = sameYear && a.month === b.month;
  if (a.precision === 'day' && sameMonth && a.day === b.day) return pointText(a);
  if (a.precision === 'day' && sameMonth) return `${MONTH_NAMES[a.month! - 1]} ${a.day}–${b.day}, ${a.year}`;
  if (a.precision === 'day' && sameYear) {
    return `${dash(`${MONTH_NAMES[a.month! - 1]} ${a.day}`, `${MONTH_NAMES[b.month! - 1]} ${b.day}`)}, ${a.year}`;
  }
  if (a.precision === 'month' && sameMonth) return pointText(a);
  if (a.precision === 'month' && sameYear) return `${dash(MONTH_NAMES[a.month! - 1]!, MONTH_NAMES[b.month! - 1]!)} ${a.year}`;
  if (a.precision !== 'day' && a.precision !== 'month' && sameYear) return pointText(a);
  return dash(pointText(a), pointText(b));
}

function displayOf(a: DatePoint, b: DatePoint, interval: boolean): string {
  if (!interval) return qualify(pointText(a), a);
  // Shared qualifiers apply to the whole interval; differing ones stay on their own end, uncollapsed and
  // behind a spaced dash, so "1955 – 1957?" cannot be read as "(1955–1957)?".
  if (a.approximate === b.approximate && a.uncertain === b.uncertain) return qualify(collapsedText(a, b), a);
  return `${qualify(pointText(a), a)} – ${qualify(pointText(b), b)}`;
}

function build(start: DatePoint, end: DatePoint, interval: boolean): PartialDate {
  const precision = PRECISION_RANK[start.precision] <= PRECISION_RANK[end.precision] ? start.precision : end.precision;
  const approximate = start.approximate || end.approximate;
  const uncertain = start.uncertain || end.uncertain;
  const range = { start: firstDay(start), end: lastDay(end) };
  return {
    edtf: interval ? `${pointEdtf(start)}/${pointEdtf(end)}` : pointEdtf(start),
    start,
    end,
    interval,
    precision,
    approximate,
    uncertain,
    display: displayOf(start, end, interval),
    range,
    sortKey: sortKeyOf(range, precision, approximate, uncertain),
  };
}

function checkInterval(text: string): ParseResult<PartialDate> {
  const sides = text.split('/');
  if (sides.length !== 2) return { ok: false, error: 'an interval has exactly one "/" between its start and end' };
  const [left = '', right = ''] = sides;
  if (left === '' || right === '' || left === '..' || right === '..') {
    return { ok: false, error: 'open intervals are not supported (an interval needs both a start and an end date)' };
  }
  const start = parsePoint(left, `not an EDTF date; ${EXPECTED_SINGLE}`);
  if (!start.ok) return { ok: false, error: `start ${quoteInput(left)}: ${start.detail}` };
  const end = parsePoint(right, `not an EDTF date; ${EXPECTED_SINGLE}`);
  if (!end.ok) return { ok: false, error: `end ${quoteInput(right)}: ${end.detail}` };
  // Only a definite reversal is rejected: 1956-05/1956 may still end in December 1956.
  if (lastDay(end.point) < firstDay(start.point)) {
    return {
      ok: false,
      error: `the interval ends (${pointEdtf(end.point)}) before it starts (${pointEdtf(start.point)})`,
    };
  }
  return { ok: true, value: build(start.point, end.point, true) };
}

/**
 * Like {@link parsePartialDate}, but a failure's message is only the problem, without the quoted
 * input — for callers (such as the free-text reader) that quote their own text.
 */
export function checkPartialDate(input: string): ParseResult<PartialDate> {
  if (typeof input !== 'string') return { ok: false, error: 'a date must be a string' };
  const text = input.trim().replace(/x/g, 'X');
  if (text === '') return { ok: false, error: 'a date cannot be empty' };
  if (text.includes('/')) return checkInterval(text);
  const point = parsePoint(text, NOT_EDTF);
  return point.ok ? { ok: true, value: build(point.point, { ...point.point }, false) } : { ok: false, error: point.detail };
}

/**
 * Parses an EDTF date of the supported subset (see the module comment). Surrounding whitespace is
 * ignored; errors read `"<input>": <what is wrong>`.
 */
export function parsePartialDate(input: string): ParseResult<PartialDate> {
  const result = checkPartialDate(input);
  if (result.ok) return result;
  const shown = typeof input === 'string' ? input.trim() : String(input);
  return { ok: false, error: `${quoteInput(shown)}: ${result.error}` };
}

export function isValidPartialDate(input: string): boolean {
  return checkPartialDate(input).ok;
}

/** A string that must parse as a partial date; outputs the canonical EDTF (e.g. " 195x " → "195X"). */
export const partialDateSchema: z.ZodType<string, string> = z.string().transform((value, ctx) => {
  const parsed = parsePartialDate(value);
  if (parsed.ok) return parsed.value.edtf;
  ctx.addIssue({ code: 'custom', message: parsed.error, input: value });
  return z.NEVER;
});

/** The range as integers yyyymmdd (e.g. 19550101, 19551231), for compact search indexes. */
export function rangeAsNumbers(d: PartialDate): { start: number; end: number } {
  return { start: Number(d.range.start.replaceAll('-', '')), end: Number(d.range.end.replaceAll('-', '')) };
}

function boundPoint(bound: string, which: 'from' | 'to'): DatePoint {
  const point = /^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$/.test(bound) ? parsePoint(bound, '') : undefined;
  if (!point?.ok) {
    const problem = point && !point.ok ? point.detail : 'expected YYYY, YYYY-MM or YYYY-MM-DD';
    throw new RangeError(`invalid "${which}" bound ${quoteInput(bound)}: ${problem}`);
  }
  return point.point;
}

/**
 * True when the date's range overlaps the closed range [from, to]. Bounds are `YYYY`, `YYYY-MM` or
 * `YYYY-MM-DD` and cover their whole extent (`to: '1955'` includes December 31, 1955); an undefined
 * bound is open. Throws RangeError on a malformed bound, so callers validate user-supplied bounds first.
 */
export function overlaps(d: PartialDate, from?: string, to?: string): boolean {
  const lower = from === undefined ? undefined : firstDay(boundPoint(from, 'from'));
  const upper = to === undefined ? undefined : lastDay(boundPoint(to, 'to'));
  return (lower === undefined || d.range.end >= lower) && (upper === undefined || d.range.start <= upper);
}

/**
 * A date someone typed as a bound (a search filter, a URL): `YYYY`, `YYYY-MM` or `YYYY-MM-DD` that exists
 * in the calendar. Year 0000 is refused: EDTF reads it as 1 BC, but no record of an archive of modern
 * history is dated so, and in a URL it is a slip. The error names the problem, not the input.
 */
export function checkDateBound(input: string): ParseResult<string> {
  const text = input.trim();
  if (!/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(text)) return { ok: false, error: 'expected YYYY, YYYY-MM or YYYY-MM-DD' };
  if (text.startsWith('0000')) return { ok: false, error: 'there is no year 0000' };
  const checked = checkPartialDate(text);
  return checked.ok ? { ok: true, value: text } : { ok: false, error: checked.error };
}
