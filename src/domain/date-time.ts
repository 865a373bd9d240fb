/**
 * Cable date-times: the local wall-clock time printed in a cable header plus the zone it was
 * recorded in (IANA zone or UTC offset), so it can be shown as printed and converted to an instant.
 * @module
 */
import { z } from 'zod';
import { daysInMonth, MONTH_NAMES } from './partial-date.js';

interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

type Zone = { kind: 'utc' } | { kind: 'offset'; ms: number } | { kind: 'iana'; name: string };

const LOCAL = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?$/;
const OFFSET = /^([+-])([0-9]{2}):([0-9]{2})$/;
const MINUTE = 60_000;

function parseLocal(text: string): LocalDateTime | string {
  const m = LOCAL.exec(text);
  if (!m) return `${JSON.stringify(text.slice(0, 40))} is not a local date-time; expected YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS`;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? undefined : Number(m[6]);
  if (month < 1 || month > 12) return `month ${m[2]} is not between 01 and 12`;
  if (day < 1 || day > daysInMonth(year, month)) return `${m[1]} has no ${MONTH_NAMES[month - 1]} ${day}`;
  if (hour > 23) return `hour ${m[4]} is not between 00 and 23`;
  if (minute > 59) return `minute ${m[5]} is not between 00 and 59`;
  if (second !== undefined && second > 59) return `second ${m[6]} is not between 00 and 59`;
  return { year, month, day, hour, minute, second };
}

/** IANA zone names without a "/" (from tzdata's main and backward files). */
const IANA_SINGLE_NAMES = new Set(
  ('CET CST6CDT Cuba EET EST EST5EDT Egypt Eire GB GB-Eire GMT GMT+0 GMT-0 GMT0 Greenwich HST Hongkong Iceland ' +
    'Iran Israel Jamaica Japan Kwajalein Libya MET MST MST7MDT NZ NZ-CHAT Navajo PRC PST8PDT Poland Portugal ROC ROK ' +
    'Singapore Turkey UCT UTC Universal W-SU WET Zulu').split(' '),
);

/**
 * ICU also accepts non-IANA abbreviations with surprising meanings (BST → Asia/Dhaka, IST →
 * Asia/Calcutta, CST → America/Chicago), exactly what a printed "19:45 IST" tempts an importer to
 * copy; so a name without "/" must be a real IANA one, and ICU's SystemV/ zones are refused.
 */
function isIanaZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) || name.startsWith('SystemV/')) return false;
  if (!name.includes('/') && !IANA_SINGLE_NAMES.has(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function parseZone(text: string): Zone | string {
  if (text === 'Z') return { kind: 'utc' };
  const m = OFFSET.exec(text);
  if (m) {
    const [hours, minutes] = [Number(m[2]), Number(m[3])];
    // RFC 3339 reserves -00:00 for "offset unknown", which is what omitting the zone already says.
    if (text === '-00:00') return 'use Z or +00:00 for UTC (-00:00 means "offset unknown"; omit the zone instead)';
    if (minutes > 59 || hours * 60 + minutes > 14 * 60) return `the UTC offset ${text} is outside -14:00..+14:00`;
    return { kind: 'offset', ms: (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * MINUTE };
  }
  if (isIanaZone(text)) return { kind: 'iana', name: text };
  return `${JSON.stringify(text.slice(0, 40))} is neither an IANA time zone (e.g. Asia/Tokyo) nor a UTC offset (Z, +09:00)`;
}

/** A cable's sent or received time as printed, with its zone when known. */
export const dateTimeTzSchema = z.strictObject({
  /** Local wall-clock time, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`. */
  dateTime: z.string().trim().superRefine((value, ctx) => {
    const parsed = parseLocal(value);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed, input: value });
  }),
  /** IANA zone (`Asia/Tokyo`) or UTC offset (`+09:00`, `Z`). */
  timeZone: z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const parsed = parseZone(value);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed, input: value });
    })
    .optional(),
  /** The time as printed in the source, e.g. `19:45 JST`. */
  text: z.string().trim().min(1, 'cannot be empty').max(200, 'at most 200 characters').optional(),
});
export type DateTimeTz = z.infer<typeof dateTimeTzSchema>;

