/**
 * The doc columns stored as one blob: restored exactly, and an index that
 * starts from the stored snapshot (then reads the rows written since, and
 * applies the replacements made since) answers every search, facet counts
 * and date sorting included, exactly as one that reads every row, through
 * replacements, removals, purges and a cleared index.
 */
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IndexEntry, SearchRequest } from '../../backends/search-index.js';
import { SqliteIndexStorage, sqliteSearchIndex } from '../../backends/sqlite/sqlite-index-storage.js';
import { makeDocument } from '../../backends/store.contract.js';
import { tempDir } from '../../../test/temp-dirs.js';
import { FACET_IDS } from '../facets.js';
import { parseQuery } from '../query-parser.js';
import { decodeColumns, encodeColumns } from './column-snapshot.js';
import { DocColumns } from './doc-columns.js';

const WORDS = ['treaty', 'harbour', 'minister', 'loan', 'yen', 'fisheries', 'embassy', 'cable'];

function entry(i: number, version = 0): IndexEntry {
  const people = Array.from({ length: i % 7 }, (_, k) => ({ id: `p${(i * 3 + k) % 40}`, role: 'mentioned' as const }));
  const document = makeDocument({
    id: `d${i}`,
    title: `${WORDS[i % 8]} ${version ? 'revised' : ''}`,
    date: i % 9 === 0 ? undefined : i % 5 === 0 ? `${1940 + (i % 30)}~` : `${1940 + (i % 30)}-${String(1 + (i % 12)).padStart(2, '0')}`,
    type: ['cable', 'memo', 'letter'][i % 3],
    subjects: Array.from({ length: i % 5 }, (_, k) => `s${(i + k) % 12}`),
    agents: people,
    collections: [{ id: `c${i % 4}` }],
    transcripts: [{ language: 'en', html: `<p>${WORDS[i % 8]} ${WORDS[(i * 3) % 8]} ${WORDS[(i * 5) % 8]} ${version ? 'amended' : ''}</p>` }],
  });
  return { document, names: [], authorities: people.map((p) => ({ kind: 'person', id: p.id, names: [] })) };
}

const requests: SearchRequest[] = [
  ...['treaty', 'harbour loan', 'amended', 'revised OR yen', 'fisheries -cable'].map((q) => ({
    query: parseQuery(q).root, filters: {}, sort: 'relevance' as const, limit: 50, offset: 0, facets: FACET_IDS.map((id) => ({ id, limit: 0 })),
  })),
  { filters: { dateFrom: '1950', dateTo: '1959', qualifiers: 'exclude' }, sort: 'date', limit: 100, offset: 0, facets: FACET_IDS.map((id) => ({ id, limit: 0 })) },
  { filters: { facets: { person: ['p3'] } }, sort: 'date-desc', limit: 100, offset: 0, facets: [{ id: 'subject', limit: 0 }] },
];

async function answers(index: ReturnType<typeof sqliteSearchIndex>) {
  // Everything but the phases' timings.
  return (await Promise.all(requests.map((r) => index.search(r)))).map(({ timings: _, ...result }) => result);
}

