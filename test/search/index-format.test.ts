/**
 * An archive whose search index was written in an older byte layout (the
 * posting lists before blocks of 128, the SQLite tables before the term
 * list left ix_segments, before long lists moved to ix_long, or before rare
 * terms shared rows in runs, or before positions were packed in blocks that
 * state their length, before long lists were cut into page-sized pieces, before each full block of postings
 * stored its bound, before a document's facet values were kept as varints, or before a word's form as typed was written against its stem's list) is rebuilt when opened, on SQLite and on PostgreSQL alike: nothing written in the old layout is
 * ever decoded by the new code, and every document is found again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/open-archive.js';
import type { Archive } from '../../src/services/archive.js';
import { runSearch, searchParamsSchema } from '../../src/services/search.js';
import { makeDocument } from '../../src/backends/store.contract.js';
import { tempDir } from '../helpers.js';
import { encodeRun, unpackRow } from '../../src/search/engine/term-runs.js';
import { BLOCK, decodeInto, encodePostings, NO_LENGTHS, PostingBuffer, POSTINGS_FORMAT, type Postings } from '../../src/search/engine/posting-codec.js';
import { decodeExactInto, isExactForm, stemOfExact } from '../../src/search/engine/exact-codec.js';
import { ByteWriter } from '../../src/search/engine/varint.js';
import { facetValues, LAYOUT, longPieces, storedRows } from '../../src/backends/sqlite/sqlite-index-storage.js';
import { postgresAvailable, startCluster } from '../postgres-cluster.js';
import type { TermRow } from '../../src/search/engine/index-storage.js';
import { IX7_FIXTURE_QUERIES, ix7FixtureDocuments } from './ix7-fixture-documents.js';

/** The `ix_*` tables of an archive of {@link ix7FixtureDocuments} as the `ix-7` layout wrote them, and what its searches answered. */
interface Ix7Fixture {
  version: string;
  columns: Record<string, string[]>;
  tables: Record<string, (number | string | null | { b64: string })[][]>;
  results: Record<string, { total: number; hits: [string, number][] }>;
}
const IX7_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'search', 'ix-7-archive.json.gz');

/**
 * Saves documents sharing a common word (full blocks of postings), closes the archive, has `rewrite` mark its search
 * version as written in `blocks-3` and spoil its posting bytes, then opens it again: it must be rebuilt and answer
 * as before.
 */
async function rebuiltFromBlocks3(open: () => Promise<Archive>, rewrite: (version: string) => Promise<void>): Promise<void> {
  let archive = await open();
  for (let i = 0; i < 3 * BLOCK; i++) {
    await archive.save({ kind: 'document', ...makeDocument({ id: `doc-${i}`, title: `Memorandum ${i % 2 ? 'on the yen loan' : 'about shipping'}`, summary: 'memorandum '.repeat(1 + (i % 7)) }) }, { actor: 'test' });
  }
  const version = archive.backend.search.version;
  expect(version).toContain(`/${POSTINGS_FORMAT}/`);
  // A rebuild numbers the documents anew, which may order ties otherwise: the totals and the first page's scores.
  const ranked = async (q: string) => {
    const page = await runSearch(archive, searchParamsSchema.parse({ q, perPage: 100 }));
    return { total: page.total, scores: page.hits.map((h) => h.score) };
  };
  const before = { word: await ranked('memorandum'), phrase: await ranked('"yen loan"') };
  expect(before.word.total).toBe(3 * BLOCK);
  expect(new Set(before.word.scores).size).toBeGreaterThan(1);
  await archive.close();
  await rewrite(version.replace(`/${POSTINGS_FORMAT}/`, '/blocks-3/'));
  archive = await open();
  expect(await archive.searchIndexIsStale()).toBe(false);
  expect(archive.backend.search.version).toBe(version);
  expect(await ranked('memorandum')).toEqual(before.word);
  expect(await ranked('"yen loan"')).toEqual(before.phrase);
  await archive.close();
}

