/**
 * Wiring for `dossier check`: the database's own integrity check on the
 * archive file (every page, every index, every foreign key), then the
 * archive's consistency check (services/archive-check.ts). The archive is
 * opened without the rebuild `openArchive` does for a stale search index, so
 * an interrupted rebuild is reported, not quietly repaired.
 * @module
 */
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { checkArchive } from './backends/sqlite/sqlite-backup.js';
import { openSqliteBackend } from './backends/sqlite/sqlite-backend.js';
import { ARCHIVE_FILE } from './open-archive.js';
import { Archive } from './services/archive.js';
import { checkConsistency, type ConsistencyReport } from './services/archive-check.js';

export interface ArchiveCheckReport extends ConsistencyReport {
  /** What `PRAGMA integrity_check` said: ['ok'] when sound. */
  integrity: string[];
}

export async function checkArchiveFolder(dataDir: string): Promise<ArchiveCheckReport> {
  const path = join(resolve(dataDir), ARCHIVE_FILE);
  checkArchive(path, path);
  const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  let integrity: string[];
  const problems: string[] = [];
  try {
    integrity = (raw.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    for (const r of raw.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]) {
      problems.push(`${r.table} row ${r.rowid}: refers to a missing ${r.parent} row`);
    }
  } finally {
    raw.close();
  }
  if (integrity.join() !== 'ok') problems.unshift(...integrity.map((line) => `database: ${line}`));
  const archive = new Archive(await openSqliteBackend(path));
  try {
    const report = await checkConsistency(archive);
    return { ...report, integrity, problems: [...problems, ...report.problems] };
  } finally {
    await archive.backend.close();
  }
}
