/**
 * Wiring: from a data folder to a ready Archive. The only place that knows
 * which backend is in use.
 * @module
 */
import { join, resolve } from 'node:path';
import { openSqliteBackend } from './backends/sqlite/sqlite-backend.js';
import { Archive, type SiteInfo } from './services/archive.js';

export const ARCHIVE_FILE = 'archive.sqlite';

export interface OpenOptions {
  dataDir: string;
  site?: Partial<SiteInfo>;
  /**
   * Memory for the database's page cache, in MB (64 unless given). Serving
   * reads benefit from a large one; a bulk import writes mostly new pages and
   * does as well with 16.
   */
  cacheMb?: number;
}

/** Opens (creating if needed) the archive in `dataDir`, rebuilding the search index if it was built by another version. */
export async function openArchive(options: OpenOptions): Promise<Archive> {
  const path = options.dataDir === ':memory:' ? ':memory:' : join(resolve(options.dataDir), ARCHIVE_FILE);
  const backend = await openSqliteBackend(path, { cacheMb: options.cacheMb });
  const archive = new Archive(backend, {
    name: options.site?.name ?? 'Dossier',
    tagline: options.site?.tagline ?? 'An archive of historical documents',
  });
  if (await archive.searchIndexIsStale()) await archive.reindex();
  return archive;
}
