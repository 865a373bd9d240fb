/**
 * TEI body → Dossier rich text (the sanitized subset of domain/rich-text.ts),
 * written exactly as the sanitizer writes it (its escapes, `<br />`, `rel` on
 * outside links), so that what is built here is a fixed point of the
 * sanitizer (builtRichText).
 * Footnotes stay at their place of reference as `span.footnote`, page breaks
 * become empty `span.page-break` anchors, cross-references become links to
 * the document that holds their target. Block elements never nest inside a
 * `<p>`: a TEI paragraph that holds a list or a quotation is split around it.
 * @module
 */
import { escapeRichText, escapeRichTextAttribute, linkRel } from '../../domain/rich-text.js';
import { attr, findFirst, isElement, localName, textOf, type XmlElement, type XmlNode } from './xml-tree.js';

export interface HtmlContext {
  /** Record id of the document being rendered, for same-document anchors. */
  documentId: string;
  /** A reference target (`#pg_12`, `frus1952-54v14p1#pg_1`, `https://…`) → href, and the document it names, if known. */
  resolve(target: string): { href: string; documentId?: string } | undefined;
  /** Documents this one refers to (filled while rendering). */
  cited: Set<string>;
  /** Something in the markup the renderer could not keep, once per kind. */
  warn(message: string): void;
}

const SAFE_ID = /^[A-Za-z][\w.-]{0,80}$/;

/** Elements rendered as blocks; anything else is inline. */
const BLOCKS = new Set([
  'p', 'list', 'table', 'closer', 'postscript', 'attachment', 'div', 'opener', 'dateline', 'head', 'figure', 'lg', 'ab',
  'castList', 'byline', 'docImprint', 'trailer', 'argument', 'epigraph', 'floatingText', 'listBibl', 'sp',
]);

/** Inline elements whose markup carries nothing for readers: their content is kept. */
const TRANSPARENT = new Set([
  'persName', 'placeName', 'orgName', 'gloss', 'term', 'date', 'name', 'rs', 'num', 'abbr', 'expan', 'unclear', 'sic',
  'corr', 'reg', 'orig', 'add', 'choice', 'measure', 'time', 'roleName', 'geogName', 'addName', 'forename', 'surname',
  'said', 'q', 'mentioned', 'soCalled', 'distinct', 'w', 'c', 'pc', 'docDate', 'titlePart', 'docTitle', 'idno',
  'label', 'item', 'cell', 'row', 'quote', 'address', 'addrLine', 'signed', 'salute', 'seg', 'l', 'bibl', 'publisher', 'pubPlace',
]);

/** Elements with nothing to show. */
const SILENT = new Set(['#skip', 'anchor', 'milestone', 'graphic', 'include', 'fw', 'space', 'index', 'interp']);

export function isFootnote(el: XmlElement): boolean {
  return localName(el) === 'note' && el.attrs.type !== 'source' && (el.attrs.n !== undefined || el.attrs['xml:id'] !== undefined);
}

/**
 * What a head prints beside its title: notes, and the marginal page or paragraph numbers of a reprinted
 * original (`seg[@type="margin"]`, "[288]" in the 1872 arbitration volumes), which must not end up in a title.
 */
export function isHeadApparatus(el: XmlElement): boolean {
  return localName(el) === 'note' || (localName(el) === 'seg' && el.attrs.type === 'margin');
}

/** A head's title: its text without notes and marginal numbers, nor the asterisk printed to point at the margin. */
export function headTitle(head: XmlElement, lineBreak = ' '): string {
  const title = textOf(head, isHeadApparatus, lineBreak);
  const margin = findFirst(head, (e) => localName(e) === 'seg' && e.attrs.type === 'margin');
  return margin ? title.replace(/^\*\s*|\s*\*$/g, '').trim() : title;
}

export function isSourceNote(el: XmlElement): boolean {
  return localName(el) === 'note' && el.attrs.type === 'source';
}

function isBlock(el: XmlElement): boolean {
  const name = localName(el);
  if (BLOCKS.has(name)) return true;
  if (name === 'quote') return el.attrs.rend === 'blockquote' || el.children.some((c) => isElement(c) && localName(c) === 'p');
  if (name === 'note') return !isFootnote(el);
  return false;
}

const text = (s: string) => escapeRichText(s.replace(/\s+/g, ' '));

/** Renders a sequence of TEI nodes as block-level HTML: runs of inline content become paragraphs. */
export function renderFlow(nodes: readonly XmlNode[], ctx: HtmlContext, cls?: string): string {
  let out = '';
  let run: XmlNode[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const inline = renderInline(run, ctx).trim();
    const hasContent = run.some((n) => (isElement(n) ? localName(n) !== 'pb' : n.trim() !== ''));
    if (inline) out += hasContent ? `<p${cls ? ` class="${cls}"` : ''}>${inline}</p>` : inline;
    run = [];
  };
  for (const node of nodes) {
    if (isElement(node) && isBlock(node)) {
      flush();
      out += renderBlock(node, ctx);
    } else {
      run.push(node);
    }
  }
  flush();
  return out;
}

