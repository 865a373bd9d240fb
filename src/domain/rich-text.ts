/**
 * Rich text for translations, transcripts and descriptions: a small, safe
 * subset of HTML. Everything that enters the archive as HTML passes through
 * {@link sanitizeRichText}; pages then render it as is.
 * @module
 */
import sanitizeHtml from 'sanitize-html';
import { Parser } from 'htmlparser2';

/** Classes with a meaning in Dossier's reading view; any other class is dropped. */
export const RICH_TEXT_CLASSES = [
  'editorial', // words a translator or editor added, e.g. "[Andrei]"
  'note', // an inline editorial note, e.g. "(Note: …)"
  'footnote', // a source footnote kept at its place of reference
  'page-break', // a page boundary of the printed or scanned original
  'attachment', // an enclosure or attachment to the document
  'closer', // signature block
  'header', // a document's own header lines (cable number, classification marks)
  'salutation',
  'signed',
  'dateline',
  'source-note',
  'list-subject',
  'redaction', // text withheld at declassification
] as const;

const GLOBAL_ATTRIBUTES = ['lang', 'dir', 'class', 'id', 'data-n', 'data-page', 'title'];

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'div', 'span', 'section', 'aside', 'blockquote', 'pre',
    'h2', 'h3', 'h4', 'h5', 'h6',
    'ol', 'ul', 'li', 'dl', 'dt', 'dd',
    'em', 'strong', 'i', 'b', 'u', 's', 'sub', 'sup', 'small', 'abbr', 'cite', 'q', 'del', 'ins', 'mark', 'code',
    'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'colgroup', 'col',
    'a',
  ],
  allowedAttributes: {
    '*': GLOBAL_ATTRIBUTES,
    a: ['href', 'rel'],
    ol: ['start', 'type', 'reversed'],
    li: ['value'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    col: ['span'],
  },
  allowedClasses: { '*': [...RICH_TEXT_CLASSES] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Scripts, styles and their contents vanish entirely; other unknown tags keep their text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object'],
  transformTags: {
    '*': (tagName, attribs) => ({ tagName, attribs: withSafeId(attribs) }),
    a: (tagName, attribs) => ({
      tagName,
      attribs: withSafeId({ ...attribs, ...(attribs.href && /^https?:/i.test(attribs.href) ? { rel: 'nofollow noopener' } : {}) }),
    }),
  },
};

/** Ids become fragment targets (footnotes, page anchors); keep them short and plain so they cannot clash with the page's own. */
function withSafeId(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  if (attribs.id === undefined || /^[A-Za-z][\w.-]{0,80}$/.test(attribs.id)) return attribs;
  const { id: _dropped, ...rest } = attribs;
  return rest;
}

/** Returns HTML reduced to Dossier's rich-text subset: no scripts, handlers, styles or foreign attributes. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Plain text (e.g. a CSV cell) to rich text: blank lines separate paragraphs,
 * single line breaks inside a paragraph are kept as `<br>`. Cable headers and
 * letters rely on those line breaks, so they are not joined.
 */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^\n+|\s+$/g, ''))
    .filter((p) => p.trim() !== '');
  return paragraphs
    .map((p) => `<p>${p.split('\n').map((line) => escapeHtml(line.trim())).join('<br>')}</p>`)
    .join('\n');
}

/**
 * Plain text to rich text where each line is its own paragraph (the layout of
 * many scraped translations, which have one paragraph per line).
 */
export function linesToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
}

const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'aside', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'li', 'dt', 'dd', 'tr', 'table', 'caption', 'ul', 'ol', 'dl', 'br', 'hr',
]);

/**
 * Rich text to plain text, for indexing and snippets: tags removed, entities
 * decoded, block boundaries turned into line breaks so words never run together.
 */
export function htmlToText(html: string): string {
  let out = '';
  const parser = new Parser(
    {
      onopentag(name) {
        if (BLOCK_TAGS.has(name)) out += '\n';
      },
      ontext(text) {
        out += text;
      },
      onclosetag(name) {
        if (BLOCK_TAGS.has(name)) out += '\n';
        else if (name === 'td' || name === 'th') out += '\t';
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out.replace(/[ \t]*\n[ \t\n]*/g, '\n').replace(/[ \t]+/g, ' ').trim();
}
