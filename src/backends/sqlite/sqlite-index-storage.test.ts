/**
 * The search index's tables in an SQLite file: a search sees what another
 * connection committed (the change marker is SQLite's data_version) and
 * forgets what a rolled-back transaction wrote on its own connection.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../search-index.js';
import { makeDocument } from '../store.contract.js';
import type { DocumentInput } from '../../domain/document.js';
import { parseQuery } from '../../search/query-parser.js';
import { sqliteSearchIndex } from './sqlite-index-storage.js';
import { tempDir } from '../../../test/temp-dirs.js';

const entry = (input: Partial<DocumentInput> & { id: string }): IndexEntry => ({ document: makeDocument(input), names: [], authorities: [] });

describe('the search index in an SQLite file', () => {
  it('sees what another connection wrote, and not what a transaction rolled back', async () => {
    const path = join(tempDir('dossier-ix-'), 'a.sqlite');
    const first = new BetterSqlite3(path);
    first.pragma('journal_mode = WAL');
    const reader = sqliteSearchIndex(first);
    const writer = sqliteSearchIndex(new BetterSqlite3(path));
    await writer.index([entry({ id: 'w1', title: 'Harbour master' })]);
    const q = { query: parseQuery('harbour').root, filters: {}, sort: 'relevance' as const, limit: 10, offset: 0 };
    expect((await reader.search(q)).total).toBe(1);
    await writer.index([entry({ id: 'w2', title: 'Harbour pilot' })]);
    expect((await reader.search(q)).total).toBe(2);
    first.exec('BEGIN');
    await reader.index([entry({ id: 'w3', title: 'Harbour light' })]);
    expect((await reader.search(q)).total).toBe(3);
    first.exec('ROLLBACK');
    expect((await reader.search(q)).hits.map((h) => h.id).sort()).toEqual(['w1', 'w2']);
  });
});
