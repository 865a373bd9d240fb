/**
 * Wiring for `dossier check`: the database's own integrity check — on the
 * embedded archive file SQLite's (every page, every index, every foreign
 * key), on PostgreSQL (DATABASE_URL) every table read whole and every index
 * verified by amcheck when installed (backends/postgres/postgres-integrity.ts)
 * — then the archive's consistency check (services/archive-check.ts). The
 * archive is opened read-only, without the rebuild `openArchive` does for a
 * stale search index or the migrations, so an interrupted rebuild is
 * reported, not quietly repaired, and the check writes nothing.
 * @module
 */
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { checkArchive } from './backends/sqlite/sqlite-backup.js';
import { openSqliteBackend } from './backends/sqlite/sqlite-backend.js';
import { openPostgresBackend } from './backends/postgres/postgres-backend.js';
import { checkPostgresIntegrity } from './backends/postgres/postgres-integrity.js';
import { ARCHIVE_FILE } from './open-archive.js';
import { Archive } from './services/archive.js';
import { checkConsistency, type ConsistencyReport } from './services/archive-check.js';

export interface ArchiveCheckReport extends ConsistencyReport {
  /**
   * What the database's own checks said. SQLite: `PRAGMA integrity_check`'s
   * lines, ['ok'] when sound. PostgreSQL: one line for the tables and one for
   * the indexes, each saying what was checked (what failed is in `problems`).
   */
  integrity: string[];
}

/** Checks the archive in the data folder, or in the PostgreSQL database at `databaseUrl` when given. */
export async function checkArchiveAt(location: { dataDir: string; databaseUrl?: string }): Promise<ArchiveCheckReport> {
  return location.databaseUrl ? checkPostgresArchive(location.databaseUrl) : checkArchiveFolder(location.dataDir);
}

async function checkPostgresArchive(url: string): Promise<ArchiveCheckReport> {
  const { checked, problems } = await checkPostgresIntegrity(url);
  const archive = new Archive(await openPostgresBackend(url, { readOnly: true }));
  try {
    const report = await checkConsistency(archive);
    return { ...report, integrity: checked, problems: [...problems, ...report.problems] };
  } finally {
    await archive.backend.close();
  }
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
