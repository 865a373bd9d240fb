/**
 * Wiring for `dossier backup` and `dossier restore`: from the archive's
 * location to its backend's own backup. The embedded archive is copied with
 * SQLite's online backup; an archive on PostgreSQL (DATABASE_URL) with
 * pg_dump and pg_restore (backends/postgres/postgres-backup.ts).
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupPostgres, restorePostgres, type PostgresBackupOptions } from './backends/postgres/postgres-backup.js';
import { backupSqlite, checkArchive, restoreSqlite } from './backends/sqlite/sqlite-backup.js';
import { ARCHIVE_FILE, openArchive } from './open-archive.js';
import type { ArchiveStats } from './backends/store.js';

/** Where the archive is: the data folder, and the PostgreSQL database when there is one. */
export interface ArchiveLocation {
  dataDir: string;
  databaseUrl?: string;
  /** Where PostgreSQL's client tools are, when not on PATH. */
  postgres?: PostgresBackupOptions;
}

/** Takes a consistent snapshot of the archive into `file`, while it may be serving and importing. */
export async function backupArchive(location: ArchiveLocation, file: string): Promise<{ bytes: number }> {
  if (location.databaseUrl) return backupPostgres(location.databaseUrl, file, location.postgres);
  return backupSqlite(join(resolve(location.dataDir), ARCHIVE_FILE), file);
}

/** Replaces the archive (created if absent) with the backup `file`, then opens it to bring it up to this version. */
export async function restoreArchive(file: string, location: ArchiveLocation): Promise<{ bytes: number; stats: ArchiveStats }> {
  let result: { bytes: number };
  if (location.databaseUrl) {
    result = await restorePostgres(file, location.databaseUrl, location.postgres);
  } else {
    checkArchive(file, file);
    mkdirSync(resolve(location.dataDir), { recursive: true });
    result = await restoreSqlite(file, join(resolve(location.dataDir), ARCHIVE_FILE));
  }
  const archive = await openArchive({ dataDir: location.dataDir, databaseUrl: location.databaseUrl });
  try {
    return { bytes: result.bytes, stats: await archive.stats() };
  } finally {
    await archive.close();
  }
}
