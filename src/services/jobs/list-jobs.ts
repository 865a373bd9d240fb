/**
 * The queue as an operator reads it (`dossier jobs`): newest first, by
 * status and kind, with each job's attempts and last error.
 * @module
 */
import type { JobQuery, JobRow } from '../../backends/job-queue.js';
import type { Archive } from '../archive.js';

export function listJobs(archive: Archive, query: JobQuery): Promise<JobRow[]> {
  return archive.backend.jobs.list(query);
}