/** How many documents match, and the first page's ids. */
async function found(archive: Archive, q: string): Promise<{ total: number; ids: string[] }> {
  const page = await runSearch(archive, searchParamsSchema.parse({ q, perPage: 100 }));
  return { total: page.total, ids: page.hits.map((h) => h.id) };
}

/** How many documents match, and the first page's ids sorted while they are all of them: a rebuild numbers the documents anew, which may order ties otherwise. */
async function sortedFound(archive: Archive, q: string): Promise<{ total: number; ids: string[] }> {
  const page = await found(archive, q);
  return { total: page.total, ids: page.total <= 100 ? page.ids.sort() : [] };
}

/**
 * Names the index in `db` as written in `layout` (in ix_meta and in the recorded version), closes it, opens the
 * archive, which rebuilds the index, and checks that each query answers as `before`; returns the file opened again.
 */
async function rebuiltFrom(layout: string, db: Database.Database, dataDir: string, version: string, queries: string[], before: unknown[]): Promise<Database.Database> {
  db.prepare("UPDATE ix_meta SET value = ? WHERE key = 'layout'").run(layout);
  db.prepare("UPDATE settings SET value = ? WHERE key = 'search.version'").run(version.replace(/^ix-\d+\//, `${layout}/`));
  db.close();
  const archive = await openArchive({ dataDir });
  expect(await archive.searchIndexIsStale()).toBe(false);
  expect(archive.backend.search.version).toBe(version);
  for (const [i, q] of queries.entries()) expect(await sortedFound(archive, q)).toEqual(before[i]);
  await archive.backend.close();
  return new Database(join(dataDir, 'archive.sqlite'));
}

describe('an archive indexed in an older index layout', () => {
  it('is reindexed when opened, and finds every document again', async () => {
    const dataDir = tempDir();
    let archive = await openArchive({ dataDir });
    // Enough documents sharing a word for full blocks of postings and a list long enough for ix_long,
    // and a phrase to read positions.
    const many = Array.from({ length: 300 }, (_, i) => `doc-${String(i).padStart(3, '0')}`);
    for (const [i, id] of many.entries()) {
      // The common word at uneven gaps in the summary, so that its packed positions pass what a row keeps.
      const summary = Array.from({ length: 20 + (i % 30) }, (_, k) => (k % (2 + (i % 5)) ? `note${k}` : 'memorandum')).join(' ');
      await archive.save({ kind: 'document', ...makeDocument({ id, title: `Memorandum ${i % 2 ? 'on the yen loan' : 'about shipping'}${' memorandum'.repeat(i % 9)}`, summary }) }, { actor: 'test' });
    }
    const version = archive.backend.search.version;
    const before = { word: await found(archive, 'memorandum'), phrase: await found(archive, '"yen loan"') };
    expect(before.word.total).toBe(300);
    expect(before.phrase.total).toBe(150);
    await archive.backend.close();

    // As the previous layout left it: every list in its ix_postings row (no ix_long), its name in
    // ix_meta and in the recorded version, and posting bytes the current decoder cannot read (here:
    // noise in every row).
    const db = new Database(join(dataDir, 'archive.sqlite'));
    const long = [...storedRows(db)].filter((r) => r.long);
    expect(long.length).toBeGreaterThan(0);
    const inline = db.prepare('UPDATE ix_postings SET data = ?, positions = ? WHERE base = ? AND term = ?');
    for (const r of long) inline.run(r.data, r.positions, r.base, r.term);
    db.exec('DROP TABLE ix_long;');
    db.prepare("UPDATE ix_meta SET value = 'ix-5' WHERE key = 'layout'").run();
    db.prepare("UPDATE settings SET value = ? WHERE key = 'search.version'").run(version.replace(/^ix-\d+\/[^/]+/, 'ix-5'));
    db.prepare('UPDATE ix_postings SET data = randomblob(length(data)), positions = randomblob(length(positions))').run();
    db.close();

    archive = await openArchive({ dataDir });
    expect(await archive.searchIndexIsStale()).toBe(false);
    expect(archive.backend.search.version).toBe(version);
    expect(await found(archive, 'memorandum')).toEqual(before.word);
    expect(await found(archive, '"yen loan"')).toEqual(before.phrase);
    await archive.backend.close();
  });

  it('is rebuilt in runs of terms when written one row per term (ix-6), and answers the same', async () => {
    const dataDir = tempDir();
    const archive = await openArchive({ dataDir });
    // Rare words (a run's worth and more) beside common ones, in Latin, Cyrillic and CJK script.
    for (let i = 0; i < 120; i++) {
      await archive.save({ kind: 'document', ...makeDocument({ id: `doc-${i}`, title: `${i % 2 ? 'Telegram on the yen loan' : 'Letter about shipping'} zq${i} отчёт${i} 條約${i}` }) }, { actor: 'test' });
    }
    const version = archive.backend.search.version;
    const queries = ['telegram', '"yen loan"', 'zq17', 'zq1*', 'отчёт42', '條約7'];
    const before = [];
    for (const q of queries) before.push(await sortedFound(archive, q));
    expect(before[0]!.total).toBe(60);
    expect(before[1]!.total).toBe(60);
    expect(before[2]!.ids).toEqual(['doc-17']);
    await archive.backend.close();

    // As ix-6 left it: every term in a row of its own.
    const db = new Database(join(dataDir, 'archive.sqlite'));
    const runs: (TermRow & { base: number })[] = [...storedRows(db)].filter((r) => r.n < 0).map((r) => ({ base: r.base, term: r.term, n: r.n, postings: r.data, positions: r.positions }));
    expect(runs.length).toBeGreaterThan(0);
    db.prepare('DELETE FROM ix_postings WHERE n < 0').run();
    const insert = db.prepare('INSERT INTO ix_postings (base, term, n, data, positions) VALUES (?, ?, ?, ?, ?)');
    for (const run of runs) for (const t of unpackRow(run)) insert.run(run.base, t.term, t.n, t.postings, t.positions);

    const reopened = await rebuiltFrom('ix-6', db, dataDir, version, queries, before);
    expect(reopened.prepare('SELECT count(*) FROM ix_postings WHERE n < 0').pluck().get()).toBeGreaterThan(0);
    reopened.close();
  });

  it('is rebuilt with long lists in page-sized pieces when ix_long held a row per list (ix-8), and answers the same', async () => {
    const dataDir = tempDir();
    const archive = await openArchive({ dataDir });
    // A common word with a long list of positions (as in the first test) and a phrase, beside rare words.
    for (let i = 0; i < 300; i++) {
      const summary = Array.from({ length: 20 + (i % 30) }, (_, k) => (k % (2 + (i % 5)) ? `note${k}` : 'memorandum')).join(' ');
      await archive.save({ kind: 'document', ...makeDocument({ id: `doc-${i}`, title: `Memorandum ${i % 2 ? 'on the yen loan' : 'about shipping'} zq${i}`, summary }) }, { actor: 'test' });
    }
    const version = archive.backend.search.version;
    const queries = ['memorandum', '"yen loan"', 'zq17', 'note3', '"memorandum note1"', 'note41'];
    const before = [];
    for (const q of queries) before.push(await sortedFound(archive, q));
    expect(before[0]!.total).toBe(300);
    expect(before[1]!.total).toBe(150);
    await archive.backend.close();

    // As ix-8 left it: a row of ix_long per long list, its postings and positions in two columns, the row's
    // rowid in place of its positions; runs and short lists in their own cells.
    const db = new Database(join(dataDir, 'archive.sqlite'));
    const long = [...storedRows(db)].filter((r) => r.long);
    expect(long.length).toBeGreaterThan(0);
    db.exec('DROP TABLE ix_long; CREATE TABLE ix_long (rowid INTEGER PRIMARY KEY, data BLOB NOT NULL, positions BLOB NOT NULL);');
    const insertLong = db.prepare('INSERT INTO ix_long (data, positions) VALUES (?, ?)');
    const point = db.prepare("UPDATE ix_postings SET data = x'', positions = ? WHERE base = ? AND term = ?");
    const inline = db.prepare('UPDATE ix_postings SET data = ?, positions = ? WHERE base = ? AND term = ?');
    // Runs of terms in their cells, as ix-8 kept them.
    for (const r of long) {
      if (r.n < 0) inline.run(r.data, r.positions, r.base, r.term);
      else point.run(BigInt(insertLong.run(r.data, r.positions).lastInsertRowid), r.base, r.term);
    }

    const reopened = await rebuiltFrom('ix-8', db, dataDir, version, queries, before);
    expect(reopened.prepare("SELECT value FROM ix_meta WHERE key = 'layout'").pluck().get()).toBe(LAYOUT);
    // The rebuild's long lists (the documents in fewer segments) back to back in pieces.
    const pieces = longPieces(reopened);
    expect(pieces.pieces).toBeGreaterThan(0);
    expect(pieces.unreached).toBe(0);
    expect(pieces.bytes).toBe(pieces.listBytes);
    reopened.close();
  });

  it('is rebuilt with facet values as varints when ix_docs held four bytes a value (ix-9), and counts the same facets', async () => {
    const dataDir = tempDir();
    const archive = await openArchive({ dataDir });
    const languages = ['en', 'fr', 'de', 'ru'];
    for (let i = 0; i < 150; i++) {
      const doc = makeDocument({
        id: `doc-${i}`, title: `Telegram ${i % 2 ? 'on the yen loan' : 'about shipping'} zq${i}`, languages: [languages[i % 4]!, ...(i % 7 ? [] : ['ja'])],
        date: `19${50 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`,
      });
      await archive.save({ kind: 'document', ...doc }, { actor: 'test' });
    }
    const version = archive.backend.search.version;
    const queries = ['telegram', '"yen loan"', 'zq17'];
    const before = [];
    for (const q of queries) before.push(await sortedFound(archive, q));
    const counts = async (a: Archive) =>
      (await runSearch(a, searchParamsSchema.parse({ q: 'telegram', perPage: 10 }))).facets.map((f) => [f.id, f.values.map((v) => [v.value, v.count])]);
    const facetsBefore = await counts(archive);
    expect(JSON.stringify(facetsBefore)).toContain('"ja",22');
    await archive.backend.close();

    // As ix-9 left it: each facet value in four bytes (the engine's packed number, in the machine's order), no snapshot.
    const db = new Database(join(dataDir, 'archive.sqlite'));
    const rows = db.prepare('SELECT rowid, facets FROM ix_docs').all() as { rowid: number; facets: Buffer }[];
    expect(rows.length).toBe(150);
    const wide = db.prepare('UPDATE ix_docs SET facets = ? WHERE rowid = ?');
    for (const r of rows) {
      const values = facetValues(r.facets);
      expect(values.length).toBeGreaterThan(r.facets.length / 4);
      wide.run(Buffer.from(values.buffer, values.byteOffset, values.byteLength), r.rowid);
    }
    db.exec('DELETE FROM ix_columns');

    const reopened = await rebuiltFrom('ix-9', db, dataDir, version, queries, before);
    expect(reopened.prepare("SELECT value FROM ix_meta WHERE key = 'layout'").pluck().get()).toBe(LAYOUT);
    // Rebuilt: every row's facet values written again as varints, which the four-byte form of the same values is not.
    const blobs = reopened.prepare('SELECT facets FROM ix_docs WHERE live = 1').pluck().all() as Buffer[];
    expect(blobs.length).toBe(150);
    for (const b of blobs) expect(facetValues(b).length).toBeGreaterThan(b.length / 4);
    reopened.close();
    const again = await openArchive({ dataDir });
    expect(await counts(again)).toEqual(facetsBefore);
    await again.backend.close();
  });

  it('is rebuilt with forms as typed written against their stem when ix-10 wrote them as any list, and scores the same', async () => {
    const dataDir = tempDir();
    let archive = await openArchive({ dataDir });
    // Forms of one stem ("negotiations", "negotiated", "negotiate") in some documents, alone or together, in a title or not.
    const forms = ['negotiations', 'negotiated', 'negotiate'];
    for (let i = 0; i < 96; i++) {
      const form = forms[i % 3]!;
      const other = i % 5 === 0 ? ` ${forms[(i + 1) % 3]}` : '';
      await archive.save({ kind: 'document', ...makeDocument({ id: `doc-${i}`, title: `Telegram ${i % 4 ? 'on the yen loan' : `${form} on shipping`}`, summary: `${form} ${'note '.repeat(i % 6)}${other} zq${i % 17}` }) }, { actor: 'test' });
    }
    const version = archive.backend.search.version;
    const queries = ['negotiations shipping', 'negotiated telegram', 'negotiate loan zq3', 'negotiations zq5'];
    const scored = async (a: Archive) => {
      const out = [];
      for (const q of queries) {
        const page = await runSearch(a, searchParamsSchema.parse({ q, perPage: 100 }));
        // A rebuild numbers the documents anew, which may order ties otherwise: every hit while they fit on the page.
        out.push({ q, total: page.total, hits: page.total <= 100 ? page.hits.map((h) => [h.id, h.score]).sort() : [] });
      }
      return out;
    };
    const before = await scored(archive);
    expect(before.every((r) => r.total > 0 && r.hits.length === r.total)).toBe(true);
    await archive.backend.close();

    // As ix-10 wrote it: every form as typed's list as any list is written (decoded against its stem's, written again).
    const db = new Database(join(dataDir, 'archive.sqlite'));
    const rows = db.prepare('SELECT base, term, n, data, positions FROM ix_postings ORDER BY base, term').all() as (TermRow & { base: number; data: Buffer })[];
    const update = db.prepare('UPDATE ix_postings SET data = ?, n = ? WHERE base = ? AND term = ?');
    let rewritten = 0;
    for (const base of new Set(rows.map((r) => r.base))) {
      const own = rows.filter((r) => r.base === base);
      expect(own.every((r) => typeof r.positions !== 'number')).toBe(true);
      const lists = new Map(own.flatMap((r) => unpackRow({ term: r.term, n: r.n, postings: r.data, positions: r.positions })).map((t) => [t.term, t]));
      const decoded = (t: TermRow, stem?: Postings): PostingBuffer => {
        const b = new PostingBuffer();
        for (let i = 0; i < t.n; i++) b.push(0, 0, 0, 0);
        if (stem) decodeExactInto(t.postings, base, { ...stem, from: 0, to: stem.n }, b, 0);
        else decodeInto(t.postings, base, b, 0);
        return b;
      };
      for (const r of own) {
        const terms = unpackRow({ term: r.term, n: r.n, postings: r.data, positions: r.positions }).map((t) => {
          if (!isExactForm(t.term)) return { ...t, postings: t.postings.slice(), positions: t.positions.slice() };
          const stem = lists.get(stemOfExact(t.term));
          const w = new ByteWriter();
          encodePostings(decoded(t, stem ? decoded(stem) : undefined), base, w, new Int32Array(BLOCK), NO_LENGTHS);
          rewritten++;
          return { ...t, postings: w.finish() };
        });
        const row = terms.length === 1 && terms[0]!.term === r.term && r.n >= 0 ? terms[0]! : encodeRun(terms);
        update.run(row.postings, row.n, base, r.term);
      }
    }
    expect(rewritten).toBeGreaterThan(10);
    db.prepare("UPDATE ix_meta SET value = 'ix-10' WHERE key = 'layout'").run();
    db.prepare("UPDATE settings SET value = ? WHERE key = 'search.version'").run(version.replace(/^ix-\d+\//, 'ix-10/').replace(`/${POSTINGS_FORMAT}/`, '/blocks-4/'));
    db.close();

    archive = await openArchive({ dataDir });
    expect(await archive.searchIndexIsStale()).toBe(false);
    expect(archive.backend.search.version).toBe(version);
    expect(await scored(archive)).toEqual(before);
    await archive.backend.close();
    const reopened = new Database(join(dataDir, 'archive.sqlite'));
    expect(reopened.prepare("SELECT value FROM ix_meta WHERE key = 'layout'").pluck().get()).toBe(LAYOUT);
    reopened.close();
  });

  it('rebuilds an archive indexed by the ix-7 code (positions without block lengths), finding the same hits with the same scores', async () => {
    const fixture = JSON.parse(gunzipSync(readFileSync(IX7_FIXTURE)).toString('utf8')) as Ix7Fixture;
    expect(fixture.version).toMatch(/^ix-7\/blocks-2\//);
    const dataDir = tempDir();
    let archive = await openArchive({ dataDir });
    for (const doc of ix7FixtureDocuments()) await archive.save({ kind: 'document', ...doc }, { actor: 'test' });
    const version = archive.backend.search.version;
    await archive.backend.close();

    // The same documents' index as the ix-7 code wrote it, in place of this code's, with its version.
    const db = new Database(join(dataDir, 'archive.sqlite'));
    db.transaction(() => {
      // ix_long as the ix-7 code made it: a row per list.
      db.exec('DROP TABLE ix_long; CREATE TABLE ix_long (rowid INTEGER PRIMARY KEY, data BLOB NOT NULL, positions BLOB NOT NULL);');
      for (const [table, rows] of Object.entries(fixture.tables)) {
        const columns = fixture.columns[table]!;
        db.prepare(`DELETE FROM ${table}`).run();
        const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        for (const row of rows) insert.run(...row.map((v) => (v !== null && typeof v === 'object' ? Buffer.from(v.b64, 'base64') : v)));
      }
      db.prepare("UPDATE settings SET value = ? WHERE key = 'search.version'").run(fixture.version);
    })();
    expect(db.prepare("SELECT value FROM ix_meta WHERE key = 'layout'").pluck().get()).toBe('ix-7');
    expect(db.prepare('SELECT count(*) FROM ix_long').pluck().get()).toBeGreaterThan(0);
    db.close();

    archive = await openArchive({ dataDir });
    expect(await archive.searchIndexIsStale()).toBe(false);
    expect(archive.backend.search.version).toBe(version);
    for (const q of IX7_FIXTURE_QUERIES) {
      const page = await runSearch(archive, searchParamsSchema.parse({ q, perPage: 100 }));
      expect({ q, total: page.total, hits: page.hits.map((h) => [h.id, h.score]) }).toEqual({ q, ...fixture.results[q] });
    }
    // Phrases found something to compare: common words' positions in full blocks were read.
    expect(fixture.results['"prime minister"']!.total).toBeGreaterThan(BLOCK);
    await archive.backend.close();
    const reopened = new Database(join(dataDir, 'archive.sqlite'));
    expect(reopened.prepare("SELECT value FROM ix_meta WHERE key = 'layout'").pluck().get()).toBe(LAYOUT);
    reopened.close();
  });

  it('rebuilds posting lists written in blocks-3 (full blocks without a stored bound) on SQLite', async () => {
    const dataDir = tempDir();
    await rebuiltFromBlocks3(
      () => openArchive({ dataDir }),
      async (version) => {
        const db = new Database(join(dataDir, 'archive.sqlite'));
        db.prepare("UPDATE settings SET value = ? WHERE key = 'search.version'").run(version);
        // The common word's list, long enough for ix_long: bytes no decoder could read.
        expect(db.prepare('UPDATE ix_long SET data = randomblob(length(data))').run().changes).toBeGreaterThan(0);
        db.close();
      },
    );
  });

  it.skipIf(!postgresAvailable())('rebuilds posting lists written in blocks-3 on PostgreSQL', async () => {
    const cluster = await startCluster();
    try {
      const name = 'blocks3';
      const databaseUrl = await cluster.createDatabase(name);
      const dataDir = tempDir();
      await rebuiltFromBlocks3(
        () => openArchive({ dataDir, databaseUrl }),
        async (version) => {
          await cluster.query("update settings set value = $1 where key = 'search.version'", [version], name);
          // Every list of more than a block: its first block's header overwritten.
          const spoilt = await cluster.query("update ix_postings set data = overlay(data placing decode(repeat('ff', 8), 'hex') from 2) where n > 128 returning term", [], name);
          expect(spoilt.length).toBeGreaterThan(0);
        },
      );
    } finally {
      await cluster.destroy();
    }
  }, 120_000);
});
