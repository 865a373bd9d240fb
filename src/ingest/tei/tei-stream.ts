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

export type TeiEvent =
  | { type: 'root'; el: XmlElement }
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
}

const GLOSSARIES = new Set(['persons', 'terms']);

type CaptureKind = 'header' | 'glossary' | 'head' | 'document' | 'page';

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
  #inBody = false;
  #sections: OpenSection[] = [];
  #sectionCount = 0;
  #topSections = 0;
  #pendingPages: XmlElement[] = [];
  #first = true;
  #error: XmlSyntaxError | undefined;

  constructor() {
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
    p.on('opentag', (tag) => this.#open(tag));
    p.on('closetag', () => this.#close());
    p.on('text', (text) => this.#text(text));
    p.on('cdata', (text) => this.#text(text));
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
    if (name === 'body') {
      this.#inBody = true;
      return;
    }
    if (name === 'div' && GLOSSARIES.has(el.attrs['xml:id'] ?? '')) {
      this.#glossaryKind = el.attrs['xml:id'] as 'persons' | 'terms';
      return this.#startCapture(el, 'glossary');
    }
    if (name === 'div' && el.attrs.type === 'document') {
      // Documents count wherever they are: frus1861 prints one as an enclosure of the President's message in the front matter.
      this.#flushSections();
      return this.#startCapture(el, 'document');
    }
    if (!this.#inBody) return;
    if (name === 'div') return this.#openSection(el);
    if (name === 'pb') return this.#startCapture(el, 'page');
    const section = this.#sections[this.#sections.length - 1];
    if (section && name === 'head' && !section.sawContent && !section.head) return this.#startCapture(el, 'head');
    if (section) section.sawContent = true;
  }

  #close(): void {
    const name = this.#names.pop();
    if (this.#capture.length > 0) {
      const el = this.#capture.pop()!;
      if (this.#capture.length === 0) this.#finishCapture(el);
      return;
    }
    if (name === 'body') this.#inBody = false;
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
      case 'page':
        this.#pendingPages.push(el);
        break;
    }
  }

  #openSection(div: XmlElement): void {
    const parent = this.#sections[this.#sections.length - 1];
    if (parent) parent.sawContent = true;
    this.#flushSections();
    const position = parent ? parent.children++ : this.#topSections++;
    const section: OpenSection & { position: number } = {
      index: this.#sectionCount++, div, emitted: false, children: 0, sawContent: false, position,
    };
    this.#sections.push(section);
  }

  #closeSection(): void {
    this.#flushSections();
    this.#sections.pop();
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
export async function* streamTeiFile(path: string, onBytes?: (n: number) => void): AsyncGenerator<TeiEvent> {
  const stream = new TeiStream();
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
