/**
 * A Store whose every write is one transaction. On SQLite the store outside
 * a transaction shares one connection, and the archive writes through
 * `Backend.transaction` anyway; on a PostgreSQL pool each statement would
 * otherwise commit on its own, so a write that fails half-way (a lost
 * connection, a conflict with another process) could leave a document
 * without its side-table rows or revision. Reads go straight to the pool.
 * @module
 */
import type { Kysely } from 'kysely';
import { KyselyStore } from '../sql/kysely-store.js';
import type { QueryTemplates } from '../sql/query-templates.js';
import type { Database } from '../sql/schema.js';
import type { Store } from '../store.js';

const WRITES = new Set<keyof Store>(['putDocument', 'deleteDocument', 'putCollection', 'putAuthority', 'deleteAuthority', 'refoldAuthorityNames', 'putSetting']);

export function atomicWrites(db: Kysely<Database>, templates: QueryTemplates): Store {
  const reads = new KyselyStore(db, templates);
  return new Proxy(reads, {
    get(target, property, receiver) {
      if (typeof property === 'string' && WRITES.has(property as keyof Store)) {
        return (...args: unknown[]) =>
          db.transaction().execute((trx) => {
            const store = new KyselyStore(trx, templates) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
            return store[property]!(...args);
          });
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
