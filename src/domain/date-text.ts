/**
 * Free-text date recognition for importers: reads dates as printed ("Apr. 1, 1949", "c. 1955",
 * "March 3-5, 1984") into canonical EDTF, and refuses whatever it could only read by guessing.
 * @module
 */
import { checkPartialDate, quoteInput, type ParseResult } from './partial-date.js';

export interface DateTextOptions {
  /** How to read all-numeric dates such as 04/01/1949; without it they are rejected as ambiguous. */
  numeric?: 'mdy' | 'dmy';
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5,
  june: 6, jun: 6, july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9,
  october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};

const UNREADABLE =
  'not a date that can be read without guessing; expected e.g. "April 1, 1949", "1 April 1949", ' +
  '"November 1967", "1955", "c. 1955", "1950s", "1956-1957", "March 3-5, 1984" or an EDTF date such as 1949-04-01';
const QUALIFIER = /^(?:circa|ca|c|about|approx|approximately|around)(?:\.\s*|\s+|(?=\d))/;
const VAGUE = /\b(spring|summer|autumn|fall|winter|early|mid|middle|late|end|beginning|half|quarter)\b/;
const LOOKS_EDTF = /^[0-9x]{4}(?:-[0-9x]{1,2}){0,2}[~?%]?(?:\/|$)/i;

/** One side of a date as written: any of its parts may be missing until a range lends them. */
interface Piece {
  year?: number;
  month?: number;
  day?: number;
  decade?: boolean;
  approximate: boolean;
  uncertain: boolean;
}

type Step = ParseResult<string> | undefined;
const fail = (text: string, detail: string): ParseResult<string> => ({ ok: false, error: `${quoteInput(text)}: ${detail}` });

/** Strips brackets, a trailing "?" and a leading "c."/"circa"/"about"…, reporting what they meant. */
function stripQualifiers(s: string): { rest: string; approximate: boolean; uncertain: boolean } {
  let rest = s.replace(/^\[(.*)\]$/, '$1').trim();
  const uncertain = rest.endsWith('?');
  if (uncertain) rest = rest.slice(0, -1).trim();
  // Cataloguers bracket a date they supplied themselves; it is not a qualifier, so "[1955]" is 1955.
  rest = rest.replace(/^\[(.*)\]$/, '$1').trim();
  const q = QUALIFIER.exec(rest);
  if (q) rest = rest.slice(q[0].length).trim();
  return { rest, approximate: q !== null, uncertain };
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/(\d)\.$/, '$1')
    .trim();
}

