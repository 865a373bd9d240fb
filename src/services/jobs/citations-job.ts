/**
 * Documents' citations formatted ahead of their pages, as a recurring job:
 * every minute, when some published document has none kept (an import, a
 * publication), up to twenty seconds of formatting, a slice at a time so a
 * server running it answers its requests in between (page-citations.ts).
 * One runner does it for every web process (`serve --workers`, `dossier
 * worker`), and a run cut short loses nothing: what it kept is kept, the rest
 * is found again by the next. The parts are derived data, so the job is
 * safe to run twice.
 * @module
 */
import { z } from 'zod';
import { CITATIONS_PART } from '../citation-memo.js';
import { makeMissingCitations } from '../page-citations.js';
import { defineJob } from './job-kind.js';

export const CITATIONS_JOB = 'citations';

/** `documentUrl`: a document's stable URL as its page gives it (web/urls.ts), any origin. */
export function citationsJob(documentUrl: (id: string) => string) {
  return defineJob({
    kind: CITATIONS_JOB,
    payload: z.null(),
    everyMs: 60_000,
    async due(archive) {
      return (await archive.backend.store.documentsWithoutPagePart(CITATIONS_PART, { limit: 1 })).length > 0;
    },
    async run(archive) {
      await makeMissingCitations(archive, { documentUrl });
    },
  });
}
