/**
 * One FRUS `div[@type="document"]` → Dossier document records (the document,
 * plus one per document nested in its attachments) and the per-volume
 * authority records its head names. The rules follow FRUS-TEI.md and
 * hsg-shell: the title is the head without its notes, the source note is the
 * first `note[@type="source"]` (here: all of them, in order), the date is
 * `@frus:doc-dateTime-min/max` or else the first dateline's `date`.
 * @module
 */
import { slugify } from '../../domain/ids.js';
import { builtRichText } from '../../domain/rich-text.js';
import { closingDateline } from './closing-dateline.js';
import { pageRange, type Edition } from './frus-edition.js';
import { suppliedTitle } from './supplied-title.js';
import { readBounds, readDateTimeSpan, readWhen, type DateOptions, type DateReading } from './tei-dates.js';
import { headTitle, isFootnote, isHeadApparatus, isSourceNote, pageBreak, renderFlow, renderInline, type HtmlContext } from './tei-html.js';
import { attr, findAll, findFirst, isElement, localName, textOf, type XmlElement } from './xml-tree.js';

export interface VolumeContext {
  volumeId: string;
  dateOptions: DateOptions;
  /** `xml:id`s of the persons list and terms list. */
  persons: Set<string>;
  terms: Set<string>;
  /** Names already turned into authority records in this volume (kind:id). */
  named: Set<string>;
  resolve: HtmlContext['resolve'];
  warn(message: string): void;
  /** The volume as cited and the pages of the document being built (frus-edition.ts). */
  edition?: Edition;
  pages?: Map<XmlElement, { first: string; last: string }>;
}

export interface BuiltRecord {
  raw: Record<string, unknown>;
  warnings: string[];
  line: number;
  column: number;
  path: string;
}