/** Milliseconds since the epoch of a wall-clock time read as UTC; years 0–99 are not shifted to 19xx. */
function wallMs(t: LocalDateTime): number {
  const date = new Date(0);
  date.setUTCFullYear(t.year, t.month - 1, t.day);
  date.setUTCHours(t.hour, t.minute, t.second ?? 0, 0);
  return date.getTime();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, read back from Intl's wall-clock rendering of it. */
function ianaOffsetAt(zone: string, instant: number): number {
  let fmt = formatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const wall = wallMs({
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  });
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The offset in force at a local time. A time skipped by a DST change (02:30 on a spring-forward
 * day) takes the offset from before the change, and a repeated one takes the earlier instant —
 * the "compatible" rule of Temporal and of most calendars.
 */
function ianaOffsetForLocal(zone: string, local: number): number {
  const DAY = 86_400_000;
  const before = ianaOffsetAt(zone, local - DAY);
  const after = ianaOffsetAt(zone, local + DAY);
  const fits = [before, after].filter((offset) => ianaOffsetAt(zone, local - offset) === offset);
  return fits.length > 0 ? Math.max(...fits) : before;
}

function resolve(v: DateTimeTz): { local: LocalDateTime; wall: number; zone?: Zone; offset?: number } {
  const local = parseLocal(v.dateTime.trim());
  if (typeof local === 'string') throw new RangeError(`invalid dateTime: ${local}`);
  const wall = wallMs(local);
  if (v.timeZone === undefined) return { local, wall };
  const zone = parseZone(v.timeZone.trim());
  if (typeof zone === 'string') throw new RangeError(`invalid timeZone: ${zone}`);
  const offset = zone.kind === 'utc' ? 0 : zone.kind === 'offset' ? zone.ms : ianaOffsetForLocal(zone.name, wall);
  return { local, wall, zone, offset };
}

function formatOffset(ms: number): string {
  const abs = Math.abs(ms) / 1000;
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor((abs % 3600) / 60), abs % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  // Local mean time before standard zones (e.g. Asia/Tokyo before 1888) has offsets with seconds.
  return `UTC${ms < 0 ? '-' : '+'}${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

/**
 * English rendering, e.g. "March 25, 1984, 19:45 (Asia/Tokyo, UTC+09:00)", "… 19:45 (UTC+09:00)",
 * "… 19:45 (UTC)" for Z, or no parenthesis without a zone. Seconds appear only when recorded;
 * `text` is not included. Throws RangeError on values that `dateTimeTzSchema` would reject.
 */
export function formatDateTimeTz(v: DateTimeTz): string {
  const { local: t, zone, offset } = resolve(v);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(t.hour)}:${pad(t.minute)}${t.second === undefined ? '' : `:${pad(t.second)}`}`;
  const base = `${MONTH_NAMES[t.month - 1]} ${t.day}, ${t.year}, ${time}`;
  if (!zone || offset === undefined) return base;
  if (zone.kind === 'utc') return `${base} (UTC)`;
  if (zone.kind === 'offset') return `${base} (${formatOffset(offset)})`;
  return `${base} (${zone.name}, ${formatOffset(offset)})`;
}

/**
 * The UTC instant as ISO 8601 (`1984-03-25T10:45:00Z`), or undefined when no zone is recorded.
 * Throws RangeError on values that `dateTimeTzSchema` would reject.
 */
export function toInstant(v: DateTimeTz): string | undefined {
  const { wall, offset } = resolve(v);
  if (offset === undefined) return undefined;
  return new Date(wall - offset).toISOString().replace(/\.000Z$/, 'Z');
}
