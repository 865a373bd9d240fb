/**
 * Every public URL the site links to, built in one place. Document URLs are
 * by record ID, which never changes, so links and citations stay valid when
 * a title is corrected.
 * @module
 */

/** Record ids may contain "/" (FRUS: `frus1861/d1`); each part is encoded, the slashes kept. */
export function documentPath(id: string): string {
  return `/documents/${id.split('/').map(encodeURIComponent).join('/')}`;
}

export function collectionPath(id: string, page = 1): string {
  return `/collections/${id.split('/').map(encodeURIComponent).join('/')}${page > 1 ? `?page=${page}` : ''}`;
}

/** Until people and places have pages of their own, their names link to a search for them. */
export function nameSearchPath(field: 'person' | 'place', name: string): string {
  return withQuery('/search', { q: `${field}:"${name.replace(/"/g, '')}"` });
}

export type QueryValues = Record<string, string | number | undefined | null>;

/** `/search?…` keeping only the parameters that carry a value. */
export function withQuery(path: string, values: QueryValues): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
