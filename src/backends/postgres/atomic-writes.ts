/**
 * A Store whose every write is one transaction. On SQLite the store outside
 * a transaction shares one connection, and the archive writes through
 * `Backend.transaction` anyway; on a PostgreSQL pool each statement would
 * otherwise commit on its own, so a write that fails half-way (a lost
 * connection, a conflict with another process) could leave a document
 * without its side-table rows or revision. Reads go straight to the pool,
 * or through `routing` to a replica (read-routing.ts), which each write
 * tells that this process has something the replica may not have yet.
 * @module
 */
import type { Kysely } from 'kysely';
import { KyselyStore } from '../sql/kysely-store.js';
import type { QueryTemplates } from '../sql/query-templates.js';
import type { Database } from '../sql/schema.js';
import type { Store } from '../store.js';
import type { ReadRouting } from './read-routing.js';

const WRITES = new Set<keyof Store>(['putDocument', 'putDocuments', 'deleteDocument', 'putCollection', 'putAuthority', 'deleteAuthority', 'refoldAuthorityNames', 'putSetting']);

type Methods = Record<string, (...a: unknown[]) => Promise<unknown>>;

export function atomicWrites(db: Kysely<Database>, templates: QueryTemplates, routing?: ReadRouting<Database>): Store {
  const reads = new KyselyStore(db, templates);
  const replicaReads = routing?.replica ? new KyselyStore(routing.replica, templates) : undefined;
  return new Proxy(reads, {
    get(target, property, receiver) {
      if (typeof property === 'string' && WRITES.has(property as keyof Store)) {
        return async (...args: unknown[]) => {
          const result = await db.transaction().execute((trx) => (new KyselyStore(trx, templates) as unknown as Methods)[property]!(...args));
          await routing?.afterWrite();
          return result;
        };
      }
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (!routing || !replicaReads || typeof property !== 'string') return value.bind(target);
      return (...args: unknown[]) =>
        routing.read((on) => ((on === db ? target : replicaReads) as unknown as Methods)[property]!(...args));
    },
  });
}
