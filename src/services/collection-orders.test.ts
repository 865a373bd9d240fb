import { beforeAll, describe, expect, it } from 'vitest';
import { openTestArchive } from '../../test/helpers.js';
import { loadDemo } from '../ingest/demo.js';
import type { Archive } from './archive.js';
import { CollectionOrders } from './collection-orders.js';

let archive: Archive;
beforeAll(async () => {
  archive = await openTestArchive();
  await loadDemo(archive);
});

/** Every (collection, document) pair of the published documents, as a document page asks for them. */
async function pairs() {
  const { store } = archive.backend;
  const collections = new Map((await store.listCollections()).map((c) => [c.id, c]));
  const docs = [...(await store.getDocuments((await store.listDocuments({ limit: 1000 })).items.map((d) => d.id))).values()];
  return docs.flatMap((d) => d.collections.map((c) => ({ collection: collections.get(c.id)!, id: d.id })).filter((p) => p.collection));
}

function countingReads() {
  const { store } = archive.backend;
  const listDocuments = store.listDocuments.bind(store);
  const reads = { n: 0 };
  store.listDocuments = (q) => (reads.n++, listDocuments(q));
  return { reads, restore: () => void (store.listDocuments = listDocuments) };
}

describe('collection orders kept per version of the archive', () => {
  it('place every document as the Store does, reading each collection once per version', async () => {
    const all = await pairs();
    const collections = new Set(all.map((p) => p.collection.id));
    expect(all.length).toBeGreaterThan(20);
    expect([...new Set(all.map((p) => p.collection.order))]).toContain('manual');
    const orders = new CollectionOrders(archive, async () => 'v1');
    const tooSmall = new CollectionOrders(archive, async () => 'v1', { maxPerCollection: 1 });
    const { reads, restore } = countingReads();
    try {
      for (const { collection, id } of all) {
        const expected = await archive.backend.store.collectionNeighbours(collection.id, id, collection.order === 'manual' ? 'collection' : 'date');
        expect(await orders.neighbours(collection, id), `${collection.id} ${id}`).toEqual(expected);
        // A collection too large to keep is answered by the Store.
        expect(await tooSmall.neighbours(collection, id)).toEqual(expected);
      }
      // Once per collection for each memo; the one that keeps nothing learns that once per collection too.
      expect(reads.n).toBe(collections.size * 2);
    } finally {
      restore();
    }
  });

  it('forget an order when the archive changes, and never place a document withdrawn since', async () => {
    const { store } = archive.backend;
    const orders = new CollectionOrders(archive, async () => (await archive.changeMarker()).marker);
    const pair = (await pairs()).find((p) => p.collection.order !== 'manual')!;
    const before = (await orders.neighbours(pair.collection, pair.id))!;
    expect(before.total).toBeGreaterThan(2);
    const other = (before.next ?? before.previous)!;
    const doc = (await store.getDocument(other.id))!;
    await store.putDocument({ ...doc, status: 'withdrawn', withdrawnReason: 'Returned to the depositor' }, { actor: 'test' });
    const after = (await orders.neighbours(pair.collection, pair.id))!;
    expect(after).toEqual(await store.collectionNeighbours(pair.collection.id, pair.id, 'date'));
    expect(after.total).toBe(before.total - 1);
    expect([after.previous?.id, after.next?.id]).not.toContain(other.id);
    expect(await orders.neighbours(pair.collection, other.id)).toBeUndefined();
  });

  it('hold at most the documents they are allowed, the least recently used collection going first', async () => {
    // A crawler's order: one collection after another.
    const all = (await pairs()).sort((a, b) => a.collection.id.localeCompare(b.collection.id));
    const sizes = new Map<string, number>();
    for (const { collection, id } of all) sizes.set(collection.id, (await archive.backend.store.collectionNeighbours(collection.id, id, 'date'))?.total ?? 0);
    const largest = Math.max(...sizes.values());
    const orders = new CollectionOrders(archive, async () => 'v1', { maxDocuments: largest });
    const { reads, restore } = countingReads();
    try {
      for (const { collection, id } of all) await orders.neighbours(collection, id);
      const first = reads.n;
      for (const { collection, id } of all) {
        expect(await orders.neighbours(collection, id)).toEqual(await archive.backend.store.collectionNeighbours(collection.id, id, collection.order === 'manual' ? 'collection' : 'date'));
      }
      // Not everything fits, so the second sweep reads some collections again, and still answers right.
      expect(first).toBe(sizes.size);
      expect(reads.n).toBeGreaterThan(first);
    } finally {
      restore();
    }
  });
});
