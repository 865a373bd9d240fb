/**
 * The bulk download files (/data) made by a job: a web process that finds
 * them older than the archive queues one (keyed by the change marker, so a
 * thousand requests queue it once) and goes on serving the files it has;
 * a worker, or the server's own runner, writes the new generation into the
 * folder the site serves them from. A job that finds the files already
 * current does nothing, so one run after another costs nothing.
 * @module
 */
import { z } from 'zod';
import type { Archive } from '../services/archive.js';
import { defineJob } from '../services/jobs/job-kind.js';
import { queueJob } from '../services/jobs/queue-job.js';
import { BULK_FORMAT, readBulkManifest, writeBulkFiles } from './bulk-files.js';

export const BULK_FILES_JOB = 'bulk-files';

/** The job kind, writing into `dir` (the data folder's `bulk/`). */
export function bulkFilesJob(dir: string) {
  return defineJob({
    kind: BULK_FILES_JOB,
    payload: z.object({ origin: z.string().url() }),
    async run(archive, { origin }) {
      const { marker } = await archive.changeMarker();
      const current = await readBulkManifest(dir);
      if (current?.marker === marker && current.format === BULK_FORMAT) return;
      await writeBulkFiles(archive, dir, { marker, origin });
    },
  });
}

/** Queues a build of the files for the archive as it is at `marker`; once per marker. */
export async function queueBulkFiles(archive: Archive, marker: string, origin: string): Promise<void> {
  await queueJob(archive, { kind: BULK_FILES_JOB, key: `${BULK_FILES_JOB}@${marker}`, payload: { origin } });
}
