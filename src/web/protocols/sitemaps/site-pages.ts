/**
 * The pages a search engine should know besides documents: the home page,
 * every browse index, every collection, theme and region, every person,
 * organization, place, subject, type and language with published documents,
 * and every decade and year that has some. Paginated views (`?page=2`) and
 * searches are left out: they list what these pages already reach.
 * @module
 */
import type { Archive } from '../../../services/archive.js';
import { authorityIndex, placeTree, type PlaceNode } from '../../../services/browse.js';
import { listThemes } from '../../../services/themes.js';
import { AUTHORITY_SECTIONS, authorityPath, collectionPath, datePath, themePath } from '../../urls.js';

export interface SitePage {
  path: string;
  /** ISO timestamp, when the page's own record says when it changed. */
  lastmod?: string;
}

const INDEXES = ['/', '/collections', '/themes', '/places', '/dates', ...(['person', 'organization', 'subject', 'type', 'language'] as const).map((k) => `/${AUTHORITY_SECTIONS[k]}`)];

export async function sitePages(archive: Archive): Promise<SitePage[]> {
  const { store } = archive.backend;
  const [collections, themes, places, decades, years, ...indexes] = await Promise.all([
    archive.collections(),
    listThemes(archive),
    placeTree(archive),
    store.dateHistogram({ unit: 'decade' }),
    store.dateHistogram({ unit: 'year' }),
    ...(['person', 'organization', 'subject', 'type', 'language'] as const).map(async (kind) => ({ kind, entries: await authorityIndex(archive, kind) })),
  ]);
  const placePaths: string[] = [];
  const walk = (nodes: PlaceNode[]) => nodes.forEach((n) => (placePaths.push(authorityPath('place', n.place.id)), walk(n.children)));
  walk(places);
  return [
    ...INDEXES.map((path) => ({ path })),
    ...collections.map((c) => ({ path: collectionPath(c.id), lastmod: c.updatedAt })),
    ...themes.map((t) => ({ path: themePath(t.slug) })),
    ...indexes.flatMap(({ kind, entries }) => entries.map((e) => ({ path: authorityPath(kind, e.authority.id) }))),
    ...placePaths.map((path) => ({ path })),
    ...decades.buckets.map((b) => ({ path: datePath(`${b.key}s`) })),
    ...years.buckets.map((b) => ({ path: datePath(b.key) })),
  ];
}
