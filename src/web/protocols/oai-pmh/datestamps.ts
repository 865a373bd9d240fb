/**
 * OAI-PMH datestamps (protocol §3.3). This archive records changes to the
 * second, so it declares the finer granularity, YYYY-MM-DDThh:mm:ssZ, and
 * accepts `from`/`until` at either day or second granularity. Bounds are
 * inclusive in the protocol; they become a half-open range of instants here
 * (`until=1999-02-01` takes everything up to the end of that day).
 * @module
 */

export const GRANULARITY_DAY = 'YYYY-MM-DD';
export const GRANULARITY_SECOND = 'YYYY-MM-DDThh:mm:ssZ';

export interface DatestampBound {
  /** As the harvester wrote it. */
  text: string;
  granularity: 'day' | 'second';
  /** First instant the value covers (ISO with milliseconds). */
  start: string;
  /** First instant after it. */
  end: string;
}

/** Parses a `from` or `until` value; undefined when it is not a real UTC date at a supported granularity. */
export function parseUtcDatestamp(text: string): DatestampBound | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const second = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(text);
  const parts = (day ?? second)?.slice(1).map(Number);
  if (!parts) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = parts as [number, number, number, number?, number?, number?];
  // setUTCFullYear, unlike Date.UTC, takes years 1–99 as written; it rolls 1999-02-30 over into March,
  // so a date that does not survive the round trip is not real.
  const check = new Date(0);
  check.setUTCFullYear(y, mo - 1, d);
  check.setUTCHours(h, mi, s, 0);
  const ms = check.getTime();
  if (y < 1 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  const step = day ? 86_400_000 : 1000;
  // Past 9999 toISOString writes "+010000-…", which sorts before every stored time; stop at the last instant of 9999.
  const end = Math.min(ms + step, Date.UTC(9999, 11, 31, 23, 59, 59, 999));
  return { text, granularity: day ? 'day' : 'second', start: new Date(ms).toISOString(), end: new Date(end).toISOString() };
}

/** A stored ISO instant as an OAI-PMH datestamp at this archive's granularity. */
export function datestamp(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}
