/**
 * The body of a Backend transaction whose search index is the engine
 * (EngineSearchIndex), shared by every database: the index gathers the
 * transaction's writes into one segment, written just before the commit,
 * and a savepoint rolled back takes its documents out of that segment too.
 * A storage that buffers its own writes (PostgreSQL's) is told of each
 * savepoint's edges, so that a rollback to one takes its rows along.
 *
 * A merge of segments that falls due is not run here but queued, in the
 * same transaction, as a `merge-index` job (services/jobs/merge-index-job.ts):
 * the write commits without waiting for it, and a worker (or the process's
 * own runner, or the import's end) merges in a transaction of its own. One
 * such job waits at a time: while one is queued, writes queue no other.
 * @module
 */
import type { Transaction } from 'kysely';
import type { Repositories, TransactionScope } from '../backend.js';
import { MERGE_INDEX_JOB, type JobQueue } from '../job-queue.js';
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
  engine.beginDeferral({ queueMerges: true });
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
    const due = await engine.mergeDueKey();
    if (due !== undefined) await queueMerge(repositories.jobs, due);
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

/** Queues the merge unless one is already waiting (a running one may have started before this write). */
async function queueMerge(jobs: JobQueue, due: string): Promise<void> {
  if ((await jobs.list({ kind: MERGE_INDEX_JOB, status: 'queued', limit: 1 })).length > 0) return;
  await jobs.enqueue({ kind: MERGE_INDEX_JOB, key: `${MERGE_INDEX_JOB}@${due}` }, new Date().toISOString());
}
