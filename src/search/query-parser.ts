/**
 * Parses the search box's language: words (all must match), "phrases",
 * OR, -exclusion (or NOT), prefix*, parentheses, `field:` terms and dates
 * (`date:1955`, `date:1950..1960`, `date:1948-06`).
 * It is forgiving: any input yields a query, never an error; when it has to
 * reinterpret something (an unclosed quote, a stray operator) it says how in
 * `notices`. Input is capped so the parser's cost stays bounded whatever a
 * visitor (or a bot) sends.
 * @module
 */
import { checkDateBound } from '../domain/partial-date.js';
import { QUERY_FIELDS, TEXT_FIELDS, type ParsedQuery, type QueryField, type QueryNode, type TextField, type ValueField } from './query.js';

/** Longest query read; the rest is ignored (and the visitor told so). */
export const MAX_QUERY_LENGTH = 1000;
/** Most terms evaluated; a pasted page of text is cut here rather than slowing the index down. */
export const MAX_TERMS = 64;
const MAX_DEPTH = 16;

type Tok =
  | { t: 'word'; v: string }
  | { t: 'phrase'; v: string }
  | { t: 'field'; v: string }
  | { t: 'lparen' }
  | { t: 'rparen' }
  | { t: 'or' }
  | { t: 'and' }
  | { t: 'not' };

type AnyField = QueryField | 'date';
const FIELD_ALIASES: Record<string, AnyField> = {
  title: 'title', text: 'text', body: 'text', summary: 'summary', person: 'person', people: 'person', name: 'person',
  place: 'place', type: 'type', lang: 'lang', language: 'lang', collection: 'collection', classification: 'classification',
  id: 'id', date: 'date', year: 'date', dated: 'date', release: 'release', released: 'release', new: 'new',
};
const isTextField = (f: AnyField): f is TextField => (TEXT_FIELDS as readonly string[]).includes(f);

/**
 * The text of a query as it is searched: NFC, control characters blanked, cut
 * to {@link MAX_QUERY_LENGTH} (never inside a surrogate pair, which would make
 * the text unencodable in a URL). Pages echo this text, not the raw input.
 */
export function queryText(input: string): string {
  const text = input.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (text.length <= MAX_QUERY_LENGTH) return text;
  const cut = /[\ud800-\udbff]/.test(text[MAX_QUERY_LENGTH - 1]!) ? MAX_QUERY_LENGTH - 1 : MAX_QUERY_LENGTH;
  return text.slice(0, cut);
}

export function parseQuery(input: string): ParsedQuery {
  const notices: string[] = [];
  const text = queryText(input);
  if (text.length < input.length && input.normalize('NFC').length > MAX_QUERY_LENGTH) {
    notices.push(`Only the first ${MAX_QUERY_LENGTH} characters of the query were used.`);
  }
  const tokens = lex(text, notices);
  const parser = new Parser(tokens, notices);
  const root = parser.parse();
  return { root: root ? limitTerms(root, notices) : undefined, notices: unique(notices), errors: unique(parser.errors) };
}

function lex(text: string, notices: string[]): Tok[] {
  const tokens: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"' || ch === '“' || ch === '”' || ch === '„' || ch === '«' || ch === '»' || ch === '「' || ch === '」') {
      const close = findClosingQuote(text, i + 1);
      if (close < 0) notices.push('An unmatched quotation mark was closed at the end of the query.');
      const v = text.slice(i + 1, close < 0 ? text.length : close).trim();
      if (v) tokens.push({ t: 'phrase', v });
      i = close < 0 ? text.length : close + 1;
    } else if (ch === '(' || ch === '（') {
      tokens.push({ t: 'lparen' });
      i++;
    } else if (ch === ')' || ch === '）') {
      tokens.push({ t: 'rparen' });
      i++;
    } else if ((ch === '-' || ch === '−') && (i === 0 || /[\s(]/.test(text[i - 1]!)) && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      tokens.push({ t: 'not' });
      i++;
    } else {
      let j = i;
      while (j < text.length && !/[\s"“”„«»「」()（）]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      i = j;
      const field = /^([A-Za-z]+):(.*)$/.exec(word);
      if (field && FIELD_ALIASES[field[1]!.toLowerCase()]) {
        tokens.push({ t: 'field', v: FIELD_ALIASES[field[1]!.toLowerCase()]! });
        if (field[2]) tokens.push({ t: 'word', v: field[2] });
      } else if (word === 'OR' || word === '|' || word === '||') tokens.push({ t: 'or' });
      else if (word === 'AND' || word === '&&' || word === '+') tokens.push({ t: 'and' });
      else if (word === 'NOT') tokens.push({ t: 'not' });
      else tokens.push({ t: 'word', v: word });
    }
  }
  return tokens;
}

function findClosingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if ('"“”„«»「」'.includes(text[i]!)) return i;
  return -1;
}

