/**
 * Streaming TEI: feeds a file through saxes chunk by chunk and turns it into
 * a few coarse events — the header, the persons and terms lists, each body
 * section as it opens, and each `div[@type="document"]` as a small element
 * tree once it closes. Nothing else of the file is kept, so memory is bounded
 * by the largest document whatever the file size.
 * @module
 */
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { localName, type XmlElement } from './xml-tree.js';
import { refuseDoctype, XmlRefusedError } from './xml-guard.js';

export interface SectionEvent {
  type: 'section';
  /** Order of the section in the file (0-based), a key for documents and children. */
  index: number;
  parent?: number;
  /** Position among the sections of the same parent (0-based). */
  position: number;
  div: XmlElement;
  head?: XmlElement;
}

export interface DocumentEvent {
  type: 'document';
  el: XmlElement;
  /** Innermost enclosing section, if any. */
  section?: number;
  /** Page breaks that fell between the previous document and this one: the page this one starts on. */
  pagesBefore: XmlElement[];
}

/**
 * Text a section holds outside any document (the memorials, cases and replies printed as chapters of the
 * 1872 arbitration volumes): the run of its own content between the section's head and its next document
 * or subsection, as printed.
 */
export interface SectionTextEvent {
  type: 'section-text';
  section: number;
  /** 1 for the section's first run of text, 2 for the run after its first document or subsection… */
  part: number;
  elements: XmlElement[];
  pagesBefore: XmlElement[];
}

export type TeiEvent =
  | { type: 'root'; el: XmlElement }
  | SectionTextEvent
  | { type: 'header'; el: XmlElement }
  | { type: 'glossary'; kind: 'persons' | 'terms'; el: XmlElement }
  | SectionEvent
  | DocumentEvent
  | { type: 'notice'; message: string; line: number; column: number };

/** Malformed XML, with where the parser stopped. */
export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`not well-formed XML at line ${line}, column ${column}: ${reason}`);
  }
}

interface OpenSection {
  index: number;
  div: XmlElement;
  emitted: boolean;
  children: number;
  head?: XmlElement;
  sawContent: boolean;
  /** The section's own text not yet emitted, and how many runs of it were. */
  text: XmlElement[];
  textPages: XmlElement[];
  parts: number;
}

const GLOSSARIES = new Set(['persons', 'terms']);

/**
 * Divisions of a volume's apparatus that repeat what the records already hold or point into the printed
 * book: the table of contents (the titles of sections and documents again) and the back-of-book index
 * (page numbers of the printed volume). Not imported; the text accounting lists their words by this rule.
 */
export function apparatusRule(attrs: Record<string, string>): string | undefined {
  const id = attrs['xml:id'] ?? '';
  if (attrs.type === 'toc' || /^toc\d*$/i.test(id)) return 'table of contents (repeats the titles of the sections and documents)';
  if (attrs.type === 'index' || /^(index|indx)\d*$/i.test(id)) return 'back-of-book index (page references into the printed volume)';
  return undefined;
}

type CaptureKind = 'header' | 'glossary' | 'head' | 'document' | 'page' | 'text' | 'skip';

/** Something else that reads the same parser's events (the text accounting's word count: accounting/tei-words.ts). */
export interface SaxListener {
  open(tag: SaxesTagPlain): void;
  close(): void;
  text(text: string): void;
  /** The whole file was read without error. */
  end(): void;
}

/** Push parser: `write` chunks of text, collect the events each chunk completed. */
export class TeiStream {
  readonly #parser = new SaxesParser({ xmlns: false, position: true });
  #events: TeiEvent[] = [];
  /** Elements under construction, innermost last; empty when nothing is being kept. */
  #capture: XmlElement[] = [];
  #captureKind: CaptureKind | undefined;
  #glossaryKind: 'persons' | 'terms' = 'persons';
  /** Every open element's local name (for context), innermost last. */
  #names: string[] = [];
  /** In the front matter, body or back matter, where divisions are sections. */
  #inBody = false;
  #part = '';
  #sections: OpenSection[] = [];
  #sectionCount = 0;
  #topSections = 0;
  #pendingPages: XmlElement[] = [];
  #first = true;
  #error: XmlSyntaxError | undefined;
  readonly #listener: SaxListener | undefined;

