/**
 * The dateline a FRUS document signs off with when it has none at its head:
 * notes, memoranda and treaties often end "Washington, May 22, 1930." in a
 * last paragraph, a postscript or the closer, untagged. Only a block that is
 * nothing but a place and a date (or a closer that ends with one) is read, so
 * a date inside a sentence ("signed at Washington on October 6th, 1930,
 * receive…") is never taken for the document's own.
 * @module
 */
import { MONTH_NAMES } from '../../domain/partial-date.js';
import { readWhen, type DateOptions } from './tei-dates.js';
import { isElement, localName, textOf, type XmlElement } from './xml-tree.js';

const MONTHS = MONTH_NAMES.join('|');
/** "[Washington,] December 1, 1930." / "Department of State, Washington, September 11, 1900." / "Paris, 19 August 1935". */
const DATELINE = new RegExp(
  `^(?:\\[?([A-Z][\\p{L} .,’'-]{1,80}?),?\\]?,?\\s+)?(?:(${MONTHS})\\s+(\\d{1,2})(?:st|nd|rd|th)?,?|(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTHS}),?)\\s+(\\d{4})\\.?\\]?$`,
  'u',
);

export interface ClosingDate {
  edtf: string;
  /** The dateline as printed. */
  text: string;
  place?: string;
}

/** Blocks of the document's own text, in order: not its notes, enclosures or nested documents. */
function blocks(div: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (el: XmlElement) => {
    for (const c of el.children) {
      if (!isElement(c)) continue;
      const name = localName(c);
      if (name === 'note' || name === 'attachment' || name === 'head' || (name === 'div' && c.attrs.type === 'document')) continue;
      if (name === 'p' || name === 'closer' || name === 'dateline') out.push(c);
      else walk(c);
    }
  };
  walk(div);
  return out;
}

export function closingDateline(div: XmlElement, options: DateOptions): ClosingDate | undefined {
  const list = blocks(div);
  // The last two blocks: a date line may follow the closer ("Respectfully submitted, / Drake / Washington, …").
  for (const block of list.slice(-2).reverse()) {
    const text = textOf(block, (e) => localName(e) === 'note');
    const candidates = localName(block) === 'closer' ? tails(text) : [text];
    for (const candidate of candidates) {
      const m = DATELINE.exec(candidate.trim());
      // "Received June 3, 1930." dates the copy's arrival, not the document.
      if (!m || /^received\b/i.test(m[1] ?? '')) continue;
      const month = MONTH_NAMES.indexOf((m[2] ?? m[5]) as (typeof MONTH_NAMES)[number]) + 1;
      const day = Number(m[3] ?? m[4]);
      const when = `${m[6]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const reading = readWhen(when, options);
      if (!reading.ok) return undefined;
      return { edtf: reading.edtf, text: candidate.trim().slice(0, 300), ...(m[1] ? { place: m[1].trim() } : {}) };
    }
  }
  return undefined;
}

/** A closer's text ending with a date ("…H. L. Stimson Washington, May 29, 1930.", "…23d day (July 19, 1900)."): the date alone, since where the signature ends and the place begins is not marked. */
function tails(text: string): string[] {
  // The date may close in brackets: "Kwang-hsu, twenty-sixth year, sixth moon, 23d day (July 19, 1900)."
  const m = new RegExp(`(?:^|[\\s(\\[])((?:${MONTHS})\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})\\s*[)\\]]?\\s*\\.?$`, 'u').exec(text.trim());
  return m ? [m[1]!] : [];
}
