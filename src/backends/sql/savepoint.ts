/**
 * Savepoints inside a Kysely transaction, for the TransactionScope of every SQL backend.
 * @module
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { TransactionScope } from '../backend.js';

/** SAVEPOINT / ROLLBACK TO / RELEASE are standard SQL, so this works unchanged on PostgreSQL. */
export function savepointRunner(trx: Transaction<Database>): TransactionScope['savepoint'] {
  let depth = 0;
  return async (fn) => {
    const name = sql.id(`sp_${++depth}`);
    await sql`savepoint ${name}`.execute(trx);
    try {
      const result = await fn();
      await sql`release savepoint ${name}`.execute(trx);
      return result;
    } catch (error) {
      // After a full disk or an I/O error SQLite has rolled the whole transaction back itself, and
      // the rollback here fails: the error that caused it is the one to report.
      await sql`rollback to savepoint ${name}`.execute(trx).then(() => sql`release savepoint ${name}`.execute(trx), () => undefined);
      throw error;
    } finally {
      depth--;
    }
  };
}
