/**
 * `<link rel="alternate" type="application/atom+xml">` for a page's <head>,
 * so feed readers and browsers find the feed that follows the page.
 * @module
 */
import { searchUrl, type SearchParams } from '../../../search/search-state.js';

export function FeedLink(props: { href: string; title: string }) {
  return <link rel="alternate" type="application/atom+xml" title={props.title} href={props.href} />;
}

/** Where a page's feed is: the whole archive, a collection, a subject, or a search with the page's own parameters. */
export const feedPaths = {
  archive: () => '/feed',
  collection: (id: string) => `/feed/collections/${id.split('/').map(encodeURIComponent).join('/')}`,
  subject: (id: string) => `/feed/subjects/${id.split('/').map(encodeURIComponent).join('/')}`,
  search: (params: SearchParams) => searchUrl({ ...params, page: 1, perPage: 20 }, '/search/feed'),
};
