/**
 * Dates written in the conventions of East Asian official texts and office
 * spreadsheets, read into EDTF: Minguo (Republic of China) years, Japanese
 * era years (both kanji numeral styles), Chinese `YYYY年M月D日`, and Excel
 * serial day numbers. Pure functions; none guesses a part the text lacks.
 * @module
 */
import { checkPartialDate, type ParseResult } from './partial-date.js';

const DIGITS: Record<string, number> = {
  〇: 0, 零: 0, '０': 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 壹: 1, 貳: 2, 參: 3, 肆: 4, 伍: 5, 陸: 6, 柒: 7, 捌: 8, 玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/**
 * A number written in kanji/hanzi, in either style: with unit characters
 * ("三十八" = 38, "一百十二" = 112, "十四" = 14) or positional, digit by digit
 * ("一四" = 14, "二八" = 28, "一九四九" = 1949). "元" (the first year of an era) is 1.
 * Arabic and full-width digits are read too. Undefined when it is not a number.
 */
export function readKanjiNumber(text: string): number | undefined {
  const s = text.trim().normalize('NFKC');
  if (s === '') return undefined;
  if (s === '元') return 1;
  if (/^\d+$/.test(s)) return Number(s);
  const chars = [...s];
  if (!chars.every((c) => c in DIGITS || c in UNITS)) return undefined;
  if (!chars.some((c) => c in UNITS)) return Number(chars.map((c) => DIGITS[c]).join(''));
  let total = 0;
  let digit: number | undefined;
  for (const c of chars) {
    if (c in DIGITS) {
      if (DIGITS[c] === 0) continue; // 零 only marks a skipped place: 一百零二 = 102
      if (digit !== undefined) return undefined; // two digits in a row in the unit style: not a number
      digit = DIGITS[c];
    } else {
      total += (digit ?? 1) * UNITS[c]!;
      digit = undefined;
    }
  }
  return total + (digit ?? 0);
}

/** Japanese era names and the year before each era's first year (year = offset + n). */
export const JAPANESE_ERAS: Record<string, { offset: number; start: string }> = {
  明治: { offset: 1867, start: '1868-10-23' },
  大正: { offset: 1911, start: '1912-07-30' },
  昭和: { offset: 1925, start: '1926-12-25' },
  平成: { offset: 1988, start: '1989-01-08' },
  令和: { offset: 2018, start: '2019-05-01' },
};

/** The ROC calendar counts from 1912: Minguo year n is 1911 + n. */
export const MINGUO_OFFSET = 1911;

const NUM = '[〇零一二三四五六七八九十百千壹貳參肆伍陸柒捌玖拾佰仟元0-9０-９]+';
const ERA_DATE = new RegExp(`(明治|大正|昭和|平成|令和)\\s*(${NUM})\\s*年(?:\\s*(${NUM})\\s*月(?:\\s*(${NUM})\\s*日)?)?`);
const MINGUO_DATE = new RegExp(`(?:中華)?民國\\s*(${NUM})\\s*年(?:\\s*(${NUM})\\s*月(?:\\s*(${NUM})\\s*日)?)?`);
const CE_DATE = /(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?/;

function edtf(year: number, month?: number, day?: number): ParseResult<string> {
  const text = [String(year).padStart(4, '0'), month && String(month).padStart(2, '0'), month && day && String(day).padStart(2, '0')]
    .filter(Boolean)
    .join('-');
  const checked = checkPartialDate(text);
  return checked.ok ? { ok: true, value: checked.value.edtf } : { ok: false, error: checked.error };
}

function parts(match: RegExpExecArray, first: number): { n?: number; month?: number; day?: number; bad?: string } {
  const n = readKanjiNumber(match[first]!);
  const month = match[first + 1] === undefined ? undefined : readKanjiNumber(match[first + 1]!);
  const day = match[first + 2] === undefined ? undefined : readKanjiNumber(match[first + 2]!);
  if (n === undefined || (match[first + 1] !== undefined && month === undefined) || (match[first + 2] !== undefined && day === undefined)) {
    return { bad: `"${match[0]}" has a number that cannot be read` };
  }
  return { n, month, day };
}

/** The first Japanese era date in `text`: 昭和二十一年十一月三日 → 1946-11-03; 平成一四年六月二八日 → 2002-06-28; 昭和元年 → 1926. */
export function readJapaneseEraDate(text: string): ParseResult<string> | undefined {
  const m = ERA_DATE.exec(text);
  if (!m) return undefined;
  const p = parts(m, 2);
  if (p.bad) return { ok: false, error: p.bad };
  const era = JAPANESE_ERAS[m[1]!]!;
  return edtf(era.offset + p.n!, p.month, p.day);
}

/** The first Minguo date in `text`: 中華民國三十八年七月七日 → 1949-07-07; 民國一百十二年 → 2023. */
export function readMinguoDate(text: string): ParseResult<string> | undefined {
  const m = MINGUO_DATE.exec(text);
  if (!m) return undefined;
  const p = parts(m, 1);
  if (p.bad) return { ok: false, error: p.bad };
  return edtf(MINGUO_OFFSET + p.n!, p.month, p.day);
}

/** The first Common Era date written with 年/月/日 and Arabic digits: 1958年3月17日 → 1958-03-17. */
export function readChineseDate(text: string): ParseResult<string> | undefined {
  const m = CE_DATE.exec(text.normalize('NFKC'));
  if (!m) return undefined;
  return edtf(Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
}

/** `YYYYMMDD` (ROC law database): 20240101 → 2024-01-01. The sentinel 99991231 ("no end") is not a date. */
export function readCompactDate(text: string): ParseResult<string> | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  if (m[1] === '9999') return { ok: false, error: `"${text}" is a placeholder, not a date` };
  return edtf(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * An Excel serial day number (1900 date system) as an ISO date: 44545 → 2021-12-15, 15260 → 1941-10-11.
 * Excel counts a 29 February 1900 that never was (serial 60), so serials from 61 on are one day ahead
 * of a plain count from 1899-12-31; serials below 61 are counted from 1899-12-31, and 60 itself is refused.
 */
export function excelSerialToDate(serial: number): ParseResult<string> {
  if (!Number.isInteger(serial) || serial < 1 || serial > 2_958_465) return { ok: false, error: `${serial} is not an Excel day number` };
  if (serial === 60) return { ok: false, error: '60 is Excel\u2019s 29 February 1900, a day that did not exist' };
  const epoch = Date.UTC(1899, 11, serial < 60 ? 31 : 30);
  return { ok: true, value: new Date(epoch + serial * 86_400_000).toISOString().slice(0, 10) };
}
