/**
 * The search index's tables in an SQLite file: a search sees what another
 * connection committed (the change marker is SQLite's data_version, read
 * with a term's rows when the search reads any, else on its own) and
 * forgets what a rolled-back transaction wrote on its own connection; a
 * common term's lists, too long for a cell of `ix_postings`, live in
 * `ix_long` and leave it with their segment when segments merge; a
 * segment's rare terms share rows (runs of terms), which a merge takes and
 * writes again whole without losing a posting.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../search-index.js';
import { makeDocument } from '../store.contract.js';
import type { DocumentInput } from '../../domain/document.js';
import { parseQuery } from '../../search/query-parser.js';
import { EngineSearchIndex } from '../../search/engine-search-index.js';
import { SqliteIndexStorage, sqliteSearchIndex } from './sqlite-index-storage.js';
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

  it('reads a term\'s rows and the change marker in one statement, and searches again when another connection committed meanwhile', async () => {
    const path = join(tempDir('dossier-ix-'), 'a.sqlite');
    const first = new BetterSqlite3(path);
    first.pragma('journal_mode = WAL');
    const writer = sqliteSearchIndex(new BetterSqlite3(path));
    // Enough documents for a segment of their own (a few would wait as pending rows, held in memory by every reader).
    const filler = Array.from({ length: 70 }, (_, i) => entry({ id: `f${i}`, title: `Filler ${i}` }));
    await writer.index([entry({ id: 'w1', title: 'Harbour master' }), entry({ id: 'w2', title: 'Lighthouse keeper' }), ...filler]);
    // The reader's storage, counting marker reads, and committing another connection's write just before one row read.
    const storage = new SqliteIndexStorage(first);
    const calls = { marker: 0 };
    let beforeRows: (() => Promise<void>) | undefined;
    const counted = new Proxy(storage, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'marker') calls.marker++;
          if (key === 'postings' && beforeRows) {
            const write = beforeRows;
            beforeRows = undefined;
            return write().then(() => (value as (...a: unknown[]) => unknown).apply(target, args));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const reader = new EngineSearchIndex(counted);
    const ids = async (q: string) => (await reader.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 10, offset: 0 })).hits.map((h) => h.id).sort();
    expect(await ids('harbour')).toEqual(['w1']);
    // Columns current: a word's first search reads the marker with its rows; searched again (its list kept), on its own.
    calls.marker = 0;
    expect(await ids('lighthouse')).toEqual(['w2']);
    expect(calls.marker).toBe(0);
    expect(await ids('lighthouse')).toEqual(['w2']);
    expect(calls.marker).toBe(1);
    // Another connection commits after the search began and before its rows are read: it is seen all the same.
    beforeRows = () => writer.index([entry({ id: 'w3', title: 'Harbour pilot' }), entry({ id: 'w4', title: 'Keeper of the harbour' })]);
    expect(await ids('keeper')).toEqual(['w2', 'w4']);
    expect(await ids('harbour')).toEqual(['w1', 'w3', 'w4']);
    // And a commit between two searches, the second reading only lists it read before.
    await writer.remove(['w1']);
    expect(await ids('harbour')).toEqual(['w3', 'w4']);
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

  it('keeps rare terms in runs, finds each (prefixes too), and keeps every posting when runs merge', async () => {
    const db = new BetterSqlite3(join(tempDir('dossier-ix-'), 'a.sqlite'));
    const index = sqliteSearchIndex(db, { analysisThread: false });
    // Per document a word of its own in Latin, Cyrillic and CJK script, and a word every tenth document shares.
    const cyrillic = (i: number) => [...String(i)].map((d) => 'абвгдежзик'[Number(d)]).join('');
    const title = (i: number) => `zq${i} ж${cyrillic(i)} 檔案${'〇一二三四五六七八九'[i % 10]}${'〇一二三四五六七八九'[Math.floor(i / 10) % 10]} group${i % 10}`;
    for (let s = 0; s < 3; s++) {
      db.exec('BEGIN');
      await index.index(Array.from({ length: 400 }, (_, i) => entry({ id: `d${s * 400 + i}`, title: title(s * 400 + i) })));
      db.exec('COMMIT');
    }
    const rows = () => db.prepare('SELECT count(*) AS rows, sum(n < 0) AS runs FROM ix_postings').get() as { rows: number; runs: number };
    const before = rows();
    expect(before.runs).toBeGreaterThan(0);
    // Over 3,600 distinct words of one document each, in far fewer rows.
    expect(before.rows).toBeLessThan(1200);
    const search = async (q: string) => (await index.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 2000, offset: 0 })).hits.map((h) => h.id).sort();
    const queries = [...Array.from({ length: 1200 }, (_, i) => [`zq${i}`, `ж${cyrillic(i)}`]).flat(), 'group3', 'zq11*', 'жбб*', '檔案'];
    const answers = async () => {
      const out: string[][] = [];
      for (const q of queries) out.push(await search(q));
      return out;
    };
    const found = await answers();
    for (let i = 0; i < 1200; i += 7) expect(found[2 * i]).toEqual([`d${i}`]);
    // A Cyrillic word is stemmed, so it may find a few more (жви and жвиа).
    for (let i = 0; i < 1200; i += 7) expect(found[2 * i + 1]).toContain(`d${i}`);
    expect(found[2400]).toHaveLength(120);
    // zq11, zq110–zq119, zq1100–zq1199.
    expect(found[2401]).toHaveLength(111);
    db.exec('BEGIN');
    await index.remove(['d5']);
    await index.optimize();
    db.exec('COMMIT');
    expect(db.prepare('SELECT count(*) FROM ix_segments').pluck().get()).toBe(1);
    expect(rows().rows).toBeLessThan(before.rows);
    expect(await answers()).toEqual(found.map((ids) => ids.filter((id) => id !== 'd5')));
  });
});