class Parser {
  readonly errors: string[] = [];
  #pos = 0;
  #depth = 0;
  constructor(
    private readonly tokens: Tok[],
    private readonly notices: string[],
  ) {}

  parse(): QueryNode | undefined {
    const node = this.#or();
    while (this.#pos < this.tokens.length) {
      // Only an unmatched ")" can stop the top level early.
      this.notices.push('An unmatched closing parenthesis was ignored.');
      this.#pos++;
      const rest = this.#or();
      if (rest) return node ? simplify({ type: 'and', children: [node, rest] }) : rest;
    }
    return node;
  }

  #or(): QueryNode | undefined {
    const branches: QueryNode[] = [];
    let first = this.#and();
    if (first) branches.push(first);
    while (this.#peek()?.t === 'or') {
      this.#pos++;
      const next = this.#and();
      if (!next || branches.length === 0) this.notices.push('"OR" needs words on both sides; it was ignored.');
      if (next) branches.push(next);
      first = next;
    }
    if (branches.length === 0) return undefined;
    return simplify({ type: 'or', children: branches });
  }

  #and(): QueryNode | undefined {
    const children: QueryNode[] = [];
    for (;;) {
      const tok = this.#peek();
      if (!tok || tok.t === 'or' || tok.t === 'rparen') break;
      if (tok.t === 'and') {
        this.#pos++;
        continue;
      }
      const node = this.#unary();
      if (node) children.push(node);
    }
    if (children.length === 0) return undefined;
    if (children.every((c) => c.type === 'not')) {
      this.notices.push('A query made only of exclusions matches nothing to exclude from; the exclusions were read as words.');
      return simplify({ type: 'and', children: children.map((c) => (c as { child: QueryNode }).child) });
    }
    return simplify({ type: 'and', children });
  }

  #unary(): QueryNode | undefined {
    const tok = this.#peek();
    if (tok?.t === 'not') {
      this.#pos++;
      const child = this.#primary();
      if (!child) {
        this.notices.push('A "-" or NOT with nothing after it was ignored.');
        return undefined;
      }
      return child.type === 'not' ? child.child : { type: 'not', child };
    }
    return this.#primary();
  }

  #primary(field?: AnyField): QueryNode | undefined {
    const tok = this.tokens[this.#pos++];
    if (!tok) return undefined;
    switch (tok.t) {
      case 'word':
        return field && !isTextField(field) ? this.#valueNode(field, tok.v.replace(/\*+$/, '')) : wordNode(tok.v, field);
      case 'phrase':
        return field && !isTextField(field) ? this.#valueNode(field, tok.v) : { type: 'phrase', text: tok.v, ...(field ? { field } : {}) };
      case 'field': {
        const next = this.#peek();
        if (!next || next.t === 'or' || next.t === 'rparen' || next.t === 'and') {
          this.notices.push(`"${tok.v}:" needs a word after it; it was ignored.`);
          return undefined;
        }
        return this.#primary(tok.v as AnyField);
      }
      case 'lparen': {
        if (this.#depth >= MAX_DEPTH) {
          this.notices.push('Parentheses nested too deeply were flattened.');
          return undefined;
        }
        this.#depth++;
        const inner = this.#or();
        this.#depth--;
        if (this.#peek()?.t === 'rparen') this.#pos++;
        else this.notices.push('An unclosed parenthesis was closed at the end of the query.');
        return inner && field ? this.#withField(inner, field) : inner;
      }
      case 'rparen':
        this.#pos--;
        return undefined;
      case 'not':
      case 'or':
      case 'and':
        return undefined;
    }
  }

  #peek(): Tok | undefined {
    return this.tokens[this.#pos];
  }

  #valueNode(field: ValueField | 'date', text: string): QueryNode | undefined {
    if (field !== 'date') return text.trim() ? { type: 'value', field, text: text.trim().slice(0, 200) } : undefined;
    const range = parseDateRange(text);
    // A well-formed but impossible date (1955-02-30, 0000) is a mistake to point out, not a filter to drop silently.
    const impossible = range && [range.from, range.to].map((b) => (b ? checkDateBound(b) : undefined)).find((r) => r && !r.ok);
    if (impossible && !impossible.ok) {
      this.errors.push(`"date:${text.slice(0, 40)}" is not a real date: ${impossible.error}.`);
      return undefined;
    }
    if (!range) {
      this.notices.push(`"date:${text.slice(0, 40)}" is not a date (try date:1955, date:1948-06 or date:1950..1960); it was ignored.`);
      return undefined;
    }
    if (range.swapped) this.notices.push(`The dates in "date:${text.slice(0, 40)}" were given backwards; they were turned around.`);
    return { type: 'date', ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
  }

  #withField(node: QueryNode, field: AnyField): QueryNode | undefined {
    if (isTextField(field)) return withField(node, field);
    switch (node.type) {
      case 'term':
      case 'phrase':
        return this.#valueNode(field, node.text);
      case 'not': {
        const child = this.#withField(node.child, field);
        return child ? { type: 'not', child } : undefined;
      }
      case 'and':
      case 'or': {
        const children = node.children.map((c) => this.#withField(c, field)).filter((c): c is QueryNode => c !== undefined);
        return children.length ? simplify({ type: node.type, children }) : undefined;
      }
      default:
        return node;
    }
  }
}