/** Commas, ordinal suffixes, abbreviation dots, "of" and "the" carry no date information. */
function simplify(s: string): string {
  return s
    .replace(/\s*,\s*/g, ' ')
    .replace(/\b(\d{1,2})(?:st|nd|rd|th)\b/g, '$1')
    .replace(/([a-z])\./g, '$1 ')
    .replace(/\b(\d{1,2}) of ([a-z])/g, '$1 $2')
    .replace(/^the /, '')
    .replace(/['\u2019]s\b/g, 's')
    .replace(/\s+/g, ' ')
    .trim();
}

function classify(token: string): string {
  if (/^\d{4}$/.test(token)) return 'Y';
  if (/^\d{1,2}$/.test(token)) return 'D';
  if (/^\d{4}s$/.test(token)) return 'S';
  if (MONTHS[token] !== undefined) return 'M';
  return '?';
}

/**
 * Reads one date; a string result is a problem to report, undefined means "not a date shape".
 * Qualifiers are read here only for the ends of a range ("1955 - c. 1957"); the whole text's were
 * already taken, and taking them twice would accept "1955??".
 */
function readPiece(raw: string, qualified: boolean): Piece | string | undefined {
  const { rest, approximate, uncertain } = qualified
    ? stripQualifiers(raw.trim())
    : { rest: raw.trim(), approximate: false, uncertain: false };
  const iso = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(rest);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: iso[3] ? Number(iso[3]) : undefined, approximate, uncertain };
  const tokens = rest.split(' ').filter(Boolean);
  const shape = tokens.map(classify).join(' ');
  const value = (kind: string) => tokens[shape.split(' ').indexOf(kind)] ?? '';
  const piece: Piece = { approximate, uncertain };
  if (shape.includes('Y')) piece.year = Number(value('Y'));
  if (shape.includes('M')) piece.month = MONTHS[value('M')];
  if (shape.includes('D')) piece.day = Number(value('D'));
  if (shape === 'S') return readDecade(value('S'), piece);
  const shapes = ['Y', 'M', 'M Y', 'M D', 'M D Y', 'D', 'D M', 'D M Y', 'D Y'];
  return shapes.includes(shape) ? piece : undefined;
}

function readDecade(token: string, piece: Piece): Piece | string {
  const year = Number(token.slice(0, 4));
  if (year % 100 === 0) {
    return `${token} is ambiguous: the decade ${year}–${year + 9} (${token.slice(0, 3)}X) or the century (${token.slice(0, 2)}XX)`;
  }
  if (year % 10 !== 0) return `${token} is not a decade (a decade ends in 0, e.g. 1950s)`;
  return { ...piece, year, decade: true };
}

function pieceEdtf(p: Piece): string | undefined {
  if (p.year === undefined || (p.day !== undefined && p.month === undefined)) return undefined;
  const qualifier = p.approximate && p.uncertain ? '%' : p.approximate ? '~' : p.uncertain ? '?' : '';
  if (p.decade) return `${String(p.year / 10).padStart(3, '0')}X${qualifier}`;
  const parts = [String(p.year).padStart(4, '0'), p.month, p.day].filter((v) => v !== undefined);
  return parts.map((v, i) => (i === 0 ? v : String(v).padStart(2, '0'))).join('-') + qualifier;
}

/** Validates the EDTF built from `text` and re-quotes any problem with the text as written. */
function finish(text: string, edtf: string): ParseResult<string> {
  const checked = checkPartialDate(edtf);
  return checked.ok ? { ok: true, value: checked.value.edtf } : fail(text, checked.error);
}

function readSingle(text: string, s: string): Step {
  const piece = readPiece(s, false);
  if (piece === undefined) return undefined;
  if (typeof piece === 'string') return fail(text, piece);
  if (piece.year === undefined) return fail(text, 'no year is given');
  const edtf = pieceEdtf(piece);
  return edtf === undefined ? fail(text, 'a day without a month cannot be recorded') : finish(text, edtf);
}

/**
 * Completes a range whose start omits what the end states ("June–August 1948", "March 3–5, 1984",
 * "30 March – 2 April 1984"). The start may borrow only units larger than those it gives, and only
 * when the end is at least as precise, so nothing is invented.
 */
function completeRange(a: Piece, b: Piece): [Piece, Piece] | undefined {
  const end = { ...b };
  if (end.month === undefined && end.day !== undefined) {
    if (a.year !== undefined || a.month === undefined || a.day === undefined) return undefined;
    end.month = a.month;
  }
  if (end.year === undefined) return undefined;
  const start = { ...a };
  if (start.year !== undefined) return [start, end];
  if (start.decade || end.decade) return undefined;
  if (start.day !== undefined && end.day === undefined) return undefined;
  if (start.month !== undefined && end.month === undefined) return undefined;
  if (start.month === undefined && start.day === undefined) return undefined;
  start.year = end.year;
  if (start.month === undefined) start.month = end.month;
  return [start, end];
}

function readRangeParts(text: string, left: string, right: string): Step {
  const a = readPiece(left, true);
  const b = readPiece(right, true);
  if (typeof a === 'string') return fail(text, a);
  if (typeof b === 'string') return fail(text, b);
  if (a === undefined || b === undefined) return undefined;
  const pair = completeRange(a, b);
  const start = pair && pieceEdtf(pair[0]);
  const end = pair && pieceEdtf(pair[1]);
  return start && end ? finish(text, `${start}/${end}`) : undefined;
}

function readRange(text: string, s: string): Step {
  const words = /^(?:between (.+) and|from (.+) (?:to|until|till|through)) (.+)$/.exec(s);
  if (words) return readRangeParts(text, words[1] ?? words[2] ?? '', words[3] ?? '');
  const joined = /^(.+?) (?:to|until|till|through) (.+)$/.exec(s);
  if (joined) return readRangeParts(text, joined[1] ?? '', joined[2] ?? '');
  const results: ParseResult<string>[] = [];
  for (let i = s.indexOf('-'); i > 0; i = s.indexOf('-', i + 1)) {
    const result = readRangeParts(text, s.slice(0, i), s.slice(i + 1));
    if (result) results.push(result);
  }
  const good = [...new Set(results.filter((r) => r.ok).map((r) => r.value))];
  if (good.length === 1) return { ok: true, value: good[0]! };
  if (good.length > 1) return fail(text, `ambiguous: could be ${good.join(' or ')}`);
  return results[0];
}

/** "04/01/1949" needs to be told the order; zeros mark unknown parts ("05/00/1975" is May 1975). */
function readNumeric(text: string, s: string, options: DateTextOptions): Step {
  if (/^\d{1,2}([/.-])\d{1,2}\1\d{2}$/.test(s)) return fail(text, 'a two-digit year is ambiguous (which century?)');
  const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s);
  if (!m) return undefined;
  const [first, second, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
  if (year === 0) return fail(text, 'unknown date (the year is 0000)');
  if (first === 0 && second === 0) return finish(text, m[4]!);
  if (!options.numeric) {
    return fail(text, "an all-numeric date is ambiguous (month/day or day/month); pass { numeric: 'mdy' } or { numeric: 'dmy' }");
  }
  const [month, day] = options.numeric === 'mdy' ? [first, second] : [second, first];
  if (month === 0) return fail(text, `a day (${day}) without a month cannot be recorded`);
  return finish(text, `${m[4]}-${String(month).padStart(2, '0')}${day === 0 ? '' : `-${String(day).padStart(2, '0')}`}`);
}

/** Database-style zeros for unknown parts: 1975-00-00 is 1975, 1975-05-00 is May 1975. */
function readZeroIso(text: string, s: string): Step {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (!m || (m[2] !== '00' && m[3] !== '00')) return undefined;
  if (m[1] === '0000') return fail(text, 'unknown date (the year is 0000)');
  if (m[2] === '00') return m[3] === undefined || m[3] === '00' ? finish(text, m[1]!) : fail(text, 'a day without a month cannot be recorded');
  return finish(text, `${m[1]}-${m[2]}`);
}

function withQualifiers(result: ParseResult<string>, approximate: boolean, uncertain: boolean): ParseResult<string> {
  if (!result.ok || (!approximate && !uncertain)) return result;
  const mark = (side: string) => {
    const a = approximate || /[~%]$/.test(side);
    const u = uncertain || /[?%]$/.test(side);
    return side.replace(/[~?%]$/, '') + (a && u ? '%' : a ? '~' : '?');
  };
  return { ok: true, value: result.value.split('/').map(mark).join('/') };
}

/**
 * Reads a date written as free text into canonical EDTF (see partial-date.ts). Recognises
 * "April 1, 1949", "Apr. 1, 1949", "1st April, 1949", "November 1967", "1955", ISO and EDTF dates,
 * "c./ca./circa/about 1955" (→ 1955~), "1955?" and "[1955?]", "1950s" (→ 195X), ranges with "-", "–",
 * "to" or "between … and …", and numeric dates when `options.numeric` says their order. A leading
 * qualifier or trailing "?" applies to both ends of a range. Precision is never invented, and
 * anything that would need a guess (seasons, "early 1955", two-digit years, "1900s") is rejected.
 */
export function parseDateText(text: string, options: DateTextOptions = {}): ParseResult<string> {
  if (typeof text !== 'string') return { ok: false, error: 'a date must be a string' };
  const trimmed = text.trim();
  if (trimmed === '') return fail(trimmed, 'a date cannot be empty');
  if (trimmed.length > 200) return fail(trimmed, 'too long to be a date');
  if (/[^\P{Nd}0-9]/u.test(trimmed)) return fail(trimmed, 'only the digits 0–9 are read');
  const direct = checkPartialDate(trimmed);
  if (direct.ok) return { ok: true, value: direct.value.edtf };
  const { rest, approximate, uncertain } = stripQualifiers(normalize(trimmed));
  const vague = VAGUE.exec(rest);
  if (vague) return fail(trimmed, `"${vague[1]}" cannot be turned into a date range without guessing; record the date you are sure of and keep the text`);
  if (/^\d{4}-(1[3-9]|[2-9]\d)$/.test(rest)) {
    return fail(trimmed, 'the part after "-" is not a month, and abbreviated end years are not expanded (write e.g. 1956-1957)');
  }
  const s = simplify(rest);
  const result = readZeroIso(trimmed, s) ?? readNumeric(trimmed, s, options) ?? readSingle(trimmed, s) ?? readRange(trimmed, s);
  if (result) return withQualifiers(result, approximate, uncertain);
  return LOOKS_EDTF.test(trimmed) ? fail(trimmed, direct.error) : fail(trimmed, UNREADABLE);
}
