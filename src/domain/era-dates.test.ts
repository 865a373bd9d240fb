import { describe, expect, it } from 'vitest';
import {
  excelSerialToDate, readChineseDate, readCompactDate, readJapaneseEraDate, readKanjiNumber, readMinguoDate,
} from './era-dates.js';

describe('readKanjiNumber', () => {
  it.each([
    ['一', 1], ['十', 10], ['十四', 14], ['二十', 20], ['二十一', 21], ['三十八', 38], ['九十九', 99], ['百', 100],
    ['一百十二', 112], ['一百零二', 102], ['一千零五', 1005], ['一百一十二', 112], ['百十二', 112], ['二百', 200], ['千九百四十九', 1949],
    ['一四', 14], ['二八', 28], ['〇', 0], ['一〇', 10], ['一九四九', 1949], ['元', 1], ['38', 38], ['３８', 38], ['拾', 10], ['貳拾', 20],
  ])('%s = %i', (text, n) => expect(readKanjiNumber(text)).toBe(n));

  it.each(['', '年', 'abc', '一二十', '十x'])('refuses %j', (text) => expect(readKanjiNumber(text)).toBeUndefined());
});

describe('readJapaneseEraDate', () => {
  it.each([
    ['（昭和二十一年十一月三日憲法）', '1946-11-03'],
    ['最終改正：平成一四年六月二八日法律第四五号', '2002-06-28'],
    ['昭和元年', '1926'],
    ['明治四十五年七月', '1912-07'],
    ['大正十四年四月二十二日', '1925-04-22'],
    ['平成元年一月八日', '1989-01-08'],
    ['令和二年', '2020'],
    ['平成３年５月１０日', '1991-05-10'],
  ])('%s → %s', (text, edtf) => expect(readJapaneseEraDate(text)).toEqual({ ok: true, value: edtf }));

  it('refuses days that do not exist and finds nothing without an era', () => {
    expect(readJapaneseEraDate('昭和二十一年二月三十日')).toMatchObject({ ok: false });
    expect(readJapaneseEraDate('1946年11月3日')).toBeUndefined();
  });
});

describe('readMinguoDate', () => {
  it.each([
    ['1.中華民國三十八年七月七日總統令公布', '1949-07-07'],
    ['中華民國一百十二年五月三十日', '2023-05-30'],
    ['民國八十年四月', '1991-04'],
    ['中華民國元年', '1912'],
    ['中華民國十七年', '1928'],
    ['中華民國一百零二年八月二十一日總統華總一義字第 10200156121 號令制定', '2013-08-21'],
  ])('%s → %s', (text, edtf) => expect(readMinguoDate(text)).toEqual({ ok: true, value: edtf }));
  it('finds nothing in text without a Minguo date', () => expect(readMinguoDate('1949年7月7日')).toBeUndefined());
});

describe('readChineseDate', () => {
  it.each([
    ['1958年3月17日 国务院批准', '1958-03-17'],
    ['1996年10月3日', '1996-10-03'],
    ['1954年9月', '1954-09'],
    ['２００１年１２月２９日', '2001-12-29'],
  ])('%s → %s', (text, edtf) => expect(readChineseDate(text)).toEqual({ ok: true, value: edtf }));
  it('refuses 1958年2月30日', () => expect(readChineseDate('1958年2月30日')).toMatchObject({ ok: false }));
});

describe('readCompactDate', () => {
  it('reads YYYYMMDD and refuses the 99991231 sentinel', () => {
    expect(readCompactDate('20240101')).toEqual({ ok: true, value: '2024-01-01' });
    expect(readCompactDate('99991231')).toMatchObject({ ok: false });
    expect(readCompactDate('2024-01-01')).toBeUndefined();
  });
});

describe('excelSerialToDate', () => {
  it.each([
    [1, '1900-01-01'], [59, '1900-02-28'], [61, '1900-03-01'], [15260, '1941-10-11'], [25569, '1970-01-01'],
    [43207, '2018-04-17'], [44545, '2021-12-15'],
  ])('%i → %s', (serial, iso) => expect(excelSerialToDate(serial)).toEqual({ ok: true, value: iso }));
  it.each([0, 60, -3, 1.5, 3_000_000])('refuses %d', (serial) => expect(excelSerialToDate(serial).ok).toBe(false));
});
