/**
 * A FRUS volume's own records: the volume collection (from the TEI header:
 * title, editors, publisher, publication year, coverage), its compilations
 * and chapters as ordered sub-collections, and its persons and terms lists as
 * authority records keyed `<volume-id>/<xml:id>` (the upstream README warns
 * these ids are per-volume keys, not canonical).
 * @module
 */
import { escapeHtml } from '../../domain/rich-text.js';
import { parsePartialDate } from '../../domain/partial-date.js';
import { givenFirstPersonName, preferredPersonName } from '../../domain/person-name.js';
import { headTitle, isFootnote, isHeadApparatus } from './tei-html.js';
import { attr, childElements, findAll, findFirst, localName, textOf, type XmlElement } from './xml-tree.js';

export interface VolumeHeader {
  id?: string;
  title?: string;
  editors: string[];
  publisher?: string;
  pubPlace?: string;
  /** The publication year, the latest a document of the volume can be from. */
  year?: number;
  /** `date[@type="content-date"]` of modern volumes. */
  coverage?: { notBefore?: string; notAfter?: string };
  release?: string;
}

export function readHeader(header: XmlElement): VolumeHeader {
  const titleStmt = findFirst(header, (e) => localName(e) === 'titleStmt');
  const pub = findFirst(header, (e) => localName(e) === 'publicationStmt');
  const titles = titleStmt ? childElements(titleStmt, 'title') : [];
  const titleOf = (...types: string[]) => titles.map((t) => (types.includes(t.attrs.type ?? '') ? textOf(t) : '')).find(Boolean);
  // Vendor volumes write `subseries`/`volumenumber`; modern ones `sub-series`/`volume-number`. Both are often empty.
  const composed = [titleOf('series'), titleOf('sub-series', 'subseries'), titleOf('volume-number', 'volumenumber'), titleOf('volume')].filter(Boolean).join(', ');
  const dates = pub ? childElements(pub, 'date') : [];
  const pubDate = dates.find((d) => d.attrs.type === 'publication-date') ?? dates.find((d) => !d.attrs.type);
  const content = dates.find((d) => d.attrs.type === 'content-date');
  const year = pubDate && /\b(1[5-9]\d\d|20\d\d)\b/.exec(`${attr(pubDate, 'when') ?? ''} ${textOf(pubDate)}`)?.[1];
  const idno = pub && childElements(pub, 'idno').find((i) => i.attrs.type === 'frus');
  const sourceDesc = findFirst(header, (e) => localName(e) === 'sourceDesc');
  return {
    id: idno ? textOf(idno) || undefined : undefined,
    title: titleOf('complete') || composed || undefined,
    editors: titleStmt ? childElements(titleStmt, 'editor').map((e) => textOf(e)).filter(Boolean) : [],
    publisher: pub ? textOrUndefined(childElements(pub, 'publisher')[0]) : undefined,
    pubPlace: pub ? textOrUndefined(childElements(pub, 'pubPlace')[0]) : undefined,
    year: year ? Number(year) : undefined,
    coverage: content ? { notBefore: attr(content, 'notBefore'), notAfter: attr(content, 'notAfter') } : undefined,
    release: sourceDesc ? textOf(sourceDesc) || undefined : undefined,
  };
}

function textOrUndefined(el: XmlElement | undefined): string | undefined {
  return el ? textOf(el) || undefined : undefined;
}

/** "1917–1918" from the documents' dates (EDTF), or undefined when none is dated. */
export function coverageOf(dates: Iterable<string>): string | undefined {
  let first: string | undefined;
  let last: string | undefined;
  for (const edtf of dates) {
    const parsed = parsePartialDate(edtf);
    if (!parsed.ok) continue;
    if (!first || parsed.value.range.start < first) first = parsed.value.range.start;
    if (!last || parsed.value.range.end > last) last = parsed.value.range.end;
  }
  if (!first || !last) return undefined;
  const [a, b] = [first.slice(0, 4), last.slice(0, 4)];
  return a === b ? a : `${a}–${b}`;
}

export function volumeCollection(volumeId: string, header: VolumeHeader, coverage: string | undefined): Record<string, unknown> {
  const imprint = [header.publisher, header.pubPlace, header.year].filter(Boolean).join(', ');
  const short = [imprint && `${imprint}.`, coverage && `Documents dated ${coverage}.`].filter(Boolean).join(' ');
  const paragraphs = [
    header.release,
    `Foreign Relations of the United States, volume ${volumeId}, from the Office of the Historian's TEI edition.`,
  ].filter(Boolean) as string[];
  return {
    kind: 'collection',
    id: volumeId,
    title: (header.title ?? volumeId).slice(0, 1000),
    ...(short ? { shortDescription: short } : {}),
    description: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join(''),
    themes: ['Foreign Relations of the United States'],
    order: 'manual',
    editors: header.editors,
  };
}

/** A compilation, chapter or subchapter as a sub-collection. Its head's footnotes become its description. */
export function sectionCollection(options: { id: string; parent: string; position: number; div: XmlElement; head?: XmlElement; index: number }): Record<string, unknown> {
  const title = options.head ? headTitle(options.head, ' — ') : '';
  const notes = options.head ? findAll(options.head, isHeadApparatus, isHeadApparatus) : []; // notes and marginal numbers printed with the head
  const type = options.div.attrs.type;
  return {
    kind: 'collection',
    id: options.id,
    title: (title || `${type ? type[0]!.toUpperCase() + type.slice(1) : 'Section'} ${options.index + 1}`).slice(0, 1000),
    ...(notes.length ? { description: notes.map((n) => `<p class="note">${escapeHtml(textOf(n))}</p>`).join('') } : {}),
    parent: options.parent,
    position: options.position,
    order: 'manual',
  };
}

/** Persons list items (`persName[@xml:id]`, often in `hi[@rend="strong"]`) → person records; the rest of the item describes them. */
export function glossaryRecords(kind: 'persons' | 'terms', div: XmlElement, volumeId: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const entryName = kind === 'persons' ? 'persName' : 'term';
  for (const item of findAll(div, (e) => localName(e) === 'item')) {
    const entry = findFirst(item, (e) => localName(e) === entryName && !!attr(e, 'xml:id'));
    if (!entry) continue;
    const name = textOf(entry);
    if (!name) continue;
    const description = textOf(item, (e) => e === entry || isFootnote(e)).replace(/^[\s,;:.—–-]+/, '').trim();
    const id = `${volumeId}/${attr(entry, 'xml:id')}`;
    if (kind === 'persons') {
      // The list inverts every name ("Hara, Takashi"); East Asian names lose the comma, and the text's order is a variant.
      const natural = givenFirstPersonName(name);
      out.push({
        kind: 'person',
        id,
        name: preferredPersonName(name).slice(0, 500),
        ...(description ? { description: description.slice(0, 20_000) } : {}),
        ...(natural ? { variants: [{ name: natural.slice(0, 500), type: 'alias' }] } : {}),
      });
    } else {
      out.push({
        kind: 'subject',
        id,
        name: name.slice(0, 500),
        ...(description ? { description: description.slice(0, 20_000), variants: [{ name: description.slice(0, 500), type: 'alias' }] } : {}),
      });
    }
  }
  return out;
}
