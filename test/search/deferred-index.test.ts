/**
 * The search index inside the backend's transactions: writes gather into one
 * segment written just before the commit, a rolled-back savepoint takes its
 * documents out of it, a failed transaction leaves nothing behind, and a
 * search inside the transaction sees its writes.
 */
import { describe, expect, it } from 'vitest';
import { makeDocument } from '../../src/backends/store.contract.js';
import { parseQuery } from '../../src/search/query-parser.js';
import type { IndexEntry } from '../../src/backends/search-index.js';
import { openTestArchive } from '../helpers.js';

const entry = (id: string, words: string): IndexEntry => ({
  document: makeDocument({ id, title: id, transcripts: [{ language: 'en', html: `<p>${words}</p>` }] }),
  names: [],
});

async function hits(search: { search: (r: never) => Promise<{ hits: { id: string }[] }> }, q: string): Promise<string[]> {
  const result = await search.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 50, offset: 0 } as never);
  return result.hits.map((h) => h.id).sort();
}

describe('the search index in a transaction', () => {
  it('forgets what a rolled-back savepoint wrote, and keeps what came before and after it', async () => {
    const archive = await openTestArchive();
    const { backend } = archive;
    await backend.transaction(async (tx) => {
      await tx.search.index([entry('before', 'harbour pilot')]);
      await tx
        .savepoint(async () => {
          await tx.search.index([entry('undone', 'harbour lighthouse')]);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      // Its row number is given again: the new document must not inherit the undone one's words.
      await tx.search.index([entry('after', 'harbour master')]);
      await tx.savepoint(async () => tx.search.index([entry('kept', 'harbour tug')]));
    });
    expect(await hits(backend.search, 'harbour')).toEqual(['after', 'before', 'kept']);
    expect(await hits(backend.search, 'lighthouse')).toEqual([]);
    expect(await hits(backend.search, 'master')).toEqual(['after']);
    expect(await hits(backend.search, 'tug')).toEqual(['kept']);
    await backend.close();
  });

  it('leaves nothing of a failed transaction, and lets a search inside one see its writes', async () => {
    const archive = await openTestArchive();
    const { backend } = archive;
    await backend
      .transaction(async (tx) => {
        await tx.search.index([entry('inside', 'harbour buoy')]);
        expect(await hits(tx.search, 'buoy')).toEqual(['inside']);
        await tx.search.index([entry('second', 'harbour crane')]);
        throw new Error('fail');
      })
      .catch(() => undefined);
    expect(await hits(backend.search, 'harbour')).toEqual([]);
    await backend.transaction(async (tx) => tx.search.index([entry('later', 'harbour crane')]));
    expect(await hits(backend.search, 'crane')).toEqual(['later']);
    expect(await hits(backend.search, 'buoy')).toEqual([]);
    await backend.close();
  });
});
