/**
 * The behaviour every Backend must have, written once: a transaction lands
 * whole or not at all, catalog, editors' tables and search index together;
 * a savepoint rolled back undoes exactly what it wrote (search index
 * included) while the transaction goes on; a search inside a transaction
 * sees its writes; and a failed transaction leaves the next one unharmed.
 * Each database's test file runs it: `runBackendContract('SQLite', () => openSqliteBackend(':memory:'))`.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseQuery } from '../search/query-parser.js';
import type { Backend } from './backend.js';
import type { IndexEntry, SearchIndex } from './search-index.js';
import { makeDocument } from './store.contract.js';

const AT = '2025-01-02T03:04:05.000Z';
const change = { actor: 'test', at: AT };

const entry = (id: string, words: string): IndexEntry => ({
  document: makeDocument({ id, title: id, transcripts: [{ language: 'en', html: `<p>${words}</p>` }] }),
  names: [],
});

async function hits(search: SearchIndex, q: string): Promise<string[]> {
  const result = await search.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 50, offset: 0 });
  return result.hits.map((h) => h.id).sort();
}

const user = (id: string) => ({ id, email: `${id}@example.org`, role: 'editor' as const, disabled: false, createdAt: AT, updatedAt: AT });

export function runBackendContract(name: string, open: () => Promise<Backend>): void {
  describe(`Backend contract: ${name}`, () => {
    let backend: Backend;
    beforeEach(async () => {
      backend = await open();
    });
    afterEach(async () => {
      await backend.close();
    });

    it('commits catalog, editors and search index together', async () => {
      const result = await backend.transaction(async (tx) => {
        const e = entry('doc-1', 'harbour pilot');
        await tx.store.putDocument(e.document, change);
        await tx.search.index([e]);
        await tx.editors.createUser(user('alice'));
        await tx.editors.addAudit({ id: 'a1', at: AT, actor: 'alice', action: 'document.create', target: 'document:doc-1' });
        return 'done';
      });
      expect(result).toBe('done');
      expect((await backend.store.getDocument('doc-1'))?.id).toBe('doc-1');
      expect(await hits(backend.search, 'harbour')).toEqual(['doc-1']);
      expect((await backend.editors.getUser('alice'))?.email).toBe('alice@example.org');
      expect((await backend.editors.listAudit({ limit: 10 })).total).toBe(1);
    });

    it('leaves nothing of a failed transaction, in any repository, and lets a search inside one see its writes', async () => {
      await backend.store.putDocument(makeDocument({ id: 'kept', title: 'Kept' }), change);
      const failure = backend.transaction(async (tx) => {
        const e = entry('inside', 'harbour buoy');
        await tx.store.putDocument(e.document, change);
        await tx.search.index([e]);
        expect(await hits(tx.search, 'buoy')).toEqual(['inside']);
        await tx.search.index([entry('second', 'harbour crane')]);
        await tx.store.putDocument({ ...(await tx.store.getDocument('kept'))!, title: 'Changed' }, change);
        await tx.editors.createUser(user('bob'));
        throw new Error('fail');
      });
      await expect(failure).rejects.toThrow('fail');
      expect(await backend.store.getDocument('inside')).toBeUndefined();
      expect((await backend.store.getDocument('kept'))?.title).toBe('Kept');
      expect(await backend.editors.getUser('bob')).toBeUndefined();
      expect(await hits(backend.search, 'harbour')).toEqual([]);
      await backend.transaction(async (tx) => tx.search.index([entry('later', 'harbour crane')]));
      expect(await hits(backend.search, 'crane')).toEqual(['later']);
      expect(await hits(backend.search, 'buoy')).toEqual([]);
    });

    it('forgets what a rolled-back savepoint wrote, and keeps what came before and after it', async () => {
      await backend.transaction(async (tx) => {
        await tx.search.index([entry('before', 'harbour pilot')]);
        await tx.store.putDocument(makeDocument({ id: 'before' }), change);
        const undone = tx.savepoint(async () => {
          await tx.search.index([entry('undone', 'harbour lighthouse')]);
          await tx.store.putDocument(makeDocument({ id: 'undone' }), change);
          await tx.editors.createUser(user('carol'));
          throw new Error('roll back');
        });
        await expect(undone).rejects.toThrow('roll back');
        // Its row numbers may be given again: the next document must not inherit the undone one's words.
        await tx.search.index([entry('after', 'harbour master')]);
        expect(await tx.savepoint(async () => (await tx.search.index([entry('kept', 'harbour tug')]), 'inner'))).toBe('inner');
        // Savepoints nest: the inner one's failure leaves the outer one's writes.
        await tx.savepoint(async () => {
          await tx.store.putDocument(makeDocument({ id: 'outer' }), change);
          await tx.savepoint(async () => {
            await tx.store.putDocument(makeDocument({ id: 'inner' }), change);
            throw new Error('inner');
          }).catch(() => undefined);
        });
      });
      expect(await hits(backend.search, 'harbour')).toEqual(['after', 'before', 'kept']);
      expect(await hits(backend.search, 'lighthouse')).toEqual([]);
      expect(await hits(backend.search, 'master')).toEqual(['after']);
      expect(await hits(backend.search, 'tug')).toEqual(['kept']);
      expect(await backend.store.getDocument('undone')).toBeUndefined();
      expect(await backend.editors.getUser('carol')).toBeUndefined();
      expect((await backend.store.getDocument('before'))?.id).toBe('before');
      expect((await backend.store.getDocument('outer'))?.id).toBe('outer');
      expect(await backend.store.getDocument('inner')).toBeUndefined();
    });

    it('runs transactions one after another, each seeing the last one committed', async () => {
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          backend.transaction(async (tx) => {
            const e = entry(`doc-${i}`, `harbour word${i}`);
            await tx.store.putDocument(e.document, change);
            await tx.search.index([e]);
          }),
        ),
      );
      expect(await hits(backend.search, 'harbour')).toEqual(['doc-0', 'doc-1', 'doc-2', 'doc-3', 'doc-4']);
      expect(await backend.search.count()).toBe(5);
      expect((await backend.store.listDocuments({ status: 'any', limit: 10 })).items.length).toBe(5);
    });
  });
}
