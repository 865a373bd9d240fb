/**
 * The same archive on SQLite and on PostgreSQL answers every search alike:
 * two FRUS volumes imported into each (on PostgreSQL the import writes its
 * large groups of rows with COPY), then the two export the same records,
 * slugs and revisions, and words, phrases, prefixes,
 * boolean queries, field queries, a date range, selected facets and every
 * sort give identical hit lists (ids and order) and identical facet counts.
 * Skips when the shared FRUS data or PostgreSQL's binaries are absent.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchFilters, SearchRequest, SearchSort } from '../../src/backends/search-index.js';
import { exportRecords } from '../../src/ingest/export-service.js';
import { openArchive } from '../../src/open-archive.js';
import { parseQuery } from '../../src/search/query-parser.js';
import { FACET_IDS } from '../../src/search/facets.js';
import type { Archive } from '../../src/services/archive.js';
import { importPaths, openTestArchive, SHARED_DATA, tempDir } from '../helpers.js';
import { postgresAvailable, startCluster, type PostgresCluster } from '../postgres-cluster.js';

const FRUS = join(SHARED_DATA, 'frus');
const VOLUMES = ['frus1918Russiav03.xml', 'frus1901China.xml'].map((f) => join(FRUS, f));
const present = VOLUMES.every((v) => existsSync(v));
if (!present) console.warn(`SQLite/PostgreSQL search parity skipped: ${FRUS} is absent (set DOSSIER_TEST_DATA)`);

const QUERIES: [string, SearchFilters, SearchSort][] = [
  ['legation', {}, 'relevance'],
  ['boxer indemnity', {}, 'relevance'],
  ['"minister of foreign affairs"', {}, 'relevance'],
  ['bolshevik*', {}, 'relevance'],
  ['petrograd OR moscow', {}, 'relevance'],
  ['railway -manchuria', {}, 'relevance'],
  ['title:telegram', {}, 'date'],
  ['', { dateFrom: '1918-03', dateTo: '1918-06-15' }, 'date'],
  ['consul', { dateFrom: '1901', dateTo: '1901-06' }, 'date-desc'],
  ['treaty', { qualifiers: 'exclude' }, 'relevance'],
];

describe.skipIf(!present || !postgresAvailable())('search on SQLite and on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let sqlite: Archive;
  let postgres: Archive;
  beforeAll(async () => {
    cluster = await startCluster();
    sqlite = await openTestArchive();
    postgres = await openArchive({ dataDir: tempDir(), databaseUrl: await cluster.createDatabase() });
    for (const archive of [sqlite, postgres]) expect((await importPaths(archive, VOLUMES)).failed).toBe(0);
  }, 600_000);
  afterAll(async () => {
    await postgres?.close();
    await sqlite?.close();
    await cluster?.destroy();
  });

  const facets = FACET_IDS.map((id) => ({ id, limit: 0 }));
  const answer = async (archive: Archive, request: SearchRequest) => {
    const r = await archive.backend.search.search(request);
    return { total: r.total, hits: r.hits.map((h) => h.id), facets: r.facets, notices: r.notices };
  };
  const both = async (request: SearchRequest) => Promise.all([answer(sqlite, request), answer(postgres, request)] as const);

  it('exports the same records, slugs and revisions', async () => {
    // The times of the import itself (creation, first upload, last update) are each run's own.
    const exported = async (archive: Archive) => {
      const out: unknown[] = [];
      for await (const { createdAt: _c, updatedAt: _u, uploadedAt: _l, publishedAt: _p, ...record } of exportRecords(archive) as AsyncIterable<Record<string, unknown>>) out.push(record);
      return out;
    };
    const [a, b] = await Promise.all([exported(sqlite), exported(postgres)]);
    expect(a.filter((r) => (r as { kind: string }).kind === 'document').length).toBeGreaterThan(300);
    expect(b).toEqual(a);
    const revisions = async (archive: Archive, ids: string[]) =>
      Promise.all(ids.map(async (id) => (await archive.backend.store.listRevisions('document', id)).map((r) => [r.revision, r.actor, r.deleted])));
    const ids = a.flatMap((r) => ((r as { kind: string }).kind === 'document' ? [(r as { id: string }).id] : [])).filter((_, i) => i % 25 === 0);
    expect(await revisions(postgres, ids)).toEqual(await revisions(sqlite, ids));
  });

  it('holds the same documents', async () => {
    const [a, b] = await Promise.all([sqlite.backend.search.count(), postgres.backend.search.count()]);
    expect(a).toBeGreaterThan(300);
    expect(b).toBe(a);
  });

  it.each(QUERIES)('answers %j %j sorted by %s alike', async (q, filters, sort) => {
    const request: SearchRequest = { query: q ? parseQuery(q).root : undefined, filters, sort, limit: 100, offset: 0, facets };
    const [a, b] = await both(request);
    expect(a.total).toBeGreaterThan(0);
    expect(b).toEqual(a);
    // A later page too: offsets cut the same list.
    const [c, d] = await both({ ...request, limit: 10, offset: 20 });
    expect(d.hits).toEqual(c.hits);
  });

  it('narrows by selected facet values alike', async () => {
    const first = await answer(sqlite, { query: parseQuery('government').root, filters: {}, sort: 'relevance', limit: 1, offset: 0, facets });
    const picks = (first.facets ?? {}) as Record<string, { value: string; count: number }[]>;
    const chosen = Object.entries(picks).filter(([, values]) => values.length > 1).slice(0, 3);
    expect(chosen.length).toBeGreaterThan(0);
    for (const [facet, values] of chosen) {
      const request: SearchRequest = { query: parseQuery('government').root, filters: { facets: { [facet]: [values[1]!.value] } }, sort: 'relevance', limit: 50, offset: 0, facets };
      const [a, b] = await both(request);
      expect(a.total, facet).toBe(values[1]!.count);
      expect(b, facet).toEqual(a);
    }
  });
});
