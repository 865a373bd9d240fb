import { describe, expect, it } from 'vitest';
import { datestamp, parseUtcDatestamp } from './datestamps.js';

describe('OAI-PMH datestamps', () => {
  it('reads days and seconds as half-open ranges of instants', () => {
    expect(parseUtcDatestamp('2024-02-29')).toEqual({ text: '2024-02-29', granularity: 'day', start: '2024-02-29T00:00:00.000Z', end: '2024-03-01T00:00:00.000Z' });
    expect(parseUtcDatestamp('1999-12-31T23:59:59Z')).toEqual({
      text: '1999-12-31T23:59:59Z', granularity: 'second', start: '1999-12-31T23:59:59.000Z', end: '2000-01-01T00:00:00.000Z',
    });
  });

  it('ends the last day of 9999 at its last instant, not in year 10000', () => {
    expect(parseUtcDatestamp('9999-12-31T23:59:59Z')!.end).toBe('9999-12-31T23:59:59.999Z');
    expect(parseUtcDatestamp('9999-12-31')!.end).toBe('9999-12-31T23:59:59.999Z');
  });

  it('refuses what is not a real UTC date at day or second granularity', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-01-01T24:00:00Z', '2024-01-01T10:00Z', '2024-01-01T10:00:00', '2024-01-01T10:00:00+01:00', '2024-01-01T10:00:00.5Z', '24-01-01', ' 2024-01-01', '']) {
      expect(parseUtcDatestamp(bad), bad).toBeUndefined();
    }
  });

  it('writes a stored instant at second granularity in UTC', () => {
    expect(datestamp('2026-12-06T00:20:28.999Z')).toBe('2026-12-06T00:20:28Z');
    expect(datestamp('2026-12-06T02:20:28+02:00')).toBe('2026-12-06T00:20:28Z');
  });
});
