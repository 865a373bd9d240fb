/**
 * The pages a search engine should know besides documents: the home page,
 * every browse index, every collection, theme and region, every person,
 * organization, place, subject, type and language with published documents,
 * and every decade and year that has some. Paginated views (`?page=2`) and
 * searches are left out: they list what these pages already reach. The web
 * layer turns each into its URL (sitemaps).
 * @module
 */
import type { Archive } from './archive.js';
import { authorityIndex, placeTree, type BrowseKind, type PlaceNode } from './browse.js';
import { listThemes } from './themes.js';

export type SitePage =
  | { kind: 'index'; section: 'home' | 'collections' | 'themes' | 'dates' | BrowseKind }
  | { kind: 'collection'; id: string; updatedAt?: string }
  | { kind: 'theme'; slug: string }
  | { kind: 'authority'; authority: BrowseKind; id: string }
  | { kind: 'date'; span: string };

const NAMED = ['person', 'organization', 'subject', 'type', 'language'] as const;
const INDEXES = ['home', 'collections', 'themes', 'place', 'dates', ...NAMED] as const;

export async function sitePages(archive: Archive): Promise<SitePage[]> {
  const { store } = archive.backend;
  const [collections, themes, places, decades, years, ...named] = await Promise.all([
    archive.collections(),
    listThemes(archive),
    placeTree(archive),
    store.dateHistogram({ unit: 'decade' }),
    store.dateHistogram({ unit: 'year' }),
    ...NAMED.map(async (kind) => ({ kind, entries: await authorityIndex(archive, kind) })),
  ]);
  const placePages: SitePage[] = [];
  const walk = (nodes: PlaceNode[]) => nodes.forEach((n) => (placePages.push({ kind: 'authority', authority: 'place', id: n.place.id }), walk(n.children)));
  walk(places);
  return [
    ...INDEXES.map((section): SitePage => ({ kind: 'index', section })),
    ...collections.map((c): SitePage => ({ kind: 'collection', id: c.id, updatedAt: c.updatedAt })),
    ...themes.map((t): SitePage => ({ kind: 'theme', slug: t.slug })),
    ...named.flatMap(({ kind, entries }) => entries.map((e): SitePage => ({ kind: 'authority', authority: kind, id: e.authority.id }))),
    ...placePages,
    ...decades.buckets.map((b): SitePage => ({ kind: 'date', span: `${b.key}s` })),
    ...years.buckets.map((b): SitePage => ({ kind: 'date', span: b.key })),
  ];
}