function renderBlock(el: XmlElement, ctx: HtmlContext): string {
  const name = localName(el);
  switch (name) {
    case 'p':
    case 'ab':
      return renderFlow(el.children, ctx);
    case 'head':
      return `<h3>${renderInline(el.children, ctx).trim()}</h3>`;
    case 'list':
      return renderList(el, ctx);
    case 'table':
      return renderTable(el, ctx);
    case 'quote':
      return `<blockquote>${renderFlow(el.children, ctx)}</blockquote>`;
    case 'closer':
      return `<div class="closer">${renderFlow(el.children, ctx)}</div>`;
    case 'dateline':
      return `<p class="dateline">${renderInline(el.children, ctx).trim()}</p>`;
    case 'opener':
      return `<div class="header">${renderFlow(el.children, ctx)}</div>`;
    case 'note':
      return isSourceNote(el)
        ? `<p class="source-note">${renderInline(el.children, ctx).trim()}</p>`
        : `<p class="note">${renderInline(el.children, ctx).trim()}</p>`;
    case 'attachment':
      return `<div class="attachment">${renderFlow(el.children, ctx)}</div>`;
    case 'div':
      return el.attrs.type === 'document' ? `<div class="attachment">${renderFlow(el.children, ctx)}</div>` : `<div>${renderFlow(el.children, ctx)}</div>`;
    case 'figure': {
      const caption = el.children.filter((c) => isElement(c) && (localName(c) === 'head' || localName(c) === 'figDesc'));
      const label = caption.length ? `: ${renderInline(caption, ctx).trim()}` : '';
      return `<p class="editorial">[Illustration not reproduced${label}]</p>`;
    }
    default:
      return `<div>${renderFlow(el.children, ctx)}</div>`;
  }
}

function renderList(el: XmlElement, ctx: HtmlContext): string {
  const type = el.attrs.type;
  const cls = type === 'subject' ? ' class="list-subject"' : '';
  let items = '';
  let label = '';
  let heads = '';
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const name = localName(child);
    if (name === 'head') heads += `<p><strong>${renderInline(child.children, ctx).trim()}</strong></p>`;
    else if (name === 'label') label += `${renderInline(child.children, ctx).trim()} `;
    else if (name === 'item') {
      items += `<li>${label}${renderItem(child, ctx)}</li>`;
      label = '';
    } else if (name === 'pb') items += renderInline([child], ctx);
  }
  if (label) items += `<li>${label.trim()}</li>`;
  return `${heads}${items ? `<ul${cls}>${items}</ul>` : ''}`;
}

/** List items and table cells hold inline text, or blocks when they need them. */
function renderItem(el: XmlElement, ctx: HtmlContext): string {
  const hasBlocks = el.children.some((c) => isElement(c) && isBlock(c));
  return hasBlocks ? renderFlow(el.children, ctx) : renderInline(el.children, ctx).trim();
}

function renderTable(el: XmlElement, ctx: HtmlContext): string {
  let caption = '';
  let rows = '';
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const name = localName(child);
    if (name === 'head') caption += renderInline(child.children, ctx).trim();
    else if (name === 'row') {
      let cells = '';
      for (const cell of child.children) {
        if (!isElement(cell) || localName(cell) !== 'cell') continue;
        const tag = cell.attrs.role === 'label' || child.attrs.role === 'label' ? 'th' : 'td';
        const span = [
          /^\d+$/.test(cell.attrs.cols ?? '') && cell.attrs.cols !== '1' ? ` colspan="${cell.attrs.cols}"` : '',
          /^\d+$/.test(cell.attrs.rows ?? '') && cell.attrs.rows !== '1' ? ` rowspan="${cell.attrs.rows}"` : '',
        ].join('');
        cells += `<${tag}${span}>${renderItem(cell, ctx)}</${tag}>`;
      }
      rows += `<tr>${cells}</tr>`;
    }
  }
  return `<table>${caption ? `<caption>${caption}</caption>` : ''}<tbody>${rows}</tbody></table>`;
}

/** Inline HTML of nodes; block elements met here (inside a footnote, a cell) are flattened to inline text. */
export function renderInline(nodes: readonly XmlNode[], ctx: HtmlContext): string {
  let out = '';
  for (const node of nodes) out += isElement(node) ? renderInlineElement(node, ctx) : text(node);
  return out;
}

const HI: Record<string, string> = {
  italic: 'em', italics: 'em', bold: 'strong', strong: 'strong', superscript: 'sup', sup: 'sup', subscript: 'sub', sub: 'sub',
  underline: 'u', strikethrough: 's',
};

