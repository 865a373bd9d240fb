/**
 * Scheduled publication as a recurring job: every half minute, the
 * documents whose publish-at time has come are published (editorial.ts's
 * publishDue). Each document is published in its own transaction with its
 * schedule row removed, so a run cut short leaves the rest for the next,
 * and one run after another publishes nothing twice. A period with nothing
 * due queues no job.
 * @module
 */
import { z } from 'zod';
import { Editorial } from '../editorial.js';
import { defineJob } from './job-kind.js';

export const publishDueJob = defineJob({
  kind: 'publish-due',
  payload: z.null(),
  everyMs: 30_000,
  async due(archive, now) {
    return (await archive.backend.editors.listSchedule(now.toISOString())).length > 0;
  },
  async run(archive) {
    await new Editorial(archive).publishDue();
  },
});
