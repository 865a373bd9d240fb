/**
 * Preparing a document's texts for reading: marking what a translator added
 * ("[Andrei] Gromyko", "(Note: …)") so readers can tell it from the source,
 * and cutting translation and original into units (paragraphs, list items)
 * that can be set side by side, row by row, where they correspond.
 *
 * Works on HTML that already passed sanitizeRichText; it only wraps text and
 * regroups elements, so nothing unsafe can enter here.
 * @module
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import { Element, Text, type ChildNode } from 'domhandler';

/** One alignable piece of a text: a paragraph, a block, or one item of a list (kept in a list of its own). */
export interface TextUnit {
  html: string;
  /** The editor's alignment key (`data-n`), when the text carries one. */
  key?: string;
}

export interface AlignedRows {
  /** True when rows pair corresponding paragraphs; false when the texts are only set beside each other. */
  aligned: boolean;
  rows: { translation?: TextUnit; original?: TextUnit }[];
}

const INSERTION_CLASSES = new Set(['editorial', 'note']);
const TITLES: Record<string, string> = { editorial: 'Added by the translator or editor', note: 'Note by the translator or editor' };
/**
 * Unmarked insertions as translators type them: a short bracketed word or phrase, or a parenthesised
 * note. Square brackets in a translation are the translator's by convention; a long bracketed run is
 * more likely the source's own, so it is left alone.
 */
const UNMARKED = /\[[^[\]\n]{1,120}\]|\((?:Note|Translator[’']s note|Editor[’']s note|TN|N\.B\.)\s*[:.：][^()]*(?:\([^()]*\)[^()]*)*\)/g;

const serialize = (nodes: ChildNode | ChildNode[]) => DomUtils.getOuterHTML(nodes, { encodeEntities: 'utf8' });

/** Scripts whose runs inside a translation are words of the original, by the original's language. */
const SCRIPT_OF: Record<string, RegExp> = {
  ja: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々〆ー]+(?:[・][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+)*/gu,
  zh: /[\p{Script=Han}]+/gu,
  ko: /[\p{Script=Hangul}\p{Script=Han}]+(?:\s+[\p{Script=Hangul}]+)*/gu,
  ru: /[\p{Script=Cyrillic}]+(?:[\s-]+[\p{Script=Cyrillic}]+)*/gu,
  uk: /[\p{Script=Cyrillic}]+(?:[\s-]+[\p{Script=Cyrillic}]+)*/gu,
};

/**
 * Marks translator's insertions: spans already classed `editorial`/`note` get a tooltip, and bracketed
 * words and "(Note: …)" in plain text are wrapped in such spans. With `original`, words in the
 * original's script quoted inside the translation ("mother-ship (Note: 母船式 …)") get that language,
 * so screen readers and fonts treat them as such. Returns the HTML and how many insertions it found.
 */
export function markInsertions(html: string, options: { original?: string } = {}): { html: string; count: number } {
  const doc = parseDocument(html);
  const script = options.original ? SCRIPT_OF[options.original.split('-')[0]!] : undefined;
  let count = 0;
  const visit = (nodes: ChildNode[], inside: boolean) => {
    for (const node of [...nodes]) {
      if (node instanceof Element) {
        const classes = (node.attribs.class ?? '').split(/\s+/);
        const kind = classes.find((c) => INSERTION_CLASSES.has(c));
        if (kind) {
          count++;
          node.attribs.title ??= TITLES[kind]!;
        }
        if (node.attribs.lang === undefined) visit(node.children, inside || kind !== undefined);
      } else if (node instanceof Text) {
        const pieces = inside ? [node] : wrapUnmarked(node, (n) => (count += n));
        if (script) for (const piece of pieces) if (piece instanceof Text) wrapRuns(piece, script, options.original!);
      }
    }
  };
  visit(doc.children, false);
  return { html: serialize(doc.children), count };
}

/** Replaces a text node by the given nodes, in place. */
function replaceNode(node: ChildNode, parts: ChildNode[]): void {
  const parent = node.parent;
  if (!parent) return;
  parent.children.splice(parent.children.indexOf(node), 1, ...parts);
  for (const p of parts) p.parent = parent;
}

