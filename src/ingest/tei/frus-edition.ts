/**
 * What a historian needs to cite a FRUS document the way the Office of the
 * Historian does — "Foreign Relations of the United States, 1918, Russia,
 * Volume III, Document 10" — read by rule from the volume's TEI header (any
 * volume, vendor or modern) and from the document's page breaks. The result
 * is the document's `publishedIn` (src/domain/document.ts).
 * @module
 */
import { attr, childElements, findFirst, isElement, localName, textOf, type XmlElement, type XmlNode } from './xml-tree.js';

/** The series' own name. The Office of the Historian lists every volume under it, whatever the volume's printed title says ("Papers Relating to Foreign Affairs", "…Diplomatic Papers"). */
export const FRUS_SERIES = 'Foreign Relations of the United States';

/** The volume-level part of `publishedIn`: the same for every document of the volume. */
export interface Edition {
  title: string;
  series: string;
  year?: string;
  subseries?: string;
  volume?: string;
  editors: string[];
  publisher?: string;
  place?: string;
  issued?: string;
}

const YEARS = /^(1[789]\d\d|20\d\d)(?:\s*[–-]\s*(\d{2,4}))?$/;
const TRAILING_YEARS = /,\s*((?:1[789]|20)\d\d(?:\s*[–-]\s*\d{2,4})?)$/;

/** "1969-76" → "1969–1976"; "1918" stays. */
function normalizeYears(text: string): string | undefined {
  const m = YEARS.exec(text.trim());
  if (!m) return undefined;
  if (!m[2]) return m[1];
  const end = m[2].length === 4 ? m[2] : `${m[1]!.slice(0, 4 - m[2].length)}${m[2]}`;
  return `${m[1]}–${end}`;
}

/**
 * The volume as cited, from `titleStmt/title[@type]` (`series`, `sub-series`/`subseries`,
 * `volume-number`/`volumenumber`, `volume`, `complete`) and `publicationStmt`:
 * - series: {@link FRUS_SERIES} for a volume of the series (id `frus…`, or the printed series names it);
 * - year: the sub-series when it is a year or span ("1918", "1969–1976"), else the year that ends the
 *   printed series ("Papers Relating to Foreign Affairs, 1864"), else the year of the volume id
 *   (`frus1861`, `frus1969-76v17` → "1969–1976");
 * - subject: `volume` ("Russia"), else a sub-series that is neither a year nor the whole title;
 * - volume number: `volume-number` ("Volume III", "Part II, Volume IV");
 * - where the header leaves the subject, volume number or year empty, the title page's `titlePart`s
 *   (`volumetitle`, `volumeno`, `subseries`), which print them in capitals and with "(In Three Volumes)";
 * - order: series, year (left out when the subject already names it: "The Paris Peace Conference,
 *   1919"), then subject and number in the order the complete title gives them (modern volumes print
 *   "Volume XVII, China, 1969–1972"; the older ones "Russia, Volume III").
 */
export function readEdition(header: XmlElement, volumeId: string, titleParts: Record<string, string> = {}): Edition {
  const titleStmt = findFirst(header, (e) => localName(e) === 'titleStmt');
  const pub = findFirst(header, (e) => localName(e) === 'publicationStmt');
  const titles = titleStmt ? childElements(titleStmt, 'title') : [];
  const titleOf = (...types: string[]) => titles.map((t) => (types.includes(t.attrs.type ?? '') ? textOf(t) : '')).find(Boolean) ?? '';
  const printedSeries = titleOf('series');
  const subSeries = titleOf('sub-series', 'subseries');
  const complete = titleOf('complete');
  const isFrus = /^frus/i.test(volumeId) || /foreign relations of the united states|foreign affairs/i.test(printedSeries);
  const series = isFrus ? FRUS_SERIES : printedSeries.replace(TRAILING_YEARS, '') || complete || volumeId;

  const idYears = /^frus(\d{4}(?:-\d{2,4})?)/i.exec(volumeId)?.[1];
  const year =
    normalizeYears(subSeries) ??
    normalizeYears(TRAILING_YEARS.exec(printedSeries)?.[1] ?? '') ??
    (idYears ? normalizeYears(idYears) : undefined) ??
    normalizeYears(titleParts.subseries ?? '');
  const subjectTitle = titleOf('volume') || fromTitlePage(titleParts.volumetitle);
  const subject = subjectTitle || (subSeries && !normalizeYears(subSeries) && subSeries !== complete ? subSeries : '');
  const volume = titleOf('volume-number', 'volumenumber') || volumeNumber(titleParts.volumeno);

  const numberFirst = Boolean(subject && volume && complete.includes(volume) && complete.includes(subject) && complete.indexOf(volume) < complete.indexOf(subject));
  const yearInSubject = Boolean(year && subject.includes(year));
  const rest = numberFirst ? [volume, subject] : [subject, volume];
  const title = [series, yearInSubject ? '' : year, ...rest].filter(Boolean).join(', ');

  const dates = pub ? childElements(pub, 'date') : [];
  const pubDate = dates.find((d) => d.attrs.type === 'publication-date') ?? dates.find((d) => !d.attrs.type);
  const issued = pubDate && /\b(1[5-9]\d\d|20\d\d)\b/.exec(`${attr(pubDate, 'when') ?? ''} ${textOf(pubDate)}`)?.[1];
  const first = (name: string) => (pub ? textOf(childElements(pub, name)[0] ?? '') || undefined : undefined);
  return {
    title: title.slice(0, 1000),
    series,
    ...(year ? { year } : {}),
    ...(subject ? { subseries: subject.slice(0, 500) } : {}),
    ...(volume ? { volume: volume.slice(0, 100) } : {}),
    editors: titleStmt ? childElements(titleStmt, 'editor').map((e) => textOf(e)).filter(Boolean) : [],
    ...(first('publisher') ? { publisher: first('publisher') } : {}),
    ...(first('pubPlace') ? { place: first('pubPlace') } : {}),
    ...(issued ? { issued } : {}),
  };
}

