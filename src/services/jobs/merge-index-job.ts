/**
 * A merge of the search index's segments as a job: the write that makes
 * one due queues it (backends/sql/engine-transaction.ts) instead of
 * merging before its commit. The merge runs in a transaction of its own,
 * which completes the job, so a worker killed mid-merge leaves the index as
 * it was (every search still answered from the segments before the merge)
 * and the job runs again once its lease runs out. Writes that come during
 * the merge wait for its commit (one index writer at a time, on either
 * database) and are then written as usual; readers see the index before
 * the merge or after it, never between.
 * @module
 */
import { z } from 'zod';
import { MERGE_INDEX_JOB } from '../../backends/job-queue.js';
import type { Archive } from '../archive.js';
import { JobRunner } from './job-runner.js';
import { defineJob } from './job-kind.js';

export const mergeIndexJob = defineJob({
  kind: MERGE_INDEX_JOB,
  payload: z.null(),
  async run(archive, _payload, job) {
    // compact() writes out pending documents and merges every run that is due (the rest waits for compact-index).
    await archive.backend.transaction(async (tx) => {
      await tx.search.compact();
      await job.completeIn(tx);
    });
  },
});

/**
 * Runs the merges queued so far, here (the end of `dossier import`, which
 * may run where no worker or server runs the jobs): an import of many
 * batches leaves the index merged as if they had been merged on the way.
 * A merge another process holds is left to it. How many ran.
 */
export async function runQueuedMerges(archive: Archive, log?: (line: string) => void): Promise<number> {
  const runner = new JobRunner(archive, [mergeIndexJob], { log });
  let ran = 0;
  while (await runner.runOnce()) ran++;
  return ran;
}
