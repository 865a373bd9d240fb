/**
 * Opens the embedded SQLite archive: one file, WAL journal so readers never
 * wait for a writer, foreign keys on, and the catalog migrated to the latest
 * version before anything else touches it.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type SqliteDatabase } from 'kysely';
import { migrateCatalog } from '../sql/migrate-catalog.js';
import type { Database } from '../sql/schema.js';
import { refuseForeignDatabase } from './archive-guard.js';
import { WriteLockingSqliteDialect } from './write-lock.js';

export interface SqliteHandle {
  db: Kysely<Database>;
  /** The raw connection, for the search index's FTS5 statements (same connection, same transactions). */
  raw: BetterSqlite3.Database;
}

/** Opens (creating if needed) the SQLite file at `path`, or an in-memory database for `:memory:`. */
export async function openSqlite(path: string, options: { readonly?: boolean; cacheMb?: number } = {}): Promise<SqliteHandle> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new BetterSqlite3(path, { readonly: options.readonly ?? false });
  try {
    refuseForeignDatabase(raw, path);
  } catch (error) {
    raw.close();
    throw error;
  }
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma(`cache_size = -${(options.cacheMb ?? 64) * 1024}`); // page cache, in KiB
  raw.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new WriteLockingSqliteDialect({ database: withStatementCache(raw) }, raw) });
  if (!options.readonly) await migrateCatalog(db, path);
  return { db, raw };
}

/** Most statements the archive runs repeat with new parameters; preparing each once saves a parse per query. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely asks the driver to prepare every query it runs. This hands it the
 * same prepared statement for the same SQL, keeping the most recently added
 * few hundred (queries with `IN (?, ?, …)` lists make many variants).
 */
function withStatementCache(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = raw.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
