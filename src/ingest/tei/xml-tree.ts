/**
 * A minimal element tree for the parts of a TEI file the importer keeps
 * (the header, one document at a time, the persons and terms lists), built
 * from the streaming parser's events so that memory stays bounded by the
 * largest document, never the file.
 * @module
 */

export interface XmlElement {
  /** Qualified name as written (`div`, `frus:attachment`, `xi:include`). */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** 1-based line and column where the start tag ends. */
  line: number;
  column: number;
}

export type XmlNode = XmlElement | string;

export function isElement(node: XmlNode | undefined): node is XmlElement {
  return typeof node === 'object' && node !== null;
}

/** The name without its prefix: vendor files bind `frus:` and sometimes write it differently. */
export function localName(el: XmlElement): string {
  const colon = el.name.indexOf(':');
  return colon < 0 ? el.name : el.name.slice(colon + 1);
}

export function attr(el: XmlElement, name: string): string | undefined {
  const value = el.attrs[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Element children, optionally only those with a local name. */
export function childElements(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (isElement(c) && (name === undefined || localName(c) === name)) out.push(c);
  return out;
}

/** Depth-first search for descendants; `skip` prunes whole subtrees (nested documents, notes). */
export function findAll(el: XmlElement, match: (e: XmlElement) => boolean, skip?: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (node: XmlElement) => {
    for (const c of node.children) {
      if (!isElement(c)) continue;
      if (match(c)) out.push(c);
      if (!skip?.(c)) walk(c);
    }
  };
  walk(el);
  return out;
}

export function findFirst(el: XmlElement, match: (e: XmlElement) => boolean, skip?: (e: XmlElement) => boolean): XmlElement | undefined {
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (match(c)) return c;
    if (skip?.(c)) continue;
    const found = findFirst(c, match, skip);
    if (found) return found;
  }
  return undefined;
}

/** Text content with whitespace collapsed; `skip` leaves out subtrees (e.g. footnotes in a title). */
export function textOf(node: XmlNode, skip?: (e: XmlElement) => boolean, lineBreak = ' '): string {
  const parts: string[] = [];
  const walk = (n: XmlNode) => {
    if (!isElement(n)) {
      parts.push(n);
      return;
    }
    if (skip?.(n)) return;
    if (localName(n) === 'lb') {
      parts.push(lineBreak);
      return;
    }
    for (const c of n.children) walk(c);
  };
  walk(node);
  return collapse(parts.join(''));
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
