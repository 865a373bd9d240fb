/**
 * The search use case: validated search parameters in, a page of hits with
 * snippets out. The HTML page, `dossier search` and (later) the JSON API all
 * run this one function.
 * @module
 */
import { z } from 'zod';
import type { Collection } from '../domain/collection.js';
import { htmlToText } from '../domain/rich-text.js';
import { parseQuery } from '../search/query-parser.js';
import type { ParsedQuery } from '../search/query.js';
import { leadSnippet, makeSnippets, matchTerms } from '../search/snippet.js';
import type { DocumentSummary } from '../store/store.js';
import { summarize, type Archive } from './archive.js';

const dateBound = z
  .string()
  .trim()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'a date bound is YYYY, YYYY-MM or YYYY-MM-DD');

/** Search parameters as they arrive from a URL or the command line. Unknown keys are dropped. */
export const searchParamsSchema = z.object({
  q: z.string().max(10_000).default(''),
  collection: z.string().max(200).optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
  sort: z.enum(['relevance', 'date', 'date-desc']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchParams = z.infer<typeof searchParamsSchema>;

export interface SearchHitView extends DocumentSummary {
  score: number;
  /** Passages around the matches, as HTML with `<mark>`. */
  snippets: string[];
}

export interface SearchPage {
  params: SearchParams;
  parsed: ParsedQuery;
  sort: 'relevance' | 'date' | 'date-desc';
  total: number;
  hits: SearchHitView[];
  /** The collection searched in, when the search was scoped. */
  scope?: Collection;
  notices: string[];
}

const SNIPPETS_PER_HIT = 3;

export async function runSearch(archive: Archive, params: SearchParams): Promise<SearchPage> {
  const parsed = parseQuery(params.q);
  const notices = [...parsed.notices];
  let scope: Collection | undefined;
  let collections: string[] | undefined;
  if (params.collection) {
    scope = await archive.backend.store.getCollection(params.collection);
    if (scope) collections = await archive.collectionSubtree(scope.id);
    else notices.push(`There is no collection "${params.collection}"; the whole archive was searched.`);
  }
  let { from, to } = params;
  if (from && to && from > to) {
    [from, to] = [to, from];
    notices.push('The date range was given backwards; it was turned around.');
  }
  const sort = params.sort ?? (parsed.root ? 'relevance' : 'date');
  const result = await archive.backend.search.search({
    query: parsed.root,
    filters: { collections, dateFrom: from, dateTo: to },
    sort,
    limit: params.perPage,
    offset: (params.page - 1) * params.perPage,
  });
  const docs = await archive.publishedDocuments(result.hits.map((h) => h.id));
  const match = matchTerms(parsed.root);
  const hits = docs.map((doc) => {
    const hit = result.hits.find((h) => h.id === doc.id)!;
    // Passages come from one text at a time (a translation, then an original), never straddling two.
    const texts = [...doc.translations, ...doc.transcripts].map((t) => htmlToText(t.html));
    const snippets: string[] = [];
    if (parsed.root) {
      for (const text of texts) snippets.push(...makeSnippets(text, match, { max: SNIPPETS_PER_HIT - snippets.length }));
      if (snippets.length === 0 && doc.summary) snippets.push(...makeSnippets(doc.summary, match, { max: 1 }));
    }
    if (snippets.length === 0 && !doc.summary && texts[0]) snippets.push(leadSnippet(texts[0]));
    return { ...summarize(doc), score: hit.score, snippets };
  });
  return { params, parsed, sort, total: result.total, hits, scope, notices };
}
