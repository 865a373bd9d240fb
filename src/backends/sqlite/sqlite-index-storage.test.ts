/**
 * The search index's tables in an SQLite file: a search sees what another
 * connection committed (the change marker is SQLite's data_version, read
 * with a term's rows when the search reads any, else on its own) and
 * forgets what a rolled-back transaction wrote on its own connection; a
 * common term's lists, too long for a cell of `ix_postings`, live in
 * `ix_long` as one stream of page-sized pieces, come back whole across
 * pieces and writes, and leave it with their segment when segments merge; a
 * segment's rare terms share rows (runs of terms), which a merge takes and
 * writes again whole without losing a posting; a document's facet values,
 * kept as varints, come back as the engine packed them.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../search-index.js';
import { makeDocument } from '../store.contract.js';
import type { DocumentInput } from '../../domain/document.js';
import { parseQuery } from '../../search/query-parser.js';
import { EngineSearchIndex } from '../../search/engine-search-index.js';
import fc from 'fast-check';
import { facetBytes, facetValues, longPieces, pieceBytes, SqliteIndexStorage, sqliteSearchIndex } from './sqlite-index-storage.js';
import { VALUE_BITS } from '../../search/engine/doc-columns.js';
import { tempDir } from '../../../test/temp-dirs.js';

/** Byte for byte (vitest's deep equality walks a long array value by value). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

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

  it('keeps long lists in ix_long in page-sized pieces, finds them, and drops them with their segment in a merge', async () => {
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
    const piece = pieceBytes(db.pragma('page_size', { simple: true }) as number);
    const before = longPieces(db);
    expect(before.pieces).toBeGreaterThanOrEqual(3);
    expect(before.unreached).toBe(0);
    // The lists back to back: every piece full but each segment's last.
    expect(before.bytes).toBe(before.listBytes);
    expect(before.pieces).toBeLessThanOrEqual(Math.ceil(before.bytes / piece) + 3);
    // As SQLite lays them out (dbstat): a piece a leaf page, and no overflow page.
    const pages = db.prepare("SELECT pagetype, count(*) AS pages FROM dbstat WHERE name = 'ix_long' GROUP BY pagetype").all() as { pagetype: string; pages: number }[];
    expect(pages.find((p) => p.pagetype === 'overflow')).toBeUndefined();
    expect(pages.find((p) => p.pagetype === 'leaf')).toMatchObject({ pages: before.pieces });
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
    const after = longPieces(db);
    expect(after.unreached).toBe(0);
    expect(after.bytes).toBe(after.listBytes);
    expect(await search('harbour')).toEqual(all.filter((id) => id !== 'd0-1' && id !== 'd1-3'));
    expect(await search('"pilot boat"')).toEqual(phrase.filter((id) => id !== 'd1-3'));
  });

  it('gives back every long list written in several writes per segment, across pieces, reads them in place and takes them out in key steps leaving no piece behind', () => {
    // Lengths drawn over the whole range (fast-check keeps arrays short otherwise), bytes from a seed.
    const list = fc.tuple(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 1, max: 2 ** 30 })).map(([length, seed]) => Uint8Array.from({ length }, (_, i) => (seed * (i + 7)) >>> (i % 13)));
    const segment = fc.uniqueArray(fc.record({ term: fc.stringMatching(/^[a-z]{1,6}$/), postings: list, positions: list }), { selector: (t) => t.term, minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), (segments, writes, step) => {
        const db = new BetterSqlite3(':memory:');
        const storage = new SqliteIndexStorage(db);
        const sorted = segments.map((rows) => [...rows].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0)).map((t, i) => ({ ...t, n: i + 1 })));
        // Each segment written in `writes` calls, one after another, as a segment's thread batches are.
        sorted.forEach((rows, base) => {
          const cut = Math.ceil(rows.length / writes);
          for (let at = 0; at < rows.length; at += cut) storage.putTerms(base, rows.slice(at, at + cut));
        });
        const written = longPieces(db);
        expect(written.unreached).toBe(0);
        expect(written.bytes).toBe(written.listBytes);
        // A segment's later writes go on in the piece its write before left partly filled.
        expect(written.pieces).toBeLessThanOrEqual(Math.ceil(written.bytes / pieceBytes(4096)) + sorted.length);
        // A full piece fills its leaf page but for its cell's varints and pointer, and none spills (dbstat).
        const pages = db.prepare("SELECT pagetype, min(unused) AS fullest FROM dbstat WHERE name = 'ix_long' GROUP BY pagetype").all() as { pagetype: string; fullest: number }[];
        expect(pages.filter((p) => p.pagetype === 'overflow')).toEqual([]);
        if (written.bytes >= pieceBytes(4096)) expect(pages.find((p) => p.pagetype === 'leaf')!.fullest).toBeLessThan(32);
        sorted.forEach((rows, base) => {
          for (const t of rows) {
            const postings = storage.postings([base], t.term);
            const positions = storage.positions([base], t.term);
            expect(postings.length === 1 && same(postings[0]!.postings, t.postings), `postings of ${base}/${t.term}`).toBe(true);
            expect(positions.length === 1 && same(positions[0]!.positions, t.positions), `positions of ${base}/${t.term}`).toBe(true);
          }
        });
        // Taken back in key ranges of `step` terms, in order, segment by segment in turn.
        sorted.forEach((rows, base) => {
          for (let at = 0; at < rows.length; at += step) {
            const part = rows.slice(at, at + step);
            // Read in place first (a merge's stems read ahead): the same postings, no positions, nothing taken.
            const peeked = storage.peekTerms(base, part[0]!.term, part[part.length - 1]!.term);
            expect(peeked.map((t) => [t.term, t.n, t.positions.length])).toEqual(part.map((t) => [t.term, t.n, 0]));
            expect(peeked.every((t, i) => same(t.postings, part[i]!.postings)), `lists peeked of ${base}`).toBe(true);
            const taken = storage.takeTerms(base, part[0]!.term, part[part.length - 1]!.term);
            expect(taken.map((t) => [t.term, t.n])).toEqual(part.map((t) => [t.term, t.n]));
            expect(taken.every((t, i) => same(t.postings, part[i]!.postings) && same(t.positions, part[i]!.positions)), `lists taken of ${base}`).toBe(true);
            expect(longPieces(db).unreached).toBe(0);
          }
        });
        expect(db.prepare('SELECT count(*) FROM ix_long').pluck().get()).toBe(0);
        db.close();
      }),
      { numRuns: 40 },
    );
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

  it('keeps a document\'s facet values as varints and gives them back in their order, whatever their facets and ids', () => {
    const value = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 2 ** VALUE_BITS - 1 })));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (pairs) => {
        const packed = Uint32Array.from(pairs.map(([facet, id]) => ((facet << VALUE_BITS) | id) >>> 0));
        const bytes = facetBytes(packed);
        expect(Array.from(facetValues(bytes))).toEqual(Array.from(packed));
      }),
      { numRuns: 500 },
    );
    // What the engine writes (facets in order, small ids) takes a byte or two a value, where it took four.
    const usual = Uint32Array.from([[0, 0], [0, 1], [1, 0], [2, 3], [6, 1], [6, 0], [9, 900], [11, 40_000]].map(([f, id]) => (f! << VALUE_BITS) | id!));
    expect(facetBytes(usual).length).toBe(1 + 1 + 1 + 1 + 1 + 1 + 2 + 3);
    expect(facetBytes(new Uint32Array(0)).length).toBe(0);
  });

  it('stores what a saved document\'s facets hold in ix_docs as varints, and finds them after the columns are read again', async () => {
    const path = join(tempDir('dossier-ix-'), 'a.sqlite');
    const db = new BetterSqlite3(path);
    const index = sqliteSearchIndex(db);
    await index.index([
      entry({ id: 'f1', title: 'Harbour master', type: 'telegram', languages: ['en'], subjects: ['shipping', 'ports'] }),
      entry({ id: 'f2', title: 'Harbour pilot', type: 'letter', languages: ['fr'], subjects: ['ports'] }),
    ]);
    const blobs = db.prepare('SELECT facets FROM ix_docs ORDER BY rowid').pluck().all() as Buffer[];
    expect(blobs.length).toBe(2);
    for (const b of blobs) expect(facetValues(b).length).toBeGreaterThan(b.length / 4);
    const fresh = sqliteSearchIndex(new BetterSqlite3(path), { snapshotRows: 0 });
    const result = await fresh.search({ query: parseQuery('harbour').root, filters: { facets: { subject: ['ports'] } }, sort: 'relevance', limit: 10, offset: 0, facets: [{ id: 'type', limit: 0 }, { id: 'subject', limit: 0 }] });
    expect(result.total).toBe(2);
    expect(Object.fromEntries(result.facets!.type!.map((c) => [c.value, c.count]))).toEqual({ telegram: 1, letter: 1 });
    expect(Object.fromEntries(result.facets!.subject!.map((c) => [c.value, c.count]))).toEqual({ shipping: 1, ports: 2 });
  });
});