/** Classification marks as printed in FRUS source notes ("Top Secret; Eyes Only", "[Confidential.]"). */
const CLASSIFICATION = /\b(top secret|secret|strictly confidential|personal and confidential|confidential|limited official use|official use only|restricted|eyes only|unclassified)\b/gi;
/** A State Department decimal file number: 861.51/131, 711.1211/34a, 033.1140 Stimson/123, 893.00 P. R. Nanking/4. */
const FILE_NUMBER = /^(?:File No\.?\s*)?(\d{3}[\w.]*(?:\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?\/[\w½]+)/;

const isNested = (e: XmlElement) => localName(e) === 'div' && e.attrs.type === 'document';
const isAttachment = (e: XmlElement) => localName(e) === 'attachment';
/** Parts of a document that belong to something else: its enclosures, and its notes. */
const foreign = (e: XmlElement) => isNested(e) || isAttachment(e) || localName(e) === 'note';

export function buildDocuments(
  div: XmlElement,
  options: { id: string; xmlId?: string; collection: string; position: () => number; pagesBefore: XmlElement[]; parent?: { id: string; n?: string } },
  volume: VolumeContext,
): BuiltRecord[] {
  const warnings: string[] = [];
  const out: BuiltRecord[] = [];
  const head = childHead(div);
  const n = attr(div, 'n');
  const agents = new Map<string, { id: string; role: string }>();
  /** Every id ever added to `agents` (signers replace mentions of the same id, after every mention is added). */
  const agentIds = new Set<string>();
  const subjects = new Set<string>();
  const cable: Record<string, unknown> = {};
  const addAgent = (id: string, role: string) => {
    if (role === 'mentioned' && agentIds.has(id)) return;
    agents.set(`${id} ${role}`, { id, role });
    agentIds.add(id);
  };

  let title = head ? headTitle(head) : '';
  // "[Untitled]" or an empty head: a title supplied from the document's first line, in brackets (DACS 2.3.4).
  const supplied = /^\[?\s*untitled\s*\]?\.?$/i.test(title) || !title ? suppliedTitle(div) : undefined;
  const sourceTitle = title;
  if (supplied) {
    warnings.push(`${title ? `titled "${title}"` : 'no title'} in the source: title supplied from its first line`);
    title = supplied;
  } else if (!head) warnings.push('no <head>: titled by its number');
  const fallbackTitle = options.parent
    ? `Enclosure to document ${options.parent.n ?? options.parent.id}`
    : `Document ${n ?? options.xmlId ?? options.id}`;

  // Sender and recipient as the head marks them; offices (gloss) and names without a persons-list entry become this volume's own records.
  const names = { from: [] as string[], to: [] as string[] };
  for (const el of head ? findAll(head, (e) => (e.attrs.type === 'from' || e.attrs.type === 'to') && ['persName', 'gloss', 'orgName'].includes(localName(e))) : []) {
    const role = el.attrs.type === 'from' ? 'creator' : 'recipient';
    const name = textOf(el);
    if (!name) continue;
    names[el.attrs.type as 'from' | 'to'].push(name);
    const corresp = personRef(el, volume);
    if (corresp) addAgent(corresp, role);
    else addAgent(namedAuthority(el, name, volume, out, div), role);
  }
  for (const el of findAll(div, (e) => localName(e) === 'persName' && !!e.attrs.corresp, isNested)) {
    const id = personRef(el, volume);
    if (id) addAgent(id, 'mentioned');
  }
  for (const signed of findAll(div, (e) => localName(e) === 'signed', isNested)) {
    for (const p of findAll(signed, (e) => localName(e) === 'persName')) {
      const id = personRef(p, volume);
      if (id) {
        agents.delete(`${id} mentioned`);
        addAgent(id, 'signer');
      }
    }
  }
  for (const g of findAll(div, (e) => (localName(e) === 'gloss' || localName(e) === 'term') && !!e.attrs.target, isNested)) {
    const key = (g.attrs.target ?? '').replace(/^#/, '');
    if (volume.terms.has(key)) subjects.add(`${volume.volumeId}/${key}`);
  }

  // Source notes (file number, "[Telegram]", classification), not those of enclosures or footnotes.
  const sourceNotes = findAll(div, isSourceNote, (e) => isNested(e) || isAttachment(e) || isFootnote(e)).map((e) => textOf(e)).filter(Boolean);
  const citation = sourceNotes.join(' ');
  const classification = new Set<string>();
  const opener = findFirst(div, (e) => localName(e) === 'opener', foreign);
  for (const t of [citation, ...(opener ? findAll(opener, (e) => localName(e) === 'seg' || localName(e) === 'hi').map((e) => textOf(e)) : [])]) {
    for (const m of t.matchAll(CLASSIFICATION)) classification.add(titleCase(m[1]!));
  }
  const fileNumber = sourceNotes.map((s) => FILE_NUMBER.exec(s)?.[1]).find(Boolean);

  // The date: the normalised span when the volume has it, else the first dateline.
  const dateline = findFirst(div, (e) => localName(e) === 'dateline', foreign);
  const dateEl = dateline && findFirst(dateline, (e) => localName(e) === 'date');
  const place = dateline && findFirst(dateline, (e) => localName(e) === 'placeName');
  const printed = dateEl ? textOf(dateEl) : undefined;
  const date = documentDate(div, dateEl, volume.dateOptions);
  const fields: Record<string, unknown> = {};
  if (date.reading?.ok) {
    fields.date = date.reading.edtf;
    if (printed) fields.dateText = printed.slice(0, 300);
    if (date.reading.time) cable.sent = { ...date.reading.time, ...(printed ? { text: printed.slice(0, 200) } : {}) };
  } else if (date.reading) {
    fields.dateText = (printed || date.reading.raw).slice(0, 300);
    fields.notes = `The source encodes this date as "${date.reading.raw}" (${date.reading.reason}); no date is recorded.`;
  } else if (printed) {
    fields.dateText = printed.slice(0, 300);
  }
  // No date at its head: the dateline the document signs off with ("Washington, May 22, 1930."), if any.
  const closing = !date.reading && !printed ? closingDateline(div, volume.dateOptions) : undefined;
  if (closing) Object.assign(fields, { date: closing.edtf, dateText: closing.text });
  // The source's own heading stays on record beside the supplied title (DACS 2.3.18: say where a title comes from).
  if (supplied) {
    const said = `The source ${sourceTitle ? `titles this document "${sourceTitle}"` : 'gives this document no title'}; the title in brackets is supplied from its first line.`;
    fields.notes = fields.notes ? `${String(fields.notes)} ${said}` : said;
  }
  warnings.push(...date.warnings);
  if (!closing && !dateline && !date.reading) warnings.push('no dateline: undated');
  else if (!closing && !date.reading && !printed) warnings.push('dateline without a date: undated');
  if (cable.sent) {
    if (names.from.length) cable.from = names.from.join('; ');
    cable.to = names.to;
  }

  // The body, with the page this document starts on first.
  const cited = new Set<string>();
  const body = renderBody(div, options.id, options.pagesBefore, volume, cited);
  const related = [...cited].filter((id) => id !== options.id).map((id) => ({ id, relation: 'cites' }));
  if (options.parent) related.unshift({ id: options.parent.id, relation: 'enclosure to' });

  const raw: Record<string, unknown> = {
    kind: 'document',
    id: options.id,
    title: (title || fallbackTitle).slice(0, 2000),
    ...fields,
    classification: [...classification],
    languages: ['en'],
    transcripts: [{ language: 'en', html: body }],
    placeWritten: place ? textOf(place).replace(/[,.;:]$/, '').slice(0, 300) || undefined : closing?.place?.slice(0, 300),
    source: {
      ...(citation ? { citation: citation.slice(0, 5000) } : {}),
      ...(fileNumber ? { fileNumber } : {}),
      ...(volume.edition?.issued ? { publishedAt: volume.edition.issued } : {}),
      ...(options.xmlId && !options.parent ? { url: `https://history.state.gov/historicaldocuments/${volume.volumeId}/${options.xmlId}` } : {}),
    },
    ...(Object.keys(cable).length ? { cable } : {}),
    ...(volume.edition ? { publishedIn: publishedIn(volume.edition, n ?? options.parent?.n, pageRange(volume.pages?.get(div))) } : {}),
    agents: [...agents.values()],
    subjects: [...subjects],
    collections: [{ id: options.collection, position: options.position() }],
    related: uniqueRelated(related),
    identifiers: n ? [{ scheme: 'frus-document-number', value: n }] : [],
    status: 'published',
  };
  const record = { raw, warnings, line: div.line, column: div.column, path: docPath(options) };
  out.push(record);

  // Documents printed as enclosures of this one are documents too (frus1861 has 80), with ids derived from it.
  let k = 0;
  for (const nested of findAll(div, isNested, isNested)) {
    k++;
    const xmlId = attr(nested, 'xml:id');
    out.push(
      ...buildDocuments(
        nested,
        {
          id: xmlId ? `${volume.volumeId}/${xmlId}` : `${options.id}-att${k}`,
          xmlId,
          collection: options.collection,
          position: options.position,
          pagesBefore: [],
          parent: { id: options.id, n },
        },
        volume,
      ),
    );
  }
  return out;
}

/** The volume as cited, with the document's printed number (an enclosure: its parent's) and pages. */
function publishedIn(edition: Edition, n: string | undefined, pages: string | undefined): Record<string, unknown> {
  const number = n && /^[\w.-]{1,50}$/.test(n) ? n : undefined;
  return { ...edition, ...(number ? { document: number } : {}), ...(pages ? { pages } : {}) };
}

/** "strictly confidential" → "Strictly Confidential", as the marks are usually cited. */
function titleCase(mark: string): string {
  return mark.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

function docPath(options: { id: string; xmlId?: string; parent?: { id: string } }): string {
  return options.xmlId ? `//div[@xml:id="${options.xmlId}"]` : `document ${options.id}`;
}

function childHead(div: XmlElement): XmlElement | undefined {
  return div.children.find((c): c is XmlElement => isElement(c) && localName(c) === 'head');
}

function personRef(el: XmlElement, volume: VolumeContext): string | undefined {
  const corresp = attr(el, 'corresp');
  if (!corresp) return undefined;
  const key = corresp.split(/\s+/)[0]!.replace(/^#/, '');
  if (volume.persons.has(key)) return `${volume.volumeId}/${key}`;
  volume.warn(`persName/@corresp "${corresp}" is not in the persons list; not linked`);
  return undefined;
}

/** A sender or recipient the volume names without a persons-list entry: a record of this volume, created once. */
function namedAuthority(el: XmlElement, name: string, volume: VolumeContext, out: BuiltRecord[], div: XmlElement): string {
  const kind = localName(el) === 'persName' ? 'person' : 'organization';
  const id = `${volume.volumeId}/${kind === 'person' ? 'name' : 'office'}-${slugify(name, 'unnamed').slice(0, 80)}`;
  if (!volume.named.has(`${kind}:${id}`)) {
    volume.named.add(`${kind}:${id}`);
    out.push({ raw: { kind, id, name: name.slice(0, 500) }, warnings: [], line: div.line, column: div.column, path: `${localName(el)}[@type="${el.attrs.type}"]` });
  }
  return id;
}

function documentDate(div: XmlElement, dateEl: XmlElement | undefined, options: DateOptions): { reading?: DateReading; warnings: string[] } {
  const warnings: string[] = [];
  const min = attr(div, 'frus:doc-dateTime-min');
  const max = attr(div, 'frus:doc-dateTime-max');
  const fromDateline = () => {
    if (!dateEl) return undefined;
    const when = attr(dateEl, 'when');
    if (when) return readWhen(when, options);
    return readBounds(attr(dateEl, 'notBefore'), attr(dateEl, 'notAfter'), options);
  };
  if (min && max) {
    const span = readDateTimeSpan(min, max, options);
    if (span.ok) return { reading: span, warnings };
    warnings.push(`dirty date "${span.raw}" in @frus:doc-dateTime-min/max (${span.reason}): not stored`);
    const line = fromDateline();
    if (line?.ok) warnings.push(`date taken from the dateline instead: ${line.edtf}`);
    else if (line) warnings.push(`dirty date "${line.raw}" in the dateline (${line.reason}): kept as text`);
    return { reading: line ?? span, warnings };
  }
  const line = fromDateline();
  if (line && !line.ok) warnings.push(`dirty date "${line.raw}" (${line.reason}): no date stored, kept as text`);
  return { reading: line, warnings };
}

function renderBody(div: XmlElement, id: string, pagesBefore: XmlElement[], volume: VolumeContext, cited: Set<string>): string {
  const ctx: HtmlContext = { documentId: id, resolve: volume.resolve, cited, warn: volume.warn };
  const head = childHead(div);
  const children = div.children.filter((c) => !(isElement(c) && localName(c) === 'head' && c === head));
  const lead = pagesBefore.map(pageBreak).join('');
  // The title leaves out the head's notes (footnotes, "Sent to the same…") and marginal numbers; they open the body instead.
  const notes = head ? findAll(head, isHeadApparatus, isHeadApparatus) : [];
  const headNotes = notes.length ? `<p>${notes.map((n) => renderInline([n], ctx).trim()).join(' ')}</p>` : '';
  return builtRichText((lead + headNotes + renderFlow(children, ctx)).trim());
}

function uniqueRelated(list: { id: string; relation: string }[]): { id: string; relation: string }[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(r.id) && Boolean(seen.add(r.id)));
}
