import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkPartialDate,
  daysInMonth,
  isValidPartialDate,
  overlaps,
  parsePartialDate,
  partialDateSchema,
  rangeAsNumbers,
  UNDATED_SORT_KEY,
  type PartialDate,
} from './partial-date.js';

function parse(input: string): PartialDate {
  const result = parsePartialDate(input);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function errorOf(input: string): string {
  const result = parsePartialDate(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.error;
}

describe('parsePartialDate: single dates', () => {
  it.each([
    ['1955', 1955, undefined, undefined, 'year'],
    ['1948-06', 1948, 6, undefined, 'month'],
    ['1984-03-25', 1984, 3, 25, 'day'],
    ['1984-02-29', 1984, 2, 29, 'day'],
    ['2000-02-29', 2000, 2, 29, 'day'],
    ['0000', 0, undefined, undefined, 'year'],
    ['9999-12-31', 9999, 12, 31, 'day'],
    ['195X', 1950, undefined, undefined, 'decade'],
    ['19XX', 1900, undefined, undefined, 'century'],
  ] as const)('%s', (input, year, month, day, precision) => {
    const d = parse(input);
    expect(d.start).toEqual({ year, month, day, precision, approximate: false, uncertain: false });
    expect(d.end).toEqual(d.start);
    expect(d.interval).toBe(false);
    expect(d.precision).toBe(precision);
    expect(d.edtf).toBe(input);
  });

  it.each([
    ['1955~', true, false],
    ['1955?', false, true],
    ['1955%', true, true],
    ['1948-06~', true, false],
    ['1984-03-25?', false, true],
    ['195X~', true, false],
  ] as const)('qualifier %s', (input, approximate, uncertain) => {
    const d = parse(input);
    expect([d.approximate, d.uncertain]).toEqual([approximate, uncertain]);
    expect([d.start.approximate, d.start.uncertain]).toEqual([approximate, uncertain]);
    expect(d.edtf).toBe(input);
  });

  it('normalizes: trims whitespace and upper-cases X', () => {
    expect(parse('  195x \n').edtf).toBe('195X');
    expect(parse('\t19xx~ ').edtf).toBe('19XX~');
    expect(parse(' 1956/1957 ').edtf).toBe('1956/1957');
    expect(errorOf('1956 / 1957')).toBe(
      '"1956 / 1957": start "1956 ": not an EDTF date; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ ? or %',
    );
  });

  it('does not share a mutable object between start and end of a single date', () => {
    const d = parse('1955');
    expect(d.start).not.toBe(d.end);
    expect(d.start).toEqual(d.end);
  });
});

describe('parsePartialDate: intervals', () => {
  it.each([
    ['1956/1957', 'year', false, false],
    ['1948-06/1948-08', 'month', false, false],
    ['1984-03-03/1984-03-05', 'day', false, false],
    ['1955~/1957', 'year', true, false],
    ['1955/1957?', 'year', false, true],
    ['1955/1956-03', 'year', false, false],
    ['1948-06-01/1948-08', 'month', false, false],
    ['195X/1962', 'decade', false, false],
    ['19XX/1955-03-01', 'century', false, false],
  ] as const)('%s', (input, precision, approximate, uncertain) => {
    const d = parse(input);
    expect(d.interval).toBe(true);
    expect(d.edtf).toBe(input);
    expect(d.precision).toBe(precision);
    expect([d.approximate, d.uncertain]).toEqual([approximate, uncertain]);
  });

  it('keeps each end as written', () => {
    const d = parse('1955~/1957-03-01');
    expect(d.start).toEqual({ year: 1955, precision: 'year', approximate: true, uncertain: false });
    expect(d.end).toEqual({ year: 1957, month: 3, day: 1, precision: 'day', approximate: false, uncertain: false });
  });

  it('accepts an interval whose end only might be before its start', () => {
    expect(parse('1956-05/1956').range).toEqual({ start: '1956-05-01', end: '1956-12-31' });
    expect(parse('1956/1956').display).toBe('1956');
  });
});

describe('parsePartialDate: errors name what was wrong', () => {
  const NOT_EDTF =
    'not an EDTF date; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ ? or %, or two such dates joined by /';
  it.each([
    ['', '"": a date cannot be empty'],
    ['   ', '"": a date cannot be empty'],
    ['1984-13-01', '"1984-13-01": month 13 is not between 01 and 12'],
    ['1984-13', '"1984-13": month 13 is not between 01 and 12'],
    ['1984-00', '"1984-00": month 00 is not between 01 and 12'],
    ['1985-02-29', '"1985-02-29": 1985 has no February 29'],
    ['1900-02-29', '"1900-02-29": 1900 has no February 29'],
    ['1984-04-31', '"1984-04-31": 1984 has no April 31'],
    ['1984-03-00', '"1984-03-00": day 00 is not between 01 and 31'],
    ['1984-03-32', '"1984-03-32": day 32 is not between 01 and 31'],
    ['1957/1956', '"1957/1956": the interval ends (1956) before it starts (1957)'],
    ['1984-03-05/1984-03-03', '"1984-03-05/1984-03-03": the interval ends (1984-03-03) before it starts (1984-03-05)'],
    ['1957~/1956?', '"1957~/1956?": the interval ends (1956?) before it starts (1957~)'],
    ['March 1955', `"March 1955": ${NOT_EDTF}`],
    ['1984-3-5', `"1984-3-5": ${NOT_EDTF}`],
    ['84', `"84": ${NOT_EDTF}`],
    ['1955 ~', `"1955 ~": ${NOT_EDTF}`],
    ['1955~?', `"1955~?": ${NOT_EDTF}`],
    ['1955-06-01T10:00', `"1955-06-01T10:00": ${NOT_EDTF}`],
    ['1955abc', `"1955abc": ${NOT_EDTF}`],
    ['-1955', `"-1955": ${NOT_EDTF}`],
    ['+1955', `"+1955": ${NOT_EDTF}`],
    ['10000', `"10000": ${NOT_EDTF}`],
    ['Y10000', `"Y10000": ${NOT_EDTF}`],
    ['NaN', `"NaN": ${NOT_EDTF}`],
    ['1e3', `"1e3": ${NOT_EDTF}`],
    ['Infinity', `"Infinity": ${NOT_EDTF}`],
    ['１９５５', `"１９５５": ${NOT_EDTF}`],
    ['١٩٥٥', `"١٩٥٥": ${NOT_EDTF}`],
    ['1XXX', '"1XXX": only the last one or two digits of a year may be unspecified (e.g. 195X, 19XX), not 1XXX'],
    ['X955', '"X955": only the last one or two digits of a year may be unspecified (e.g. 195X, 19XX), not X955'],
    ['19X5', '"19X5": only the last one or two digits of a year may be unspecified (e.g. 195X, 19XX), not 19X5'],
    ['1984-XX', '"1984-XX": unspecified digits (X) are supported in the year only'],
    ['1984-03-XX', '"1984-03-XX": unspecified digits (X) are supported in the year only'],
    ['195X-06', '"195X-06": a year with unspecified digits (195X) cannot have a month or day'],
    ['1956/..', '"1956/..": open intervals are not supported (an interval needs both a start and an end date)'],
    ['../1956', '"../1956": open intervals are not supported (an interval needs both a start and an end date)'],
    ['/1956', '"/1956": open intervals are not supported (an interval needs both a start and an end date)'],
    ['1956/', '"1956/": open intervals are not supported (an interval needs both a start and an end date)'],
    ['1956/1957/1958', '"1956/1957/1958": an interval has exactly one "/" between its start and end'],
    ['1956/1957-13', '"1956/1957-13": end "1957-13": month 13 is not between 01 and 12'],
    ['1955-02-29/1956', '"1955-02-29/1956": start "1955-02-29": 1955 has no February 29'],
    [
      '1956/March 1957',
      '"1956/March 1957": end "March 1957": not an EDTF date; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ ? or %',
    ],
  ])('%j', (input, message) => {
    expect(errorOf(input)).toBe(message);
    expect(isValidPartialDate(input)).toBe(false);
  });

  it('shortens hostile input in messages', () => {
    const long = '1'.repeat(100_000);
    const error = errorOf(long);
    expect(error).toBe(`"${'1'.repeat(57)}…": ${'not an EDTF date'}; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ ? or %, or two such dates joined by /`);
    expect(isValidPartialDate(`${'1955/'.repeat(10_000)}1956`)).toBe(false);
  });

  it('rejects non-strings from untyped callers', () => {
    expect(parsePartialDate(1955 as unknown as string)).toEqual({ ok: false, error: '"1955": a date must be a string' });
    expect(isValidPartialDate(null as unknown as string)).toBe(false);
  });

  it('checkPartialDate gives the problem without the quoted input', () => {
    expect(checkPartialDate('1985-02-29')).toEqual({ ok: false, error: '1985 has no February 29' });
  });
});

describe('display', () => {
  it.each([
    ['1984-03-25', 'March 25, 1984'],
    ['1948-06', 'June 1948'],
    ['1955', '1955'],
    ['195X', '1950s'],
    ['19XX', '1900s'],
    ['0955', '955'],
    ['1955~', 'c. 1955'],
    ['1948-06~', 'c. June 1948'],
    ['1955?', '1955?'],
    ['1948-06?', 'June 1948?'],
    ['1955%', 'c. 1955?'],
    ['1984-03-25%', 'c. March 25, 1984?'],
    ['195X~', 'c. 1950s'],
    ['1956/1957', '1956–1957'],
    ['1948-06/1948-08', 'June–August 1948'],
    ['1948-11/1949-02', 'November 1948 – February 1949'],
    ['1984-03-03/1984-03-05', 'March 3–5, 1984'],
    ['1984-03-30/1984-04-02', 'March 30 – April 2, 1984'],
    ['1983-12-30/1984-01-02', 'December 30, 1983 – January 2, 1984'],
    ['1955/1956-03', '1955 – March 1956'],
    ['1955-03/1956', 'March 1955 – 1956'],
    ['1948-06-15/1948-08', 'June 15, 1948 – August 1948'],
    ['195X/196X', '1950s–1960s'],
    ['18XX/19XX', '1800s–1900s'],
    ['195X/1962', '1950s–1962'],
    ['1956/1956', '1956'],
    ['1948-06/1948-06', 'June 1948'],
    ['1984-03-03/1984-03-03', 'March 3, 1984'],
    ['1955~/1957', 'c. 1955 – 1957'],
    ['1955/1957?', '1955 – 1957?'],
    ['1955?/1957', '1955? – 1957'],
    ['1955~/1957~', 'c. 1955–1957'],
    ['1956?/1957?', '1956–1957?'],
    ['1948-06~/1948-08~', 'c. June–August 1948'],
    ['1984-03-03%/1984-03-05%', 'c. March 3–5, 1984?'],
    ['1948-06~/1948-08', 'c. June 1948 – August 1948'],
    ['1984-03-03?/1984-03-05', 'March 3, 1984? – March 5, 1984'],
  ])('%s → %s', (input, display) => {
    expect(parse(input).display).toBe(display);
  });
});

describe('range', () => {
  it.each([
    ['1955', '1955-01-01', '1955-12-31'],
    ['1955~', '1955-01-01', '1955-12-31'],
    ['1948-06', '1948-06-01', '1948-06-30'],
    ['1984-02', '1984-02-01', '1984-02-29'],
    ['1985-02', '1985-02-01', '1985-02-28'],
    ['1984-03-25', '1984-03-25', '1984-03-25'],
    ['195X', '1950-01-01', '1959-12-31'],
    ['19XX', '1900-01-01', '1999-12-31'],
    ['00XX', '0000-01-01', '0099-12-31'],
    ['0955', '0955-01-01', '0955-12-31'],
    ['1956/1957', '1956-01-01', '1957-12-31'],
    ['1948-11/1949-02', '1948-11-01', '1949-02-28'],
    ['195X/1952', '1950-01-01', '1952-12-31'],
  ])('%s → %s..%s', (input, start, end) => {
    expect(parse(input).range).toEqual({ start, end });
  });

  it('rangeAsNumbers', () => {
    expect(rangeAsNumbers(parse('1955'))).toEqual({ start: 19550101, end: 19551231 });
    expect(rangeAsNumbers(parse('0955-03'))).toEqual({ start: 9550301, end: 9550331 });
    expect(rangeAsNumbers(parse('1948-06/1948-08'))).toEqual({ start: 19480601, end: 19480831 });
  });
});

describe('sortKey', () => {
  it.each([
    ['1955', '1955-01-01|2|1955-12-31|0'],
    ['1955~', '1955-01-01|2|1955-12-31|1'],
    ['1955?', '1955-01-01|2|1955-12-31|2'],
    ['1955%', '1955-01-01|2|1955-12-31|3'],
    ['195X', '1950-01-01|1|1959-12-31|0'],
    ['19XX', '1900-01-01|0|1999-12-31|0'],
    ['1948-06', '1948-06-01|3|1948-06-30|0'],
    ['1984-03-25', '1984-03-25|4|1984-03-25|0'],
    ['1955~/1957-03', '1955-01-01|2|1957-03-31|1'],
  ])('%s → %s', (input, key) => {
    expect(parse(input).sortKey).toBe(key);
  });

  it('sorts a shuffled list chronologically, coarse before fine, narrow before wide, exact before qualified', () => {
    const expected = [
      '19XX',
      '195X',
      '1950',
      '1955',
      '1955~',
      '1955?',
      '1955%',
      '1955/1956',
      '1955-01',
      '1955-01-01',
      '1955-01-01/1955-01-02',
      '1955-01-02',
      '1955-02',
      '1956',
      '1983-12-30/1984-01-02',
      '1984',
    ];
    const shuffled = [...expected].sort((a, b) => (a.length * 7 + a.charCodeAt(3)) % 11 - (b.length * 7 + b.charCodeAt(3)) % 11);
    expect(shuffled).not.toEqual(expected);
    const keys = shuffled.map((s) => ({ s, key: parse(s).sortKey }));
    keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    expect(keys.map((k) => k.s)).toEqual(expected);
    const localeSorted = shuffled.map((s) => ({ s, key: parse(s).sortKey })).sort((a, b) => a.key.localeCompare(b.key));
    expect(localeSorted.map((k) => k.s)).toEqual(expected);
  });

  it('UNDATED_SORT_KEY sorts after every real key', () => {
    for (const s of ['9999-12-31%', '99XX', '9999/9999', '0000']) {
      expect(parse(s).sortKey < UNDATED_SORT_KEY).toBe(true);
      expect(parse(s).sortKey.localeCompare(UNDATED_SORT_KEY)).toBe(-1);
    }
  });
});

describe('overlaps', () => {
  const d = parse('1948-06/1948-08');
  it.each([
    [undefined, undefined, true],
    ['1948', undefined, true],
    [undefined, '1948', true],
    ['1948-08', '1948-12', true],
    ['1948-08-31', undefined, true],
    ['1948-09-01', undefined, false],
    [undefined, '1948-06-01', true],
    [undefined, '1948-05-31', false],
    [undefined, '1948-05', false],
    ['1949', '1950', false],
    ['1940', '1947', false],
    ['1948-07-01', '1948-07-01', true],
    ['1949', '1948', false],
  ] as const)('from %s to %s → %s', (from, to, expected) => {
    expect(overlaps(d, from, to)).toBe(expected);
  });

  it('treats a decade as its whole range', () => {
    expect(overlaps(parse('195X'), '1959-12-31')).toBe(true);
    expect(overlaps(parse('195X'), '1960')).toBe(false);
  });

  it.each([
    ['55', 'expected YYYY, YYYY-MM or YYYY-MM-DD'],
    ['1955~', 'expected YYYY, YYYY-MM or YYYY-MM-DD'],
    ['195X', 'expected YYYY, YYYY-MM or YYYY-MM-DD'],
    ['1955-13', 'month 13 is not between 01 and 12'],
    ['1955-02-29', '1955 has no February 29'],
  ])('throws a RangeError on the malformed bound %s', (bound, problem) => {
    expect(() => overlaps(d, bound)).toThrow(new RangeError(`invalid "from" bound "${bound}": ${problem}`));
    expect(() => overlaps(d, undefined, bound)).toThrow(new RangeError(`invalid "to" bound "${bound}": ${problem}`));
  });
});

describe('partialDateSchema', () => {
  it('outputs the canonical EDTF', () => {
    expect(partialDateSchema.parse(' 195x~ ')).toBe('195X~');
    expect(partialDateSchema.parse('1956/1957')).toBe('1956/1957');
  });

  it("reports the parser's message as a zod issue", () => {
    const result = partialDateSchema.safeParse('1985-02-29');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([{ code: 'custom', message: '"1985-02-29": 1985 has no February 29', path: [] }]);
  });

  it('rejects non-strings and works inside objects', () => {
    expect(partialDateSchema.safeParse(1955).success).toBe(false);
    const schema = z.object({ date: partialDateSchema.optional() });
    expect(schema.parse({ date: '1948-06~' })).toEqual({ date: '1948-06~' });
    expect(schema.parse({})).toEqual({});
    expect(schema.safeParse({ date: '1957/1956' }).error?.issues).toMatchObject([
      { path: ['date'], message: '"1957/1956": the interval ends (1956) before it starts (1957)' },
    ]);
  });
});

describe('daysInMonth', () => {
  it.each([
    [1984, 2, 29],
    [1985, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [1984, 4, 30],
    [1984, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});
