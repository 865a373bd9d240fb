import { beforeAll, describe, expect, it } from 'vitest';
import { openTestArchive } from '../../test/helpers.js';
import { loadDemo } from '../ingest/demo.js';
import type { Archive } from './archive.js';

let archive: Archive;
beforeAll(async () => {
  archive = await openTestArchive();
  await loadDemo(archive);
});

describe('a document page’s details', () => {
  it('are the same whether the collection records are read per page or handed in from memory', async () => {
    const collections = await archive.backend.store.listCollections();
    let reads = 0;
    const docs = (await archive.backend.store.listDocuments({ limit: 1000 })).items;
    expect(docs.length).toBeGreaterThan(20);
    let withTrail = 0;
    for (const d of docs) {
      const read = await archive.document(d.id);
      const handed = await archive.document(d.id, { collections: async () => (reads++, collections) });
      expect(handed, d.id).toEqual(read);
      if (read.trail.length > 1) withTrail++;
    }
    expect(reads).toBe(docs.length);
    // Nested collections are among them, so the breadcrumb's walk up is compared too.
    expect(withTrail).toBeGreaterThan(0);
  });
});
