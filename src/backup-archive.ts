/**
 * Wiring for `dossier backup` and `dossier restore`: from a data folder to
 * the backend's own backup. Only the embedded SQLite backend exists so far;
 * a PostgreSQL archive will be backed up with `pg_dump` behind the same calls.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupSqlite, checkArchive, restoreSqlite, type BackupResult } from './backends/sqlite/sqlite-backup.js';
import { ARCHIVE_FILE, openArchive } from './open-archive.js';
import type { ArchiveStats } from './backends/store.js';

/** Takes a consistent snapshot of the archive in `dataDir` into `file`, while it may be serving and importing. */
export function backupArchive(dataDir: string, file: string): Promise<BackupResult> {
  return backupSqlite(join(resolve(dataDir), ARCHIVE_FILE), file);
}

/** Replaces the archive in `dataDir` (created if absent) with the backup `file`, then opens it to bring it up to this version. */
export async function restoreArchive(file: string, dataDir: string): Promise<BackupResult & { stats: ArchiveStats }> {
  checkArchive(file, file);
  mkdirSync(resolve(dataDir), { recursive: true });
  const result = await restoreSqlite(file, join(resolve(dataDir), ARCHIVE_FILE));
  const archive = await openArchive({ dataDir });
  try {
    return { ...result, stats: await archive.stats() };
  } finally {
    await archive.backend.close();
  }
}
