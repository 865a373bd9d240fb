/**
 * Keyword-in-context snippets: short passages of a document around the words
 * a query matched, with those words marked. Matching uses the same analyzer
 * as the index, so what is highlighted is what was found (folded forms,
 * CJK bigrams).
 * @module
 */
import { escapeHtml } from '../domain/rich-text.js';
import { analyze } from './analyzer.js';
import type { QueryNode } from './query.js';

export interface SnippetOptions {
  /** Most passages returned. */
  max?: number;
  /** Characters of context on each side of the first match in a passage. */
  context?: number;
}

export interface MatchTerms {
  terms: ReadonlySet<string>;
  prefixes: ReadonlySet<string>;
}

/** Passages of `text` around matches, as HTML with `<mark>`; empty when nothing matches. */
export function makeSnippets(text: string, match: MatchTerms, options: SnippetOptions = {}): string[] {
  const max = options.max ?? 3;
  const context = options.context ?? 90;
  const ranges = matchRanges(text, match);
  const snippets: string[] = [];
  let coveredUntil = -1;
  for (const range of ranges) {
    if (snippets.length >= max) break;
    if (range.start < coveredUntil) continue;
    const start = wordBoundary(text, Math.max(0, range.start - context), -1);
    const end = wordBoundary(text, Math.min(text.length, range.end + context * 1.5), 1);
    const inside = ranges.filter((r) => r.start >= start && r.end <= end);
    snippets.push(render(text, start, end, inside));
    coveredUntil = end;
  }
  return snippets;
}

/** The opening of a text, for hits that matched only in metadata. */
export function leadSnippet(text: string, length = 220): string {
  if (text.length <= length) return escapeHtml(text);
  return `${escapeHtml(text.slice(0, wordBoundary(text, length, -1)).trimEnd())} …`;
}

function matchRanges(text: string, match: MatchTerms): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const token of analyze(text)) {
    const hit = match.terms.has(token.term) || [...match.prefixes].some((p) => token.term.startsWith(p));
    if (!hit) continue;
    const last = ranges[ranges.length - 1];
    // Overlapping bigrams and the parts of a hyphenated name merge into one mark.
    if (last && token.start <= last.end) last.end = Math.max(last.end, token.end);
    else ranges.push({ start: token.start, end: token.end });
  }
  return ranges;
}

function render(text: string, start: number, end: number, marks: { start: number; end: number }[]): string {
  let html = start > 0 ? '… ' : '';
  let at = start;
  for (const m of marks) {
    html += escapeHtml(text.slice(at, m.start)) + `<mark>${escapeHtml(text.slice(m.start, m.end))}</mark>`;
    at = m.end;
  }
  html += escapeHtml(text.slice(at, end));
  if (end < text.length) html += ' …';
  return html.replace(/\s+/g, ' ');
}

/** Moves `i` to the nearest whitespace in `direction`, within 20 characters (CJK text has none: cut anywhere). */
function wordBoundary(text: string, i: number, direction: -1 | 1): number {
  for (let step = 0; step < 20; step++) {
    const j = i + step * direction;
    if (j <= 0 || j >= text.length) return Math.max(0, Math.min(text.length, j));
    if (/\s/.test(text[j]!)) return direction === 1 ? j : j + 1;
  }
  return i;
}

/** The set of analyzed terms a query looks for (negated ones excluded), for highlighting. */
export function matchTerms(node: QueryNode | undefined): MatchTerms {
  const terms = new Set<string>();
  const prefixes = new Set<string>();
  const visit = (n: QueryNode): void => {
    if (n.type === 'term' || n.type === 'phrase') {
      const analyzed = analyze(n.text).map((t) => t.term);
      analyzed.forEach((t, i) => (n.type === 'term' && n.prefix && i === analyzed.length - 1 ? prefixes : terms).add(t));
    } else if (n.type === 'and' || n.type === 'or') n.children.forEach(visit);
  };
  if (node) visit(node);
  return { terms, prefixes };
}
