/**
 * SQLite's write lock, taken without blocking the process. better-sqlite3 is
 * synchronous: a write that meets another process's lock (an import commits
 * a whole TEI volume in one transaction) would wait inside SQLite, up to the
 * busy timeout, and every visitor of the site would wait with it. So a write
 * transaction begins with `BEGIN IMMEDIATE` under a zero busy timeout — it
 * holds the lock from its first statement, or fails at once without having
 * done anything — and the backend tries again after an `await`, serving
 * other requests meanwhile, until the lock is free or its patience ends.
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig, type TransactionSettings } from 'kysely';
import { ArchiveBusyError } from '../../domain/errors.js';

/** Another process holds the write lock; nothing was done. */
class LockBusy extends Error {}

/** A Kysely SQLite dialect whose read-write transactions begin by taking the write lock, or fail at once. */
export class WriteLockingSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #raw: BetterSqlite3.Database;

  constructor(config: SqliteDialectConfig, raw: BetterSqlite3.Database) {
    super(config);
    this.#config = config;
    this.#raw = raw;
  }

  override createDriver(): Driver {
    return new WriteLockingDriver(this.#config, this.#raw);
  }
}

class WriteLockingDriver extends SqliteDriver {
  readonly #raw: BetterSqlite3.Database;

  constructor(config: SqliteDialectConfig, raw: BetterSqlite3.Database) {
    super(config);
    this.#raw = raw;
  }

  // A read-only transaction is a snapshot: in WAL mode it never waits for a writer, nor holds one up.
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    if (settings?.accessMode === 'read only') return super.beginTransaction(connection);
    beginImmediately(this.#raw);
  }
}

/** Takes the write lock now or throws LockBusy; the connection's busy timeout is restored either way. */
function beginImmediately(raw: BetterSqlite3.Database): void {
  const timeout = raw.pragma('busy_timeout', { simple: true }) as number;
  raw.pragma('busy_timeout = 0');
  try {
    raw.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if (String((error as { code?: string }).code).startsWith('SQLITE_BUSY')) throw new LockBusy('the write lock is held by another process', { cause: error });
    throw error;
  } finally {
    raw.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * Runs `attempt` (one transaction) until it gets the write lock, awaiting
 * between tries (5 ms, doubling to 100 ms), for at most `waitMs`; then
 * ArchiveBusyError. Only a failure to *begin* is retried: the transaction's
 * work has not started, so trying again cannot do anything twice.
 */
export async function withWriteLock<T>(attempt: () => Promise<T>, waitMs: number): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof LockBusy)) throw error;
      const left = deadline - Date.now();
      if (left <= 0) throw new ArchiveBusyError(Math.ceil(waitMs / 1000), { cause: error });
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
    }
  }
}