function wrapRuns(node: Text, script: RegExp, lang: string): void {
  const text = node.data;
  const matches = [...text.matchAll(script)];
  if (matches.length === 0) return;
  const parts: ChildNode[] = [];
  let at = 0;
  for (const m of matches) {
    if (m.index > at) parts.push(new Text(text.slice(at, m.index)));
    parts.push(new Element('span', { lang }, [new Text(m[0])]));
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push(new Text(text.slice(at)));
  replaceNode(node, parts);
}

/** Wraps bracketed insertions of a text node in spans; returns the text nodes left (to look into further). */
function wrapUnmarked(node: Text, counted: (n: number) => unknown): ChildNode[] {
  const text = node.data;
  const matches = [...text.matchAll(UNMARKED)];
  if (matches.length === 0) return [node];
  const parts: ChildNode[] = [];
  let at = 0;
  for (const m of matches) {
    if (m.index > at) parts.push(new Text(text.slice(at, m.index)));
    const kind = m[0].startsWith('[') ? 'editorial' : 'note';
    const inner = new Text(m[0]);
    const span = new Element('span', { class: kind, title: TITLES[kind]! }, [inner]);
    inner.parent = span;
    parts.push(span);
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push(new Text(text.slice(at)));
  replaceNode(node, parts);
  counted(matches.length);
  return parts.flatMap((p) => (p instanceof Element ? p.children : [p]));
}

/** Cuts HTML into units: each top-level block, each item of a top-level list; loose text becomes a paragraph. */
export function splitUnits(html: string): TextUnit[] {
  const units: TextUnit[] = [];
  let loose: ChildNode[] = [];
  const flush = () => {
    const text = loose.map((n) => DomUtils.textContent(n)).join('');
    if (text.trim()) units.push({ html: `<p>${serialize(loose)}</p>` });
    loose = [];
  };
  for (const node of parseDocument(html).children) {
    if (!(node instanceof Element) || !BLOCKS.has(node.name)) {
      loose.push(node);
      continue;
    }
    flush();
    if (node.name === 'ol' || node.name === 'ul') units.push(...listUnits(node));
    else units.push({ html: serialize(node), key: node.attribs['data-n'] });
  }
  flush();
  return units;
}

const BLOCKS = new Set(['p', 'div', 'section', 'aside', 'blockquote', 'pre', 'h2', 'h3', 'h4', 'h5', 'h6', 'ol', 'ul', 'dl', 'table', 'hr']);

/** Each item as a one-item list that keeps its number (`<ol start="3">`), so a split list still reads 1, 2, 3. */
function listUnits(list: Element): TextUnit[] {
  const items = list.children.filter((c): c is Element => c instanceof Element && c.name === 'li');
  let n = Number.parseInt(list.attribs.start ?? '1', 10) || 1;
  return items.map((li) => {
    const value = Number.parseInt(li.attribs.value ?? '', 10);
    if (Number.isFinite(value)) n = value;
    const { id: _id, ...rest } = list.attribs;
    const attrs: Record<string, string> = { ...rest, ...(list.name === 'ol' && n !== 1 ? { start: String(n) } : {}) };
    const html = serialize(new Element(list.name, attrs, [li]));
    n++;
    return { html, key: li.attribs['data-n'] };
  });
}

/**
 * Pairs translation and original. With `data-n` keys on every unit of both, rows follow the keys; with
 * the same number of units, they pair in order. Otherwise the texts do not correspond paragraph for
 * paragraph, and are set beside each other unaligned rather than paired wrongly.
 */
export function alignUnits(translation: TextUnit[], original: TextUnit[]): AlignedRows {
  const keyed = (units: TextUnit[]) => units.length > 0 && units.every((u) => u.key);
  if (keyed(translation) && keyed(original)) {
    const byKey = new Map(original.map((u) => [u.key!, u]));
    const used = new Set<string>();
    const rows: AlignedRows['rows'] = translation.map((t) => {
      const o = byKey.get(t.key!);
      if (o) used.add(t.key!);
      return { translation: t, original: o };
    });
    for (const o of original) if (!used.has(o.key!)) rows.push({ original: o });
    return { aligned: true, rows };
  }
  if (translation.length === original.length) {
    return { aligned: true, rows: translation.map((t, i) => ({ translation: t, original: original[i] })) };
  }
  return { aligned: false, rows: [] };
}
