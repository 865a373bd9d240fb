/**
 * Backup and restore of the embedded archive with SQLite's online backup API.
 * A backup copies the file's pages inside one read transaction, so in WAL
 * mode it is a consistent snapshot taken while the site serves and imports
 * write (they are never blocked), and it is written beside its destination
 * and renamed into place only once it passes an integrity check: a backup
 * file is whole or absent. Restore refuses anything that is not a sound
 * Dossier archive before touching the live one.
 * @module
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { fileHead } from '../file-head.js';
import { basename, dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DossierError } from '../../domain/errors.js';
import { refuseForeignDatabase } from './archive-guard.js';
import { ARCHIVE_TABLES } from '../archive-tables.js';

const SQLITE_MAGIC = 'SQLite format 3\0';
/** Pages per step after the first: all of them, so a busy writer cannot keep restarting a step-wise copy. */
const ALL_PAGES = 0x7fffffff;

export interface BackupResult {
  pages: number;
  bytes: number;
}

/** Copies the archive at `source` to `destination` (replaced atomically if it exists). */
export async function backupSqlite(source: string, destination: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new DossierError(`no archive at ${source}: nothing to back up`);
  const target = resolve(destination);
  if (!existsSync(dirname(target))) throw new DossierError(`cannot write the backup ${destination}: its folder does not exist`);
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    refuseForeignDatabase(db, source);
    db.pragma('busy_timeout = 5000');
    const progress = await db.backup(partial, { progress: () => ALL_PAGES });
    // The copy inherits WAL mode; a backup is one self-contained file, so it goes back to a rollback journal.
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    copy.pragma('journal_mode = DELETE');
    copy.close();
    checkArchive(partial, destination);
    renameSync(partial, target);
    return { pages: progress.totalPages, bytes: progress.totalPages * (db.pragma('page_size', { simple: true }) as number) };
  } finally {
    db.close();
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(leftover, { force: true });
  }
}

/**
 * Replaces the archive at `archive` with the backup `file`, after checking
 * that the file is a whole Dossier archive. The copy goes through the live
 * file's own locks, so a reader sees the old archive or the new one.
 */
export async function restoreSqlite(file: string, archive: string): Promise<BackupResult> {
  checkArchive(file, file);
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const progress = await db.backup(archive, { progress: () => ALL_PAGES });
    return { pages: progress.totalPages, bytes: progress.totalPages * (db.pragma('page_size', { simple: true }) as number) };
  } finally {
    db.close();
  }
}

/** Throws a DossierError naming `label` unless `path` is an SQLite file that passes its integrity check and has Dossier's tables. */
export function checkArchive(path: string, label: string): void {
  const head = fileHead(path, 16, label);
  if (head.length < 16 || head.toString('latin1') !== SQLITE_MAGIC) {
    throw new DossierError(`${label} is not a Dossier archive: it is not an SQLite database`);
  }
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DossierError(`${label} is damaged: the integrity check says "${String(check)}"`);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = ARCHIVE_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new DossierError(`${label} is not a Dossier archive: an SQLite database without the tables ${missing.join(', ')}`);
  } catch (error) {
    if (error instanceof DossierError) throw error;
    throw new DossierError(`${label} is not a readable Dossier archive: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
}
