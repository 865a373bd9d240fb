/**
 * The Backend on PostgreSQL: the catalog and the editors' tables
 * (KyselyStore, KyselyEditorStore, as on SQLite) and the search engine over
 * PostgresIndexStorage, all in one database, so a document and its index
 * entry commit together.
 *
 * A pool runs many transactions at once, but the engine gathers one
 * transaction's index writes in memory (one deferred segment), so this
 * process runs its Backend transactions one at a time, as SQLite's single
 * connection does; other processes are kept in order by the index's
 * writers' row (postgres-index-storage.ts) and the catalog's change counter.
 * Reads (pages, searches) never wait for that queue: they go to the pool,
 * or to a streaming replica when one is given (read-routing.ts: this
 * process's own writes are read from the primary until the replica has
 * them, and a failing replica hands its reads to the primary). The
 * editors' side (sessions, accounts) always reads the primary. Commits by
 * any process are announced on a LISTEN connection (change-notices.ts). An index
 * write outside a transaction gets a transaction of its own. Inside a
 * transaction, large groups of rows (documents, their links and revisions,
 * a segment's postings) are written with COPY on the transaction's own
 * client (copy-rows.ts), so they land or roll back with the rest.
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import type { Backend, TransactionScope } from '../backend.js';
import type { Database } from '../sql/schema.js';
import { ReadRouting } from './read-routing.js';
import type { SearchIndex } from '../search-index.js';
import { runEngineTransaction } from '../sql/engine-transaction.js';
import { KyselyEditorStore } from '../sql/kysely-editor-store.js';
import { KyselyJobQueue } from '../sql/kysely-job-queue.js';
import { KyselyStore } from '../sql/kysely-store.js';
import { QueryTemplates } from '../sql/query-templates.js';
import { EngineSearchIndex } from '../../search/engine-search-index.js';
import { atomicWrites } from './atomic-writes.js';
import { openPostgres, type PostgresOptions } from './open-postgres.js';
import { PostgresIndexStorage } from './postgres-index-storage.js';
import { createSegmentTables } from './segment-tables.js';
import { ChangeNotices, installChangeNotices } from './change-notices.js';
import { RowCopier } from './copy-rows.js';

export interface PostgresBackendOptions extends PostgresOptions {
  /** A streaming replica of the database for reads outside transactions (DATABASE_READ_URL). */
  readUrl?: string;
  /** Large groups of rows written with COPY (true unless given); false writes them in multi-row inserts, as `bench:catalog` compares. */
  copy?: boolean;
}

export async function openPostgresBackend(url: string, options: PostgresBackendOptions = {}): Promise<Backend> {
  const { db, clients, location } = await openPostgres(url, options);
  let replica: Kysely<Database> | undefined;
  try {
    if (!options.readOnly) {
      await createSegmentTables(db);
      await installChangeNotices(db);
    }
    // A replica refuses writes, so it is never migrated. One that is down at start is kept all the same, connecting
    // when first used: its reads fail over to the primary (read-routing.ts), which retries it every few seconds.
    const readUrl = options.readUrl;
    if (readUrl) {
      const opened = await openPostgres(readUrl, { ...options, readOnly: true, attempts: 1 }).catch(() => openPostgres(readUrl, { ...options, readOnly: true, lazy: true }));
      replica = opened.db;
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const routing = new ReadRouting<Database>(db, replica);
  const templates = new QueryTemplates();
  const notices = new ChangeNotices(url);
  const copier = options.copy === false ? undefined : new RowCopier(clients);
  const storage = new PostgresIndexStorage(db, { readonly: options.readOnly, routing, notices, copier });
  const engine = new EngineSearchIndex(storage);
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `body` in a transaction of its own, one at a time in this process; after the commit, the marker and the read routing hear of it. */
  const serialized = <T>(body: (trx: Transaction<Database>) => Promise<T>): Promise<T> => {
    const run = queue.then(() => clients.transaction(db, body));
    queue = run.catch(() => {});
    return run.then(async (result) => {
      storage.committed();
      await routing.afterWrite();
      return result;
    });
  };

  const transaction = <T>(fn: (tx: TransactionScope) => Promise<T>): Promise<T> =>
    serialized((trx) => {
      const store = new KyselyStore(trx, templates, copier && ((table, columns, rows) => copier.copy(trx, table, columns, rows)));
      return storage.within(trx, () =>
        runEngineTransaction(trx, engine, { store, search, editors: new KyselyEditorStore(trx), jobs: new KyselyJobQueue(trx, { skipLocked: true }) }, fn, storage));
    });

  /**
   * The engine, with each write outside a transaction given one in which it
   * writes as it does on SQLite outside a transaction: a few documents as
   * pending rows, more as a segment, a merge that falls due at once. The
   * same writes therefore leave the same segments, and the same scores.
   */
  const write = <T>(inner: () => Promise<T>): Promise<T> => (storage.inTransaction() ? inner() : serialized((trx) => storage.within(trx, inner)));
  const search: SearchIndex = {
    version: engine.version,
    index: (entries) => write(() => engine.index(entries)),
    remove: (ids) => write(() => engine.remove(ids)),
    clear: () => write(() => engine.clear()),
    search: (request) => engine.search(request),
    count: () => engine.count(),
    compact: () => write(() => engine.compact()),
  };

  return {
    kind: 'postgres',
    location,
    store: atomicWrites(db, templates, routing),
    editors: new KyselyEditorStore(db),
    jobs: new KyselyJobQueue(db, { skipLocked: true }),
    search,
    transaction,
    watchChanges: (listener) => notices.watch(listener),
    onPrimary: (fn) => routing.onPrimary(fn),
    async close() {
      await queue;
      await notices.close();
      await replica?.destroy();
      await db.destroy();
    },
  };
}
