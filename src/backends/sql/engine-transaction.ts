/**
 * The body of a Backend transaction whose search index is the engine
 * (EngineSearchIndex), shared by every database: the index gathers the
 * transaction's writes into one segment, written just before the commit,
 * and a savepoint rolled back takes its documents out of that segment too.
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

export async function runEngineTransaction<T>(
  trx: Transaction<Database>,
  engine: EngineSearchIndex,
  repositories: Repositories,
  fn: (tx: TransactionScope) => Promise<T>,
): Promise<T> {
  engine.beginDeferral({ queueMerges: true });
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
    const due = await engine.mergeDueKey();
    if (due !== undefined) await queueMerge(repositories.jobs, due);
    return result;
  } finally {
    engine.endDeferral();
  }
}

/** Queues the merge unless one is already waiting (a running one may have started before this write). */
async function queueMerge(jobs: JobQueue, due: string): Promise<void> {
  if ((await jobs.list({ kind: MERGE_INDEX_JOB, status: 'queued', limit: 1 })).length > 0) return;
  await jobs.enqueue({ kind: MERGE_INDEX_JOB, key: `${MERGE_INDEX_JOB}@${due}` }, new Date().toISOString());
}
