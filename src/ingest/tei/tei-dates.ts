/**
 * TEI dates to EDTF: `date/@when` (a date, a dateTime with or without zone,
 * or a gMonthDay such as `--06-26`), `@notBefore`/`@notAfter`, and FRUS's
 * normalised `@frus:doc-dateTime-min/max` pair. Precision is exactly what the
 * value gives; a value that is not a real, plausible date is reported as
 * dirty (with the reason) and never turned into a date.
 * @module
 */
import { checkPartialDate, daysInMonth } from '../../domain/partial-date.js';

export type DateReading =
  | {
      ok: true;
      edtf: string;
      /** The wall-clock time the value gives, with its zone when it has one (for a cable's `sent`). */
      time?: { dateTime: string; timeZone?: string };
    }
  | { ok: false; raw: string; reason: string };

export interface DateOptions {
  /** Dates after this year are impossible (a volume cannot print a document written after it was published). */
  latestYear?: number;
  /**
   * Dates before this year are outside the volume's plausible span: a volume prints the papers of its
   * year and the older ones they quote, not papers from centuries before it (frus1870 prints
   * "November 1, 1670" for 1870). See {@link PLAUSIBLE_YEARS_BEFORE}.
   */
  earliestYear?: number;
  /** The year the earliest bound is counted from, for the message. */
  volumeYear?: number;
}

/** How far before its own year a volume's documents may plausibly go (frus1872p2v2 quotes papers of 1806). */
export const PLAUSIBLE_YEARS_BEFORE = 100;

/** Years before this are encoding slips in these sources (`0201-06-05` for 1864-06-05), not real dates. */
export const EARLIEST_YEAR = 1500;

const WHEN = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

interface Parsed {
  date: string;
  year: number;
  month?: number;
  day?: number;
  hh?: string;
  mm?: string;
  ss?: string;
  zone?: string;
}

function parse(raw: string, options: DateOptions): Parsed | { reason: string } {
  const value = raw.trim();
  if (/^--\d{2}-\d{2}$/.test(value)) return { reason: 'a month and day with no year' };
  if (/^---\d{2}$/.test(value) || /^--\d{2}$/.test(value)) return { reason: 'a day or month with no year' };
  const m = WHEN.exec(value);
  if (!m) return { reason: 'not an ISO date or dateTime' };
  const [, y, mo, d, hh, mm, ss, zone] = m;
  const date = [y, mo, d].filter(Boolean).join('-');
  const check = checkPartialDate(date);
  if (!check.ok) return { reason: check.error };
  const year = Number(y);
  if (year < EARLIEST_YEAR) return { reason: `the year ${y} is not plausible` };
  if (options.earliestYear !== undefined && year < options.earliestYear) {
    return { reason: `the year ${y} is more than ${PLAUSIBLE_YEARS_BEFORE} years before the volume's year (${options.volumeYear ?? options.earliestYear + PLAUSIBLE_YEARS_BEFORE})` };
  }
  if (options.latestYear !== undefined && year > options.latestYear) {
    return { reason: `the year ${y} is after the volume was published (${options.latestYear})` };
  }
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || (ss !== undefined && Number(ss) > 59))) {
    return { reason: 'not a real time of day' };
  }
  return { date, year, month: mo ? Number(mo) : undefined, day: d ? Number(d) : undefined, hh, mm, ss, zone };
}

/** Reads `@when`. A time is kept as given (seconds only when written), its zone only when written. */
export function readWhen(raw: string, options: DateOptions = {}): DateReading {
  const p = parse(raw, options);
  if ('reason' in p) return { ok: false, raw, reason: p.reason };
  if (p.hh === undefined) return { ok: true, edtf: p.date };
  const dateTime = `${p.date}T${p.hh}:${p.mm}${p.ss !== undefined ? `:${p.ss}` : ''}`;
  // RFC 3339's -00:00 means "offset unknown": the same as no zone.
  const timeZone = p.zone && p.zone !== '-00:00' ? p.zone : undefined;
  return { ok: true, edtf: p.date, time: timeZone ? { dateTime, timeZone } : { dateTime } };
}

/** `@notBefore`/`@notAfter`: an interval when both are given; one alone is an open interval, which EDTF level 0/1 here cannot hold. */
export function readBounds(notBefore: string | undefined, notAfter: string | undefined, options: DateOptions = {}): DateReading | undefined {
  if (notBefore === undefined && notAfter === undefined) return undefined;
  const raw = `${notBefore ?? '..'}/${notAfter ?? '..'}`;
  if (notBefore === undefined || notAfter === undefined) return { ok: false, raw, reason: 'an open interval (only one of notBefore/notAfter)' };
  const a = parse(notBefore, options);
  const b = parse(notAfter, options);
  if ('reason' in a) return { ok: false, raw, reason: `notBefore: ${a.reason}` };
  if ('reason' in b) return { ok: false, raw, reason: `notAfter: ${b.reason}` };
  const edtf = a.date === b.date ? a.date : `${a.date}/${b.date}`;
  const check = checkPartialDate(edtf);
  return check.ok ? { ok: true, edtf: check.value.edtf } : { ok: false, raw, reason: check.error };
}

/**
 * `@frus:doc-dateTime-min/max`: the instants a document's date spans, e.g.
 * `1955-01-04T00:00:00-05:00` – `1955-01-04T23:59:59-05:00` for a day. A span
 * of whole months or years reads as that month or year; anything else as the
 * days it covers (in the offsets as written).
 */
export function readDateTimeSpan(min: string, max: string, options: DateOptions = {}): DateReading {
  const raw = `${min}/${max}`;
  const a = parse(min, options);
  const b = parse(max, options);
  if ('reason' in a) return { ok: false, raw, reason: a.reason };
  if ('reason' in b) return { ok: false, raw, reason: b.reason };
  if (a.day === undefined || b.day === undefined) {
    const edtf = a.date === b.date ? a.date : `${a.date}/${b.date}`;
    const check = checkPartialDate(edtf);
    return check.ok ? { ok: true, edtf: check.value.edtf } : { ok: false, raw, reason: check.error };
  }
  if (b.date < a.date) return { ok: false, raw, reason: 'the span ends before it starts' };
  if (a.date === b.date) return { ok: true, edtf: a.date };
  const startsDay = (a.hh ?? '00') === '00' && (a.mm ?? '00') === '00' && (a.ss ?? '00') === '00';
  const endsDay = (b.hh ?? '23') === '23' && (b.mm ?? '59') === '59' && (b.ss ?? '59') === '59';
  const wholeMonths = startsDay && endsDay && a.day === 1 && b.day === daysInMonth(b.year, b.month!);
  if (wholeMonths) {
    const [am, bm] = [a.date.slice(0, 7), b.date.slice(0, 7)];
    if (a.month === 1 && b.month === 12) return { ok: true, edtf: a.year === b.year ? String(a.year) : `${a.year}/${b.year}` };
    return { ok: true, edtf: am === bm ? am : `${am}/${bm}` };
  }
  return { ok: true, edtf: `${a.date}/${b.date}` };
}
