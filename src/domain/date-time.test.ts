import { describe, expect, it } from 'vitest';
import { dateTimeTzSchema, formatDateTimeTz, toInstant, type DateTimeTz } from './date-time.js';

describe('dateTimeTzSchema', () => {
  it.each([
    [{ dateTime: '1984-03-25T19:45' }],
    [{ dateTime: '1984-03-25T19:45:30', timeZone: 'Asia/Tokyo', text: '19:45 JST' }],
    [{ dateTime: '1984-02-29T00:00', timeZone: '+09:00' }],
    [{ dateTime: '1962-10-27T23:59:59', timeZone: '-05:00' }],
    [{ dateTime: '1962-10-27T12:00', timeZone: 'Z' }],
    [{ dateTime: '1962-10-27T12:00', timeZone: 'UTC' }],
    [{ dateTime: '1962-10-27T12:00', timeZone: 'Etc/GMT+5' }],
    [{ dateTime: '1962-10-27T12:00', timeZone: 'US/Eastern' }],
    [{ dateTime: '1962-10-27T12:00', timeZone: 'Japan' }],
    [{ dateTime: '1962-10-27T12:00', timeZone: 'EST5EDT' }],
    [{ dateTime: '1986-01-01T12:00', timeZone: '+05:45' }],
    [{ dateTime: '1986-01-01T12:00', timeZone: '+14:00' }],
  ])('accepts %j', (value) => {
    expect(dateTimeTzSchema.parse(value)).toEqual(value);
  });

  it('trims strings', () => {
    expect(dateTimeTzSchema.parse({ dateTime: ' 1984-03-25T19:45 ', timeZone: ' Asia/Tokyo ', text: ' 19:45 JST ' })).toEqual({
      dateTime: '1984-03-25T19:45',
      timeZone: 'Asia/Tokyo',
      text: '19:45 JST',
    });
  });

  const NOT_LOCAL = 'is not a local date-time; expected YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS';
  it.each([
    ['1984-02-30T10:00', '1984 has no February 30'],
    ['1985-02-29T10:00', '1985 has no February 29'],
    ['1984-13-01T10:00', 'month 13 is not between 01 and 12'],
    ['1984-00-01T10:00', 'month 00 is not between 01 and 12'],
    ['1984-01-00T10:00', '1984 has no January 0'],
    ['1984-03-25T24:00', 'hour 24 is not between 00 and 23'],
    ['1984-03-25T19:60', 'minute 60 is not between 00 and 59'],
    ['1984-03-25T19:45:60', 'second 60 is not between 00 and 59'],
    ['1984-03-25', `"1984-03-25" ${NOT_LOCAL}`],
    ['1984-03-25 19:45', `"1984-03-25 19:45" ${NOT_LOCAL}`],
    ['1984-03-25T19:45Z', `"1984-03-25T19:45Z" ${NOT_LOCAL}`],
    ['1984-03-25T19:45+09:00', `"1984-03-25T19:45+09:00" ${NOT_LOCAL}`],
    ['1984-03-25T19:45:30.5', `"1984-03-25T19:45:30.5" ${NOT_LOCAL}`],
    ['1984-3-25T9:45', `"1984-3-25T9:45" ${NOT_LOCAL}`],
    ['NaN', `"NaN" ${NOT_LOCAL}`],
    ['1e3', `"1e3" ${NOT_LOCAL}`],
    ['１９８４-03-25T19:45', `"１９８４-03-25T19:45" ${NOT_LOCAL}`],
    ['', `"" ${NOT_LOCAL}`],
    ['9'.repeat(100_000), `"${'9'.repeat(40)}" ${NOT_LOCAL}`],
  ])('rejects dateTime %j', (dateTime, message) => {
    const result = dateTimeTzSchema.safeParse({ dateTime });
    expect(result.error?.issues).toMatchObject([{ path: ['dateTime'], message }]);
  });

  const NOT_ZONE = 'is neither an IANA time zone (e.g. Asia/Tokyo) nor a UTC offset (Z, +09:00)';
  it.each([
    ['JST', `"JST" ${NOT_ZONE}`],
    ['BST', `"BST" ${NOT_ZONE}`],
    ['IST', `"IST" ${NOT_ZONE}`],
    ['CST', `"CST" ${NOT_ZONE}`],
    ['SystemV/AST4', `"SystemV/AST4" ${NOT_ZONE}`],
    ['GMT+5', `"GMT+5" ${NOT_ZONE}`],
    ['UTC+9', `"UTC+9" ${NOT_ZONE}`],
    ['Mars/Olympus_Mons', `"Mars/Olympus_Mons" ${NOT_ZONE}`],
    ['+0900', `"+0900" ${NOT_ZONE}`],
    ['+9:00', `"+9:00" ${NOT_ZONE}`],
    ['z', `"z" ${NOT_ZONE}`],
    ['', `"" ${NOT_ZONE}`],
    ['../../etc/passwd', `"../../etc/passwd" ${NOT_ZONE}`],
    ['+15:00', 'the UTC offset +15:00 is outside -14:00..+14:00'],
    ['+09:60', 'the UTC offset +09:60 is outside -14:00..+14:00'],
    ['-00:00', 'use Z or +00:00 for UTC (-00:00 means "offset unknown"; omit the zone instead)'],
  ])('rejects timeZone %j', (timeZone, message) => {
    const result = dateTimeTzSchema.safeParse({ dateTime: '1984-03-25T19:45', timeZone });
    expect(result.error?.issues).toMatchObject([{ path: ['timeZone'], message }]);
  });

  it('rejects unknown keys, empty text and non-objects', () => {
    expect(dateTimeTzSchema.safeParse({ dateTime: '1984-03-25T19:45', zone: 'Asia/Tokyo' }).success).toBe(false);
    expect(dateTimeTzSchema.safeParse({ dateTime: '1984-03-25T19:45', text: ' ' }).success).toBe(false);
    expect(dateTimeTzSchema.safeParse('1984-03-25T19:45').success).toBe(false);
    expect(dateTimeTzSchema.safeParse({ dateTime: 1984 }).success).toBe(false);
  });
});

