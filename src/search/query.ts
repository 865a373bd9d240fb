/**
 * The typed search query: what a visitor typed, parsed once
 * (query-parser.ts) and then rendered for whichever backend runs it.
 * @module
 */

/** Fields of text a word may be limited to with `field:`. */
export const TEXT_FIELDS = ['title', 'text', 'summary', 'person', 'place', 'classification', 'id'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
/**
 * Fields whose value names a record or code rather than words: `type:cable`, `lang:ja`, `collection:sino-japanese`,
 * `release:2025` (released that year), `new:2025` (the query's words only in what that year's release newly revealed).
 */
export const VALUE_FIELDS = ['type', 'lang', 'collection', 'release', 'new'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];
/** Every `field:` the query language knows. */
export const QUERY_FIELDS = [...TEXT_FIELDS, ...VALUE_FIELDS, 'date'] as const;
export type QueryField = TextField | ValueField;

export type QueryNode =
  | { type: 'term'; text: string; field?: TextField; prefix?: boolean }
  | { type: 'phrase'; text: string; field?: TextField }
  /** A document whose `field` has this value; `ids`, once resolved by the search service, are the values to match. */
  | { type: 'value'; field: ValueField; text: string; ids?: string[] }
  /** Documents whose date range overlaps [from, to]; bounds are YYYY, YYYY-MM or YYYY-MM-DD, or undefined for open. */
  | { type: 'date'; from?: string; to?: string }
  | { type: 'and'; children: QueryNode[] }
  /** `combine: 'max'` scores a match by its best child only (the names of one person, where a catalogued document would otherwise score once per variant). */
  | { type: 'or'; children: QueryNode[]; combine?: 'max' }
  | { type: 'not'; child: QueryNode };

export interface ParsedQuery {
  /** Undefined when the query has no text to match (empty, or only filters). */
  root?: QueryNode;
  /** How the parser reinterpreted the input, in words a visitor understands. */
  notices: string[];
  /** Values that cannot mean anything (`date:1955-02-30`): the query is refused with these, not run. */
  errors: string[];
}

/** Renders a query back to canonical syntax (for "did you mean", logs and tests). */
export function formatQuery(node: QueryNode | undefined): string {
  if (!node) return '';
  const field = (n: { field?: QueryField }) => (n.field ? `${n.field}:` : '');
  switch (node.type) {
    case 'value':
      return `${node.field}:${/[\s"()]/.test(node.text) ? `"${node.text}"` : node.text}`;
    case 'date':
      return `date:${node.from === node.to ? node.from : `${node.from ?? ''}..${node.to ?? ''}`}`;
    case 'term':
      return `${field(node)}${node.text}${node.prefix ? '*' : ''}`;
    case 'phrase':
      return `${field(node)}"${node.text}"`;
    case 'not':
      return `-${wrap(node.child)}`;
    case 'and':
      return node.children.map(wrap).join(' ');
    case 'or':
      return node.children.map(wrap).join(' OR ');
  }
}

/** Every leaf of a query that matches text (terms and phrases), negated ones included. */
export function textLeaves(node: QueryNode | undefined): Extract<QueryNode, { type: 'term' | 'phrase' }>[] {
  if (!node) return [];
  switch (node.type) {
    case 'term':
    case 'phrase':
      return [node];
    case 'not':
      return textLeaves(node.child);
    case 'and':
    case 'or':
      return node.children.flatMap(textLeaves);
    default:
      return [];
  }
}

function wrap(node: QueryNode): string {
  return node.type === 'and' || node.type === 'or' ? `(${formatQuery(node)})` : formatQuery(node);
}
