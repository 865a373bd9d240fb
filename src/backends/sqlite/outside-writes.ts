/**
 * A repository (Store, EditorStore) whose writes made outside a transaction
 * each get one of their own, so that they take SQLite's write lock the way
 * every transaction does (write-lock.ts): waiting for an import without
 * blocking the process. A write is known by its name, the repositories' own
 * convention (`putDocument`, `touchSession`, `addAudit`…), so a write added
 * later is covered without being listed here. Reads go straight through.
 * @module
 */

const WRITE = /^(put|delete|refold|create|update|touch|take|add|clear|revoke|set)[A-Z]/;

type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;

/**
 * `inTransaction(write)` runs `write` with the same repository of a fresh transaction; `writes` names the
 * methods that write, for a repository whose names do not follow the convention.
 */
export function writesInTransactions<R extends object>(reads: R, inTransaction: (write: (repository: R) => Promise<unknown>) => Promise<unknown>, writes: RegExp = WRITE): R {
  return new Proxy(reads, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && writes.test(property)) {
        return (...args: unknown[]) => inTransaction((repository) => (repository as unknown as Methods)[property]!(...args));
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
