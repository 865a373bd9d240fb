/**
 * Human-readable forms of stored values, for pages and the command line.
 * @module
 */
import { BoundedMap } from './bounded-map.js';
import { parsePartialDate } from './partial-date.js';

/**
 * Dates as shown, by the stored value: a page lists a dozen documents and each is parsed again on every page
 * it appears on (a few per cent of an uncached document page). Only strings are kept, so nothing shared can change.
 */
const shown = new BoundedMap<string, string>({ maxSize: 20_000 });

function remembered(key: string, make: () => string): string {
  let value = shown.get(key);
  if (value === undefined) shown.set(key, (value = make()), 1);
  return value;
}

/** "March 25, 1984", "June 1948", "1955", or "Undated". An unreadable stored value is shown as written. */
export function displayDate(edtf: string | undefined, undated = 'Undated'): string {
  if (!edtf) return undated;
  return remembered(`d${edtf}`, () => {
    const parsed = parsePartialDate(edtf);
    return parsed.ok ? parsed.value.display : edtf;
  });
}

const DAY = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** A stored timestamp or date as a calendar day: "October 10, 2023". */
export function displayDay(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  return remembered(`t${iso}`, () => {
    const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
    return Number.isNaN(t) ? iso : DAY.format(t);
  });
}

/** "1 document", "3 documents". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
