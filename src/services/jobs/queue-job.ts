/**
 * Queueing a job from a request or a command: the one way the web and the
 * CLI put work on the queue (backends/job-queue.ts), stamped with the time.
 * @module
 */
import type { NewJob } from '../../backends/job-queue.js';
import type { Archive } from '../archive.js';

export function queueJob(archive: Archive, job: NewJob): Promise<{ id: string; queued: boolean }> {
  return archive.backend.jobs.enqueue(job, new Date().toISOString());
}
