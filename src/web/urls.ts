/**
 * Every public URL the site links to, built in one place. Document URLs are
 * by record ID, which never changes, so links and citations stay valid when
 * a title is corrected.
 * @module
 */

const encodePath = (id: string) => id.split('/').map(encodeURIComponent).join('/');

/** Record ids may contain "/" (FRUS: `frus1861/d1`); each part is encoded, the slashes kept. */
export function documentPath(id: string, view?: string): string {
  return withQuery(`/documents/${encodePath(id)}`, { view });
}

export function citationPath(id: string, format: 'bib' | 'ris' | 'json'): string {
  return `/documents/${encodePath(id)}/cite.${format}`;
}

/** A document's releases compared: the latest against the one before, or `from` against `to`. */
export function releasesPath(id: string, choice: { from?: string; to?: string } = {}): string {
  return withQuery(`/documents/${encodePath(id)}/releases`, choice);
}

/** The documents one year's releases changed, most first (`/releases` lists the years). */
export function releaseYearPath(year?: string): string {
  return year ? `/releases/${encodeURIComponent(year)}` : '/releases';
}

export function collectionPath(id: string, page = 1): string {
  return `/collections/${encodePath(id)}${page > 1 ? `?page=${page}` : ''}`;
}

export function mediaPath(url: string): string {
  // Stored media paths are `media/<file>`; remote ones are full URLs and stay as they are.
  return /^https?:\/\//i.test(url) ? url : `/${url.split('/').map(encodeURIComponent).join('/')}`;
}

export type AuthorityRouteKind = 'person' | 'organization' | 'place' | 'type' | 'language' | 'subject';

export const AUTHORITY_SECTIONS: Record<AuthorityRouteKind, string> = {
  person: 'people',
  organization: 'organizations',
  place: 'places',
  type: 'types',
  language: 'languages',
  subject: 'subjects',
};

export function authorityPath(kind: AuthorityRouteKind, id: string): string {
  return `/${AUTHORITY_SECTIONS[kind]}/${encodePath(id)}`;
}

export function themePath(slug: string): string {
  return `/themes/${encodeURIComponent(slug)}`;
}

/** `/dates`, `/dates/1950s`, `/dates/1955`, `/dates/1955-06`, `/dates/undated`. */
export function datePath(key: string): string {
  return key ? `/dates/${key}` : '/dates';
}

/** What a browse page can hand to the search page as its filter. */
export interface SearchFilter {
  person?: string;
  place?: string;
  subject?: string;
  type?: string;
  language?: string;
  /** Collections (a theme's, with their sections); any of them matches. */
  collections?: string[];
  decade?: number;
  year?: number;
  /** Date bounds (YYYY or YYYY-MM), for spans the facets do not cover (a month). */
  from?: string;
  to?: string;
  /** Words to search for, e.g. `person:"Name"` for an organization, which has no facet. */
  q?: string;
}

/**
 * The search page filtered as a browse page is, through the search page's
 * facets (`f.person=<id>`, `f.decade=1950`; see src/search/facets.ts), so the
 * search shows the same documents and lets the visitor narrow them further.
 */
export function searchPath(filter: SearchFilter): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  const facets: [string, string | number | undefined][] = [
    ['person', filter.person],
    ['place', filter.place],
    ['subject', filter.subject],
    ['type', filter.type],
    ['language', filter.language],
    ['decade', filter.decade],
    ['year', filter.year],
    ...(filter.collections ?? []).slice(0, 20).map((c): [string, string] => ['collection', c]),
  ];
  for (const [id, value] of facets) if (value !== undefined) params.append(`f.${id}`, String(value));
  if (!filter.q) params.set('sort', 'date');
  return `/search?${params.toString()}`;
}

export type QueryValues = Record<string, string | number | undefined | null>;

/** `/search?…` keeping only the parameters that carry a value. */
export function withQuery(path: string, values: QueryValues): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