function renderInlineElement(el: XmlElement, ctx: HtmlContext): string {
  const name = localName(el);
  const inner = () => renderInline(el.children, ctx);
  switch (name) {
    case 'hi': {
      const tag = HI[el.attrs.rend ?? ''];
      return tag ? `<${tag}>${inner()}</${tag}>` : inner();
    }
    case 'emph':
      return `<em>${inner()}</em>`;
    case 'title':
      return `<cite>${inner()}</cite>`;
    case 'del':
      return `<del>${inner()}</del>`;
    case 'lb':
      return '<br />';
    case 'pb':
      // A page break separates words ("in<pb/>such" is two words), unless TEI marks it as inside one (break="no").
      return el.attrs.break === 'no' ? pageBreak(el) : `${pageBreak(el)} `;
    case 'ref':
    case 'ptr':
      return renderRef(el, ctx);
    case 'note':
      if (isFootnote(el)) return footnote(el, ctx);
      return isSourceNote(el) ? `<span class="source-note">${inner().trim()}</span> ` : `<span class="note">${inner().trim()}</span> `;
    case 'seg':
      return el.attrs.type === 'margin' ? `<span class="note">${inner().trim()}</span> ` : inner();
    case 'signed':
      return `<span class="signed">${inner().trim()}</span>`;
    case 'salute':
      return `<span class="salutation">${inner().trim()}</span>`;
    case 'dateline':
      return `<span class="dateline">${inner().trim()}</span>`;
    case 'gap':
      return '<span class="editorial">[…]</span>';
    case 'foreign': {
      const lang = el.attrs['xml:lang'];
      return lang && /^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/.test(lang) ? `<span lang="${lang}">${inner()}</span>` : inner();
    }
    case 'figure':
      return '<span class="editorial">[Illustration not reproduced]</span>';
    default:
      if (SILENT.has(name) || el.name === '#skip') return '';
      if (BLOCKS.has(name) || name === 'quote' || name === 'p') return ` ${flattened(el, ctx)} `;
      if (!TRANSPARENT.has(name)) ctx.warn(`element <${el.name}> has no rendering; its text is kept`);
      return inner();
  }
}

/** A block inside inline context (a paragraph of a footnote): its content, paragraphs and items joined. */
function flattened(el: XmlElement, ctx: HtmlContext): string {
  let out = '';
  for (const child of el.children) {
    if (isElement(child) && (BLOCKS.has(localName(child)) || localName(child) === 'item' || localName(child) === 'row')) {
      out += ` ${flattened(child, ctx)} `;
    } else {
      out += isElement(child) ? renderInlineElement(child, ctx) : text(child);
    }
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** `<pb n="12" xml:id="pg_12"/>`: an anchor that the reading view shows as "[page 12]". Unnumbered pages (`n="[]"`) leave no mark. */
export function pageBreak(el: XmlElement): string {
  const n = attr(el, 'n');
  if (!n || /^\[\s*\]$/.test(n)) return '';
  const xmlId = attr(el, 'xml:id');
  const id = xmlId && SAFE_ID.test(xmlId) ? xmlId : /^[\w.-]{1,40}$/.test(n) ? `pg_${n}` : undefined;
  return `<span class="page-break"${id ? ` id="${id}"` : ''} data-page="${escapeRichTextAttribute(n)}"></span>`;
}

function footnote(el: XmlElement, ctx: HtmlContext): string {
  const n = attr(el, 'n');
  const xmlId = attr(el, 'xml:id');
  const id = xmlId && SAFE_ID.test(xmlId) ? xmlId : undefined;
  const body = flattened(el, ctx);
  const label = n ? `Footnote ${escapeRichText(n)}: ` : 'Footnote: ';
  return `<span class="footnote"${id ? ` id="${id}"` : ''}${n ? ` data-n="${escapeRichTextAttribute(n)}"` : ''}>[${label}${body}]</span>`;
}

/** The hrefs the rich-text subset keeps, so a link is never written that the sanitizer would strip: http(s), a path of this site, a fragment. */
const LINKABLE = /^(?:https?:|\/(?![/\\])|#)/i;

function renderRef(el: XmlElement, ctx: HtmlContext): string {
  const target = attr(el, 'target');
  const inner = renderInline(el.children, ctx);
  const resolved = target ? ctx.resolve(target.split(/\s+/)[0]!) : undefined;
  if (!resolved || !LINKABLE.test(resolved.href)) return inner;
  if (resolved.documentId && resolved.documentId !== ctx.documentId) ctx.cited.add(resolved.documentId);
  return `<a href="${escapeRichTextAttribute(resolved.href)}"${linkRel(resolved.href)}>${inner || escapeRichText(target!)}</a>`;
}
