/**
 * The words of a TEI file, read straight from its text nodes with saxes (not
 * through the FRUS reader), for the text accounting. What a FRUS import
 * deliberately leaves out is named by rule: the TEI header (bibliographic
 * metadata, read into the volume's fields) and text of unresolved XIncludes.
 * @module
 */
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { apparatusRule } from '../tei/tei-stream.js';
import { SourceTally } from './source-tally.js';

/** Elements inside running text: their text joins the words around them without a break. */
const INLINE = new Set([
  'hi', 'persName', 'placeName', 'orgName', 'gloss', 'term', 'date', 'ref', 'rs', 'foreign', 'emph', 'num', 'name', 'seg',
  'abbr', 'expan', 'choice', 'sic', 'corr', 'orig', 'reg', 'unclear', 'add', 'del', 'title', 'q', 'said', 'measure', 'time',
  'roleName', 'addName', 'forename', 'surname', 'geogName', 'idno', 'signed', 'salute',
]);

/** Characters of text gathered before they are counted (at the end of the block that passes it). */
const BLOCK = 2048;

export const TEI_HEADER_RULE = 'TEI header: bibliographic metadata (the volume record takes its title, editors and dates from it)';
export const GLOSSARY_HEAD_RULE = 'heading of the persons and terms lists (each entry is a record of its own)';
export const OUTSIDE_DIVISIONS_RULE =
  'front or back matter outside any division: the title page (the volume record holds title, editors and imprint) and marks of the scanned copy';

/**
 * Counts a TEI file's words from its parser's events. The reader's own saxes pass feeds one (see
 * {@link TeiTallies}), so a file is parsed once; the counting itself shares nothing with the reader's
 * building of records.
 */
export class TeiWordCounter {
  readonly tally = new SourceTally();
  /** Set once the parser has read the whole file without error. */
  complete = false;
  /** Each open element, with the rule its text falls under (undefined: counted). */
  readonly #open: { name: string; rule: string | undefined; glossary?: boolean; inline?: boolean }[] = [];
  #text = '';
  #rule: string | undefined;

  /** `block`: characters of text gathered before they are counted; any size gives the same words. */
  constructor(readonly block = BLOCK) {}

  open(tag: SaxesTagPlain): void {
    const name = tag.name.replace(/^.*:/, '');
    const parent = this.#open[this.#open.length - 1];
    const attrs = tag.attributes as Record<string, string>;
    let r = parent?.rule;
    if (name === 'teiHeader') r = TEI_HEADER_RULE;
    else if (name === 'div' && !r) r = apparatusRule(attrs);
    else if (name === 'head' && !r && parent?.name === 'div' && parent.glossary) r = GLOSSARY_HEAD_RULE;
    else if (!r && (parent?.name === 'front' || parent?.name === 'back') && name !== 'div') r = OUTSIDE_DIVISIONS_RULE;
    const glossary = name === 'div' && /^(persons|terms)$/.test(attrs['xml:id'] ?? '');
    // A line or page break marked break="no" falls inside a word.
    const inline = INLINE.has(name) || attrs.break === 'no';
    this.#open.push({ name, rule: r, glossary, inline });
    if (!inline) this.#text += ' ';
    this.#setRule(r);
  }

  close(): void {
    const el = this.#open.pop();
    if (!el?.inline) this.#text += ' ';
    this.#setRule(this.#open[this.#open.length - 1]?.rule);
    // Counted block by block, at a block's end (a space, so no word or NFKC sequence is cut), so a long
    // volume never builds one huge string. Blocks of a few KB are often pure ASCII, which addWords counts
    // on its fast path; one non-ASCII character sends a whole block down the slower one.
    if (this.#text.length > this.block && el && !el.inline) this.#flush();
  }

  text(t: string): void {
    this.#text += t;
  }

  /** The parser reached the end of the file without error. */
  end(): void {
    this.#flush();
    this.complete = true;
  }

  #flush(): void {
    if (this.#rule) this.tally.leaveOut(this.#rule, this.#text);
    else this.tally.count(this.#text);
    this.#text = '';
  }

  #setRule(next: string | undefined): void {
    if (next === this.#rule) return;
    this.#flush();
    this.#rule = next;
  }
}

/** A TEI file's words, read with a saxes pass of their own (counted in blocks of `block` characters). */
export async function teiSourceWords(path: string, block?: number): Promise<SourceTally> {
  const counter = new TeiWordCounter(block);
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => counter.open(tag));
  parser.on('closetag', () => counter.close());
  parser.on('text', (t) => counter.text(t));
  parser.on('cdata', (t) => counter.text(t));
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 }) as AsyncIterable<string>) {
    parser.write(first ? chunk.replace(/^\uFEFF/, '') : chunk);
    first = false;
  }
  parser.close();
  counter.end();
  return counter.tally;
}

/**
 * The counters the TEI reader fed while reading each file, by path, taken by the accounting once the
 * file's records are read. A file the reader did not read to its end without error (malformed XML, a
 * refused DOCTYPE) has none, and is counted by a pass of its own, which reports why it cannot be.
 */
export class TeiTallies {
  readonly #counters = new Map<string, TeiWordCounter>();

  start(path: string): TeiWordCounter {
    const counter = new TeiWordCounter();
    this.#counters.set(path, counter);
    return counter;
  }

  async take(path: string): Promise<SourceTally> {
    const counter = this.#counters.get(path);
    this.#counters.delete(path);
    return counter?.complete ? counter.tally : teiSourceWords(path);
  }
}
