/**
 * The SearchIndex port: full-text search over published documents. The index
 * is derived data: the services keep it current as documents change, and
 * `dossier reindex` rebuilds it from the store at any time.
 * @module
 */
import type { Document } from '../../../src/domain/document.js';
import type { QueryNode } from './query.js';

/** What the index needs besides the document itself. */
export interface IndexEntry {
  document: Document;
  /** Every name and name variant of the people, organizations and places the document refers to. */
  names: string[];
}

export interface SearchFilters {
  /** Documents in any of these collections (callers expand sub-collections). */
  collections?: string[];
  /** Documents whose date range overlaps [dateFrom, dateTo]; bounds are 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
  dateFrom?: string;
  dateTo?: string;
}

export type SearchSort = 'relevance' | 'date' | 'date-desc';

export interface SearchRequest {
  /** Undefined lists every document matching the filters. */
  query?: QueryNode;
  filters: SearchFilters;
  sort: SearchSort;
  limit: number;
  offset: number;
}

export interface SearchHit {
  id: string;
  /** Higher is better; comparable only within one result list. */
  score: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
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
}
