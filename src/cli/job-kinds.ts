/**
 * Every kind of job the archive has, for the runners: `dossier worker`, and
 * `dossier serve`'s own. Kept here, above the services and the importers,
 * because some kinds (the bulk download files) are made by the importers'
 * side, and some need where the data folder is.
 * @module
 */
import { join } from 'node:path';
import { bulkFilesJob } from '../ingest/bulk-files-job.js';
import { citationsJob } from '../services/jobs/citations-job.js';
import { compactIndexJob } from '../services/jobs/compact-index-job.js';
import type { JobKind } from '../services/jobs/job-kind.js';
import { mergeIndexJob } from '../services/jobs/merge-index-job.js';
import { publishDueJob } from '../services/jobs/publish-due-job.js';
import { scanDerivativesJob } from '../services/jobs/scan-derivatives-job.js';
import { FilesystemMediaStorage, type MediaStorage } from '../services/media-storage.js';
import { documentPath } from '../web/urls.js';

/** Names of every kind, for help texts and checking `--only`. */
export const JOB_KIND_NAMES = ['publish-due', 'compact-index', 'merge-index', 'bulk-files', 'scan-derivatives', 'citations'] as const;

/**
 * The kinds for an archive whose data folder is `dataDir` (none on disk for `:memory:`); scans are read from and
 * written to `media` (the process's storage: a bucket when DOSSIER_MEDIA_URL names one), else the folder's media/.
 */
export function jobKinds(dataDir: string, media?: MediaStorage): JobKind<any>[] {
  const kinds: JobKind<any>[] = [publishDueJob, compactIndexJob, mergeIndexJob, citationsJob((id) => `https://archive.invalid${documentPath(id)}`)];
  // The folders `dossier serve` uses beside the archive (web/app.tsx), so a worker given the same --data writes where the site reads.
  if (dataDir !== ':memory:') kinds.push(bulkFilesJob(join(dataDir, 'bulk')), scanDerivativesJob(media ?? new FilesystemMediaStorage(join(dataDir, 'media'))));
  return kinds;
}
