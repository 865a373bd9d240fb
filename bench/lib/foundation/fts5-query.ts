/**
 * Renders a parsed query as an FTS5 MATCH expression. Every word goes
 * through the same analyzer as the indexed text, so a word that analyzes to
 * several terms (a CJK word's bigrams, "Kai-shek") becomes a phrase of them.
 * @module
 */
import { analyze, isCjkTerm } from './analyzer.js';
import type { QueryField, QueryNode } from './query.js';

/** Which FTS5 columns a `field:` searches. */
const FIELD_COLUMNS: Record<QueryField, string> = {
  title: 'title',
  text: 'body',
  summary: 'summary',
  person: 'names',
  place: 'names',
  type: 'meta',
  lang: 'meta',
  collection: 'meta',
  classification: 'meta',
  id: 'meta',
};

/** The MATCH expression, or undefined when nothing in the query can match text (e.g. only punctuation). */
export function toFts5(node: QueryNode): string | undefined {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return leaf(node.text, node.type === 'term' && node.prefix === true, node.field);
    case 'not': {
      const inner = toFts5(node.child);
      return inner ? `NOT ${inner}` : undefined;
    }
    case 'and': {
      const positives = node.children.filter((c) => c.type !== 'not').map(toFts5).filter(isString);
      const negatives = node.children
        .filter((c): c is Extract<QueryNode, { type: 'not' }> => c.type === 'not')
        .map((c) => toFts5(c.child))
        .filter(isString);
      if (positives.length === 0) return undefined;
      const base = positives.length === 1 ? positives[0]! : `(${positives.join(' AND ')})`;
      return negatives.reduce((acc, n) => `(${acc} NOT ${n})`, base);
    }
    case 'or': {
      const parts = node.children.map(toFts5).filter(isString);
      if (parts.length === 0) return undefined;
      return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
    }
  }
}

function leaf(text: string, prefix: boolean, field: QueryField | undefined): string | undefined {
  const terms = analyze(text).map((t) => t.term);
  if (terms.length === 0) return undefined;
  const last = terms[terms.length - 1]!;
  // A prefix on a CJK bigram would match unrelated words; a one-letter prefix would match half the index.
  const star = prefix && !isCjkTerm(last) && last.length >= 2 ? '*' : '';
  const phrase = `"${terms.join(' ')}"${star}`;
  return field ? `${FIELD_COLUMNS[field]} : ${phrase}` : phrase;
}

function isString(v: string | undefined): v is string {
  return v !== undefined;
}