const DATE_BOUND = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

/** `1955`, `1948-06`, `1950..1960`, `1950-1960`, `..1960`, `1950..` → inclusive bounds (undefined = open). */
export function parseDateRange(text: string): { from?: string; to?: string; swapped: boolean } | undefined {
  const t = text.trim().replace(/[–—]/g, '-');
  let parts: [string, string];
  if (t.includes('..')) parts = t.split('..', 2).map((p) => p.trim()) as [string, string];
  else if (/^\d{4}-\d{4}$/.test(t)) parts = [t.slice(0, 4), t.slice(5)];
  else parts = [t, t];
  const [from, to] = parts;
  if ((from && !DATE_BOUND.test(from)) || (to && !DATE_BOUND.test(to)) || (!from && !to)) return undefined;
  if (from && to && from.slice(0, to.length) > to && from > to) return { from: to, to: from, swapped: true };
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), swapped: false };
}

function wordNode(raw: string, field?: TextField): QueryNode | undefined {
  const text = raw.replace(/\*+$/, '').replace(/^[*]+/, '');
  // A one-letter prefix would match a large part of the index; it is read as the letter itself.
  const prefix = raw.endsWith('*') && [...text].length >= 2;
  if (!/[\p{L}\p{N}]/u.test(text)) return undefined;
  return { type: 'term', text, ...(field ? { field } : {}), ...(prefix ? { prefix: true } : {}) };
}

function withField(node: QueryNode, field: TextField): QueryNode {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return node.field ? node : { ...node, field };
    case 'not':
      return { type: 'not', child: withField(node.child, field) };
    case 'and':
    case 'or':
      return { type: node.type, children: node.children.map((c) => withField(c, field)) };
    default:
      return node;
  }
}

function simplify(node: QueryNode): QueryNode {
  if (node.type !== 'and' && node.type !== 'or') return node;
  const children = node.children.flatMap((c) => (c.type === node.type ? c.children : [c]));
  return children.length === 1 ? children[0]! : { type: node.type, children };
}

function limitTerms(root: QueryNode, notices: string[]): QueryNode | undefined {
  let count = 0;
  const visit = (node: QueryNode): QueryNode | undefined => {
    if (node.type !== 'not' && node.type !== 'and' && node.type !== 'or') return ++count > MAX_TERMS ? undefined : node;
    if (node.type === 'not') {
      const child = visit(node.child);
      return child ? { type: 'not', child } : undefined;
    }
    const children = node.children.map(visit).filter((c): c is QueryNode => c !== undefined);
    return children.length ? simplify({ type: node.type, children }) : undefined;
  };
  const limited = visit(root);
  if (count > MAX_TERMS) notices.push(`Only the first ${MAX_TERMS} words of the query were used.`);
  return limited;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export { QUERY_FIELDS };
