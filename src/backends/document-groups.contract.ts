/**
 * `Store.putDocuments` against `putDocument`: the same documents written in
 * one group into one store and one at a time into another must leave the two
 * catalogs alike — outcomes, slugs (titles repeat, within the group and
 * against what is stored), change numbers, revision numbers, links, the
 * change marker. Every database runs it beside the Store contract.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Document } from '../domain/document.js';
import { makeAuthority, makeCollection, makeDocument, type OpenStore } from './store.contract.js';
import type { ChangeMeta, Store } from './store.js';

const at = (day: number): ChangeMeta => ({ actor: 'import:test', note: `day ${day}`, at: `2025-01-${String(day).padStart(2, '0')}T00:00:00.000Z` });

/** Everything a store says about the given documents that writing them could have changed. */
async function catalog(store: Store, ids: string[]) {
  const docs = await store.getDocuments(ids);
  return {
    documents: ids.map((id) => docs.get(id)),
    revisions: await Promise.all(ids.map(async (id) => (await store.listRevisions('document', id)).map((r) => [r.revision, r.changedAt, r.actor, r.note]))),
    changes: (await store.listDocumentChanges(0, 1000)).map((c) => [c.id, c.seq, c.status]),
    marker: (await store.changeMarker()).marker,
    byPerson: (await store.listDocuments({ ref: { kind: 'person', id: 'mao' }, limit: 100, status: 'any' })).items.map((d) => d.id),
    inCollection: (await store.listDocuments({ collection: 'vol', limit: 100, order: 'collection' })).items.map((d) => [d.id, d.slug]),
    related: await store.listRelatedTo('d1'),
  };
}

export function runDocumentGroupsContract(name: string, open: () => Promise<OpenStore>): void {
  describe(`Store.putDocuments: ${name}`, () => {
    let one: OpenStore;
    let group: OpenStore;
    beforeEach(async () => {
      one = await open();
      group = await open();
      for (const { store } of [one, group]) {
        await store.putCollection(makeCollection({ id: 'vol' }), at(1));
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'mao', name: 'Mao Zedong' }), at(1));
        // Already stored before the group: a title the group repeats, and documents it changes or leaves alone.
        await store.putDocument(makeDocument({ id: 'old', title: 'Telegram to Peking' }), at(2));
        await store.putDocument(makeDocument({ id: 'same', title: 'Unchanged memo', collections: [{ id: 'vol' }] }), at(2));
        await store.putDocument(makeDocument({ id: 'edited', title: 'Draft note', status: 'draft' }), at(2));
      }
    });
    afterEach(async () => {
      await one.close();
      await group.close();
    });

    it('leaves the catalog as writing the documents one at a time does', async () => {
      const docs: Document[] = [
        makeDocument({ id: 'd1', title: 'Telegram to Peking', collections: [{ id: 'vol', position: 2 }], agents: [{ id: 'mao', role: 'creator' }] }),
        makeDocument({ id: 'd2', title: 'Telegram to Peking', date: '1950-02', related: [{ id: 'd1', relation: 'reply to' }] }),
        makeDocument({ id: 'same', title: 'Unchanged memo', collections: [{ id: 'vol' }] }),
        makeDocument({ id: 'edited', title: 'Note, published', status: 'published', agents: [{ id: 'mao', role: 'mentioned' }, { id: 'mao', role: 'creator' }] }),
        makeDocument({ id: 'd3', title: 'Telegram to Peking', slug: 'chosen-slug', collections: [{ id: 'vol', position: 1 }] }),
        makeDocument({ id: 'd4', title: 'Telegram to Peking', date: '1950' }),
        // The same id again: written after its first version, as a second write would be.
        makeDocument({ id: 'd2', title: 'Telegram to Peking', date: '1950-03', related: [{ id: 'd1' }] }),
      ];
      const singly = [];
      for (const d of docs) singly.push(await one.store.putDocument(d, at(3)));
      const together = await group.store.putDocuments(docs, at(3));

      expect(together.map((r) => r.outcome)).toEqual(['created', 'created', 'unchanged', 'updated', 'created', 'created', 'updated']);
      expect(together).toEqual(singly);
      expect(together.map((r) => r.document.slug)).toEqual(['telegram-to-peking-2', 'telegram-to-peking-3', 'unchanged-memo', 'draft-note', 'chosen-slug', 'telegram-to-peking-4', 'telegram-to-peking-3']);
      const ids = ['old', 'same', 'edited', 'd1', 'd2', 'd3', 'd4'];
      expect(await catalog(group.store, ids)).toEqual(await catalog(one.store, ids));
    });

    it('writes nothing for an empty group or a group of unchanged documents, and counts no change', async () => {
      const before = await group.store.changeMarker();
      expect(await group.store.putDocuments([], at(3))).toEqual([]);
      const same = await group.store.putDocuments([makeDocument({ id: 'same', title: 'Unchanged memo', collections: [{ id: 'vol' }] })], at(3));
      expect(same.map((r) => r.outcome)).toEqual(['unchanged']);
      expect((await group.store.changeMarker()).marker).toBe(before.marker);
    });

    it('writes a group larger than one statement holds, in order', async () => {
      const docs = Array.from({ length: 160 }, (_, i) => makeDocument({ id: `n${String(i).padStart(3, '0')}`, title: i % 3 ? `Note ${i}` : 'Memorandum', agents: [{ id: 'mao', role: 'creator' }] }));
      for (const d of docs) await one.store.putDocument(d, at(4));
      const written = await group.store.putDocuments(docs, at(4));
      expect(written.filter((r) => r.outcome === 'created')).toHaveLength(160);
      expect(written.find((r) => r.document.id === 'n159')?.document.slug).toBe('memorandum-54');
      const ids = docs.map((d) => d.id);
      expect(await catalog(group.store, ids)).toEqual(await catalog(one.store, ids));
    });

    it("numbers a title's slug after the highest taken suffix, counting a slug the group gives up and none of another title's", async () => {
      const stored = [
        makeDocument({ id: 'm1', title: 'Memo' }),
        makeDocument({ id: 'm2', title: 'Memo' }),
        makeDocument({ id: 'm3', title: 'Memo' }),
        makeDocument({ id: 'm4', title: 'Memo 12 b' }),
        makeDocument({ id: 'm5', title: 'Memo, and more' }),
      ];
      for (const { store } of [one, group]) for (const d of stored) await store.putDocument(d, at(5));
      const docs = [
        makeDocument({ id: 'n1', title: 'Memo' }),
        makeDocument({ id: 'm3', title: 'Memo', slug: 'memo-three' }),
        makeDocument({ id: 'n2', title: 'Memo' }),
        makeDocument({ id: 'n3', title: 'Memo 7' }),
        makeDocument({ id: 'n4', title: 'Memo' }),
      ];
      const singly = [];
      for (const d of docs) singly.push(await one.store.putDocument(d, at(6)));
      const together = await group.store.putDocuments(docs, at(6));
      expect(together).toEqual(singly);
      // memo-3 is given up before n2 is written; memo-12-b and memo-and-more are other titles' slugs; memo-7 is a suffix of memo.
      expect(together.map((r) => r.document.slug)).toEqual(['memo-4', 'memo-three', 'memo-5', 'memo-7', 'memo-8']);
      const ids = [...stored, ...docs].map((d) => d.id);
      expect(await catalog(group.store, ids)).toEqual(await catalog(one.store, ids));
    });
  });
}
