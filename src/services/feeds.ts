/**
 * Feeds of new and revised documents: the whole archive, one collection
 * (with the collections inside it), one subject, or any search. Entries are
 * the published documents this archive changed most recently, newest first;
 * drafts and withdrawn documents are never entries.
 * @module
 */
import type { AuthorityOf } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import { NotFoundError } from '../domain/errors.js';
import type { SearchParams } from '../search/search-state.js';
import type { Archive } from './archive.js';
import { harvestPage, type HarvestQuery, type ResolvedDocument } from './harvest.js';
import { prepareSearch } from './search.js';

/** Entries in a feed: enough for a reader that polls daily, small enough to fetch often. */
export const FEED_ENTRIES = 50;
/**
 * A search feed takes the newest changes among at most this many best
 * matches: a query matching more than this is broader than anyone follows
 * in a feed reader, and the cost of finding its newest entries grows with it.
 */
export const FEED_SEARCH_MATCHES = 20_000;

export type FeedSource =
  | { kind: 'archive' }
  | { kind: 'collection'; collection: Collection }
  | { kind: 'subject'; subject: AuthorityOf<'subject'> }
  | { kind: 'search'; params: SearchParams; notices: string[] };

export interface Feed {
  source: FeedSource;
  entries: ResolvedDocument[];
}

const newest = (archive: Archive, query: Omit<HarvestQuery, 'withDeleted' | 'order'>) =>
  harvestPage(archive, { ...query, withDeleted: false, order: 'desc', limit: FEED_ENTRIES });

export async function archiveFeed(archive: Archive): Promise<Feed> {
  return { source: { kind: 'archive' }, entries: await newest(archive, {}) };
}

export async function collectionFeed(archive: Archive, id: string): Promise<Feed> {
  const collection = await archive.backend.store.getCollection(id);
  if (!collection) throw new NotFoundError('Collection', id);
  return { source: { kind: 'collection', collection }, entries: await newest(archive, { collections: await archive.collectionSubtree(id) }) };
}

export async function subjectFeed(archive: Archive, id: string): Promise<Feed> {
  const subject = await archive.backend.store.getAuthority('subject', id);
  if (!subject) throw new NotFoundError('Subject', id);
  return { source: { kind: 'subject', subject }, entries: await newest(archive, { ref: { kind: 'subject', id } }) };
}

/** The search page's query, filters and scope, its matches' newest changes. */
export async function searchFeed(archive: Archive, params: SearchParams): Promise<Feed> {
  const prepared = await prepareSearch(archive, params);
  // The feed shows no count: the total need not be counted past its matches.
  const result = await archive.backend.search.search({ query: prepared.query, filters: prepared.filters, sort: prepared.sort, limit: FEED_SEARCH_MATCHES, offset: 0, totalUpTo: FEED_SEARCH_MATCHES });
  const entries = result.hits.length ? await newest(archive, { ids: result.hits.map((h) => h.id) }) : [];
  return { source: { kind: 'search', params, notices: prepared.notices }, entries };
}
