/**
 * The catalog and the editors' side on PostgreSQL alone: the same
 * KyselyStore and KyselyEditorStore as on SQLite, over a pool, without the
 * search index. The archive opens the whole Backend (postgres-backend.ts);
 * this serves tests of the catalog's own properties (migrations, byte
 * order, concurrent writers, replicas).
 * @module
 */
import type { Kysely } from 'kysely';
import type { TransactionScope } from '../backend.js';
import { savepointRunner } from '../sql/savepoint.js';
import type { EditorStore } from '../editor-store.js';
import { KyselyEditorStore } from '../sql/kysely-editor-store.js';
import { KyselyJobQueue } from '../sql/kysely-job-queue.js';
import { KyselyStore } from '../sql/kysely-store.js';
import { QueryTemplates } from '../sql/query-templates.js';
import type { Database } from '../sql/schema.js';
import type { Store } from '../store.js';
import { atomicWrites } from './atomic-writes.js';
import { openPostgres, type PostgresOptions } from './open-postgres.js';

export type CatalogScope = Omit<TransactionScope, 'search' | 'jobs'>;

export interface PostgresCatalog {
  readonly kind: 'postgres';
  /** The database URL without its password. */
  readonly location: string;
  readonly db: Kysely<Database>;
  store: Store;
  editors: EditorStore;
  /** Runs `fn` in one transaction: everything it writes lands together or not at all. */
  transaction<T>(fn: (tx: CatalogScope) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openPostgresCatalog(url: string, options: PostgresOptions = {}): Promise<PostgresCatalog> {
  const { db, location } = await openPostgres(url, options);
  const templates = new QueryTemplates();
  return {
    kind: 'postgres',
    location,
    db,
    store: atomicWrites(db, templates),
    editors: new KyselyEditorStore(db),
    transaction<T>(fn: (tx: CatalogScope) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) =>
        fn({ store: new KyselyStore(trx, templates), editors: new KyselyEditorStore(trx), savepoint: savepointRunner(trx) }),
      );
    },
    async close() {
      await db.destroy();
    },
  };
}
