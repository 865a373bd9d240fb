/**
 * The index storage's own shortcuts on PostgreSQL hold across processes: a
 * page of hits names the documents of the current index, never ones a doc
 * number meant before another process rebuilt the index, nor ones a
 * rolled-back transaction wrote.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import { parseQuery } from '../../search/query-parser.js';
import type { Backend } from '../backend.js';
import type { IndexEntry } from '../search-index.js';
import { makeDocument } from '../store.contract.js';
import { openPostgresBackend } from './postgres-backend.js';

const entry = (id: string, words: string): IndexEntry => ({
  document: makeDocument({ id, status: 'published', transcripts: [{ language: 'en', html: `<p>${words}</p>` }] }),
  names: [],
  authorities: [],
});

describe.skipIf(!postgresAvailable())('PostgreSQL index storage', () => {
  let cluster: PostgresCluster;
  let one: Backend;
  let two: Backend;
  beforeAll(async () => {
    cluster = await startCluster();
    const url = await cluster.createDatabase();
    one = await openPostgresBackend(url, { poolSize: 3 });
    two = await openPostgresBackend(url, { poolSize: 3 });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await cluster?.destroy();
  });

  const ids = async (backend: Backend, q: string) =>
    (await backend.search.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0 })).hits.map((h) => h.id).sort();

  it('names the current documents after another process rebuilds the index with others under the same doc numbers', async () => {
    await one.search.index([entry('old-a', 'cable from tokyo'), entry('old-b', 'cable from peking')]);
    expect(await ids(two, 'cable')).toEqual(['old-a', 'old-b']);
    // A rebuild starts the doc numbers over: 1 and 2 are now other documents.
    await one.transaction(async ({ search }) => {
      await search.clear();
      await search.index([entry('new-a', 'cable from manila'), entry('new-b', 'cable from hanoi')]);
    });
    expect(await ids(two, 'cable')).toEqual(['new-a', 'new-b']);
  });

  it('forgets the documents a rolled-back transaction showed its own searches', async () => {
    await expect(
      two.transaction(async ({ search }) => {
        await search.index([entry('ghost', 'cable from saigon')]);
        expect(await ids(two, 'saigon')).toEqual(['ghost']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // The next document takes the doc number the rolled-back one had.
    await one.search.index([entry('real', 'cable from saigon')]);
    expect(await ids(two, 'saigon')).toEqual(['real']);
  });
});
