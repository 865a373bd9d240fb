/**
 * "Cite this" texts formatted once per version of a document's record, not
 * on every page. citeproc is about a third of an uncached document page
 * (~1 ms per style, since each run registers the item afresh), yet a
 * document's citations change only when its record, the site's name or the
 * cited version changes. Two values in them change without that: the stable
 * URL (it carries the host the page was asked for, when no base URL is set)
 * and the date of access. So the citations are formatted with a placeholder
 * URL and a placeholder date, kept under a hash of everything else in the
 * CSL item, and the real URL and date are put in per request: a string
 * replace instead of four citeproc runs.
 *
 * How each style writes a date ("March 4, 2026", "4 Mar. 2026") is citeproc's
 * business, so it is not guessed: a small probe item is formatted with two
 * placeholder dates (which tells where the date stands and how the
 * placeholder reads) and once with the day of access, once per day. The
 * result is the text citeproc would give; `citation-memo.test.ts` compares
 * them over whole archives. A URL with characters citeproc might treat as
 * text (quotes, spaces) is formatted directly, uncached.
 *
 * Given the site's PageParts, the citations are also kept in the catalog
 * (`page_parts`, one row per document): a process that starts, or another
 * process behind the same load balancer, reads them instead of running
 * citeproc again. The row holds the key it was made from — the hash of
 * the CSL item (the record's cited fields and the site's name) and of the
 * styles and citeproc's version — so an edit, a renamed site or a new style
 * makes another key and the row is made again, from any process; nothing
 * has to be invalidated, and a draft is never cited, since only a published
 * document's page asks. An archive without them makes them as pages are
 * first visited (page-parts.ts writes them).
 * @module
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { BoundedMap } from '../domain/bounded-map.js';
import { formatCitations, type CitationText, type Citations, type CslItem } from './citations.js';
import { APA, CHICAGO, MLA } from './citation-styles.js';
import type { PageParts } from './page-parts.js';

const URL_MARK = 'https://cited-url.invalid/x';
const DATE_A = [[1111, 11, 11]];
const DATE_B = [[2999, 2, 22]];
const FORMS = ['chicagoNote', 'chicago', 'mla', 'apa'] as const;
type Form = (typeof FORMS)[number];
/** A URL that citeproc's HTML output writes as is, but for `&`. */
const PLAIN_URL = /^https?:\/\/[A-Za-z0-9.:/~%?=&+_-]+$/;
const MAX_CHARS = 24 * 1024 * 1024;
/** The page part (page-parts.ts) the citations are kept as. */
export const CITATIONS_PART = 'citations';
/** What else the kept text depends on: the styles, and the citeproc and locales that format them. */
const FORMATTER = (() => {
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  return [CHICAGO, MLA, APA, version('citeproc'), version('@citation-js/plugin-csl')].join('\n');
})();

/** Each form's HTML and text with the placeholders in them. */
type Held = Record<Form, CitationText>;

export class CitationMemo {
  /** Bounded by the characters held, least recently used first (bounded-map.ts). */
  readonly #held: BoundedMap<string, Held>;
  #dates: { day: string; spans: Record<Form, [from: string, to: string] | undefined> } | undefined;
  #shape: Record<Form, { sentinel: string; prefix: number; suffix: number } | undefined> | undefined;

  /** `parts`: keep the citations in the catalog too, for other processes and the next start. */
  constructor(
    maxChars = MAX_CHARS,
    private readonly parts?: PageParts,
  ) {
    this.#held = new BoundedMap({ maxSize: maxChars });
  }

  /** Records held. */
  get size(): number {
    return this.#held.count;
  }

  /** The same citations as `formatCitations(item)`, from memory (or the catalog) when this item but for URL and access date was formatted before. */
  async format(item: CslItem): Promise<Citations> {
    const day = dateParts(item.accessed);
    if (!PLAIN_URL.test(item.URL) || !day) return formatCitations(item);
    const general = generalItem(item);
    const key = citationKey(item);
    let held = this.#held.get(key);
    if (!held) {
      held = await this.#kept(item.id, key, general);
      this.#held.set(key, held, size(held));
    }
    return this.#fill(held, item, day);
  }

