/**
 * The typed search query: what a visitor typed, parsed once
 * (query-parser.ts) and then rendered for whichever backend runs it.
 * @module
 */

/** Fields a term may be limited to with `field:`. */
export const QUERY_FIELDS = ['title', 'text', 'summary', 'person', 'place', 'type', 'lang', 'collection', 'classification', 'id'] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

export type QueryNode =
  | { type: 'term'; text: string; field?: QueryField; prefix?: boolean }
  | { type: 'phrase'; text: string; field?: QueryField }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };

export interface ParsedQuery {
  /** Undefined when the query has no text to match (empty, or only filters). */
  root?: QueryNode;
  /** How the parser reinterpreted the input, in words a visitor understands. */
  notices: string[];
}

/** Renders a query back to canonical syntax (for "did you mean", logs and tests). */
export function formatQuery(node: QueryNode | undefined): string {
  if (!node) return '';
  const field = (n: { field?: QueryField }) => (n.field ? `${n.field}:` : '');
  switch (node.type) {
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

function wrap(node: QueryNode): string {
  return node.type === 'and' || node.type === 'or' ? `(${formatQuery(node)})` : formatQuery(node);
}
