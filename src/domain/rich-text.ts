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
  // Rich text one of Dossier's own renderers built is already in this form (see builtRichText): the sanitizer would return it as is.
  if (built.delete(html)) return html;
  return sanitizeRichTextByParsing(html);
}

/** {@link sanitizeRichText} without the registry of built rich text: always parses (what the fixed-point tests compare against). */
export function sanitizeRichTextByParsing(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}

/**
 * Rich text that Dossier's own renderers built (TEI → HTML, ingest/tei/tei-html.ts), registered as they return it.
 * Such a renderer writes only the subset's tags, attributes and classes, escapes text and attribute values as
 * {@link escapeRichText} and {@link escapeRichTextAttribute} do and sets `rel` on outside links, so that what it
 * builds is exactly what {@link sanitizeRichText} would make of it: a fixed point of the sanitizer, which its tests
 * prove over every file of the corpora and over generated trees. The sanitizer then returns a registered string
 * without parsing it again, and the text accounting reads its words without a full HTML parser ({@link isBuiltRichText}).
 *
 * The registry holds values, not origins: HTML from anywhere else that happens to be equal to a registered string
 * is the same fixed point, so nothing unsanitized can pass. It is bounded and emptied as records are validated; a
 * string that falls out of it before it is validated is only sanitized the usual way.
 */
const built = new Set<string>();
const BUILT_HELD = 64;

/** Registers rich text a renderer of Dossier's own built as a fixed point of the sanitizer, and returns it. */
export function builtRichText(html: string): string {
  if (built.size >= BUILT_HELD) built.delete(built.values().next().value!);
  built.add(html);
  return html;
}

/** True for rich text registered by {@link builtRichText} and not yet validated. */
export function isBuiltRichText(html: string): boolean {
  return built.has(html);
}

const TEXT_ESCAPED = /[&<>]/;

/** Escapes element content as the sanitizer writes it: `&`, `<` and `>`. */
export function escapeRichText(text: string): string {
  return TEXT_ESCAPED.test(text) ? text.replace(/[&<>]/g, (c) => ESCAPES[c]!) : text;
}

/** Escapes a double-quoted attribute value as the sanitizer writes it: `&`, `<`, `>` and `"`. */
export function escapeRichTextAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/** An outside link's `rel`, as the sanitizer sets it on every http(s) link. */
export function linkRel(href: string): string {
  return /^https?:/i.test(href) ? ' rel="nofollow noopener"' : '';
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
  return sanitizedFormText(html) ?? htmlToTextByParsing(html);
}

/** The tags the sanitizer keeps: the only ones the reading without a parser takes. */
const KEPT_TAGS = new Set(SANITIZE_OPTIONS.allowedTags as string[]);
/** Of those, the void ones: a parser closes them as it opens them. */
const VOID_TAGS = new Set(['br', 'hr', 'col']);
/**
 * Of the kept tags, those whose opening closes an open element of the sets
 * given (the HTML parser's implied end tags, htmlparser2's `openImpliesClose`).
 * Sanitized HTML has written every such end tag itself.
 */
const pOnly = new Set(['p']);
const IMPLIED_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['li', new Set(['li'])],
  ['dd', new Set(['dt', 'dd'])],
  ['dt', new Set(['dt', 'dd'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'aside', 'blockquote', 'div', 'dl', 'hr', 'ol', 'pre', 'section', 'table', 'ul'].map((t): [string, Set<string>] => [t, pOnly]),
]);
/**
 * A start tag with `name="value"` attributes and no `<`, `>` or quote inside a value (whitespace as the
 * parser's tokenizer has it); an end tag; one of the
 * entities the sanitizer writes; or any other `<`, `>` or `&`, which this reading leaves to the parser.
 */
const SANITIZED_TOKEN = /<([a-z][a-z0-9]*)(?:[ \t\n\f\r]+[^ \t\n\f\r"'<>/=]+(?:="[^"<>]*")?)*[ \t\n\f\r]*(\/?)>|<\/([a-z][a-z0-9]*)[ \t\n\f\r]*>|&(amp|lt|gt|quot|#39);|[<>&]/g;
const SANITIZED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * {@link htmlToText} of HTML in the sanitizer's own form, read without a parser: the same string, or undefined
 * for HTML that is not in that form (a tag it does not keep, an attribute written otherwise, an entity or a
 * bare `<`, `>` or `&` it would have escaped, an end tag left out or out of order, an element a later start tag
 * would close implicitly), which {@link htmlToText} then parses. Stored rich text has been through the
 * sanitizer, so a search's snippets read their hits' texts this way.
 */
export function sanitizedFormText(html: string): string | undefined {
  let out = '';
  let at = 0;
  const open: string[] = [];
  SANITIZED_TOKEN.lastIndex = 0;
  for (let m = SANITIZED_TOKEN.exec(html); m; m = SANITIZED_TOKEN.exec(html)) {
    out += html.slice(at, m.index);
    at = SANITIZED_TOKEN.lastIndex;
    const [, start, selfClosing, end, entity] = m;
    if (start !== undefined) {
      if (!KEPT_TAGS.has(start) || (open.length > 0 && IMPLIED_CLOSE.get(start)?.has(open[open.length - 1]!))) return undefined;
      const isVoid = VOID_TAGS.has(start);
      if (selfClosing && !isVoid) return undefined;
      if (!isVoid) open.push(start);
      // A void element is opened and closed at once.
      if (BLOCK_TAGS.has(start)) out += isVoid ? '\n\n' : '\n';
    } else if (end !== undefined) {
      // The parser takes `</br>` for `<br>` and passes over any other void end tag (the sanitizer writes `<col></col>`).
      if (VOID_TAGS.has(end)) out += end === 'br' ? '\n\n' : '';
      else if (open.pop() !== end) return undefined;
      else if (BLOCK_TAGS.has(end)) out += '\n';
      else if (end === 'td' || end === 'th') out += '\t';
    } else if (entity !== undefined) out += SANITIZED_ENTITIES[entity]!;
    else return undefined;
  }
  if (open.length > 0) return undefined;
  return normalizePlainText(out + html.slice(at));
}

/**
 * Each run of spaces and tabs around a line break becomes the line break, each other run of them one space:
 * a run that is one space already is left as it is (the second pattern does not match it), the most common
 * run there is, so the second replacement makes few changes.
 */
function normalizePlainText(text: string): string {
  return text.replace(/[ \t]*\n[ \t\n]*/g, '\n').replace(/(?: [ \t]|\t)[ \t]*/g, ' ').trim();
}

/** {@link htmlToText} by a full HTML parser, whatever the HTML's form (what the reading without a parser is tested against). */
export function htmlToTextByParsing(html: string): string {
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
  return normalizePlainText(out);
}

const BUILT_MARKUP = /<(\/?)([a-z0-9]+)[^>]*>|&(amp|lt|gt|quot);/g;
const BUILT_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/**
 * The text of rich text that is a fixed point of the sanitizer ({@link builtRichText}), with the same words as
 * {@link htmlToText} gives, found without a full HTML parser: in that form every `<` opens a tag, every `>` in an
 * attribute is escaped, the only entities are the sanitizer's own four, and tags are balanced as written. Tags
 * break words where htmlToText breaks lines or cells and nowhere else; the whitespace is left as it is.
 */
export function builtRichTextToText(html: string): string {
  return html.replace(BUILT_MARKUP, (_, close: string, name: string | undefined, entity: string | undefined) => {
    if (entity) return BUILT_ENTITIES[entity]!;
    return BLOCK_TAGS.has(name!) || (close && (name === 'td' || name === 'th')) ? '\n' : '';
  });
}
