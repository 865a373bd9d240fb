/**
 * The behaviour every Store must have, written once. Each database's test
 * file runs it: `runStoreContract('sqlite', () => openSqliteBackend(':memory:'))`.
 * Transactions and savepoints are the Backend's (backend.contract.ts).
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import { authoritySchema, type Authority } from '../domain/authority.js';
import { collectionSchema, type Collection } from '../domain/collection.js';
import { documentSchema, type Document, type DocumentInput } from '../domain/document.js';

export function makeDocument(input: Partial<DocumentInput> & { id: string }): Document {
  return documentSchema.parse({ title: `Document ${input.id}`, ...input });
}
export function makeCollection(input: Partial<Collection> & { id: string }): Collection {
  return collectionSchema.parse({ kind: 'collection', title: `Collection ${input.id}`, ...input });
}
export function makeAuthority(input: Record<string, unknown> & { kind: string; id: string; name: string }): Authority {
  return authoritySchema.parse(input);
}

const change = { actor: 'test' };

/** What the suite opens for each test: a fresh, empty store and a way to close it (a Backend is one). */
export interface OpenStore {
  store: Store;
  close(): Promise<void>;
}

export function runStoreContract(name: string, open: () => Promise<OpenStore>): void {
  describe(`Store contract: ${name}`, () => {
    let opened: OpenStore;
    let store: Store;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    describe('documents', () => {
      it('stores a document and returns it whole, filling the fields the archive manages', async () => {
        const doc = makeDocument({ id: 'doc-1', title: 'Cable from Tokyo', date: '1984-03-25', summary: 'A cable.' });
        const { outcome, document } = await store.putDocument(doc, { ...change, at: '2025-01-02T03:04:05.000Z' });
        expect(outcome).toBe('created');
        expect(document.slug).toBe('cable-from-tokyo');
        expect(document.uploadedAt).toBe('2025-01-02T03:04:05.000Z');
        expect(document.publishedAt).toBe('2025-01-02T03:04:05.000Z');
        expect(document.updatedAt).toBe('2025-01-02T03:04:05.000Z');
        expect(await store.getDocument('doc-1')).toEqual(document);
        expect(await store.getDocument('missing')).toBeUndefined();
      });

      it('reports an identical write as unchanged, and a changed one as updated with a new revision', async () => {
        const doc = makeDocument({ id: 'doc-1', title: 'Memo' });
        await store.putDocument(doc, { ...change, at: '2025-01-01T00:00:00.000Z' });
        const again = await store.putDocument(doc, { ...change, at: '2025-02-01T00:00:00.000Z' });
        expect(again.outcome).toBe('unchanged');
        expect(again.document.updatedAt).toBe('2025-01-01T00:00:00.000Z');
        const changed = await store.putDocument({ ...doc, summary: 'Now with a summary.' }, { actor: 'editor', note: 'summary', at: '2025-03-01T00:00:00.000Z' });
        expect(changed.outcome).toBe('updated');
        expect(changed.document.updatedAt).toBe('2025-03-01T00:00:00.000Z');
        expect(changed.document.uploadedAt).toBe('2025-01-01T00:00:00.000Z');
        expect(changed.document.slug).toBe('memo');
        const revisions = await store.listRevisions('document', 'doc-1');
        expect(revisions.map((r) => [r.revision, r.actor, r.note])).toEqual([
          [2, 'editor', 'summary'],
          [1, 'test', undefined],
        ]);
        expect(await store.getRevision('document', 'doc-1', 1)).toMatchObject({ id: 'doc-1', title: 'Memo' });
      });

      it('keeps a slug stable when the title changes, and never gives two documents one slug', async () => {
        await store.putDocument(makeDocument({ id: 'a', title: 'Joint Communiqué' }), change);
        const b = await store.putDocument(makeDocument({ id: 'b', title: 'Joint Communiqué' }), change);
        expect(b.document.slug).toBe('joint-communique-2');
        const renamed = await store.putDocument(makeDocument({ id: 'a', title: 'Joint Communique (corrected)' }), change);
        expect(renamed.document.slug).toBe('joint-communique');
        expect(await store.findDocumentIdBySlug('joint-communique-2')).toBe('b');
      });

      it('lists published documents in chronological order, coarse dates first within their year, undated last', async () => {
        const docs = [
          makeDocument({ id: 'd-undated' }),
          makeDocument({ id: 'd-1955-03-02', date: '1955-03-02' }),
          makeDocument({ id: 'd-1955', date: '1955' }),
          makeDocument({ id: 'd-1948-06', date: '1948-06' }),
          makeDocument({ id: 'd-draft', date: '1940', status: 'draft' }),
          makeDocument({ id: 'd-withdrawn', date: '1941', status: 'withdrawn', withdrawnReason: 'Rights' }),
        ];
        for (const d of docs) await store.putDocument(d, change);
        const page = await store.listDocuments({ limit: 10 });
        expect(page.items.map((d) => d.id)).toEqual(['d-1948-06', 'd-1955', 'd-1955-03-02', 'd-undated']);
        expect(page.total).toBe(4);
        const desc = await store.listDocuments({ limit: 10, order: 'date-desc' });
        expect(desc.items.map((d) => d.id)).toEqual(['d-1955-03-02', 'd-1955', 'd-1948-06', 'd-undated']);
        const all = await store.listDocuments({ limit: 10, status: 'any' });
        expect(all.total).toBe(6);
        const drafts = await store.listDocuments({ limit: 10, status: 'draft' });
        expect(drafts.items.map((d) => d.id)).toEqual(['d-draft']);
        const second = await store.listDocuments({ limit: 2, offset: 2 });
        expect(second.items.map((d) => d.id)).toEqual(['d-1955-03-02', 'd-undated']);
        expect(second.total).toBe(4);
      });

      it('lists a collection in date order, or in the editors’ order', async () => {
        await store.putCollection(makeCollection({ id: 'c' }), change);
        await store.putDocument(makeDocument({ id: 'x', date: '1960', collections: [{ id: 'c', position: 2 }] }), change);
        await store.putDocument(makeDocument({ id: 'y', date: '1950', collections: [{ id: 'c' }] }), change);
        await store.putDocument(makeDocument({ id: 'z', date: '1970', collections: [{ id: 'c', position: 1 }] }), change);
        await store.putDocument(makeDocument({ id: 'outside', date: '1940' }), change);
        const byDate = await store.listDocuments({ collection: 'c', limit: 10 });
        expect(byDate.items.map((d) => d.id)).toEqual(['y', 'x', 'z']);
        const manual = await store.listDocuments({ collection: 'c', order: 'collection', limit: 10 });
        expect(manual.items.map((d) => d.id)).toEqual(['z', 'x', 'y']);
        expect((await store.countCollectionDocuments()).get('c')).toBe(3);
      });

      it('counts the documents of a collection and its sections, each once, published only', async () => {
        await store.putCollection(makeCollection({ id: 'top' }), change);
        await store.putCollection(makeCollection({ id: 'sec-a', parent: 'top' }), change);
        await store.putCollection(makeCollection({ id: 'sec-b', parent: 'top' }), change);
        await store.putCollection(makeCollection({ id: 'sub', parent: 'sec-a' }), change);
        await store.putDocument(makeDocument({ id: 'one', collections: [{ id: 'top' }, { id: 'sec-a' }, { id: 'sub' }] }), change);
        await store.putDocument(makeDocument({ id: 'two', collections: [{ id: 'sec-b' }] }), change);
        await store.putDocument(makeDocument({ id: 'three', collections: [{ id: 'sub' }] }), change);
        await store.putDocument(makeDocument({ id: 'draft', status: 'draft', collections: [{ id: 'sub' }] }), change);
        const all = await store.countCollectionDocuments({ withSubcollections: true });
        expect(Object.fromEntries(['top', 'sec-a', 'sec-b', 'sub'].map((id) => [id, all.get(id)]))).toEqual({ top: 3, 'sec-a': 2, 'sec-b': 1, sub: 2 });
        const direct = await store.countCollectionDocuments();
        expect(direct.get('top')).toBe(1);
      });

      it('finds the documents that refer to an authority', async () => {
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'zhou-enlai', name: 'Zhou Enlai' }), change);
        await store.putDocument(makeDocument({ id: 'p1', agents: [{ id: 'zhou-enlai', role: 'creator' }] }), change);
        await store.putDocument(makeDocument({ id: 'p2', agents: [{ id: 'zhou-enlai', role: 'mentioned' }, { id: 'zhou-enlai', role: 'creator' }] }), change);
        await store.putDocument(makeDocument({ id: 'p3' }), change);
        const page = await store.listDocuments({ ref: { kind: 'person', id: 'zhou-enlai' }, limit: 10 });
        expect(page.items.map((d) => d.id)).toEqual(['p1', 'p2']);
        expect(page.total).toBe(2);
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'mao', name: 'Mao' }), change);
        await store.putDocument(makeDocument({ id: 'p4', agents: [{ id: 'mao' }, { id: 'zhou-enlai' }] }), change);
        await store.putDocument(makeDocument({ id: 'p5', agents: [{ id: 'mao' }] }), change);
        const either = await store.listDocuments({ ref: { kind: 'person', id: ['zhou-enlai', 'mao'] }, limit: 10 });
        expect(either.items.map((d) => d.id)).toEqual(['p1', 'p2', 'p4', 'p5']);
        expect((await store.listDocuments({ ref: { kind: 'person', id: [] }, limit: 10 })).total).toBe(0);
      });

      it('reads many documents at once, scans them all in batches, and follows relations backwards', async () => {
        for (let i = 0; i < 7; i++) {
          await store.putDocument(makeDocument({ id: `s${i}`, related: i > 0 ? [{ id: 's0', relation: 'reply to' }] : [] }), change);
        }
        const many = await store.getDocuments(['s1', 's3', 'nope', 's3']);
        expect([...many.keys()].sort()).toEqual(['s1', 's3']);
        const scanned: string[] = [];
        for await (const d of store.scanDocuments({ batchSize: 3 })) scanned.push(d.id);
        expect(scanned).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6']);
        expect(await store.listRelatedTo('s0')).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
      });

      it('reads documents with their content hash, and the hashes alone, which change with the content and not otherwise', async () => {
        await store.putDocument(makeDocument({ id: 'h1', title: 'First' }), change);
        await store.putDocument(makeDocument({ id: 'h2', status: 'draft' }), change);
        const read = await store.getHashedDocuments(['h1', 'h2', 'nope', 'h1']);
        expect([...read.keys()].sort()).toEqual(['h1', 'h2']);
        expect(read.get('h1')!.document).toEqual(await store.getDocument('h1'));
        expect(read.get('h1')!.size).toBeGreaterThan(JSON.stringify(read.get('h1')!.document.title).length);
        const hashes = await store.documentHashes(['h1', 'h2', 'nope']);
        expect(hashes).toEqual(new Map([['h1', read.get('h1')!.hash], ['h2', read.get('h2')!.hash]]));
        expect(hashes.get('h1')).not.toBe(hashes.get('h2'));
        // Written again unchanged: the same hash. Edited, or published: another.
        const h1 = (await store.getDocument('h1'))!;
        await store.putDocument(h1, change);
        expect((await store.documentHashes(['h1'])).get('h1')).toBe(hashes.get('h1'));
        await store.putDocument({ ...h1, title: 'Second' }, change);
        expect((await store.documentHashes(['h1'])).get('h1')).not.toBe(hashes.get('h1'));
        await store.putDocument({ ...(await store.getDocument('h2'))!, status: 'published' }, change);
        expect((await store.documentHashes(['h2'])).get('h2')).not.toBe(hashes.get('h2'));
      });

      it('deletes a document with its links, and records the deletion', async () => {
        await store.putCollection(makeCollection({ id: 'c' }), change);
        await store.putDocument(makeDocument({ id: 'gone', collections: [{ id: 'c' }] }), change);
        expect(await store.deleteDocument('gone', change)).toBe(true);
        expect(await store.deleteDocument('gone', change)).toBe(false);
        expect(await store.getDocument('gone')).toBeUndefined();
        expect((await store.countCollectionDocuments()).get('c')).toBeUndefined();
        expect((await store.listRevisions('document', 'gone')).map((r) => r.deleted)).toEqual([true, false]);
      });
    });

    describe('change order (harvesting and feeds)', () => {
      it('lists documents in the order this archive changed them, with its own clock, never drafts', async () => {
        await store.putCollection(makeCollection({ id: 'c' }), change);
        const at = (t: string) => ({ ...change, at: `2025-01-0${t}T00:00:00.000Z` });
        // updatedAt from the source says 1999; the datestamp is when this archive wrote it.
        await store.putDocument(makeDocument({ id: 'p1', updatedAt: '1999-01-01T00:00:00Z', collections: [{ id: 'c' }] }), at('1'));
        await store.putDocument(makeDocument({ id: 'd1', status: 'draft' }), at('2'));
        await store.putDocument(makeDocument({ id: 'w1', status: 'withdrawn' }), at('3'));
        await store.putDocument(makeDocument({ id: 'p2' }), at('4'));
        const statuses = ['published', 'withdrawn'] as const;
        const all = await store.listChanges({ statuses, limit: 10 });
        expect(all.map((c) => c.document.id)).toEqual(['p1', 'w1', 'p2']);
        expect(all[0]!.changedAt).toBe('2025-01-01T00:00:00.000Z');
        expect(await store.countChanges({ statuses: ['published'] })).toBe(2);
        expect(await store.earliestChange(statuses)).toBe('2025-01-01T00:00:00.000Z');

        // A change moves the document behind every position already handed out.
        await store.putDocument(makeDocument({ id: 'p1', title: 'Revised', collections: [{ id: 'c' }] }), at('5'));
        const after = await store.listChanges({ statuses, afterSeq: all[0]!.seq, limit: 10 });
        expect(after.map((c) => c.document.id)).toEqual(['w1', 'p2', 'p1']);
        const window = await store.listChanges({ statuses, changedFrom: '2025-01-03T00:00:00.000Z', changedBefore: '2025-01-05T00:00:00.000Z', limit: 10 });
        expect(window.map((c) => c.document.id)).toEqual(['w1', 'p2']);
        const newest = await store.listChanges({ statuses: ['published'], collections: ['c'], order: 'desc', limit: 1 });
        expect(newest.map((c) => [c.document.id, c.document.title])).toEqual([['p1', 'Revised']]);
        expect((await store.listChanges({ statuses, ids: ['p2', 'd1'], limit: 10 })).map((c) => c.document.id)).toEqual(['p2']);
        const stamps = await store.listChangeStamps({ statuses: ['published'], limit: 1, offset: 1 });
        expect(stamps).toEqual([{ id: 'p1', seq: after[2]!.seq, changedAt: '2025-01-05T00:00:00.000Z' }]);
      });
    });

    describe('change log', () => {
      it('lists documents by their latest change, leaving out drafts that were never published', async () => {
        await store.putDocument(makeDocument({ id: 'a' }), change);
        await store.putDocument(makeDocument({ id: 'secret', status: 'draft' }), change);
        await store.putDocument(makeDocument({ id: 'b' }), change);
        await store.putDocument(makeDocument({ id: 'a', title: 'Revised' }), change);
        const all = await store.listDocumentChanges(0, 10);
        expect(all.map((c) => c.id)).toEqual(['b', 'a']);
        expect(all[0]!.seq).toBeLessThan(all[1]!.seq);
        expect(await store.listDocumentChanges(all[0]!.seq, 10)).toMatchObject([{ id: 'a', status: 'published' }]);
        expect((await store.listDocumentChanges(0, 1)).map((c) => c.id)).toEqual(['b']);
        // Unpublishing a document is a change mirrors must see; withdrawing one too.
        await store.putDocument(makeDocument({ id: 'b', status: 'draft' }), change);
        await store.putDocument(makeDocument({ id: 'a', status: 'withdrawn' }), change);
        const later = await store.listDocumentChanges(all[1]!.seq, 10);
        expect(later.map((c) => [c.id, c.status])).toEqual([['b', 'draft'], ['a', 'withdrawn']]);
        expect(later[0]!.publishedAt).toBeTruthy();
      });
    });

    describe('browsing', () => {
      it('lists documents by the collections they are in, by date span, undated, and by an authority in one role', async () => {
        await store.putCollection(makeCollection({ id: 'a' }), change);
        await store.putCollection(makeCollection({ id: 'b' }), change);
        await store.putDocument(makeDocument({ id: 'd1', date: '1955-06-02', collections: [{ id: 'a' }], languages: ['ja'], translations: [{ language: 'en', html: '<p>x</p>' }] }), change);
        await store.putDocument(makeDocument({ id: 'd2', date: '1955', collections: [{ id: 'b' }], languages: ['en'] }), change);
        await store.putDocument(makeDocument({ id: 'd3', date: '1955/1956', collections: [{ id: 'a' }, { id: 'b' }] }), change);
        await store.putDocument(makeDocument({ id: 'd4', collections: [{ id: 'a' }] }), change);
        await store.putDocument(makeDocument({ id: 'd5', date: '1955-06', status: 'draft', collections: [{ id: 'a' }] }), change);
        const ids = async (q: Partial<Parameters<Store['listDocuments']>[0]>) =>
          (await store.listDocuments({ limit: 10, ...q })).items.map((d) => d.id);
        expect(await ids({ collections: ['a', 'b'] })).toEqual(['d2', 'd3', 'd1', 'd4']);
        expect(await ids({ collections: [] })).toEqual([]);
        expect(await ids({ dated: { from: '1955-01-01', to: '1955-12-31' } })).toEqual(['d2', 'd1']);
        expect(await ids({ dated: { from: '1955-06-01', to: '1955-06-30' } })).toEqual(['d1']);
        expect(await ids({ undated: true })).toEqual(['d4']);
        expect(await ids({ ref: { kind: 'language', id: 'ja', role: 'original' } })).toEqual(['d1']);
        expect(await ids({ ref: { kind: 'language', id: 'en', role: 'original' } })).toEqual(['d2']);
        expect(await ids({ ref: { kind: 'language', id: 'en' } })).toEqual(['d2', 'd1']);
      });

      it('counts published documents by decade, year and month, a document counting only in a span that holds its whole date', async () => {
        for (const [id, date] of [['a', '1955-06-02'], ['b', '1955-06'], ['c', '1955'], ['d', '1955/1956'], ['e', '1962-01-05'], ['f', '195X']] as const) {
          await store.putDocument(makeDocument({ id, date, collections: [] }), change);
        }
        await store.putDocument(makeDocument({ id: 'undated' }), change);
        await store.putDocument(makeDocument({ id: 'draft', date: '1955-06-03', status: 'draft' }), change);
        const decades = await store.dateHistogram({ unit: 'decade' });
        expect(decades).toEqual({ buckets: [{ key: '1950', count: 5 }, { key: '1960', count: 1 }], coarser: 0, undated: 1 });
        const years = await store.dateHistogram({ unit: 'year', from: '1950-01-01', to: '1959-12-31' });
        expect(years).toEqual({ buckets: [{ key: '1955', count: 3 }], coarser: 2, undated: 0 });
        const months = await store.dateHistogram({ unit: 'month', from: '1955-01-01', to: '1955-12-31' });
        expect(months).toEqual({ buckets: [{ key: '1955-06', count: 2 }], coarser: 1, undated: 0 });
      });

      it('counts documents per authority, each document once, published only', async () => {
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'p', name: 'P' }), change);
        await store.putAuthority(makeAuthority({ kind: 'place', id: 'x', name: 'X' }), change);
        await store.putDocument(makeDocument({ id: '1', agents: [{ id: 'p', role: 'creator' }, { id: 'p', role: 'mentioned' }], places: [{ id: 'x' }] }), change);
        await store.putDocument(makeDocument({ id: '2', agents: [{ id: 'p', role: 'mentioned' }] }), change);
        await store.putDocument(makeDocument({ id: '3', agents: [{ id: 'p', role: 'creator' }], status: 'draft' }), change);
        expect(await store.countDocumentsByRef('person')).toEqual(new Map([['p', 2]]));
        expect(await store.countDocumentsByRef('agent', 'creator')).toEqual(new Map([['p', 1]]));
        expect(await store.countDocumentsByRef('place')).toEqual(new Map([['x', 1]]));
      });

      it('finds a document’s neighbours in a collection’s date or editors’ order, skipping unpublished ones', async () => {
        await store.putCollection(makeCollection({ id: 'c' }), change);
        await store.putDocument(makeDocument({ id: 'n1', date: '1950', collections: [{ id: 'c', position: 3 }] }), change);
        await store.putDocument(makeDocument({ id: 'n2', date: '1951', collections: [{ id: 'c' }], status: 'draft' }), change);
        await store.putDocument(makeDocument({ id: 'n3', date: '1952', collections: [{ id: 'c', position: 1 }] }), change);
        await store.putDocument(makeDocument({ id: 'n4', date: '1953', collections: [{ id: 'c' }] }), change);
        const byDate = await store.collectionNeighbours('c', 'n3', 'date');
        expect(byDate).toMatchObject({ position: 2, total: 3, previous: { id: 'n1' }, next: { id: 'n4' } });
        const manual = await store.collectionNeighbours('c', 'n3', 'collection');
        expect(manual?.position).toBe(1);
        expect(manual?.previous).toBeUndefined();
        expect(manual?.next?.id).toBe('n1');
        expect(await store.collectionNeighbours('c', 'n2', 'date')).toBeUndefined();
        expect(await store.collectionNeighbours('c', 'nope', 'date')).toBeUndefined();
      });

      it('ranks documents by the people, places and subjects they share with one', async () => {
        for (const [kind, id] of [['person', 'p1'], ['person', 'p2'], ['place', 'x'], ['subject', 's']] as const) {
          await store.putAuthority(makeAuthority({ kind, id, name: id }), change);
        }
        await store.putDocument(makeDocument({ id: 'me', agents: [{ id: 'p1' }, { id: 'p2', role: 'creator' }], places: [{ id: 'x' }], subjects: ['s'] }), change);
        await store.putDocument(makeDocument({ id: 'three', date: '1960', agents: [{ id: 'p1' }, { id: 'p2' }], subjects: ['s'] }), change);
        await store.putDocument(makeDocument({ id: 'one', agents: [{ id: 'p1', role: 'creator' }, { id: 'p1' }] }), change);
        await store.putDocument(makeDocument({ id: 'hidden', agents: [{ id: 'p1' }, { id: 'p2' }], places: [{ id: 'x' }], status: 'draft' }), change);
        await store.putDocument(makeDocument({ id: 'none' }), change);
        expect(await store.similarDocuments('me', 10)).toEqual([{ id: 'three', shared: 3 }, { id: 'one', shared: 1 }]);
        expect(await store.similarDocuments('me', 1)).toEqual([{ id: 'three', shared: 3 }]);
      });

      it('ranks documents sharing as many by date, undated last, then by id, and counts each shared record once', async () => {
        for (const id of ['p1', 'p2']) await store.putAuthority(makeAuthority({ kind: 'person', id, name: id }), change);
        await store.putAuthority(makeAuthority({ kind: 'place', id: 'p1', name: 'A place with a person\'s id' }), change);
        await store.putDocument(makeDocument({ id: 'me', agents: [{ id: 'p1' }, { id: 'p2' }] }), change);
        const pair = [{ id: 'p1', role: 'creator' as const }, { id: 'p1' }, { id: 'p2' }];
        for (const [id, date] of [['b', '1950'], ['undated', undefined], ['a', '1950'], ['c', '1940-06'], ['a2', '1950']] as const) {
          await store.putDocument(makeDocument({ id, date, agents: pair }), change);
        }
        // The same id as another kind of record is another record: it is not one the document shares.
        await store.putDocument(makeDocument({ id: 'place-only', date: '1900', places: [{ id: 'p1' }], agents: [{ id: 'p2' }] }), change);
        expect(await store.similarDocuments('me', 10)).toEqual([
          { id: 'c', shared: 2 },
          { id: 'a', shared: 2 },
          { id: 'a2', shared: 2 },
          { id: 'b', shared: 2 },
          { id: 'undated', shared: 2 },
          { id: 'place-only', shared: 1 },
        ]);
        expect(await store.similarDocuments('me', 2)).toEqual([{ id: 'c', shared: 2 }, { id: 'a', shared: 2 }]);
        expect(await store.similarDocuments('nobody', 10)).toEqual([]);
      });

      it('changes its change marker on every write and deletion, and not on an unchanged write', async () => {
        const seen = [(await store.changeMarker()).marker];
        const next = async () => {
          const { marker, changedAt } = await store.changeMarker();
          expect(seen).not.toContain(marker);
          seen.push(marker);
          return changedAt;
        };
        await store.putDocument(makeDocument({ id: 'm' }), { ...change, at: '2025-05-01T00:00:00.000Z' });
        expect(await next()).toBe('2025-05-01T00:00:00.000Z');
        await store.putDocument(makeDocument({ id: 'm' }), change);
        expect((await store.changeMarker()).marker).toBe(seen.at(-1));
        await store.putCollection(makeCollection({ id: 'c' }), change);
        await next();
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'p', name: 'P' }), change);
        await next();
        await store.putSetting('site.name', 'Archive');
        await next();
        await store.deleteDocument('m', change);
        await next();
      });
    });

    describe('collections and authorities', () => {
      it('stores collections and reports unchanged writes', async () => {
        const c = makeCollection({ id: 'sino-japanese', title: 'Sino-Japanese Relations', description: '<p>Hi</p>' });
        expect((await store.putCollection(c, change)).outcome).toBe('created');
        expect((await store.putCollection(c, change)).outcome).toBe('unchanged');
        expect((await store.putCollection({ ...c, title: 'Japan and China' }, change)).outcome).toBe('updated');
        expect((await store.getCollection('sino-japanese'))?.title).toBe('Japan and China');
        expect((await store.listCollections()).map((x) => x.id)).toEqual(['sino-japanese']);
      });

      it('writes many collections as one after another would: outcomes, creation times, revisions, a repeated id', async () => {
        const volume = makeCollection({ id: 'vol', title: 'Volume' });
        const first = (await store.putCollection(volume, { ...change, at: '2020-01-01T00:00:00.000Z' })).collection;
        const written = await store.putCollections(
          [
            volume,
            makeCollection({ id: 'ch1', title: 'Chapter 1', parent: 'vol', position: 1 }),
            { ...volume, title: 'Volume, renamed' },
            makeCollection({ id: 'ch1', title: 'Chapter 1', parent: 'vol', position: 1 }),
          ],
          { ...change, at: '2021-01-01T00:00:00.000Z' },
        );
        expect(written.map((w) => [w.collection.id, w.outcome])).toEqual([['vol', 'unchanged'], ['ch1', 'created'], ['vol', 'updated'], ['ch1', 'unchanged']]);
        expect(written[0]!.collection).toEqual(first);
        const renamed = await store.getCollection('vol');
        expect(renamed).toMatchObject({ title: 'Volume, renamed', createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2021-01-01T00:00:00.000Z' });
        expect((await store.getCollection('ch1'))).toMatchObject({ parent: 'vol', position: 1, createdAt: '2021-01-01T00:00:00.000Z' });
        expect((await store.listRevisions('collection', 'vol')).map((r) => r.revision)).toEqual([2, 1]);
        expect((await store.listRevisions('collection', 'ch1')).map((r) => r.revision)).toEqual([1]);
        expect(await store.putCollections([], change)).toEqual([]);
      });

      it('finds authorities by any of their names, folded', async () => {
        const zhou = makeAuthority({
          kind: 'person',
          id: 'zhou-enlai',
          name: 'Zhou Enlai',
          variants: [{ name: 'Chou En-lai' }, { name: '周恩来', language: 'zh-Hans' }],
        });
        expect((await store.putAuthority(zhou, change)).outcome).toBe('created');
        expect((await store.putAuthority(zhou, change)).outcome).toBe('unchanged');
        await store.putAuthority(makeAuthority({ kind: 'place', id: 'lushun', name: 'Lüshun', variants: [{ name: 'Port Arthur' }] }), change);
        expect((await store.findAuthoritiesByName('person', 'chou enlai')).map((a) => a.id)).toEqual(['zhou-enlai']);
        expect((await store.findAuthoritiesByName('person', '周恩来')).map((a) => a.id)).toEqual(['zhou-enlai']);
        expect((await store.findAuthoritiesByName('place', 'LUSHUN')).map((a) => a.id)).toEqual(['lushun']);
        expect(await store.findAuthoritiesByName('place', 'Chou En-lai')).toEqual([]);
        expect((await store.getAuthority('person', 'zhou-enlai'))?.name).toBe('Zhou Enlai');
        expect(await store.getAuthority('place', 'zhou-enlai')).toBeUndefined();
        expect([...(await store.existingIds('person', ['zhou-enlai', 'lushun']))]).toEqual(['zhou-enlai']);
        const renamed = await store.putAuthority({ ...zhou, variants: [] } as Authority, change);
        expect(renamed.outcome).toBe('updated');
        expect(await store.findAuthoritiesByName('person', 'Chou En-lai')).toEqual([]);
        const page = await store.listAuthorities('person', { limit: 10 });
        expect(page.total).toBe(1);
        const fetched = await store.getAuthorities([{ kind: 'person', id: 'zhou-enlai' }, { kind: 'place', id: 'lushun' }]);
        expect(fetched.map((a) => a.id).sort()).toEqual(['lushun', 'zhou-enlai']);
      });

      it('writes many authorities as one after another would: outcomes, names, revisions, a repeated id', async () => {
        const zhou = makeAuthority({ kind: 'person', id: 'zhou', name: 'Zhou Enlai', variants: [{ name: 'Chou En-lai' }] });
        await store.putAuthority(zhou, change);
        const written = await store.putAuthorities(
          [
            zhou,
            { ...zhou, variants: [{ name: 'Premier Zhou' }] } as Authority,
            makeAuthority({ kind: 'place', id: 'zhou', name: 'Zhoukou' }),
            makeAuthority({ kind: 'person', id: 'mao', name: 'Mao Zedong', variants: [{ name: 'Mao Tse-tung' }, { name: 'Mao Zedong' }] }),
            makeAuthority({ kind: 'person', id: 'mao', name: 'Mao Zedong', variants: [{ name: 'Mao Tse-tung' }, { name: 'Mao Zedong' }] }),
          ],
          change,
        );
        expect(written.map((w) => [w.authority.kind, w.authority.id, w.outcome])).toEqual([
          ['person', 'zhou', 'unchanged'],
          ['person', 'zhou', 'updated'],
          ['place', 'zhou', 'created'],
          ['person', 'mao', 'created'],
          ['person', 'mao', 'unchanged'],
        ]);
        expect(await store.findAuthoritiesByName('person', 'Chou En-lai')).toEqual([]);
        expect((await store.findAuthoritiesByName('person', 'Premier Zhou')).map((a) => a.id)).toEqual(['zhou']);
        expect((await store.findAuthoritiesByName('person', 'Mao Tse-tung')).map((a) => a.id)).toEqual(['mao']);
        expect((await store.findAuthoritiesByName('place', 'zhoukou')).map((a) => a.id)).toEqual(['zhou']);
        expect((await store.listRevisions('person', 'zhou')).map((r) => r.revision)).toEqual([2, 1]);
        expect((await store.listRevisions('person', 'mao')).map((r) => r.revision)).toEqual([1]);
        expect((await store.listRevisions('place', 'zhou')).map((r) => r.revision)).toEqual([1]);
        expect(await store.putAuthorities([], change)).toEqual([]);
      });
    });

    describe('authority names and deletion', () => {
      it('finds authorities of several kinds by any of several names, folded', async () => {
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'chiang', name: 'Chiang Kai-shek', variants: [{ name: 'Jiang Jieshi' }, { name: '蔣介石' }] }), change);
        await store.putAuthority(makeAuthority({ kind: 'place', id: 'lushun', name: 'Lüshun', variants: [{ name: 'Port Arthur' }] }), change);
        await store.putAuthority(makeAuthority({ kind: 'subject', id: 'ports', name: 'Port Arthur' }), change);
        const found = await store.findAuthoritiesByNames(['person', 'place'], ['jiang jieshi', 'PORT ARTHUR', '蔣介石', 'nobody']);
        expect(found.map((a) => `${a.kind}:${a.id}`).sort()).toEqual(['person:chiang', 'place:lushun']);
        expect(await store.findAuthoritiesByNames(['person'], [])).toEqual([]);
        expect(await store.findAuthoritiesByNames([], ['Jiang Jieshi'])).toEqual([]);
      });

      it('deletes an authority with its names, recording the deletion', async () => {
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'p', name: 'Chou En-lai' }), change);
        expect(await store.deleteAuthority('person', 'p', change)).toBe(true);
        expect(await store.deleteAuthority('person', 'p', change)).toBe(false);
        expect(await store.getAuthority('person', 'p')).toBeUndefined();
        expect(await store.findAuthoritiesByName('person', 'Chou En-lai')).toEqual([]);
        expect((await store.listRevisions('person', 'p'))[0]?.deleted).toBe(true);
      });
    });

    describe('page parts', () => {
      it('keeps one part per document and name under the key it was made from, without changing the change marker', async () => {
        await store.putDocument(makeDocument({ id: 'pp' }), change);
        const before = (await store.changeMarker()).marker;
        expect(await store.getPagePart('pp', 'citations', 'k1')).toBeUndefined();
        await store.putPagePart('pp', 'citations', 'k1', '{"a":1}');
        await store.putPagePart('pp', 'other', 'k1', 'x');
        expect(await store.getPagePart('pp', 'citations', 'k1')).toBe('{"a":1}');
        await store.putPagePart('pp', 'citations', 'k2', '{"a":2}');
        expect(await store.getPagePart('pp', 'citations', 'k1')).toBeUndefined();
        expect(await store.getPagePart('pp', 'citations', 'k2')).toBe('{"a":2}');
        expect(await store.getPagePart('pp', 'other', 'k1')).toBe('x');
        expect((await store.changeMarker()).marker).toBe(before);
      });

      it('lists the published documents without a part, under any key, in id order and a page at a time', async () => {
        await store.putDocuments(
          [
            makeDocument({ id: 'w-a' }),
            makeDocument({ id: 'w-b' }),
            makeDocument({ id: 'w-c', status: 'draft' }),
            makeDocument({ id: 'w-d' }),
            makeDocument({ id: 'w-e', status: 'withdrawn', withdrawnReason: 'Duplicate' }),
            makeDocument({ id: 'w-f' }),
          ],
          change,
        );
        const missing = async (after?: string, limit = 10) => (await store.documentsWithoutPagePart('citations', { after, limit })).filter((id) => id.startsWith('w-'));
        expect(await missing()).toEqual(['w-a', 'w-b', 'w-d', 'w-f']);
        await store.putPagePart('w-b', 'citations', 'k1', 'x');
        await store.putPagePart('w-d', 'other', 'k1', 'x');
        expect(await missing()).toEqual(['w-a', 'w-d', 'w-f']);
        expect(await missing('w-a')).toEqual(['w-d', 'w-f']);
        expect(await store.documentsWithoutPagePart('citations', { after: 'w-a', limit: 1 })).toEqual(['w-d']);
        await store.putPagePart('w-d', 'citations', 'k2', 'y');
        expect(await missing()).toEqual(['w-a', 'w-f']);
      });
    });

    describe('document summaries', () => {
      it('gives the listed fields of the stored records, in any status, leaving out missing ids', async () => {
        await store.putDocuments(
          [
            makeDocument({ id: 's1', title: 'Cable', date: '1955-03~', summary: 'About cotton.', type: 'telegram', translations: [{ language: 'en', html: '<p>Long text.</p>' }] }),
            makeDocument({ id: 's2', status: 'draft', sample: true }),
          ],
          change,
        );
        const stored = await store.getDocuments(['s1', 's2']);
        const summaries = await store.getDocumentSummaries(['s2', 's1', 'missing', 's1']);
        expect([...summaries.keys()].sort()).toEqual(['s1', 's2']);
        for (const id of ['s1', 's2']) {
          const d = stored.get(id)!;
          expect(summaries.get(id), id).toEqual({ id, slug: d.slug, title: d.title, date: d.date, summary: d.summary, type: d.type, status: d.status, sample: d.sample, uploadedAt: d.uploadedAt });
        }
        expect(summaries.get('s1')).toMatchObject({ date: '1955-03~', summary: 'About cotton.', type: 'telegram', status: 'published', sample: false });
        expect(summaries.get('s2')).toMatchObject({ status: 'draft', sample: true });
      });
    });

    describe("a document page's read", () => {
      it('gives in one call what getDocument, getAuthorities, listRelatedTo and getDocumentSummaries give', async () => {
        for (const a of [
          { kind: 'person', id: 'zhou', name: 'Zhou Enlai' },
          { kind: 'person', id: 'both', name: 'A person' },
          { kind: 'organization', id: 'both', name: 'An organization of the same id' },
          { kind: 'organization', id: 'mfa', name: 'Ministry' },
          { kind: 'place', id: 'beijing', name: 'Beijing' },
          { kind: 'place', id: 'zhou', name: 'A place with a person\'s id' },
          { kind: 'subject', id: 'trade', name: 'Trade' },
          { kind: 'type', id: 'telegram', name: 'Telegram' },
          { kind: 'rights', id: 'pd', name: 'Public domain', statement: 'No known restrictions.' },
          { kind: 'repository', id: 'nara', name: 'NARA' },
          { kind: 'funder', id: 'fund', name: 'A fund' },
          { kind: 'language', id: 'zh', name: 'Chinese' },
          { kind: 'subject', id: 'unused', name: 'Not named by the document' },
        ]) {
          await store.putAuthority(makeAuthority(a), change);
        }
        await store.putDocuments(
          [
            makeDocument({
              id: 'page',
              type: 'telegram',
              rights: 'pd',
              funders: ['fund', 'no-such-funder'],
              source: { repository: 'nara', obtainedBy: [], translatedBy: [] },
              agents: [{ id: 'zhou', role: 'creator' }, { id: 'zhou', role: 'recipient' }, { id: 'both' }, { id: 'mfa' }, { id: 'nobody' }],
              places: [{ id: 'beijing' }],
              subjects: ['trade'],
              languages: ['zh'],
              related: [{ id: 'forward', relation: 'reply to' }, { id: 'missing-doc' }],
            }),
            makeDocument({ id: 'forward', title: 'Forward', date: '1955-03~', summary: 'Before.' }),
            makeDocument({ id: 'back-b', related: [{ id: 'page' }] }),
            makeDocument({ id: 'back-a', status: 'draft', related: [{ id: 'page' }] }),
            makeDocument({ id: 'similar', sample: true, type: 'telegram' }),
            makeDocument({ id: 'unrelated' }),
            makeDocument({ id: 'alone' }),
          ],
          change,
        );
        const read = (await store.documentPage('page', ['similar', 'no-such-doc', 'similar']))!;
        expect(read.document).toEqual(await store.getDocument('page'));
        const key = (a: Authority) => `${a.kind}/${a.id}`;
        const asked = await store.getAuthorities([
          { kind: 'type', id: 'telegram' }, { kind: 'rights', id: 'pd' }, { kind: 'repository', id: 'nara' },
          { kind: 'funder', id: 'fund' }, { kind: 'funder', id: 'no-such-funder' },
          ...['zhou', 'both', 'mfa', 'nobody'].flatMap((id) => [{ kind: 'person' as const, id }, { kind: 'organization' as const, id }]),
          { kind: 'place', id: 'beijing' }, { kind: 'subject', id: 'trade' },
        ]);
        // Each once (Zhou is named in two roles), the same records, and nothing the document does not name as these.
        expect(read.authorities.map(key).sort()).toEqual(asked.map(key).sort());
        expect(read.authorities.map(key).sort()).toEqual(['funder/fund', 'organization/both', 'organization/mfa', 'person/both', 'person/zhou', 'place/beijing', 'repository/nara', 'rights/pd', 'subject/trade', 'type/telegram']);
        for (const a of asked) expect(read.authorities.find((b) => key(b) === key(a))).toEqual(a);
        expect(read.relatedTo).toEqual(await store.listRelatedTo('page'));
        expect(read.relatedTo).toEqual(['back-a', 'back-b']);
        // Related either way (drafts too: the caller decides) and the ids asked for beside them; missing ids left out.
        const summaries = await store.getDocumentSummaries(['forward', 'missing-doc', 'back-a', 'back-b', 'similar', 'no-such-doc']);
        expect(read.summaries).toEqual(summaries);
        expect([...read.summaries.keys()].sort()).toEqual(['back-a', 'back-b', 'forward', 'similar']);
        expect(read.summaries.get('back-a')).toMatchObject({ status: 'draft' });
        expect(read.summaries.get('similar')).toMatchObject({ sample: true, type: 'telegram' });

        const alone = (await store.documentPage('alone', []))!;
        expect(alone).toEqual({ document: await store.getDocument('alone'), change: expect.stringMatching(/^\d+$/), authorities: [], relatedTo: [], summaries: new Map() });
        expect((await store.documentPage('back-a', []))!.document.status).toBe('draft');
        expect((await store.documentPage('back-a', []))!.summaries.get('page')).toMatchObject({ id: 'page', status: 'published' });
        expect(await store.documentPage('no-such-doc', ['page'])).toBeUndefined();
      });

      it('follows an edit: authorities, relations and summaries as written last', async () => {
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'p1', name: 'One' }), change);
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'p2', name: 'Two' }), change);
        await store.putDocument(makeDocument({ id: 'e', agents: [{ id: 'p1' }], related: [{ id: 'f' }] }), change);
        await store.putDocument(makeDocument({ id: 'f', title: 'First title' }), change);
        expect((await store.documentPage('e', []))!.summaries.get('f')!.title).toBe('First title');
        await store.putDocument(makeDocument({ id: 'e', agents: [{ id: 'p2' }] }), change);
        await store.putDocument(makeDocument({ id: 'f', title: 'Second title', related: [{ id: 'e' }] }), change);
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'p2', name: 'Two, renamed' }), change);
        const read = (await store.documentPage('e', []))!;
        expect(read.authorities.map((a) => a.name)).toEqual(['Two, renamed']);
        expect(read.relatedTo).toEqual(['f']);
        expect(read.summaries.get('f')!.title).toBe('Second title');
      });

      it('gives the record a new change number with every write, an `updatedAt` given by the source as well', async () => {
        const first = makeDocument({ id: 'n', title: 'First', updatedAt: '2020-01-01T00:00:00.000Z' });
        await store.putDocument(first, change);
        const a = (await store.documentPage('n', []))!.change;
        await store.putDocument(makeDocument({ id: 'n', title: 'Second' }), change);
        const b = (await store.documentPage('n', []))!.change;
        // Back to the first record's `updatedAt` with another title: the number still moves on.
        await store.putDocument({ ...first, title: 'Third' }, change);
        const c = (await store.documentPage('n', []))!;
        expect(c.document.updatedAt).toBe('2020-01-01T00:00:00.000Z');
        expect(new Set([a, b, c.change]).size).toBe(3);
        // An unchanged write keeps it.
        await store.putDocument({ ...first, title: 'Third' }, change);
        expect((await store.documentPage('n', []))!.change).toBe(c.change);
      });
    });

    describe('large documents', () => {
      it('finds published documents at least as large as asked, page by page, without drafts or withdrawn ones', async () => {
        const text = (n: number) => [{ language: 'en', html: `<p>${'word '.repeat(n)}</p>` }];
        await store.putDocuments(
          [
            makeDocument({ id: 'small', translations: text(10) }),
            makeDocument({ id: 'long', translations: text(3_000) }),
            makeDocument({ id: 'longer', translations: text(6_000) }),
            makeDocument({ id: 'draft', status: 'draft', translations: text(9_000) }),
            makeDocument({ id: 'gone', status: 'withdrawn', withdrawnReason: 'Rights', translations: text(9_000) }),
          ],
          change,
        );
        const all = await store.findLargeDocuments(10_000, { limit: 100 });
        expect(all.found.map((d) => d.id).sort()).toEqual(['long', 'longer']);
        expect(all.last).toBeUndefined();
        const sizes = new Map(all.found.map((d) => [d.id, d.bytes]));
        expect(sizes.get('longer')).toBeGreaterThan(30_000);
        expect(sizes.get('long')).toBeGreaterThanOrEqual(15_000);
        expect(sizes.get('long')).toBeLessThan(sizes.get('longer')!);
        // Page by page (two documents of any status a page): the same documents, each once.
        const paged: string[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const page = await store.findLargeDocuments(10_000, { after, limit: 2 });
          paged.push(...page.found.map((d) => d.id));
          after = page.last;
          pages++;
        } while (after !== undefined && pages < 10);
        expect(paged.sort()).toEqual(['long', 'longer']);
        expect(pages).toBe(3);
      });
    });

    describe('settings and stats', () => {
      it('keeps settings and counts what the archive holds', async () => {
        expect(await store.getSetting('site.name')).toBeUndefined();
        await store.putSetting('site.name', 'A');
        await store.putSetting('site.name', 'B');
        expect(await store.getSetting('site.name')).toBe('B');
        await store.putAuthority(makeAuthority({ kind: 'person', id: 'p', name: 'P' }), change);
        await store.putAuthority(makeAuthority({ kind: 'place', id: 'x', name: 'X' }), change);
        await store.putCollection(makeCollection({ id: 'c' }), change);
        await store.putDocument(makeDocument({ id: '1' }), change);
        await store.putDocument(makeDocument({ id: '2', status: 'draft' }), change);
        const stats = await store.stats();
        expect(stats).toMatchObject({ documents: 2, published: 1, drafts: 1, withdrawn: 0, collections: 1 });
        expect(stats.authorities.person).toBe(1);
        expect(stats.authorities.place).toBe(1);
        expect(stats.authorities.funder).toBe(0);
      });
    });
  });
}
