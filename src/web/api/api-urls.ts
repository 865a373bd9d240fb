/**
 * Every URL the JSON API answers or links to, built in one place. Ids keep
 * their "/" (FRUS: `frus1861/d1`), each part percent-encoded, as on the site.
 * @module
 */
import type { AuthorityKind } from '../../domain/authority.js';

export const API_BASE = '/api/v1';

const encodePath = (id: string) => id.split('/').map(encodeURIComponent).join('/');

export const apiPaths = {
  index: () => API_BASE,
  openapi: () => `${API_BASE}/openapi.json`,
  reference: () => `${API_BASE}/reference`,
  documents: () => `${API_BASE}/documents`,
  document: (id: string, format?: 'jsonld') => `${API_BASE}/documents/${encodePath(id)}${format ? `?format=${format}` : ''}`,
  collections: () => `${API_BASE}/collections`,
  collection: (id: string) => `${API_BASE}/collections/${encodePath(id)}`,
  authorities: (kind: AuthorityKind) => `${API_BASE}/authorities/${kind}`,
  authority: (kind: AuthorityKind, id: string) => `${API_BASE}/authorities/${kind}/${encodePath(id)}`,
  search: () => `${API_BASE}/search`,
  changes: () => `${API_BASE}/changes`,
};
