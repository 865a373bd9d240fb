/**
 * The body of a Backend transaction whose search index is the engine
 * (EngineSearchIndex), shared by every database: the index gathers the
 * transaction's writes into one segment, written just before the commit,
 * and a savepoint rolled back takes its documents out of that segment too.
 * A storage that buffers its own writes (PostgreSQL's) is told of each
 * savepoint's edges, so that a rollback to one takes its rows along.
 * @module
 */
import type { Transaction } from 'kysely';
import type { Repositories, TransactionScope } from '../backend.js';
import type { EngineSearchIndex } from '../../search/engine-search-index.js';
import { savepointRunner } from './savepoint.js';
import type { Database } from './schema.js';

/** What a storage buffering writes needs to hear of savepoints. */
export interface BufferedStorage {
  /** Writes what is buffered (before a savepoint begins, and before it is released). */
  settle(): Promise<void>;
  /** A savepoint was rolled back to: what was buffered since it began is dropped. */
  rolledBack(): void;
}

export async function runEngineTransaction<T>(
  trx: Transaction<Database>,
  engine: EngineSearchIndex,
  repositories: Repositories,
  fn: (tx: TransactionScope) => Promise<T>,
  storage?: BufferedStorage,
): Promise<T> {
  engine.beginDeferral();
  try {
    const savepoint = savepointRunner(trx);
    const result = await fn({
      ...repositories,
      savepoint: async (inner) => {
        const mark = engine.markDeferred();
        let rolledBack = true;
        await storage?.settle();
        try {
          const value = await savepoint(storage ? () => settled(inner, storage) : inner);
          rolledBack = false;
          return value;
        } finally {
          engine.rewindDeferred(mark, rolledBack);
          if (rolledBack) storage?.rolledBack();
        }
      },
    });
    await engine.flushDeferred();
    return result;
  } finally {
    engine.endDeferral();
  }
}

/** Runs a savepoint's body and writes what it buffered before the savepoint is released; on failure the rollback drops it. */
async function settled<T>(inner: () => Promise<T>, storage: BufferedStorage): Promise<T> {
  const value = await inner();
  await storage.settle();
  return value;
}