describe('formatDateTimeTz and toInstant', () => {
  it.each<[DateTimeTz, string, string | undefined]>([
    [{ dateTime: '1984-03-25T19:45', timeZone: 'Asia/Tokyo' }, 'March 25, 1984, 19:45 (Asia/Tokyo, UTC+09:00)', '1984-03-25T10:45:00Z'],
    [{ dateTime: '1984-03-25T19:45', timeZone: '+09:00' }, 'March 25, 1984, 19:45 (UTC+09:00)', '1984-03-25T10:45:00Z'],
    [{ dateTime: '1984-03-25T19:45' }, 'March 25, 1984, 19:45', undefined],
    [{ dateTime: '1984-03-25T19:45', text: '19:45 JST' }, 'March 25, 1984, 19:45', undefined],
    [{ dateTime: '1984-03-25T19:45:07', timeZone: 'Z' }, 'March 25, 1984, 19:45:07 (UTC)', '1984-03-25T19:45:07Z'],
    [{ dateTime: '1984-03-25T00:05', timeZone: '-05:30' }, 'March 25, 1984, 00:05 (UTC-05:30)', '1984-03-25T05:35:00Z'],
    [{ dateTime: '1984-03-25T00:05', timeZone: '+00:00' }, 'March 25, 1984, 00:05 (UTC+00:00)', '1984-03-25T00:05:00Z'],
    [{ dateTime: '1962-10-27T12:00', timeZone: 'Asia/Kolkata' }, 'October 27, 1962, 12:00 (Asia/Kolkata, UTC+05:30)', '1962-10-27T06:30:00Z'],
    [{ dateTime: '1962-10-27T12:00', timeZone: 'UTC' }, 'October 27, 1962, 12:00 (UTC, UTC+00:00)', '1962-10-27T12:00:00Z'],
    [{ dateTime: '1984-01-01T01:00', timeZone: '+09:00' }, 'January 1, 1984, 01:00 (UTC+09:00)', '1983-12-31T16:00:00Z'],
    [{ dateTime: '0950-06-01T12:00', timeZone: 'Z' }, 'June 1, 950, 12:00 (UTC)', '0950-06-01T12:00:00Z'],
    [{ dateTime: '0050-06-01T12:00', timeZone: 'Z' }, 'June 1, 50, 12:00 (UTC)', '0050-06-01T12:00:00Z'],
  ])('%j', (value, text, instant) => {
    expect(formatDateTimeTz(value)).toBe(text);
    expect(toInstant(value)).toBe(instant);
  });

  describe('daylight saving time (America/New_York)', () => {
    it.each<[string, string, string]>([
      ['1984-07-04T12:00', 'July 4, 1984, 12:00 (America/New_York, UTC-04:00)', '1984-07-04T16:00:00Z'],
      ['1984-01-15T12:00', 'January 15, 1984, 12:00 (America/New_York, UTC-05:00)', '1984-01-15T17:00:00Z'],
      // 1984-04-29 02:00 EST jumped to 03:00 EDT: a skipped time takes the offset from before the change.
      ['1984-04-29T02:30', 'April 29, 1984, 02:30 (America/New_York, UTC-05:00)', '1984-04-29T07:30:00Z'],
      ['1984-04-29T03:30', 'April 29, 1984, 03:30 (America/New_York, UTC-04:00)', '1984-04-29T07:30:00Z'],
      // 1984-10-28 01:00–02:00 happened twice: the earlier instant (still EDT) is chosen.
      ['1984-10-28T01:30', 'October 28, 1984, 01:30 (America/New_York, UTC-04:00)', '1984-10-28T05:30:00Z'],
      ['1984-10-28T02:30', 'October 28, 1984, 02:30 (America/New_York, UTC-05:00)', '1984-10-28T07:30:00Z'],
    ])('%s', (dateTime, text, instant) => {
      const value = { dateTime, timeZone: 'America/New_York' };
      expect(formatDateTimeTz(value)).toBe(text);
      expect(toInstant(value)).toBe(instant);
    });
  });

  it('shows historical local mean time offsets with seconds', () => {
    const value = { dateTime: '1850-01-01T12:00', timeZone: 'Asia/Tokyo' };
    expect(formatDateTimeTz(value)).toBe('January 1, 1850, 12:00 (Asia/Tokyo, UTC+09:18:59)');
    expect(toInstant(value)).toBe('1850-01-01T02:41:01Z');
  });

  it('throws RangeError on values the schema would reject', () => {
    expect(() => formatDateTimeTz({ dateTime: '1984-02-30T10:00' })).toThrow(RangeError);
    expect(() => toInstant({ dateTime: '1984-03-25T10:00', timeZone: 'Nowhere/City' })).toThrow(
      new RangeError('invalid timeZone: "Nowhere/City" is neither an IANA time zone (e.g. Asia/Tokyo) nor a UTC offset (Z, +09:00)'),
    );
  });
});
