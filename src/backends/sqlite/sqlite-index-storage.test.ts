/**
 * The search index's tables in an SQLite file: a search sees what another
 * connection committed (the change marker is SQLite's data_version) and
 * forgets what a rolled-back transaction wrote on its own connection; a
 * common term's lists, too long for a cell of `ix_postings`, live in
 * `ix_long` and leave it with their segment when segments merge.
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

  it('keeps long lists in ix_long, finds them, and drops them with their segment in a merge', async () => {
    const db = new BetterSqlite3(join(tempDir('dossier-ix-'), 'a.sqlite'));
    const index = sqliteSearchIndex(db, { analysisThread: false });
    // Three segments of 400 documents: "harbour" in each, up to 17 times (a long list of positions), "pilot boat" in every third.
    const title = (i: number) => `${Array.from({ length: 1 + (i % 17) }, (_, k) => `harbour w${(i * k) % 13}`).join(' ')} ${i % 3 === 0 ? 'pilot boat' : 'note'}`;
    for (let s = 0; s < 3; s++) {
      db.exec('BEGIN');
      await index.index(Array.from({ length: 400 }, (_, i) => entry({ id: `d${s}-${i}`, title: title(i) })));
      db.exec('COMMIT');
    }
    expect(db.prepare('SELECT count(*) FROM ix_segments').pluck().get()).toBe(3);
    const long = () => db.prepare('SELECT count(*) FROM ix_long').pluck().get() as number;
    const references = () => db.prepare("SELECT count(*) FROM ix_postings WHERE typeof(positions) = 'integer'").pluck().get() as number;
    const orphans = () => db.prepare("SELECT count(*) FROM ix_long WHERE rowid NOT IN (SELECT positions FROM ix_postings WHERE typeof(positions) = 'integer')").pluck().get() as number;
    expect(long()).toBeGreaterThanOrEqual(3);
    expect(references()).toBe(long());
    const search = async (q: string) => (await index.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 2000, offset: 0 })).hits.map((h) => h.id).sort();
    const all = await search('harbour');
    const phrase = await search('"pilot boat"');
    expect(all).toHaveLength(1200);
    expect(phrase).toHaveLength(402);
    expect(phrase.every((id) => Number(id.split('-')[1]) % 3 === 0)).toBe(true);
    db.exec('BEGIN');
    await index.remove(['d0-1', 'd1-3']);
    await index.optimize();
    db.exec('COMMIT');
    expect(db.prepare('SELECT count(*) FROM ix_segments').pluck().get()).toBe(1);
    expect(orphans()).toBe(0);
    expect(references()).toBe(long());
    expect(await search('harbour')).toEqual(all.filter((id) => id !== 'd0-1' && id !== 'd1-3'));
    expect(await search('"pilot boat"')).toEqual(phrase.filter((id) => id !== 'd1-3'));
  });
});
