/**
 * `dossier import --format tei`: a FRUS TEI volume → SourceItems, in the
 * order the records must be written (volume, persons and terms, then each
 * section before the documents it holds). Every item of a file carries the
 * file as its transaction unit, so a volume is written whole or not at all;
 * malformed XML ends the file with one fatal item naming line and column.
 * @module
 */
import { basename, extname } from 'node:path';
import type { ReadProgress, SourceItem } from '../source-item.js';
import { buildDocuments, type VolumeContext } from './frus-document.js';
import { lastPage, pageSpans, readEdition } from './frus-edition.js';
import { coverageOf, glossaryRecords, readHeader, sectionCollection, volumeCollection, type VolumeHeader } from './frus-volume.js';
import { PLAUSIBLE_YEARS_BEFORE, readBounds, readDateTimeSpan, readWhen, type DateOptions } from './tei-dates.js';
import { prescanTeiFile, type Prescan } from './tei-prescan.js';
import { streamTeiFile, XmlSyntaxError, type SaxListener, type SectionTextEvent, type TeiEvent } from './tei-stream.js';
import { attr, type XmlElement } from './xml-tree.js';
import { XmlRefusedError } from './xml-guard.js';

/** Pages and documents of every volume read in one import run, so references between volumes resolve. */
interface VolumeIndex {
  pages: Map<string, string>;
  documents: Map<string, string>;
}

const runs = new WeakMap<object, Map<string, VolumeIndex>>();

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;
const HSG = 'https://history.state.gov/historicaldocuments';

export interface TeiFile {
  path: string;
  display: string;
}

/** `listener` also reads the parser's events (the text accounting counts the file's words in the same pass). */
export async function* readTeiFile(file: TeiFile, progress: ReadProgress = { bytesRead: 0 }, listener?: SaxListener): AsyncGenerator<SourceItem> {
  const volumes = runs.get(progress) ?? new Map<string, VolumeIndex>();
  runs.set(progress, volumes);
  const scan = await prescanTeiFile(file.path);
  const reader = new VolumeReader(file, scan, volumes);
  // One item is held back so that notices found after the last record (in the back matter) can travel with it.
  let last: SourceItem | undefined;
  try {
    for await (const event of streamTeiFile(file.path, undefined, listener)) {
      for (const item of reader.handle(event)) {
        if (last) yield last;
        last = item;
      }
    }
    for (const item of reader.finish()) {
      if (last) yield last;
      last = item;
    }
    const rest = reader.takeNotices();
    if (last && rest.length) last = { ...last, warnings: [...(last.warnings ?? []), ...rest] };
    if (last) yield last;
  } catch (error) {
    if (!(error instanceof XmlSyntaxError) && !(error instanceof XmlRefusedError)) throw error;
    yield {
      locator: { file: file.display, line: error.line, column: error.column },
      issues: [{ path: '', message: `${error.message}; nothing of this volume was imported` }],
      unit: file.display,
      fatal: true,
    };
  }
}

class VolumeReader {
  #volumeId: string;
  #header: VolumeHeader = { editors: [] };
  #dateOptions: DateOptions = {};
  #volumeEmitted = false;
  #sections = new Map<number, string>();
  #sectionTitles = new Map<number, string>();
  #documentIds: string[] = [];
  #topDocuments = 0;
  #position = 0;
  #notices: string[] = [];
  #warned = new Set<string>();
  /** The printed page the text is on, for the page range of the next document. */
  #page: string | undefined;
  readonly #context: VolumeContext;

  constructor(
    readonly file: TeiFile,
    readonly scan: Prescan,
    readonly volumes: Map<string, VolumeIndex>,
  ) {
    this.#volumeId = safeSegment(basename(file.path, extname(file.path)), 'volume');
    this.#context = {
      volumeId: this.#volumeId,
      dateOptions: this.#dateOptions,
      persons: new Set(),
      terms: new Set(),
      named: new Set(),
      resolve: (target) => this.#resolve(target),
      warn: (message) => {
        if (this.#warned.has(message)) return;
        this.#warned.add(message);
        this.#notices.push(message);
      },
    };
  }

