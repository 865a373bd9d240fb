/**
 * The index storage's own shortcuts on PostgreSQL hold across processes: a
 * page of hits names the documents of the current index, never ones a doc
 * number meant before another process rebuilt the index, nor ones a
 * rolled-back transaction wrote; rows and facet values a transaction
 * buffers go back with a savepoint rolled back to, and facet ids that two
 * processes give in turn never collide.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import { parseQuery } from '../../search/query-parser.js';
import type { Backend } from '../backend.js';
import type { IndexEntry } from '../search-index.js';
import { makeDocument } from '../store.contract.js';
import { openPostgresBackend } from './postgres-backend.js';

const entry = (id: string, words: string, subjects: string[] = []): IndexEntry => ({
  document: makeDocument({ id, status: 'published', subjects, transcripts: [{ language: 'en', html: `<p>${words}</p>` }] }),
  names: [],
  authorities: [],
});

describe.skipIf(!postgresAvailable())('PostgreSQL index storage', () => {
  let cluster: PostgresCluster;
  let one: Backend;
  let two: Backend;
  const dbName = 'index_storage';
  beforeAll(async () => {
    cluster = await startCluster();
    const url = await cluster.createDatabase(dbName);
    one = await openPostgresBackend(url, { poolSize: 3 });
    two = await openPostgresBackend(url, { poolSize: 3 });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await cluster?.destroy();
  });

  const ids = async (backend: Backend, q: string, subject?: string) =>
    (await backend.search.search({ query: parseQuery(q).root, filters: subject ? { facets: { subject: [subject] } } : {}, sort: 'relevance', limit: 20, offset: 0 }))
      .hits.map((h) => h.id).sort();
  const subjects = async (backend: Backend, q: string) =>
    (await backend.search.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0, facets: [{ id: 'subject', limit: 0 }] }))
      .facets?.subject?.map((f) => `${f.value}:${f.count}`).sort();

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

  it('drops the rows and facet values written inside a savepoint rolled back to, and numbers the next ones without a gap', async () => {
    await one.transaction(async ({ search, savepoint }) => {
      await search.index([entry('kept-1', 'telegram from lima', ['andes'])]);
      await expect(savepoint(async () => {
        await search.index([entry('dropped', 'telegram from quito', ['equator'])]);
        throw new Error('bad record');
      })).rejects.toThrow('bad record');
      await search.index([entry('kept-2', 'telegram from bogota', ['coffee'])]);
    });
    expect(await ids(two, 'telegram')).toEqual(['kept-1', 'kept-2']);
    expect(await subjects(two, 'telegram')).toEqual(['andes:1', 'coffee:1']);
    const docs = await cluster.query<{ doc: string }>(`select doc::text from ix_docs where doc_id like 'kept-%' order by doc`, [], dbName);
    expect(Number(docs[1]!.doc) - Number(docs[0]!.doc)).toBe(1);
    const values = await cluster.query<{ value: string }>(`select value from ix_facet_values where value in ('andes', 'equator', 'coffee') order by id`, [], dbName);
    expect(values.map((v) => v.value)).toEqual(['andes', 'coffee']);
  });

  it('never gives a facet value two ids, nor two values one id, when two processes write in turn, whichever knows the other’s values', async () => {
    // two has read every value (a search), then one adds a value two has never seen: two's next write must find it.
    await ids(two, 'memo');
    await one.search.index([entry('m-1', 'memo on rice', ['rice'])]);
    await two.search.index([entry('m-2', 'memo on tin and rice', ['tin', 'rice'])]);
    // Now both searched nothing since: two writes again right after its own write, one after two's.
    await one.search.index([entry('m-3', 'memo on rubber', ['rubber', 'rice'])]);
    await ids(one, 'memo');
    await one.search.index([entry('m-4', 'memo on tea', ['tea', 'tin'])]);
    for (const backend of [one, two]) {
      expect(await subjects(backend, 'memo')).toEqual(['rice:3', 'rubber:1', 'tea:1', 'tin:2']);
      expect(await ids(backend, 'memo', 'tin')).toEqual(['m-2', 'm-4']);
      expect(await ids(backend, 'memo', 'rubber')).toEqual(['m-3']);
    }
  });
});
