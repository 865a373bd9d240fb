/**
 * Index compaction as a recurring job: every five minutes, documents
 * written a few at a time (editors' saves) are written out of their
 * pending rows into a segment, and once replaced documents make up a fifth
 * of the index it is merged whole, dropping them (SearchIndex.compact).
 * Searches read pending rows and skip replaced ones either way, so this
 * only keeps reads fast; it runs in a transaction of its own, so a run cut
 * short leaves the index as it was.
 * @module
 */
import { z } from 'zod';
import { defineJob } from './job-kind.js';

export const compactIndexJob = defineJob({
  kind: 'compact-index',
  payload: z.null(),
  everyMs: 5 * 60_000,
  async run(archive) {
    await archive.backend.transaction((tx) => tx.search.compact());
  },
});