describe('column snapshots', () => {
  it('restore the columns exactly, spilled facet values and record ids included', () => {
    const columns = new DocColumns();
    for (let d = 1; d < 3000; d += 1 + (d % 3)) {
      const facets = Array.from({ length: d % 9 }, (_, k) => ((k % 4) << 24) | ((d * 7 + k) % 70_000));
      columns.append({ doc: d, docId: d % 5 ? `frus1969-76v17d${d}` : `外交文書-${d}`, live: d % 11 !== 0, length: d * 3, dateStart: 19000101 + d, dateEnd: 19000101 + 2 * d, dateFlags: d % 4, sortKey: d % 13 ? d * 10 : Number.POSITIVE_INFINITY, facets });
    }
    expect(columns.facets.spill.length).toBeGreaterThan(0);
    const restored = decodeColumns(encodeColumns(columns))!;
    const firstN = (c: DocColumns) => ({
      size: c.size, liveCount: c.liveCount, deadCount: c.deadCount, totalLength: c.totalLength,
      live: c.live.slice(0, c.size), length: c.length.slice(0, c.size), dateStart: c.dateStart.slice(0, c.size), dateEnd: c.dateEnd.slice(0, c.size),
      dateFlags: c.dateFlags.slice(0, c.size), sortKey: c.sortKey.slice(0, c.size), filled: c.facets.filled,
      columns: c.facets.columns.map((col) => col.slice(0, c.size)),
      values: Array.from({ length: c.size }, (_, d) => FACET_IDS.map((_, f) => c.facets.values(d, f, []))),
      ids: Array.from({ length: c.size }, (_, d) => c.ids.get(d)),
    });
    expect(firstN(restored)).toEqual(firstN(columns));
    expect(restored.ids.get(2995)).toBe('外交文書-2995');
    expect(restored.ids.get(2)).toBeUndefined();
    // Appending after a restored snapshot works as after a load.
    restored.append({ doc: columns.size + 5000, docId: 'later', live: true, length: 1, dateStart: 0, dateEnd: 0, dateFlags: 0, sortKey: 1, facets: [(1 << 24) | 5] });
    expect(restored.facets.values(columns.size + 5000, 1)).toEqual([5]);
    expect([restored.ids.get(columns.size + 5000), restored.ids.get(columns.size + 4999), restored.ids.get(2995)]).toEqual(['later', undefined, '外交文書-2995']);
  });

  it('keep each narrowed column at the width its largest value needs, and give back values of every width', () => {
    const make = (wide: boolean) => {
      const columns = new DocColumns();
      for (let d = 0; d < 2000; d++) {
        // Facet 0's one value below 256 (a byte), facet 1's up to 60,000 when wide (two bytes), the other slots empty.
        const facets = [(0 << 24) | (d % 200), (1 << 24) | (wide ? (d * 31) % 60_000 : d % 50)];
        const docId = wide && d === 1500 ? `long-${'x'.repeat(300)}` : `r${d}`;
        // Narrow: sort keys as doc-row.ts makes them (a date's start · 10 plus its precision, or undated), a byte each;
        // wide: keys that do not follow from the dates, eight bytes each.
        const dateStart = wide ? 0 : 19500101 + (d % 28);
        const sortKey = wide ? d + 0.5 : d % 7 ? dateStart * 10 + (d % 5) : Number.POSITIVE_INFINITY;
        columns.append({ doc: d, docId, live: true, length: wide && d % 100 === 0 ? 70_000 + d : 1 + (d % 200), dateStart, dateEnd: dateStart, dateFlags: 0, sortKey, facets });
      }
      return columns;
    };
    const sizes: number[] = [];
    for (const wide of [false, true]) {
      const columns = make(wide);
      const blob = encodeColumns(columns);
      sizes.push(blob.length);
      const restored = decodeColumns(blob)!;
      expect(Array.from(restored.length.subarray(0, 2000))).toEqual(Array.from(columns.length.subarray(0, 2000)));
      expect(restored.facets.columns.map((c) => Array.from(c.subarray(0, 2000)))).toEqual(columns.facets.columns.map((c) => Array.from(c.subarray(0, 2000))));
      expect(Array.from({ length: 2000 }, (_, d) => restored.ids.get(d))).toEqual(Array.from({ length: 2000 }, (_, d) => columns.ids.get(d)));
      expect(restored.totalLength).toBe(columns.totalLength);
      expect(Array.from(restored.sortKey.subarray(0, 2000))).toEqual(Array.from(columns.sortKey.subarray(0, 2000)));
      expect(Array.from(restored.dateStart.subarray(0, 2000))).toEqual(Array.from(columns.dateStart.subarray(0, 2000)));
    }
    // Narrow: lengths, two slot columns, ids' lengths and sort keys a byte each a document; wide: the lengths four
    // bytes, a slot two, the ids' lengths two (an id of 306 bytes), the sort keys eight.
    expect(sizes[1]! - sizes[0]!).toBeGreaterThanOrEqual(2000 * (3 + 1 + 1 + 7));
    // Per document: live 1, length 1, dates 8, flags 1, sort key 1, two slots 2, an id's length 1, its bytes 2–5
    // (in memory: 1, 4, 8, 1, 8, 44 for the 22 slots, 4 for its end, 2–5).
    expect(sizes[0]!).toBeLessThan(2000 * 20 + 1024);
  });

  it('give a fresh index the same answers as reading every row, through replacements, purges and clearing', async () => {
    const file = join(tempDir(), 'index.sqlite');
    const db = new BetterSqlite3(file);
    const writer = sqliteSearchIndex(db, { snapshotRows: 100, analysisThread: false });
    await writer.index(Array.from({ length: 400 }, (_, i) => entry(i)));
    await writer.compact();
    const stored = () => new SqliteIndexStorage(db).columnSnapshot(false);
    expect(stored()?.upto).toBe(400);

    // Written since the snapshot, too few for a new one: replaced, removed and new documents.
    await writer.index(Array.from({ length: 70 }, (_, i) => entry(i * 5, 1)));
    await writer.remove(['d7', 'd8', 'd399']);
    await writer.index([entry(500), entry(501)]);
    await writer.compact();
    expect(stored()?.upto).toBe(400);

    const compare = async () => {
      const fromSnapshot = sqliteSearchIndex(new BetterSqlite3(file, { readonly: true }), { analysisThread: false });
      const rowByRow = sqliteSearchIndex(new BetterSqlite3(file, { readonly: true }), { analysisThread: false, snapshotRows: 0 });
      const [a, b] = [await answers(fromSnapshot), await answers(rowByRow)];
      expect(a).toEqual(b);
      expect(a[0]!.total).toBeGreaterThan(0);
      return a;
    };
    const before = await compare();
    expect(before[2]!.total).toBe(70); // "amended": the replacements, d0, d5 … d345
    expect(before[0]!.hits.map((h) => h.id)).toContain('d16');

    // The snapshot is what a fresh index starts from: one in which d16 is gone hides it.
    const storage = new SqliteIndexStorage(db);
    const snapshot = storage.columnSnapshot(true)!;
    const doctored = decodeColumns(snapshot.data)!;
    doctored.kill(db.prepare("SELECT rowid FROM ix_docs WHERE doc_id = 'd16' AND live = 1").pluck().get() as number);
    storage.putColumnSnapshot({ ...snapshot, data: encodeColumns(doctored) });
    const fresh = sqliteSearchIndex(new BetterSqlite3(file, { readonly: true }), { analysisThread: false });
    expect((await answers(fresh))[0]!.hits.map((h) => h.id)).not.toContain('d16');
    storage.putColumnSnapshot(snapshot);
    // A purge deletes rows the snapshot still holds as live: it must go, and the next snapshot is made without them.
    await writer.optimize();
    expect(stored()?.upto).toBeGreaterThan(400);
    await compare();
    await writer.clear();
    expect(stored()).toBeUndefined();
    await writer.index([entry(8), entry(9)]);
    const after = await compare();
    expect(after[0]!.hits.map((h) => h.id)).toEqual(['d8']);
  });
});
