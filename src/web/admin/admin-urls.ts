/**
 * Addresses inside the workspace. The action comes before the record id
 * (`/admin/history/<id>`), because ids may contain "/" and end in any word.
 * @module
 */
import { documentPath } from '../urls.js';

const enc = (id: string) => id.split('/').map(encodeURIComponent).join('/');

export const adminPaths = {
  document: (id: string) => `/admin/documents/${enc(id)}`,
  edit: (id: string) => `/admin/edit/${enc(id)}`,
  status: (id: string) => `/admin/status/${enc(id)}`,
  history: (id: string, compare?: { from: number; to: number }) => `/admin/history/${enc(id)}${compare ? `?from=${compare.from}&to=${compare.to}` : ''}`,
  restore: (id: string) => `/admin/restore/${enc(id)}`,
  preview: (id: string, view?: 'one' | 'parallel') => `/admin/preview/${enc(id)}${view ? `?view=${view}` : ''}`,
  publicPage: (id: string) => documentPath(id),
};
