/**
 * The embedded backend: one SQLite file holding catalog and search index.
 * @module
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { openSqlite } from './open-sqlite.js';
import { KyselyEditorStore } from '../sql/kysely-editor-store.js';
import { KyselyJobQueue } from '../sql/kysely-job-queue.js';
import { KyselyStore } from '../sql/kysely-store.js';
import { QueryTemplates } from '../sql/query-templates.js';
import { sqliteSearchIndex } from './sqlite-index-storage.js';
import type { Backend, TransactionOptions, TransactionScope } from '../backend.js';
import type { EditorStore } from '../editor-store.js';
import type { JobQueue } from '../job-queue.js';
import type { Store } from '../store.js';
import { withWriteLock } from './write-lock.js';
import { writesInTransactions } from './outside-writes.js';
import { runEngineTransaction } from '../sql/engine-transaction.js';
import { DossierError, StorageError } from '../../domain/errors.js';

/**
 * How long a write waits for another process's write lock by default: an
 * editor's save during a TEI import waits for the volume being written
 * (seconds), without blocking the site, then gets a clear "busy" error.
 */
export const DEFAULT_LOCK_WAIT_MS = 15_000;

/**
 * The job queue's methods that always write (its names do not follow the repositories' convention,
 * outside-writes.ts). `enqueue` and `claim` look first and write only when there is something to do, so an
 * idle runner never queues behind an import; they are left as they are.
 */
const JOB_WRITES = /^(extend|complete|fail|prune)$/;

/**
 * `cacheMb`: the connection's page cache (64 MB unless given; a bulk import needs less).
 * `lockWaitMs`: how long a write waits for another process's (see write-lock.ts).
 */
export async function openSqliteBackend(path: string, options: { cacheMb?: number; lockWaitMs?: number } = {}): Promise<Backend> {
  const { db, raw } = await openSqlite(path, options);
  const templates = new QueryTemplates();
  const search = sqliteSearchIndex(raw);
  const transaction = <T>(fn: (tx: TransactionScope) => Promise<T>, opts: TransactionOptions = {}): Promise<T> => {
    let cause: unknown;
    const begin = opts.readOnly ? db.transaction().setAccessMode('read only') : db.transaction();
    // The search index runs on the same connection, so its writes join this transaction; it gathers
    // them into one segment, written just before the commit.
    const attempt = () => storageAware(path, () => cause, () => begin.execute(async (trx) => {
      try {
        return await runEngineTransaction(trx, search, { store: new KyselyStore(trx, templates), search, editors: new KyselyEditorStore(trx), jobs: new KyselyJobQueue(trx, { skipLocked: false }) }, fn);
      } catch (error) {
        cause = error;
        throw error;
      }
    }));
    return withWriteLock(attempt, opts.waitMs ?? options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
  };
  return {
    kind: 'sqlite',
    location: path,
    // A write outside a transaction would wait for the lock inside SQLite, blocking the process; each gets one.
    store: writesInTransactions<Store>(new KyselyStore(db, templates), (write) => transaction((tx) => write(tx.store))),
    search,
    editors: writesInTransactions<EditorStore>(new KyselyEditorStore(db), (write) => transaction((tx) => write(tx.editors))),
    // Claims, leases and completions are writes too: outside a caller's transaction each takes one.
    jobs: writesInTransactions<JobQueue>(new KyselyJobQueue(db, { skipLocked: false }), (write) => transaction((tx) => write(tx.jobs)), JOB_WRITES),
    transaction,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * A read-only archive file (read-only mount, immutable file, no write
 * permission) still serves every page; a write says plainly why it failed
 * instead of SQLite's bare "attempt to write a readonly database". A full
 * disk likewise: SQLite rolls the whole transaction back, and the rollback
 * Kysely then runs fails in turn ("no transaction is active") and hides the
 * cause, so the cause is taken from inside the transaction, or, when the
 * commit itself failed, from the free space left beside the archive.
 */
async function storageAware<T>(path: string, cause: () => unknown, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (cause() as { code?: string } | undefined)?.code ?? (error as { code?: string }).code;
    if (code === 'SQLITE_READONLY') {
      throw new DossierError(`the archive ${path} is read-only, so nothing can be written to it (the site can still serve it); make the file and its folder writable to import or edit`, { cause: error });
    }
    const rolledBack = /no transaction is active/.test((error as Error).message ?? '');
    if (code === 'SQLITE_FULL' || (rolledBack && nearlyFull(path))) {
      throw new StorageError(`the disk holding the archive ${path} is full: nothing of this change was written, and the archive is as it was; free space on it and run again`, { cause: cause() ?? error });
    }
    throw error;
  }
}

/** Less than a megabyte left where the archive lives (where its journal would have grown). */
function nearlyFull(path: string): boolean {
  if (path === ':memory:') return false;
  try {
    const s = statfsSync(dirname(path));
    return s.bavail * s.bsize < 1024 * 1024;
  } catch {
    return false;
  }
}