  /**
   * Formats `item`'s citations and keeps them in the catalog, unless they are kept there already, without holding
   * them in memory (page-citations.ts, ahead of the page). Whether they were formatted.
   */
  async keep(item: CslItem): Promise<boolean> {
    if (!this.parts || !PLAIN_URL.test(item.URL) || !dateParts(item.accessed)) return false;
    let made = false;
    await this.#kept(item.id, citationKey(item), generalItem(item), () => (made = true));
    return made;
  }

  /** The citations kept in the catalog under `key`, or formatted now and kept there. */
  async #kept(documentId: string, key: string, general: CslItem, formatted?: () => void): Promise<Held> {
    const stored = await this.parts?.get(documentId, CITATIONS_PART, key);
    if (stored !== undefined) return JSON.parse(stored) as Held;
    const held = formatCitations(general);
    formatted?.();
    this.parts?.put(documentId, CITATIONS_PART, key, JSON.stringify(held));
    return held;
  }

  #fill(held: Held, item: CslItem, day: string): Citations {
    const spans = this.#dateSpans(day);
    const escaped = item.URL.replaceAll('&', '&#38;');
    const out = {} as Citations;
    for (const form of FORMS) {
      // A date as citeproc writes it has no character that HTML escapes, so the text takes the same span.
      const span = spans[form];
      const put = (s: string, url: string) => (span ? s.replaceAll(URL_MARK, url).replaceAll(span[0], span[1]) : s.replaceAll(URL_MARK, url));
      out[form] = { html: put(held[form].html, escaped), text: put(held[form].text, item.URL) };
    }
    return out;
  }

  /** For each form: the placeholder date as the style writes it, and the day of access as it writes it. */
  #dateSpans(day: string): Record<Form, [string, string] | undefined> {
    if (this.#dates?.day === day) return this.#dates.spans;
    this.#shape ??= this.#probeShape();
    const real = probe(day.split('-').map(Number));
    const spans = Object.fromEntries(
      FORMS.map((f) => {
        const s = this.#shape![f];
        return [f, s ? [s.sentinel, real[f].html.slice(s.prefix, real[f].html.length - s.suffix)] : undefined];
      }),
    ) as Record<Form, [string, string] | undefined>;
    this.#dates = { day, spans };
    return spans;
  }

  /** Where the date of access stands in each form, from two placeholder dates that differ in their first and last characters. */
  #probeShape() {
    const a = probe(DATE_A[0]!);
    const b = probe(DATE_B[0]!);
    return Object.fromEntries(
      FORMS.map((f) => {
        const [x, y] = [a[f].html, b[f].html];
        if (x === y) return [f, undefined];
        let prefix = 0;
        while (x[prefix] === y[prefix]) prefix++;
        let suffix = 0;
        while (suffix < x.length - prefix && x[x.length - 1 - suffix] === y[y.length - 1 - suffix]) suffix++;
        return [f, { sentinel: x.slice(prefix, x.length - suffix), prefix, suffix }];
      }),
    ) as Record<Form, { sentinel: string; prefix: number; suffix: number } | undefined>;
  }
}

/** The item with the URL and the date of access left out: what the kept citations are made from. */
function generalItem(item: CslItem): CslItem {
  return { ...item, URL: URL_MARK, accessed: { 'date-parts': DATE_A } };
}

/** The hash's state after the styles and versions, copied for each key rather than hashing the styles on every page. */
const FORMATTER_HASH = createHash('sha1').update(FORMATTER);

/** The key the citations of `item` are kept under: everything they are made from but for the URL and the day. */
export function citationKey(item: CslItem): string {
  return FORMATTER_HASH.copy().update(JSON.stringify(generalItem(item))).digest('base64');
}

function probe(date: number[]): Citations {
  return formatCitations({ id: 'probe', type: 'manuscript', title: 'Probe', URL: URL_MARK, accessed: { 'date-parts': [date] } });
}

function dateParts(accessed: CslItem['accessed']): string | undefined {
  const parts = 'date-parts' in accessed ? accessed['date-parts'][0] : undefined;
  return parts?.length === 3 && 'date-parts' in accessed && accessed['date-parts'].length === 1 ? parts.join('-') : undefined;
}

function size(held: Held): number {
  return FORMS.reduce((n, f) => n + held[f].html.length + held[f].text.length, 64);
}
