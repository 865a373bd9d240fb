/**
 * `new:2025 Mexico City`: words searched only in the text a year's release
 * newly revealed. The index knows which documents were released in a year
 * (the `release` facet), not which of their words were new, and keeping a
 * second body per release would double the index for a query few run; so the
 * index finds the candidates (the query's words anywhere, released that year)
 * and this step keeps those whose newly released text — computed with the
 * same comparison the releases page shows — has the words, and cuts the
 * snippets from it. Candidates are capped; past the cap the visitor is told.
 * @module
 */
import type { Document } from '../domain/document.js';
import { releaseYear } from '../domain/release.js';
import { addedText } from '../domain/release-diff.js';
import { analyze } from '../search/analyzer.js';
import type { QueryNode } from '../search/query.js';
import type { SearchRequest, SearchResult } from '../backends/search-index.js';
import type { Archive } from './archive.js';

/** Most candidates a `new:` query checks one by one. */
export const NEW_TEXT_CANDIDATES = 5000;

/** The years of the query's `new:` filters (those not under a NOT), and the query with each `new:` as a `release:` filter. */
export function newTextYears(node: QueryNode | undefined): { years: string[]; query: QueryNode | undefined } {
  const years: string[] = [];
  const visit = (n: QueryNode, negated: boolean): QueryNode => {
    switch (n.type) {
      case 'value':
        if (n.field !== 'new') return n;
        if (!negated) years.push(n.text);
        return { ...n, field: 'release' };
      case 'not':
        return { type: 'not', child: visit(n.child, true) };
      case 'and':
      case 'or':
        return { ...n, children: n.children.map((c) => visit(c, negated)) };
      default:
        return n;
    }
  };
  const query = node ? visit(node, false) : undefined;
  return { years: [...new Set(years)], query };
}

/** What the document's releases of those years newly revealed, as one text. */
export function newTextOf(doc: Document, years: string[]): string {
  return doc.releases
    .map((r, i) => (years.includes(releaseYear(r)) ? addedText(doc.releases, i) : ''))
    .filter(Boolean)
    .join('\n\n');
}

/** Whether the query's words (and phrases, OR-ed names…) are in the text; filters were applied by the index. */
export function textMatches(node: QueryNode | undefined, text: string): boolean {
  if (!node) return true;
  const tokens = analyze(text);
  const terms = new Set(tokens.map((t) => t.term));
  const sequence = tokens.filter((t) => t.extra === undefined).map((t) => t.term);
  const visit = (n: QueryNode): boolean => {
    switch (n.type) {
      case 'term': {
        const wanted = analyze(n.text).filter((t) => t.extra === undefined).map((t) => t.term);
        if (n.prefix) return wanted.length > 0 && [...terms].some((t) => t.startsWith(wanted[wanted.length - 1]!));
        return wanted.every((t) => terms.has(t));
      }
      case 'phrase':
        return containsSequence(sequence, analyze(n.text).filter((t) => t.extra === undefined).map((t) => t.term));
      case 'and':
        return n.children.every(visit);
      case 'or':
        return n.children.some(visit);
      default:
        // NOT, values and dates were the index's to apply: they hold for every candidate.
        return true;
    }
  };
  return visit(node);
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The index's search, kept to documents whose newly released text (of `years`) has the query's words. */
export async function searchNewText(archive: Archive, request: SearchRequest, years: string[]): Promise<SearchResult & { texts: Map<string, string> }> {
  const all = await archive.backend.search.search({ ...request, limit: NEW_TEXT_CANDIDATES, offset: 0 });
  const docs = await archive.publishedDocuments(all.hits.map((h) => h.id));
  const texts = new Map<string, string>();
  for (const doc of docs) {
    const text = newTextOf(doc, years);
    if (text && textMatches(request.query, text)) texts.set(doc.id, text);
  }
  const kept = all.hits.filter((h) => texts.has(h.id));
  const notices = [...(all.notices ?? [])];
  if (all.total > NEW_TEXT_CANDIDATES) notices.push(`Only the first ${NEW_TEXT_CANDIDATES.toLocaleString('en')} documents released in ${years.join(', ')} were searched for newly released text; narrow the search to see the rest.`);
  notices.push(`Only text newly released in ${years.join(', ')} was searched; the filter counts are those of every document released then.`);
  return { ...all, total: kept.length, hits: kept.slice(request.offset, request.offset + request.limit), notices, texts };
}
