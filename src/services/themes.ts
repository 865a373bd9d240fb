/**
 * Themes: the labels editors give collections ("Diplomacy", "Trade", "East
 * Asia"). A theme that names a place in the archive's authority records is a
 * *region*; the others are subjects of study. A theme takes its description
 * from the subject or place record of the same name when there is one, so
 * editors describe it once, where they describe everything else.
 * @module
 */
import type { Place, Subject } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import { NotFoundError } from '../domain/errors.js';
import { slugify } from '../domain/ids.js';
import type { DateHistogram, DocumentSummary, Page } from '../backends/store.js';
import type { Archive } from './archive.js';

export interface Theme {
  slug: string;
  name: string;
  kind: 'theme' | 'region';
  /** The place record a region names. */
  place?: Place;
  /** The subject record of the same name, when there is one. */
  subject?: Subject;
  description?: string;
  /** The collections carrying this theme, in the archive's order, with their document counts (sections included). */
  collections: (Collection & { count: number })[];
  /** Published documents in those collections and their sections, each counted once. */
  count: number;
}

export interface ThemePage {
  theme: Theme;
  /** Documents per year across the theme's collections, for the timeline. */
  timeline: DateHistogram;
  documents: Page<DocumentSummary>;
  /** The theme's collections and their sections. */
  collectionIds: string[];
  page: number;
  perPage: number;
}

/** Every theme and region, with the collections under each; sorted by name. */
export async function listThemes(archive: Archive): Promise<Theme[]> {
  const collections = await archive.collections();
  const names = new Map<string, string>();
  for (const c of collections) for (const t of c.themes) if (!names.has(slugify(t))) names.set(slugify(t), t);
  const themes = await Promise.all([...names].map(([slug, name]) => describeTheme(archive, slug, name, collections)));
  return themes.filter((t) => t.count > 0).sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

export async function themePage(archive: Archive, slug: string, page: number, perPage = 100): Promise<ThemePage> {
  const collections = await archive.collections();
  const name = collections.flatMap((c) => c.themes).find((t) => slugify(t) === slug);
  if (!name) throw new NotFoundError('Theme', slug);
  const theme = await describeTheme(archive, slug, name, collections);
  const ids = await subtrees(archive, theme.collections);
  const { store } = archive.backend;
  const [timeline, documents] = await Promise.all([
    store.dateHistogram({ unit: 'year', collections: ids }),
    store.listDocuments({ collections: ids, order: 'date', limit: perPage, offset: (page - 1) * perPage }),
  ]);
  return { theme, timeline, documents, collectionIds: ids, page, perPage };
}

async function describeTheme(archive: Archive, slug: string, name: string, all: (Collection & { count: number })[]): Promise<Theme> {
  const { store } = archive.backend;
  const [places, subjects] = await Promise.all([store.findAuthoritiesByName('place', name), store.findAuthoritiesByName('subject', name)]);
  const place = places[0];
  const subject = subjects[0];
  const collections = all.filter((c) => c.themes.some((t) => slugify(t) === slug));
  const ids = await subtrees(archive, collections);
  const count = (await store.listDocuments({ collections: ids, limit: 0 })).total;
  return {
    slug,
    name,
    kind: place ? 'region' : 'theme',
    place,
    subject,
    description: subject?.description ?? place?.description,
    collections,
    count,
  };
}

async function subtrees(archive: Archive, collections: Collection[]): Promise<string[]> {
  const ids = await archive.collectionSubtrees(collections.map((c) => c.id));
  return [...new Set(ids.flat())];
}
