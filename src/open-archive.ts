/**
 * Wiring: from a data folder (and, when set, a PostgreSQL database) to a
 * ready Archive. The only place that knows which backend is in use: the
 * embedded SQLite file in the data folder by default, PostgreSQL when
 * `DATABASE_URL` is given (config.ts validates it), with public reads from
 * `DATABASE_READ_URL`, a streaming replica, when that is given too.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { openPostgresBackend } from './backends/postgres/postgres-backend.js';
import { openSqliteBackend } from './backends/sqlite/sqlite-backend.js';
import { Archive, type SiteInfo } from './services/archive.js';
import { harvestTokenKey } from './services/harvest.js';

export { ARCHIVE_FILE } from './archive-file.js';
import { ARCHIVE_FILE } from './archive-file.js';

export interface OpenOptions {
  dataDir: string;
  site?: Partial<SiteInfo>;
  /**
   * Memory for the database's page cache, in MB (64 unless given). Serving
   * reads benefit from a large one; a bulk import writes mostly new pages and
   * does as well with 16.
   */
  cacheMb?: number;
  /** The archive's PostgreSQL database instead of the file in `dataDir` (DATABASE_URL). */
  databaseUrl?: string;
  /** A replica of it for public reads (DATABASE_READ_URL); only with `databaseUrl`. */
  databaseReadUrl?: string;
}

/** Opens (creating if needed) the archive, rebuilding the search index if it was built by another version. */
export async function openArchive(options: OpenOptions): Promise<Archive> {
  const backend = options.databaseUrl
    ? await openPostgresBackend(options.databaseUrl, { readUrl: options.databaseReadUrl })
    : await openSqliteBackend(sqlitePath(options.dataDir), { cacheMb: options.cacheMb });
  const archive = new Archive(backend, {
    name: options.site?.name ?? 'Dossier',
    tagline: options.site?.tagline ?? 'An archive of historical documents',
  });
  if (await archive.searchIndexIsStale()) await archive.reindex();
  // Made on an archive's first start, here rather than by the first web process that needs it: a write after
  // the site starts moves the change marker under the pages it has just cached (and other processes hear of it).
  await harvestTokenKey(archive, () => randomBytes(32).toString('base64url'));
  return archive;
}

function sqlitePath(dataDir: string): string {
  return dataDir === ':memory:' ? ':memory:' : join(resolve(dataDir), ARCHIVE_FILE);
}
