/**
 * An archive whose search index was written in an older byte layout (the
 * posting lists before blocks of 128, the SQLite tables before the term
 * list left ix_segments, before long lists moved to ix_long, or before rare
 * terms shared rows in runs) is rebuilt when opened: nothing written in the
 * old layout is ever decoded by the new code, and every document is found again.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/open-archive.js';
import type { Archive } from '../../src/services/archive.js';
import { runSearch, searchParamsSchema } from '../../src/services/search.js';
import { makeDocument } from '../../src/backends/store.contract.js';
import { tempDir } from '../helpers.js';
import { unpackRow } from '../../src/search/engine/term-runs.js';
import type { TermRow } from '../../src/search/engine/index-storage.js';

/** How many documents match, and the first page's ids. */
async function found(archive: Archive, q: string): Promise<{ total: number; ids: string[] }> {
  const page = await runSearch(archive, searchParamsSchema.parse({ q, perPage: 100 }));
  return { total: page.total, ids: page.hits.map((h) => h.id) };
}

describe('an archive indexed in an older index layout', () => {
  it('is reindexed when opened, and finds every document again', async () => {
    const dataDir = tempDir();
    let archive = await openArchive({ dataDir });
    // Enough documents sharing a word for full blocks of postings and a list long enough for ix_long,
    // and a phrase to read positions.
    const many = Array.from({ length: 300 }, (_, i) => `doc-${String(i).padStart(3, '0')}`);
    for (const [i, id] of many.entries()) {
      await archive.save({ kind: 'document', ...makeDocument({ id, title: `Memorandum ${i % 2 ? 'on the yen loan' : 'about shipping'}${' memorandum'.repeat(i % 9)}` }) }, { actor: 'test' });
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
    expect(db.prepare('SELECT count(*) FROM ix_long').pluck().get()).toBeGreaterThan(0);
    db.exec(`UPDATE ix_postings SET data = (SELECT l.data FROM ix_long l WHERE l.rowid = ix_postings.positions),
        positions = (SELECT l.positions FROM ix_long l WHERE l.rowid = ix_postings.positions)
      WHERE typeof(positions) = 'integer'; DROP TABLE ix_long;`);
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
    let archive = await openArchive({ dataDir });
    // Rare words (a run's worth and more) beside common ones, in Latin, Cyrillic and CJK script.
    for (let i = 0; i < 120; i++) {
      await archive.save({ kind: 'document', ...makeDocument({ id: `doc-${i}`, title: `${i % 2 ? 'Telegram on the yen loan' : 'Letter about shipping'} zq${i} отчёт${i} 條約${i}` }) }, { actor: 'test' });
    }
    const version = archive.backend.search.version;
    const queries = ['telegram', '"yen loan"', 'zq17', 'zq1*', 'отчёт42', '條約7'];
    // Sorted: a rebuild numbers the documents anew, which may order ties otherwise.
    const sorted = async (q: string) => {
      const page = await found(archive, q);
      return { total: page.total, ids: page.ids.sort() };
    };
    const before = [];
    for (const q of queries) before.push(await sorted(q));
    expect(before[0]!.total).toBe(60);
    expect(before[1]!.total).toBe(60);
    expect(before[2]!.ids).toEqual(['doc-17']);
    await archive.backend.close();

    // As ix-6 left it: every term in a row of its own.
    const db = new Database(join(dataDir, 'archive.sqlite'));
    const runs = db.prepare('SELECT base, term, n, data AS postings, positions FROM ix_postings WHERE n < 0').all() as (TermRow & { base: number })[];
    expect(runs.length).toBeGreaterThan(0);
    db.prepare('DELETE FROM ix_postings WHERE n < 0').run();
    const insert = db.prepare('INSERT INTO ix_postings (base, term, n, data, positions) VALUES (?, ?, ?, ?, ?)');
    for (const run of runs) for (const t of unpackRow(run)) insert.run(run.base, t.term, t.n, t.postings, t.positions);
    db.prepare("UPDATE ix_meta SET value = 'ix-6' WHERE key = 'layout'").run();
    db.prepare("UPDATE settings SET value = ? WHERE key = 'search.version'").run(version.replace(/^ix-\d+\//, 'ix-6/'));
    db.close();

    archive = await openArchive({ dataDir });
    expect(await archive.searchIndexIsStale()).toBe(false);
    expect(archive.backend.search.version).toBe(version);
    for (const [i, q] of queries.entries()) expect(await sorted(q)).toEqual(before[i]);
    await archive.backend.close();
    const reopened = new Database(join(dataDir, 'archive.sqlite'));
    expect(reopened.prepare('SELECT count(*) FROM ix_postings WHERE n < 0').pluck().get()).toBeGreaterThan(0);
    reopened.close();
  });
});
