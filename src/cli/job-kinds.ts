/**
 * Every kind of job the archive has, for the runners: `dossier worker`, and
 * `dossier serve`'s own runner on SQLite. Kept here, above the services and
 * the importers, because some kinds (the bulk download files) are made by
 * the importers' side.
 * @module
 */
import type { JobKind } from '../services/jobs/job-kind.js';
import { compactIndexJob } from '../services/jobs/compact-index-job.js';
import { publishDueJob } from '../services/jobs/publish-due-job.js';

export const JOB_KINDS: readonly JobKind<any>[] = [publishDueJob, compactIndexJob];
