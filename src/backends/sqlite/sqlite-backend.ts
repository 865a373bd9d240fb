/**
 * The embedded backend: one SQLite file holding catalog and search index.
 * @module
 */
import { openSqlite } from './open-sqlite.js';
import { KyselyEditorStore } from '../sql/kysely-editor-store.js';
import { KyselyStore } from '../sql/kysely-store.js';
import { QueryTemplates } from '../sql/query-templates.js';
import { sqliteSearchIndex } from './sqlite-index-storage.js';
import type { Backend, TransactionScope } from '../backend.js';
import { runEngineTransaction } from '../sql/engine-transaction.js';
import { DossierError } from '../../domain/errors.js';

/** `cacheMb`: the connection's page cache (64 MB unless given; a bulk import needs less). */
export async function openSqliteBackend(path: string, options: { cacheMb?: number } = {}): Promise<Backend> {
  const { db, raw } = await openSqlite(path, options);
  const templates = new QueryTemplates();
  const store = new KyselyStore(db, templates);
  const search = sqliteSearchIndex(raw);
  return {
    kind: 'sqlite',
    location: path,
    store,
    search,
    editors: new KyselyEditorStore(db),
    transaction<T>(fn: (tx: TransactionScope) => Promise<T>): Promise<T> {
      // The search index runs on the same connection, so its writes join this transaction; it gathers
      // them into one segment, written just before the commit.
      return readOnlyAware(path, () => db.transaction().execute((trx) =>
        runEngineTransaction(trx, search, { store: new KyselyStore(trx, templates), search, editors: new KyselyEditorStore(trx) }, fn)));
    },
    async close() {
      await db.destroy();
    },
  };
}

/**
 * A read-only archive file (read-only mount, immutable file, no write
 * permission) still serves every page; a write says plainly why it failed
 * instead of SQLite's bare "attempt to write a readonly database".
 */
async function readOnlyAware<T>(path: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_READONLY') {
      throw new DossierError(`the archive ${path} is read-only, so nothing can be written to it (the site can still serve it); make the file and its folder writable to import or edit`, { cause: error });
    }
    throw error;
  }
}
