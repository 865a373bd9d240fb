import { beforeAll, describe, expect, it } from 'vitest';
import { openTestArchive } from '../../test/helpers.js';
import { loadDemo } from '../ingest/demo.js';
import type { Archive } from './archive.js';
import { PageParts } from './page-parts.js';
import { SIMILAR_CANDIDATES, SimilarDocuments } from './similar-documents.js';

let archive: Archive;
beforeAll(async () => {
  archive = await openTestArchive();
  await loadDemo(archive);
});

const marker = async () => (await archive.backend.store.changeMarker()).marker;
const published = async () => (await archive.backend.store.listDocuments({ limit: 1000 })).items.map((d) => d.id);

describe('similar documents kept per version of the archive', () => {
  it('answers as the Store does for every document, then from memory, then in another process from the catalog', async () => {
    const { store } = archive.backend;
    const ids = await published();
    expect(ids.length).toBeGreaterThan(20);
    const parts = new PageParts(archive);
    const similar = new SimilarDocuments(parts, marker);
    let someShared = 0;
    for (const id of ids) {
      const expected = await store.similarDocuments(id, SIMILAR_CANDIDATES);
      someShared += expected.length;
      expect(await similar.of(id), id).toEqual(expected);
    }
    expect(someShared).toBeGreaterThan(0);

    // This process asks the Store no more; another process reads the rows (a row marked here shows through).
    const similarDocuments = store.similarDocuments.bind(store);
    let counted = 0;
    store.similarDocuments = (id, limit) => (counted++, similarDocuments(id, limit));
    try {
      for (const id of ids) await similar.of(id);
      await parts.flush();
      const key = `${await marker()}/${SIMILAR_CANDIDATES}`;
      await archive.backend.transaction((tx) => tx.store.putPagePart(ids[0]!, 'similar', key, JSON.stringify([{ id: 'marked', shared: 9 }])));
      const other = new SimilarDocuments(new PageParts(archive), marker);
      expect(await other.of(ids[0]!)).toEqual([{ id: 'marked', shared: 9 }]);
      for (const id of ids.slice(1)) expect(await other.of(id), id).toEqual(await similarDocuments(id, SIMILAR_CANDIDATES));
      expect(counted).toBe(0);
    } finally {
      store.similarDocuments = similarDocuments;
    }
  });

  it('counts again after any write, in every process, and never names a document taken back to draft', async () => {
    const { store } = archive.backend;
    const ids = await published();
    const firstParts = new PageParts(archive);
    const first = new SimilarDocuments(firstParts, marker);
    const second = new SimilarDocuments(new PageParts(archive), marker);
    const withSimilar = [];
    for (const id of ids) if ((await store.similarDocuments(id, SIMILAR_CANDIDATES)).length > 0) withSimilar.push(id);
    for (const id of withSimilar) await Promise.all([first.of(id), second.of(id)]);
    await firstParts.flush();
    const named = (await store.similarDocuments(withSimilar[0]!, SIMILAR_CANDIDATES))[0]!.id;
    const doc = (await store.getDocument(named))!;
    await archive.save({ kind: 'document', ...doc, status: 'draft' }, { actor: 'test' });
    for (const process of [first, second]) {
      for (const id of withSimilar.filter((i) => i !== named)) {
        const now = await process.of(id);
        expect(now, id).toEqual(await store.similarDocuments(id, SIMILAR_CANDIDATES));
        expect(now.map((s) => s.id)).not.toContain(named);
      }
    }
  });
});
