/**
 * The SearchIndex port: full-text search over published documents, with
 * filters, facet counts and date semantics. The index is derived data: the
 * services keep it current as documents change, and `dossier reindex`
 * rebuilds it from the store at any time. Everything a backend needs beyond
 * storage (analysis, the query model, facet values, variant expansion,
 * snippets) lives outside the backends, so SQLite and a later PostgreSQL
 * backend answer the same requests the same way.
 * @module
 */
import type { Document } from '../domain/document.js';
import type { FacetId } from '../search/facets.js';
import type { QueryNode } from '../search/query.js';

/** An authority a document refers to, with every name it answers to. */
export interface IndexedAuthority {
  kind: 'person' | 'organization' | 'place';
  id: string;
  names: string[];
}

/** What the index needs besides the document itself. */
export interface IndexEntry {
  document: Document;
  /** Every name and name variant of the people, organizations and places the document refers to. */
  names: string[];
  /** The same names grouped by authority, so person: and place: search the right ones and facets know each kind. */
  authorities?: IndexedAuthority[];
}

/** How dates that are approximate (`1955~`) or uncertain (`1955?`) take part in date filters. */
export type DateQualifiers = 'include' | 'exclude';

export interface SearchFilters {
  /** Documents in any of these collections (callers expand sub-collections). */
  collections?: string[];
  /** Documents whose date range overlaps [dateFrom, dateTo]; bounds are 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
  dateFrom?: string;
  dateTo?: string;
  /** `exclude` leaves out documents whose date is approximate or uncertain. Defaults to `include`. */
  qualifiers?: DateQualifiers;
  /** Selected facet values: within a facet any value matches (or all, for `join: 'and'` facets); across facets all must. */
  facets?: Partial<Record<FacetId, string[]>>;
}

export type SearchSort = 'relevance' | 'date' | 'date-desc';

/** A facet whose counts the caller wants, and how many values at most. */
export interface FacetRequest {
  id: FacetId;
  /** Most values returned; 0 means all. */
  limit: number;
}

export interface SearchRequest {
  /** Undefined lists every document matching the filters. */
  query?: QueryNode;
  filters: SearchFilters;
  sort: SearchSort;
  limit: number;
  offset: number;
  /** Facet counts to compute over every match (counts of a facet ignore that facet's own selection, so values stay selectable). */
  facets?: FacetRequest[];
  /**
   * Count the matches exactly only up to this many (as Elasticsearch's `track_total_hits` and Lucene's total hits
   * threshold): past it the total may be a lower bound (`totalRelation: 'gte'`), which spares a search without
   * facets the reading of what cannot enter the top k. Never below `offset + limit + 1`, so a caller can still tell
   * whether another page follows. Undefined: the total is exact, as every search with facets counts it anyway.
   */
  totalUpTo?: number;
}

export interface SearchHit {
  id: string;
  /** Higher is better; comparable only within one result list. */
  score: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  /** Matching documents: exactly, or at least this many when `totalRelation` is `gte`. */
  total: number;
  /** `eq`: the total is exact; `gte`: it is a lower bound (only when the request set `totalUpTo` and more matched). Absent: exact. */
  totalRelation?: 'eq' | 'gte';
  hits: SearchHit[];
  /** Counts per requested facet, most frequent first (or in the facet's own order). */
  facets?: Partial<Record<FacetId, FacetCount[]>>;
  /** How the index had to limit the query (a prefix that begins too many words…), for the visitor. */
  notices?: string[];
  /** Where the time went, in milliseconds (for benchmarks and slow-query logs). */
  timings?: { match: number; filter: number; facets: number };
}

export interface SearchIndex {
  /** Identifies the analysis and layout; when it changes, the index must be rebuilt (`dossier reindex`). */
  readonly version: string;
  /** Adds or replaces entries. Documents that are not published are removed instead: drafts never reach search. */
  index(entries: readonly IndexEntry[]): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  search(request: SearchRequest): Promise<SearchResult>;
  clear(): Promise<void>;
  count(): Promise<number>;
  /**
   * Tidies the index, off the write path (the `compact-index` job): writes
   * out documents still waiting to join a segment, merges what is due, and
   * rewrites the index whole once replaced documents are a fifth of it.
   * What a search finds is unchanged. True when anything was rewritten.
   */
  compact(): Promise<boolean>;
}
