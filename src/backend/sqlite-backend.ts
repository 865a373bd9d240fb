/**
 * The embedded backend: one SQLite file holding catalog and search index.
 * @module
 */
import { openSqlite } from '../store/sqlite/open-sqlite.js';
import { KyselyStore } from '../store/kysely-store.js';
import { QueryTemplates } from '../store/query-templates.js';
import { SqliteSearchIndex } from '../search/sqlite/sqlite-search-index.js';
import type { Backend, TransactionScope } from './backend.js';
import { savepointRunner } from './savepoint.js';

export async function openSqliteBackend(path: string): Promise<Backend> {
  const { db, raw } = await openSqlite(path);
  const templates = new QueryTemplates();
  const store = new KyselyStore(db, templates);
  const search = new SqliteSearchIndex(raw);
  return {
    kind: 'sqlite',
    location: path,
    store,
    search,
    transaction<T>(fn: (tx: TransactionScope) => Promise<T>): Promise<T> {
      // The search index runs on the same connection, so its writes join this transaction.
      return db.transaction().execute((trx) => fn({ store: new KyselyStore(trx, templates), search, savepoint: savepointRunner(trx) }));
    },
    async close() {
      await db.destroy();
    },
  };
}
