/**
 * Fictional documents written one transaction at a time (each a segment of
 * the search index, so eight make a merge due), and the answers of a few
 * searches to compare before and after a merge: for the tests of index
 * merges as jobs (test/services/merge-jobs.test.ts, test/cli/index-merges-cli.test.ts).
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SearchRequest } from '../src/backends/search-index.js';
import { emptyReport, importItems } from '../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../src/ingest/sources.js';
import { parseQuery } from '../src/search/query-parser.js';
import type { Archive } from '../src/services/archive.js';
import { tempDir } from './temp-dirs.js';

const SEAS = ['Baltic', 'Yellow', 'Caspian', 'Aegean', 'Adriatic'];

/** A fictional cable, numbered, for the tests. */
function cable(i: number, revised = false): string {
  const sea = SEAS[i % SEAS.length]!;
  return JSON.stringify({
    kind: 'document', id: `m-${i}`, status: 'published', type: 'cable', date: `19${50 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
    title: `Cable ${i} on the ${sea} harbour${revised ? ' (amended)' : ''}`,
    summary: `A fictional cable about fishing rights in the ${sea} Sea and the harbour dues${revised ? ', as amended' : ''}.`,
    collections: [{ id: 'test-cables' }],
  });
}

/** Writes documents `from`…`to - 1`, each in a transaction of its own (one segment each). */
export async function writeOneByOne(archive: Archive, from: number, to: number, revised = false): Promise<void> {
  const dir = tempDir();
  for (let i = from; i < to; i++) {
    const file = join(dir, `cable-${i}.jsonl`);
    writeFileSync(file, `${cable(i, revised)}\n`);
    const report = await importItems(archive, readSources(await findSourceFiles([file]), undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
    expect(report.failed, JSON.stringify(report.failures)).toBe(0);
  }
}

const QUERIES: Omit<SearchRequest, 'limit' | 'offset'>[] = [
  { query: parseQuery('harbour').root, filters: {}, sort: 'relevance', facets: [{ id: 'year', limit: 0 }, { id: 'type', limit: 0 }] },
  { query: parseQuery('"Yellow Sea"').root, filters: {}, sort: 'relevance' },
  { query: parseQuery('fishing -Baltic').root, filters: { dateFrom: '1955', dateTo: '1970' }, sort: 'date' },
  { query: parseQuery('harb*').root, filters: {}, sort: 'date-desc', facets: [{ id: 'decade', limit: 0 }] },
  { query: parseQuery('amended').root, filters: {}, sort: 'relevance' },
];

/**
 * What each query finds, in order, with its facet counts. Not the scores: until a merge drops them, the
 * postings of replaced documents count in a word's document frequency, so a merge moves scores (never the order here).
 */
export async function answers(archive: Archive) {
  return Promise.all(QUERIES.map(async (q) => {
    const { total, hits, facets } = await archive.backend.search.search({ ...q, limit: 100, offset: 0 });
    return { total, hits: hits.map((h) => h.id), facets };
  }));
}