  constructor(listener?: SaxListener) {
    this.#listener = listener;
    const p = this.#parser;
    p.on('error', (e) => {
      // saxes prefixes its message with the position; keep the reason only.
      this.#error ??= new XmlSyntaxError(e.message.replace(/^\d+:\d+:\s*/, ''), p.line, p.column + 1);
      throw this.#error;
    });
    p.on('doctype', (doctype) => {
      const reason = refuseDoctype(doctype);
      if (reason) throw new XmlRefusedError(reason, p.line, p.column + 1);
    });
    if (listener) {
      p.on('opentag', (tag) => (listener.open(tag), this.#open(tag)));
      p.on('closetag', () => (listener.close(), this.#close()));
      p.on('text', (text) => (listener.text(text), this.#text(text)));
      p.on('cdata', (text) => (listener.text(text), this.#text(text)));
    } else {
      p.on('opentag', (tag) => this.#open(tag));
      p.on('closetag', () => this.#close());
      p.on('text', (text) => this.#text(text));
      p.on('cdata', (text) => this.#text(text));
    }
  }

  write(chunk: string): TeiEvent[] {
    if (this.#first) {
      // 13 of the 16 FRUS files start with a UTF-8 byte order mark.
      chunk = chunk.replace(/^\uFEFF/, '');
      this.#first = false;
    }
    this.#run(() => this.#parser.write(chunk));
    return this.#take();
  }

  close(): TeiEvent[] {
    this.#run(() => this.#parser.close());
    this.#listener?.end();
    return this.#take();
  }

  #run(fn: () => void): void {
    if (this.#error) throw this.#error;
    try {
      fn();
    } catch (error) {
      if (this.#error) throw this.#error;
      throw error;
    }
  }

  #take(): TeiEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #open(tag: SaxesTagPlain): void {
    const el: XmlElement = { name: tag.name, attrs: tag.attributes, children: [], line: this.#parser.line, column: this.#parser.column + 1 };
    const name = localName(el);
    this.#names.push(name);
    if (tag.name === 'xi:include' || (name === 'include' && tag.name !== 'include')) {
      // XInclude is never resolved: modern headers include ../shared/frus-dates.xml, which is not part of a volume.
      this.#events.push({ type: 'notice', message: `unresolved XInclude of "${el.attrs.href ?? ''}" skipped`, line: el.line, column: el.column });
      if (this.#capture.length > 0) this.#capture.push({ ...el, name: '#skip' });
      else this.#startCapture(el, 'page'); // kept out of every output; popped on close
      return;
    }
    if (this.#capture.length > 0) {
      this.#capture[this.#capture.length - 1]!.children.push(el);
      this.#capture.push(el);
      return;
    }
    if (this.#names.length === 1) {
      this.#events.push({ type: 'root', el });
      return;
    }
    if (name === 'teiHeader') return this.#startCapture(el, 'header');
    if (name === 'body' || name === 'front' || name === 'back') {
      // Front and back matter have sections too: a preface, the President's message, a list of papers with its synopses.
      this.#inBody = true;
      this.#part = name;
      return;
    }
    if (name === 'div' && GLOSSARIES.has(el.attrs['xml:id'] ?? '')) {
      this.#glossaryKind = el.attrs['xml:id'] as 'persons' | 'terms';
      return this.#startCapture(el, 'glossary');
    }
    if (name === 'div' && el.attrs.type === 'document') {
      // Documents count wherever they are: frus1861 prints one as an enclosure of the President's message in the front matter.
      this.#flushSections();
      this.#flushText();
      return this.#startCapture(el, 'document');
    }
    if (!this.#inBody) return;
    if (name === 'div' && apparatusRule(el.attrs)) return this.#startCapture(el, 'skip');
    if (name === 'div') return this.#openSection(el);
    const section = this.#sections[this.#sections.length - 1];
    // The title page and pages outside any division of the front and back matter open no document.
    if (name === 'pb' && (this.#part === 'body' || section)) return this.#startCapture(el, 'page');
    // A note printed before the section's head ("No. 3." in frus1870) does not make the head part of the text.
    const leadingNotes = section?.text.every((e) => localName(e) === 'note' || localName(e) === 'pb');
    if (section && name === 'head' && !section.head && !section.emitted && leadingNotes) return this.#startCapture(el, 'head');
    // frus:attachment is the schema's enclosure wrapper: what it holds may be documents (frus1861's front matter
    // prints one inside the President's message), so it is opened, never captured whole as the section's text.
    if (section && name === 'attachment') return;
    if (section) {
      section.sawContent = true;
      return this.#startCapture(el, 'text');
    }
  }

  #close(): void {
    const name = this.#names.pop();
    if (this.#capture.length > 0) {
      const el = this.#capture.pop()!;
      if (this.#capture.length === 0) this.#finishCapture(el);
      return;
    }
    if (name === 'body' || name === 'front' || name === 'back') this.#inBody = false;
    else if (name === 'div' && this.#inBody) this.#closeSection();
  }

  #text(text: string): void {
    const current = this.#capture[this.#capture.length - 1];
    if (!current) return;
    const last = current.children.length - 1;
    if (typeof current.children[last] === 'string') current.children[last] += text;
    else current.children.push(text);
  }

  #startCapture(el: XmlElement, kind: CaptureKind): void {
    this.#captureKind = kind;
    this.#capture.push(el);
  }

  #finishCapture(el: XmlElement): void {
    const kind = this.#captureKind;
    this.#captureKind = undefined;
    if (el.name === 'xi:include' || localName(el) === 'include') return;
    switch (kind) {
      case 'header':
        this.#events.push({ type: 'header', el });
        break;
      case 'glossary':
        this.#events.push({ type: 'glossary', kind: this.#glossaryKind, el });
        break;
      case 'head': {
        const section = this.#sections[this.#sections.length - 1]!;
        // Notes printed before the head travel with it (into the section's description), pages stay with the text.
        el.children.unshift(...section.text.filter((e) => localName(e) === 'note'));
        section.text = section.text.filter((e) => localName(e) !== 'note');
        section.head = el;
        section.sawContent = true;
        this.#flushSections();
        break;
      }
      case 'document': {
        const section = this.#sections[this.#sections.length - 1];
        if (section) section.sawContent = true;
        this.#events.push({ type: 'document', el, section: section?.index, pagesBefore: this.#pendingPages });
        this.#pendingPages = [];
        break;
      }
      case 'page': {
        // A page break amid a section's own text belongs to that text; elsewhere, to the next document.
        const section = this.#sections[this.#sections.length - 1];
        if (section?.text.length) section.text.push(el);
        else this.#pendingPages.push(el);
        break;
      }
      case 'text': {
        const section = this.#sections[this.#sections.length - 1]!;
        if (section.text.length === 0) {
          section.textPages = this.#pendingPages;
          this.#pendingPages = [];
        }
        section.text.push(el);
        break;
      }
    }
  }

  #openSection(div: XmlElement): void {
    const parent = this.#sections[this.#sections.length - 1];
    if (parent) parent.sawContent = true;
    this.#flushSections();
    this.#flushText();
    const position = parent ? parent.children++ : this.#topSections++;
    const section: OpenSection & { position: number } = {
      index: this.#sectionCount++, div, emitted: false, children: 0, sawContent: false, position, text: [], textPages: [], parts: 0,
    };
    this.#sections.push(section);
  }

  #closeSection(): void {
    this.#flushSections();
    this.#flushText();
    this.#sections.pop();
  }

  /** Emits the innermost section's pending text, if any, as one run. */
  #flushText(): void {
    const s = this.#sections[this.#sections.length - 1];
    if (!s || s.text.length === 0) return;
    if (s.text.every((e) => localName(e) === 'pb')) {
      // Only page breaks: they open whatever comes next.
      this.#pendingPages.push(...s.textPages, ...s.text);
      s.text = [];
      s.textPages = [];
      return;
    }
    this.#flushSections();
    this.#events.push({ type: 'section-text', section: s.index, part: ++s.parts, elements: s.text, pagesBefore: s.textPages });
    s.text = [];
    s.textPages = [];
  }

  /** Emits every open section not yet announced, outermost first, so a parent always precedes its children. */
  #flushSections(): void {
    for (let i = 0; i < this.#sections.length; i++) {
      const s = this.#sections[i]! as OpenSection & { position: number };
      if (s.emitted) continue;
      s.emitted = true;
      this.#events.push({
        type: 'section', index: s.index, parent: this.#sections[i - 1]?.index, position: s.position, div: s.div, head: s.head,
      });
    }
  }
}

/** Streams a TEI file into events. Throws {@link XmlSyntaxError} (with line and column) on malformed XML, {@link XmlRefusedError} on a DOCTYPE that declares or fetches anything. */
export async function* streamTeiFile(path: string, onBytes?: (n: number) => void, listener?: SaxListener): AsyncGenerator<TeiEvent> {
  const stream = new TeiStream(listener);
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      onBytes?.(Buffer.byteLength(chunk));
      yield* stream.write(chunk);
    }
    yield* stream.close();
  } finally {
    input.destroy();
  }
}