/** The title page's words where the header has none, in title case when printed in capitals ("THE NEAR EAST" → "The Near East"). */
function fromTitlePage(text: string | undefined): string {
  const t = (text ?? '').replace(/\(in [\w ]+ volumes?\)/gi, '').replace(/\s+/g, ' ').replace(/[.,;:\s]+$/, '').trim();
  if (t !== t.toUpperCase()) return t;
  return t.toLowerCase().replace(/(^|\s)([a-z])/g, (_m, sp: string, c: string) => sp + c.toUpperCase()).replace(/\b(Of|The|And|In|To|On)\b(?!$)/g, (w, _x, i: number) => (i === 0 ? w : w.toLowerCase()));
}

/** "RUSSIA (IN THREE VOLUMES) VOLUME III" → "Volume III"; "Part II, Volume IV" stays. */
function volumeNumber(text: string | undefined): string {
  const m = /\b(?:part\s+[ivxlc]+,?\s+)?volume\s+[ivxlc\d]+\b/i.exec(text ?? '');
  return m ? m[0].replace(/\b(part|volume)\b/gi, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).replace(/\b([ivxlc]+)\b/gi, (r) => r.toUpperCase()) : '';
}

/** A printed page number worth citing: `pb/@n` without the brackets of an unnumbered page ("[]", "[12]" → "12"). */
function pageNumber(pb: XmlElement): string | undefined {
  const n = (attr(pb, 'n') ?? '').replace(/^\[(.*)\]$/, '$1').trim();
  return /^[\w.]{1,20}$/.test(n) ? n : undefined;
}

/** The page a run of page breaks leaves the reader on. */
export function lastPage(pbs: XmlElement[], current: string | undefined): string | undefined {
  for (const pb of pbs) current = pageNumber(pb) ?? current;
  return current;
}

export interface PageSpans {
  /** First and last printed page of the document and of each document nested in it. */
  spans: Map<XmlElement, { first: string; last: string }>;
  /** The page the text is on after the document, where the next one starts. */
  after: string | undefined;
}

/**
 * Pages a document occupies: it starts on the page in force where its first words are (a page break
 * before any of its text opens it on the new page) and ends on the page of its last words (a break
 * after its last words belongs to the next document).
 */
export function pageSpans(div: XmlElement, startPage: string | undefined): PageSpans {
  const spans = new Map<XmlElement, { first: string; last: string }>();
  let current = startPage;
  const open: { el: XmlElement; first?: string; last?: string }[] = [];
  // Words before the first break of a volume whose first page carries none are on the page before it.
  let unpaged = false;
  const walk = (node: XmlNode) => {
    if (!isElement(node)) {
      if (!/\S/.test(node)) return;
      if (current === undefined) unpaged = true;
      else for (const o of open) {
        o.first ??= current;
        o.last = current;
      }
      return;
    }
    if (localName(node) === 'pb') {
      const n = pageNumber(node);
      if (unpaged && n && /^\d+$/.test(n) && Number(n) > 1) for (const o of open) o.first ??= String(Number(n) - 1);
      unpaged = false;
      current = n ?? current;
      return;
    }
    const isDoc = localName(node) === 'div' && node.attrs.type === 'document';
    if (isDoc) open.push({ el: node });
    for (const c of node.children) walk(c);
    if (isDoc) {
      const o = open.pop()!;
      if (o.first) spans.set(o.el, { first: o.first, last: o.last ?? o.first });
    }
  };
  walk(div);
  return { spans, after: current };
}

/** "12" or "12–14". */
export function pageRange(span: { first: string; last: string } | undefined): string | undefined {
  if (!span) return undefined;
  return span.first === span.last ? span.first : `${span.first}–${span.last}`;
}
