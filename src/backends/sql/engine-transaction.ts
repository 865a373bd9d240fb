/**
 * The body of a Backend transaction whose search index is the engine
 * (EngineSearchIndex), shared by every database: the index gathers the
 * transaction's writes into one segment, written just before the commit,
 * and a savepoint rolled back takes its documents out of that segment too.
 * @module
 */
import type { Transaction } from 'kysely';
import type { Repositories, TransactionScope } from '../backend.js';
import type { EngineSearchIndex } from '../../search/engine-search-index.js';
import { savepointRunner } from './savepoint.js';
import type { Database } from './schema.js';

export async function runEngineTransaction<T>(
  trx: Transaction<Database>,
  engine: EngineSearchIndex,
  repositories: Repositories,
  fn: (tx: TransactionScope) => Promise<T>,
): Promise<T> {
  engine.beginDeferral();
  try {
    const savepoint = savepointRunner(trx);
    const result = await fn({
      ...repositories,
      savepoint: async (inner) => {
        const mark = engine.markDeferred();
        let rolledBack = true;
        try {
          const value = await savepoint(inner);
          rolledBack = false;
          return value;
        } finally {
          engine.rewindDeferred(mark, rolledBack);
        }
      },
    });
    await engine.flushDeferred();
    return result;
  } finally {
    engine.endDeferral();
  }
}
