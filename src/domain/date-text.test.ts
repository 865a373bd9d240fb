import { describe, expect, it } from 'vitest';
import { parseDateText } from './date-text.js';
import { parsePartialDate } from './partial-date.js';

function read(text: string, options?: Parameters<typeof parseDateText>[1]): string {
  const result = parseDateText(text, options);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function errorOf(text: string, options?: Parameters<typeof parseDateText>[1]): string {
  const result = parseDateText(text, options);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected, got ${result.value}`);
  return result.error;
}

describe('parseDateText: single dates', () => {
  it.each([
    ['April 1, 1949', '1949-04-01'],
    ['Apr. 1, 1949', '1949-04-01'],
    ['Apr 1 1949', '1949-04-01'],
    ['Apr.1,1949', '1949-04-01'],
    ['april 1st, 1949', '1949-04-01'],
    ['APRIL 1, 1949', '1949-04-01'],
    ['1 April 1949', '1949-04-01'],
    ['1st April, 1949', '1949-04-01'],
    ['1st of April 1949', '1949-04-01'],
    ['22nd Nov. 1963', '1963-11-22'],
    ['3rd Sept 1939', '1939-09-03'],
    ['Sept. 3, 1939', '1939-09-03'],
    ['Sep 3, 1939', '1939-09-03'],
    ['September 3, 1939.', '1939-09-03'],
    ['  March   25 ,  1984 ', '1984-03-25'],
    ['February 29, 1984', '1984-02-29'],
    ['November 1967', '1967-11'],
    ['Nov 1967', '1967-11'],
    ['Nov. 1967', '1967-11'],
    ['November, 1967', '1967-11'],
    ['may 1955', '1955-05'],
    ['1955', '1955'],
    ['1949-04-01', '1949-04-01'],
    ['1949-04', '1949-04'],
    ['1950s', '195X'],
    ["1950's", '195X'],
    ['the 1950s', '195X'],
    ['195x', '195X'],
    ['[1955]', '1955'],
  ])('%j → %s', (text, edtf) => {
    expect(read(text)).toBe(edtf);
  });

  it('never invents precision', () => {
    expect(read('November 1967')).toBe('1967-11');
    expect(parsePartialDate(read('November 1967')).ok && parsePartialDate(read('November 1967'))).toMatchObject({
      value: { precision: 'month' },
    });
    expect(read('1955')).toBe('1955');
  });
});

describe('parseDateText: qualifiers', () => {
  it.each([
    ['c. 1955', '1955~'],
    ['c.1955', '1955~'],
    ['c1955', '1955~'],
    ['C. 1955', '1955~'],
    ['circa 1955', '1955~'],
    ['ca. 1955', '1955~'],
    ['ca 1955', '1955~'],
    ['about 1955', '1955~'],
    ['approx. 1955', '1955~'],
    ['approximately June 1948', '1948-06~'],
    ['1955?', '1955?'],
    ['[1955?]', '1955?'],
    ['[1955]?', '1955?'],
    ['June 1948?', '1948-06?'],
    ['c. 1955?', '1955%'],
    ['[c. 1955?]', '1955%'],
    ['c. 1950s', '195X~'],
    ['1955~', '1955~'],
    ['1955%', '1955%'],
  ])('%j → %s', (text, edtf) => {
    expect(read(text)).toBe(edtf);
  });
});

describe('parseDateText: ranges', () => {
  it.each([
    ['1956-1957', '1956/1957'],
    ['1956–1957', '1956/1957'],
    ['1956 — 1957', '1956/1957'],
    ['1956 - 1957', '1956/1957'],
    ['1956 to 1957', '1956/1957'],
    ['1956 through 1957', '1956/1957'],
    ['between 1956 and 1957', '1956/1957'],
    ['Between 1956 and 1957', '1956/1957'],
    ['from 1956 to 1957', '1956/1957'],
    ['1956/1957', '1956/1957'],
    ['June-August 1948', '1948-06/1948-08'],
    ['June – August 1948', '1948-06/1948-08'],
    ['from June to August 1948', '1948-06/1948-08'],
    ['November 1948 - February 1949', '1948-11/1949-02'],
    ['March 3-5, 1984', '1984-03-03/1984-03-05'],
    ['March 3rd–5th, 1984', '1984-03-03/1984-03-05'],
    ['3-5 March 1984', '1984-03-03/1984-03-05'],
    ['March 30 - April 2, 1984', '1984-03-30/1984-04-02'],
    ['30 March - 2 April 1984', '1984-03-30/1984-04-02'],
    ['December 30, 1983 - January 2, 1984', '1983-12-30/1984-01-02'],
    ['1949-04-01 - 1949-04-05', '1949-04-01/1949-04-05'],
    ['1950s-1960s', '195X/196X'],
    ['1955 - March 1956', '1955/1956-03'],
    ['c. 1956-1957', '1956~/1957~'],
    ['1956-1957?', '1956?/1957?'],
    ['1955 - c. 1957', '1955/1957~'],
    ['1955? - 1957', '1955?/1957'],
    ['between c. 1955 and 1957', '1955~/1957'],
  ])('%j → %s', (text, edtf) => {
    expect(read(text)).toBe(edtf);
  });
});

describe('parseDateText: numeric dates', () => {
  it.each([
    ['04/01/1949', 'mdy', '1949-04-01'],
    ['04/01/1949', 'dmy', '1949-01-04'],
    ['4/1/1949', 'mdy', '1949-04-01'],
    ['04.01.1949', 'dmy', '1949-01-04'],
    ['04-01-1949', 'mdy', '1949-04-01'],
    ['12/31/1949', 'mdy', '1949-12-31'],
    ['00/00/1975', 'mdy', '1975'],
    ['05/00/1975', 'mdy', '1975-05'],
    ['00/05/1975', 'dmy', '1975-05'],
    ['00/00/1975', 'dmy', '1975'],
  ] as const)('%s as %s → %s', (text, numeric, edtf) => {
    expect(read(text, { numeric })).toBe(edtf);
  });

  it('reads all-zero day and month without an option, since that is unambiguous', () => {
    expect(read('00/00/1975')).toBe('1975');
  });

  it('rejects numeric dates without an order as ambiguous', () => {
    expect(errorOf('04/01/1949')).toBe(
      `"04/01/1949": an all-numeric date is ambiguous (month/day or day/month); pass { numeric: 'mdy' } or { numeric: 'dmy' }`,
    );
    expect(errorOf('13/01/1949')).toContain('ambiguous');
  });

  it.each([
    ['00/00/0000', 'mdy', '"00/00/0000": unknown date (the year is 0000)'],
    ['00/00/0000', undefined, '"00/00/0000": unknown date (the year is 0000)'],
    ['01/01/0000', 'mdy', '"01/01/0000": unknown date (the year is 0000)'],
    ['01/01/0000', 'dmy', '"01/01/0000": unknown date (the year is 0000)'],
    ['00/05/1975', 'mdy', '"00/05/1975": a day (5) without a month cannot be recorded'],
    ['13/01/1949', 'mdy', '"13/01/1949": month 13 is not between 01 and 12'],
    ['02/30/1949', 'mdy', '"02/30/1949": 1949 has no February 30'],
    ['4/1/49', 'mdy', '"4/1/49": a two-digit year is ambiguous (which century?)'],
  ] as const)('rejects %s (%s)', (text, numeric, message) => {
    expect(errorOf(text, numeric ? { numeric } : undefined)).toBe(message);
  });
});

describe('parseDateText: database zeros', () => {
  it.each([
    ['1975-00-00', '1975'],
    ['1975-05-00', '1975-05'],
    ['1975-00', '1975'],
  ])('%s → %s', (text, edtf) => {
    expect(read(text)).toBe(edtf);
  });

  it.each([
    ['0000-00-00', '"0000-00-00": unknown date (the year is 0000)'],
    ['1975-00-05', '"1975-00-05": a day without a month cannot be recorded'],
  ])('rejects %s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

describe('parseDateText: rejections', () => {
  const UNREADABLE =
    'not a date that can be read without guessing; expected e.g. "April 1, 1949", "1 April 1949", "November 1967", ' +
    '"1955", "c. 1955", "1950s", "1956-1957", "March 3-5, 1984" or an EDTF date such as 1949-04-01';
  const vague = (word: string) =>
    `"${word}" cannot be turned into a date range without guessing; record the date you are sure of and keep the text`;

  it.each([
    ['', '"": a date cannot be empty'],
    ['   ', '"": a date cannot be empty'],
    ['Spring 1955', `"Spring 1955": ${vague('spring')}`],
    ['Fall 1955', `"Fall 1955": ${vague('fall')}`],
    ['winter 1955-1956', `"winter 1955-1956": ${vague('winter')}`],
    ['early 1955', `"early 1955": ${vague('early')}`],
    ['mid-1950s', `"mid-1950s": ${vague('mid')}`],
    ['late March 1955', `"late March 1955": ${vague('late')}`],
    ['sometime in the fifties', `"sometime in the fifties": ${UNREADABLE}`],
    ["the '50s", `"the '50s": ${UNREADABLE}`],
    ['31 February 1950', '"31 February 1950": 1950 has no February 31'],
    ['April 31, 1949', '"April 31, 1949": 1949 has no April 31'],
    ['February 29, 1985', '"February 29, 1985": 1985 has no February 29'],
    ['March 0, 1984', '"March 0, 1984": day 00 is not between 01 and 31'],
    ['1985-02-29', '"1985-02-29": 1985 has no February 29'],
    ['1984-3-5', '"1984-3-5": not an EDTF date; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ ? or %, or two such dates joined by /'],
    ['1957/1956', '"1957/1956": the interval ends (1956) before it starts (1957)'],
    ['1957-1956', '"1957-1956": the interval ends (1956) before it starts (1957)'],
    ['December 30 - January 2, 1984', '"December 30 - January 2, 1984": the interval ends (1984-01-02) before it starts (1984-12-30)'],
    ['1956/..', '"1956/..": open intervals are not supported (an interval needs both a start and an end date)'],
    ['April 1', '"April 1": no year is given'],
    ['April', '"April": no year is given'],
    ['5 1984', '"5 1984": a day without a month cannot be recorded'],
    ['1900s', '"1900s": 1900s is ambiguous: the decade 1900–1909 (190X) or the century (19XX)'],
    ['1955s', '"1955s": 1955s is not a decade (a decade ends in 0, e.g. 1950s)'],
    ['1956-57', '"1956-57": the part after "-" is not a month, and abbreviated end years are not expanded (write e.g. 1956-1957)'],
    ['Smarch 1955', `"Smarch 1955": ${UNREADABLE}`],
    ['first of April 1949', `"first of April 1949": ${UNREADABLE}`],
    ['first half of 1955', `"first half of 1955": ${vague('half')}`],
    ['Monday, March 26, 1984', `"Monday, March 26, 1984": ${UNREADABLE}`],
    ['April 1, 49', `"April 1, 49": ${UNREADABLE}`],
    ['March 3 - 1984', `"March 3 - 1984": ${UNREADABLE}`],
    ['1955??', `"1955??": ${UNREADABLE}`],
    ['NaN', `"NaN": ${UNREADABLE}`],
    ['1e3', `"1e3": ${UNREADABLE}`],
    ['Infinity', `"Infinity": ${UNREADABLE}`],
    ['-1955', `"-1955": ${UNREADABLE}`],
    ['19th century', `"19th century": ${UNREADABLE}`],
    ['１９５５', '"１９５５": only the digits 0–9 are read'],
    ['١٩٥٥', '"١٩٥٥": only the digits 0–9 are read'],
    ['April ١, 1949', '"April ١, 1949": only the digits 0–9 are read'],
  ])('%j', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('rejects hostile lengths quickly and quotes them shortened', () => {
    const long = `${'April 1, 1949 - '.repeat(10_000)}1950`;
    expect(errorOf(long)).toBe(`"${long.slice(0, 57)}…": too long to be a date`);
    const hyphens = `${'1-'.repeat(99)}1`;
    expect(parseDateText(hyphens).ok).toBe(false);
  });

  it('rejects non-strings from untyped callers', () => {
    expect(parseDateText(1955 as unknown as string)).toEqual({ ok: false, error: 'a date must be a string' });
  });

  it('always returns canonical EDTF that parsePartialDate accepts', () => {
    for (const text of ['c. June 1948?', 'March 3-5, 1984', '1950s-1960s', '[1955?]', 'between c. 1955 and 1957']) {
      const edtf = read(text);
      expect(parsePartialDate(edtf)).toMatchObject({ ok: true, value: { edtf } });
    }
  });
});