  *handle(event: TeiEvent): Generator<SourceItem> {
    switch (event.type) {
      case 'root':
        this.#setVolumeId(attr(event.el, 'xml:id'));
        return;
      case 'header':
        this.#header = readHeader(event.el);
        if (!attr(event.el, 'xml:id') && this.#header.id && this.#volumeId !== this.#header.id) this.#setVolumeId(this.#header.id);
        this.#readEdition(event.el);
        // The old series print the series year, not the year of printing, which can be a year later (frus1872p2v2 has 1873 documents).
    this.#dateOptions.latestYear = this.#header.year === undefined ? undefined : this.#header.year + 1;
        yield* this.#volume(event.el.line, event.el.column);
        return;
      case 'glossary': {
        yield* this.#volume(event.el.line, event.el.column);
        const set = event.kind === 'persons' ? this.#context.persons : this.#context.terms;
        for (const raw of glossaryRecords(event.kind, event.el, this.#volumeId)) {
          set.add(String(raw.id).slice(this.#volumeId.length + 1));
          yield this.#item(raw, event.el.line, event.el.column, `div[@xml:id="${event.kind}"]`);
        }
        return;
      }
      case 'section': {
        yield* this.#volume(event.div.line, event.div.column);
        const xmlId = attr(event.div, 'xml:id');
        const id = `${this.#volumeId}/${xmlId && SEGMENT.test(xmlId) ? xmlId : `s${event.index + 1}`}`;
        this.#sections.set(event.index, id);
        const parent = event.parent === undefined ? this.#volumeId : this.#sections.get(event.parent)!;
        const raw = sectionCollection({ id, parent, position: event.position, div: event.div, head: event.head, index: event.index });
        this.#sectionTitles.set(event.index, String(raw.title));
        yield this.#item(raw, event.div.line, event.div.column, xmlId ? `div[@xml:id="${xmlId}"]` : `section ${event.index + 1}`);
        return;
      }
      case 'document': {
        yield* this.#volume(event.el.line, event.el.column);
        const index = this.#topDocuments++;
        const pages = pageSpans(event.el, lastPage(event.pagesBefore, this.#page));
        this.#context.pages = pages.spans;
        this.#page = pages.after;
        const xmlId = attr(event.el, 'xml:id');
        // The prescan's id for this place, unless the stream and the prescan disagree on which document it is.
        const planned = (this.scan.documents[index]?.xmlId ?? '') === (xmlId ?? '') ? this.#documentIds[index] : undefined;
        if (!planned && this.#documentIds.length > 0) this.#notices.push(`document ${index + 1} (${xmlId ?? 'no @xml:id'}) is not where the prescan found it`);
        const id = planned ?? `${this.#volumeId}/${xmlId && SEGMENT.test(xmlId) ? xmlId : `doc${index + 1}`}`;
        const built = buildDocuments(
          event.el,
          {
            id,
            xmlId: xmlId && SEGMENT.test(xmlId) ? xmlId : undefined,
            collection: event.section === undefined ? this.#volumeId : this.#sections.get(event.section)!,
            position: () => ++this.#position,
            pagesBefore: event.pagesBefore,
          },
          this.#context,
        );
        const main = built.find((b) => b.raw.id === id)!;
        // What the renderer noticed while building belongs to the document, not to a name record built alongside it.
        main.warnings.unshift(...this.takeNotices());
        if (!xmlId) main.warnings.push(`no @xml:id: record id ${id} derived from its place in the volume`);
        for (const b of built) yield this.#item(b.raw, b.line, b.column, b.path, b.warnings);
        return;
      }
      case 'section-text':
        yield* this.#sectionText(event);
        return;
      case 'notice':
        this.#notices.push(`line ${event.line}, column ${event.column}: ${event.message}`);
        return;
    }
  }

  /**
   * A section's own text (a memorial, a case, a reply printed as a chapter, not as documents) becomes a
   * document of its own in that section, titled by the section, so that it is published and found.
   */
  *#sectionText(event: SectionTextEvent): Generator<SourceItem> {
    const first = event.elements[0]!;
    yield* this.#volume(first.line, first.column);
    const section = this.#sections.get(event.section)!;
    const id = `${section}-text${event.part > 1 ? event.part : ''}`;
    // Its text sits in one inner division, so a heading inside it (an enclosure's, once its attachment is opened)
    // is rendered as part of the text, never taken for the document's own title.
    const body: XmlElement = { name: 'div', attrs: {}, children: event.elements, line: first.line, column: first.column };
    const div: XmlElement = { name: 'div', attrs: { type: 'document' }, children: [body], line: first.line, column: first.column };
    const built = buildDocuments(div, { id, collection: section, position: () => ++this.#position, pagesBefore: event.pagesBefore }, this.#context);
    const main = built.find((b) => b.raw.id === id)!;
    const title = this.#sectionTitles.get(event.section) ?? section;
    main.raw.title = event.part > 1 ? `${title} (continued)` : title;
    main.warnings = main.warnings.filter((w) => !w.startsWith('no <head>'));
    main.warnings.unshift(...this.takeNotices());
    main.path = `text of section ${section.slice(this.#volumeId.length + 1)}${event.part > 1 ? `, part ${event.part}` : ''}`;
    for (const b of built) yield this.#item(b.raw, b.line, b.column, b.path, b.warnings);
  }

  *finish(): Generator<SourceItem> {
    yield* this.#volume(1, 1);
  }

  /** The volume as cited, and the plausible span of its dates: from a century before its year (the series year, else the year printed). */
  #readEdition(header: XmlElement): void {
    this.#context.edition = readEdition(header, this.#volumeId, this.scan.titleParts);
    const year = Number(this.#context.edition.year?.slice(0, 4)) || this.#header.year;
    this.#dateOptions.volumeYear = year;
    this.#dateOptions.earliestYear = year === undefined ? undefined : year - PLAUSIBLE_YEARS_BEFORE;
  }

  takeNotices(): string[] {
    return this.#notices.splice(0);
  }

  #setVolumeId(id: string | undefined): void {
    if (!id || !SEGMENT.test(id) || this.#volumeEmitted) return;
    this.#volumeId = id;
    this.#context.volumeId = id;
  }

  #volumeRecord(): Record<string, unknown> {
    return volumeCollection(this.#volumeId, this.#header, this.#coverage());
  }

  *#volume(line: number, column: number): Generator<SourceItem> {
    if (this.#volumeEmitted) return;
    this.#volumeEmitted = true;
    this.#indexVolume();
    yield this.#item(this.#volumeRecord(), line, column, 'teiHeader');
  }

  /** Record ids of the volume's documents, known before any is read, so references to later pages resolve. */
  #indexVolume(): void {
    const used = new Set<string>();
    const pages = new Map<string, string>();
    const documents = new Map<string, string>();
    this.#documentIds = this.scan.documents.map((d, i) => {
      let id = `${this.#volumeId}/${d.xmlId && SEGMENT.test(d.xmlId) ? d.xmlId : `doc${i + 1}`}`;
      if (used.has(id)) id = `${id}-${i + 1}`;
      used.add(id);
      if (d.xmlId) documents.set(d.xmlId, id);
      return id;
    });
    for (const [page, index] of this.scan.pages) pages.set(page, this.#documentIds[index]!);
    this.volumes.set(this.#volumeId, { pages, documents });
  }

  /** "Documents dated 1917–1918": the content-date of modern volumes, else the span of the documents' own dates. */
  #coverage(): string | undefined {
    const c = this.#header.coverage;
    if (c?.notBefore && c.notAfter) return coverageOf([`${c.notBefore.slice(0, 10)}/${c.notAfter.slice(0, 10)}`]);
    const dates: string[] = [];
    for (const d of this.scan.documents) {
      const reading =
        d.min && d.max ? readDateTimeSpan(d.min, d.max, this.#dateOptions) : undefined;
      const fallback = () => (d.when ? readWhen(d.when, this.#dateOptions) : readBounds(d.notBefore, d.notAfter, this.#dateOptions));
      const r = reading?.ok ? reading : fallback();
      if (r?.ok) dates.push(r.edtf);
    }
    return coverageOf(dates);
  }

  #resolve(target: string): { href: string; documentId?: string } | undefined {
    if (/^https?:\/\//i.test(target)) return { href: target };
    const hash = target.indexOf('#');
    const volume = hash < 0 ? target : target.slice(0, hash);
    const fragment = hash < 0 ? '' : target.slice(hash + 1);
    const index = this.volumes.get(volume || this.#volumeId);
    if (index) {
      const documentId = index.pages.get(fragment) ?? index.documents.get(fragment);
      if (documentId) return { href: `/documents/${documentId.split('/').map(encodeURIComponent).join('/')}#${encodeURIComponent(fragment)}`, documentId };
      if (!volume) return undefined; // a page of the front matter or index: nothing to link to
    }
    if (!volume || !SEGMENT.test(volume)) return undefined;
    // A volume not in this archive: its page at the Office of the Historian.
    return { href: `${HSG}/${encodeURIComponent(volume)}${fragment ? `/${encodeURIComponent(fragment)}` : ''}` };
  }

  #item(raw: Record<string, unknown>, line: number, column: number, path: string, warnings: string[] = []): SourceItem {
    const all = [...this.#notices.splice(0), ...warnings];
    return {
      locator: { file: this.file.display, line, column, path },
      raw,
      ...(all.length ? { warnings: all } : {}),
      unit: this.file.display,
    };
  }
}

function safeSegment(text: string, fallback: string): string {
  const s = text.replace(/[^A-Za-z0-9._~-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return s || fallback;
}
