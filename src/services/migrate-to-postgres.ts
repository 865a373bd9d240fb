/**
 * Moving up: an embedded SQLite archive copied into a PostgreSQL database
 * (`dossier migrate --to`). Every table of the archive is copied row for row
 * (catalog, revisions, drafts, accounts, sessions, tokens, audit log,
 * schedule, OAI datestamps, settings, counters, and whatever tables later
 * migrations add), from one read snapshot of the source, in chunks that each
 * commit with their progress; then the search index is built on the target
 * from the copied catalog in one transaction (the two databases keep the
 * index in different layouts, so rebuilding is the lossless way to move it).
 *
 * Killed at any point, the same command run again resumes where the last
 * commit left off and ends with the same database. A target holding
 * anything else — another archive, or a copy of this one made before it
 * changed — is refused; a finished migration run again changes nothing.
 * @module
 */
import BetterSqlite3 from 'better-sqlite3';
import { CopyTarget } from '../backends/postgres/copy-target.js';
import { openPostgres } from '../backends/postgres/open-postgres.js';
import { openPostgresBackend } from '../backends/postgres/postgres-backend.js';
import { checkArchive } from '../backends/sqlite/sqlite-backup.js';
import { openSqliteBackend } from '../backends/sqlite/sqlite-backend.js';
import { readRows, readTablePlan, type TableSpec } from '../backends/sqlite/sqlite-tables.js';
import { DossierError } from '../domain/errors.js';
import { Archive } from './archive.js';

export interface MigrateOptions {
  /** Rows per committed chunk (1,000 unless given). */
  chunkRows?: number;
  /** Told after each committed chunk, and as the search index is built. */
  onProgress?: (step: string, done: number, of: number) => void;
}

export interface MigrateReport {
  /** The target, without its password. */
  location: string;
  tables: { name: string; rows: number }[];
  /** The run picked up an interrupted migration. */
  resumed: boolean;
  /** Everything was already done: the run changed nothing. */
  alreadyDone: boolean;
  /** Documents in the target's new search index (0 when it was already built). */
  indexed: number;
}

const INDEX_STEP = 'search-index';

export async function migrateToPostgres(sqliteFile: string, targetUrl: string, options: MigrateOptions = {}): Promise<MigrateReport> {
  checkArchive(sqliteFile, sqliteFile);
  // Bring the source to this version's schema first, so both sides have the same tables and columns.
  await (await openSqliteBackend(sqliteFile)).close();
  const source = new BetterSqlite3(sqliteFile, { readonly: true, fileMustExist: true });
  const handle = await openPostgres(targetUrl).catch((error) => {
    source.close();
    throw error;
  });
  try {
    // One read transaction: every table from the same snapshot, however long the copy and whatever writes the source meanwhile.
    source.exec('BEGIN');
    const plan = readTablePlan(source);
    const target = new CopyTarget(handle.db);
    const progress = await target.progress();
    if (progress.size === 0) {
      await target.assertEmpty(plan.tables.map((t) => t.name), handle.location);
    } else if ([...progress.values()].some((p) => p.source !== plan.fingerprint)) {
      throw new DossierError(
        `${handle.location} holds a migration of another archive, or of this one before it changed since; ` +
          'empty that database (or name another) and migrate again',
      );
    }
    const alreadyDone = Boolean(progress.get(INDEX_STEP)?.done);
    const report: MigrateReport = {
      location: handle.location,
      tables: plan.tables.map((t) => ({ name: t.name, rows: t.rows })),
      resumed: progress.size > 0 && !alreadyDone,
      alreadyDone,
      indexed: 0,
    };
    if (alreadyDone) return report;
    for (const table of plan.tables) {
      const step = progress.get(table.name);
      if (!step?.done) await copyTable(source, target, table, plan.fingerprint, step?.lastRowid ?? 0, step?.rows ?? 0, options);
    }
    source.exec('COMMIT');
    for (const table of plan.tables) {
      const copied = await target.count(table.name);
      if (copied !== table.rows) throw new DossierError(`migrating ${table.name}: ${table.rows} rows in the archive but ${copied} in ${handle.location}`);
    }
    report.indexed = await buildIndex(targetUrl, options);
    await target.markDone(INDEX_STEP, plan.fingerprint, report.indexed);
    return report;
  } finally {
    source.close();
    await handle.db.destroy();
  }
}

async function copyTable(
  source: BetterSqlite3.Database, target: CopyTarget, table: TableSpec, fingerprint: string,
  fromRowid: number, copiedBefore: number, options: MigrateOptions,
): Promise<void> {
  let lastRowid = fromRowid;
  let copied = copiedBefore;
  for (;;) {
    const rows = readRows(source, table, lastRowid, options.chunkRows ?? 1000);
    if (rows.length === 0) break;
    const first = copied === 0;
    lastRowid = rows.at(-1)!.rowid;
    copied += rows.length;
    await target.writeChunk(table.name, table.columns, rows.map((r) => r.values), { source: fingerprint, lastRowid, rows: copied }, first);
    options.onProgress?.(table.name, copied, table.rows);
  }
  // An empty table still replaces whatever a new archive seeded it with.
  if (copied === 0) await target.writeChunk(table.name, table.columns, [], { source: fingerprint, lastRowid, rows: 0 }, true);
  await target.markDone(table.name, fingerprint, copied, lastRowid);
}

/** The target's search index, from the copied catalog in one transaction (a rebuild killed half-way leaves none marked built). */
async function buildIndex(targetUrl: string, options: MigrateOptions): Promise<number> {
  const archive = new Archive(await openPostgresBackend(targetUrl));
  try {
    const total = (await archive.stats()).published;
    return await archive.reindex((done) => options.onProgress?.(INDEX_STEP, done, total));
  } finally {
    await archive.close();
  }
}
