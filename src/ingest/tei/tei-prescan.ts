/**
 * A quick pass over a TEI file's tags (no XML parsing) that learns what the
 * streaming pass needs before it reaches a document: which document holds
 * each page (so a reference to a later page can already be a link) and the
 * raw dates of every document (so the volume's coverage is known before its
 * first document is written). It reads the file in chunks and keeps only
 * those small maps. It never fails: malformed XML is the main pass's to report.
 * @module
 */
import { createReadStream } from 'node:fs';

export interface PrescanDocument {
  /** `@xml:id`, or undefined when the document has none. */
  xmlId?: string;
  min?: string;
  max?: string;
  /** Attributes of the first `date` in the document's first dateline. */
  when?: string;
  notBefore?: string;
  notAfter?: string;
}

export interface Prescan {
  /** Page `xml:id` → index of the top-level document that shows it. */
  pages: Map<string, number>;
  /** Top-level documents in file order. */
  documents: PrescanDocument[];
  /** The title page's `titlePart`s by `@type` (text, tags removed): where a header leaves the volume number or year empty. */
  titleParts: Record<string, string>;
}

const TITLE_PART = /<titlePart\s+type="([\w-]+)"\s*>([\s\S]*?)<\/titlePart>/g;

const TAG = /<(\/?)(div|pb|dateline|date|body|note|frus:attachment|attachment)(?=[\s/>])([^>]*)>/g;
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The file is read a byte to a character (latin1), which costs a copy where UTF-8 decoding costs a pass of
 * its own, and is scanned as one-byte text. Every byte of a multi-byte UTF-8 character is ≥ 0x80, so the
 * ASCII of tags, names and quotes is found exactly where it is, and a value found between them holds
 * whole characters: {@link utf8} turns it back into the text UTF-8 decoding gives.
 */
function utf8(bytes: string): string {
  return /^[\x00-\x7f]*$/.test(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTR)) out[m[1]!] = utf8(m[2] ?? m[3] ?? '');
  return out;
}

/** Mirrors the streaming pass's rules: a page break between documents belongs to the next document. */
export class PrescanState {
  readonly result: Prescan = { pages: new Map(), documents: [], titleParts: {} };
  #inBody = false;
  #divs: boolean[] = [];
  /** Depth of nested document divs, attachments and notes inside the current top-level document. */
  #docDepth = 0;
  #nested = 0;
  #inDateline = false;
  #datelineDone = false;
  #pending: string[] = [];

  tag(close: boolean, name: string, attrText: string): void {
    const selfClosing = attrText.endsWith('/');
    if (name === 'body') {
      this.#inBody = !close;
      return;
    }
    if (name === 'div') return close ? this.#closeDiv() : selfClosing ? undefined : this.#openDiv(attrText);
    if (!this.#inBody && this.#docDepth === 0) return;
    const current = this.result.documents.length - 1;
    if (name === 'pb') {
      const id = attributes(attrText)['xml:id'];
      if (!id) return;
      if (this.#docDepth > 0) this.result.pages.set(id, current);
      else this.#pending.push(id);
      return;
    }
    if (this.#docDepth === 0 || selfClosing) return;
    if (name === 'note' || name === 'frus:attachment' || name === 'attachment') {
      this.#nested += close ? -1 : 1;
      return;
    }
    if (this.#nested > 0) return;
    if (name === 'dateline') {
      if (close && this.#inDateline) this.#datelineDone = true;
      this.#inDateline = !close && !this.#datelineDone;
      return;
    }
    if (name === 'date' && !close && this.#inDateline) {
      const doc = this.result.documents[current]!;
      if (doc.when !== undefined || doc.notBefore !== undefined || doc.notAfter !== undefined) return;
      const a = attributes(attrText);
      doc.when = a.when;
      doc.notBefore = a.notBefore;
      doc.notAfter = a.notAfter;
    }
  }

  #openDiv(attrText: string): void {
    const a = attributes(attrText);
    const isDoc = a.type === 'document';
    this.#divs.push(isDoc);
    if (!isDoc) return;
    if (this.#docDepth++ > 0) {
      this.#nested++;
      return;
    }
    this.result.documents.push({ xmlId: a['xml:id'], min: a['frus:doc-dateTime-min'], max: a['frus:doc-dateTime-max'] });
    for (const id of this.#pending) this.result.pages.set(id, this.result.documents.length - 1);
    this.#pending = [];
    this.#inDateline = false;
    this.#datelineDone = false;
    this.#nested = 0;
  }

  #closeDiv(): void {
    const wasDoc = this.#divs.pop();
    if (!wasDoc) return;
    if (--this.#docDepth > 0) this.#nested--;
  }
}

export async function prescanTeiFile(path: string): Promise<Prescan> {
  const state = new PrescanState();
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'latin1', highWaterMark: 256 * 1024 }) as AsyncIterable<string>) {
    const s = rest + chunk;
    // The title page sits in the front matter, before the first document: only chunks before it are read for it.
    if (state.result.documents.length === 0) {
      for (const m of s.matchAll(TITLE_PART)) {
        state.result.titleParts[m[1]!] ??= utf8(m[2]!).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
      }
    }
    TAG.lastIndex = 0;
    let end = 0;
    for (let m = TAG.exec(s); m; m = TAG.exec(s)) {
      state.tag(m[1] === '/', m[2]!, m[3]!.trim());
      end = TAG.lastIndex;
    }
    // Keep an unfinished tag at the end of the chunk for the next one.
    const lt = s.lastIndexOf('<');
    rest = lt >= end && s.indexOf('>', lt) < 0 ? s.slice(lt) : '';
  }
  return state.result;
}
