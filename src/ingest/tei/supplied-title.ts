/**
 * A title for a document the source prints without one ("[Untitled]", an
 * empty head): its first line, in square brackets, as archivists mark a
 * devised title (DACS 2.3.4; ISAD(G) 3.1.2) so no reader takes it for the
 * source's words as a heading. "Document 12" tells a reader nothing; the
 * opening words say what the document is.
 * @module
 */
import { findFirst, localName, textOf, type XmlElement } from './xml-tree.js';

/** Longest supplied title before it is cut at a word boundary. */
const MAX = 90;

/** Parts that are not the document's own first line: notes, its heading, enclosures and nested documents. */
const notText = (e: XmlElement) => ['note', 'head', 'attachment', 'closer', 'postscript'].includes(localName(e)) || (localName(e) === 'div' && e.attrs.type === 'document');

export function suppliedTitle(div: XmlElement): string | undefined {
  const para = findFirst(div, (e) => localName(e) === 'p' && textOf(e, (n) => localName(n) === 'note').length > 0, notText);
  const opener = findFirst(div, (e) => localName(e) === 'opener' || localName(e) === 'dateline', notText);
  const source = para ?? opener;
  if (!source) return undefined;
  const line = firstLine(textOf(source, (n) => localName(n) === 'note'));
  return line ? `[${line}]` : undefined;
}

/** Abbreviations whose full stop ends no sentence ("Mr. Seward", "M. Supervielle", "No. 12"). */
const ABBREVIATION = /(?:^|\s)(?:Mr|Mrs|Messrs|Mm|Dr|St|No|Nos|Gen|Col|Capt|Lieut|Hon|Esq|Sr|Jr|Gov|Sec|[A-Z])$/;

/** The first sentence when it is short, else the first words up to {@link MAX} characters and an ellipsis. */
export function firstLine(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().replace(/^[[(]+|[\])]+$/g, '');
  for (const m of t.matchAll(/[.!?](?=\s|$)/g)) {
    if (m.index > MAX) break;
    if (m.index < 12 || ABBREVIATION.test(t.slice(0, m.index))) continue;
    return t.slice(0, m[0] === '.' ? m.index : m.index + 1);
  }
  if (t.length <= MAX) return t.replace(/[.;:,]$/, '');
  const cut = t.slice(0, MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s,;:.—–-]+$/, '')}…`;
}
