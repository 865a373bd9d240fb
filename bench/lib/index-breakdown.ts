/**
 * Where the bytes of a search index in an SQLite archive go: each table's
 * pages split into what its rows hold and what SQLite leaves unused (in its
 * leaf, interior and overflow pages), free pages and the WAL, and the
 * encoded lists per posting and per position. Read with SQLite's `dbstat`
 * table, so it measures the file as it is, not a model of it. Used by
 * bench:search and by `bench/index-size.ts` for any archive.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { LAYOUT, longPieces, pieceBytes, storedRows } from '../../src/backends/sqlite/sqlite-index-storage.js';
import { BLOCK, decodeAll, encodePositions, encodePostings, NO_LENGTHS, PostingBuffer, postingCount } from '../../src/search/engine/posting-codec.js';
import { isExactForm } from '../../src/search/engine/exact-codec.js';
import { ByteWriter } from '../../src/search/engine/varint.js';
import { isRun, unpackRow } from '../../src/search/engine/term-runs.js';

const MB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;

/** Lines describing the index's bytes in the archive at `path`, opened as `db`. */
export function indexBreakdown(db: BetterSqlite3.Database, path: string): string[] {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const wal = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
  const lines = [`file ${MB(pages * pageSize)} (${pages.toLocaleString()} pages of ${pageSize} bytes), free pages ${MB(free * pageSize)}, WAL ${MB(wal)}`];
  const tables = db
    .prepare(
      `SELECT name, count(*) AS pages, sum(payload) AS payload, sum(CASE WHEN pagetype = 'overflow' THEN 1 ELSE 0 END) AS overflow,
         sum(CASE WHEN pagetype = 'overflow' THEN unused ELSE 0 END) AS overflowUnused, sum(unused) AS unused
       FROM dbstat GROUP BY name ORDER BY pages DESC`,
    )
    .all() as { name: string; pages: number; payload: number; overflow: number; overflowUnused: number; unused: number }[];
  lines.push('table (or index)        |       size |  row bytes | unused in pages (of which in overflow pages) | share');
  for (const t of tables.filter((t) => t.pages * pageSize >= 2 ** 16)) {
    lines.push(
      `${t.name.padEnd(24)}| ${MB(t.pages * pageSize).padStart(10)} | ${MB(t.payload).padStart(10)} | ${MB(t.unused).padStart(10)} (${MB(t.overflowUnused)} in ${t.overflow.toLocaleString()} overflow pages) | ${((100 * t.pages) / pages).toFixed(1)}%`,
    );
  }
  const small = tables.filter((t) => t.pages * pageSize < 2 ** 16);
  lines.push(`${small.length} smaller tables and indexes: ${MB(small.reduce((s, t) => s + t.pages, 0) * pageSize)}`);
  lines.push(...postingBytes(db));
  return lines;
}

/** The stored rows of `ix_postings` (with their lists from `ix_long`), runs of terms as they are stored; none in another layout. */
function stored(db: BetterSqlite3.Database): Iterable<{ base: number; term: string; n: number; data: Uint8Array; positions: Uint8Array; long: boolean }> {
  const layout = db.prepare("SELECT value FROM ix_meta WHERE key = 'layout'").pluck().get() as string | undefined;
  return layout === LAYOUT ? storedRows(db) : [];
}

/** Postings (term, document pairs) in the index: each term's count, those inside runs of terms included. */
export function postingTotal(db: BetterSqlite3.Database): number {
  let total = 0;
  for (const r of stored(db)) {
    if (!isRun(r)) total += r.n;
    else for (const t of unpackRow({ term: r.term, n: r.n, postings: r.data, positions: r.positions })) total += t.n;
  }
  return total;
}

/** The encoded lists: bytes per posting and per position, the rows' keys, and the runs of terms. */
function postingBytes(db: BetterSqlite3.Database): string[] {
  // Lists of another layout are counted by their bytes only: this code's decoder would misread their counts.
  const layout = db.prepare("SELECT value FROM ix_meta WHERE key = 'layout'").pluck().get() as string | undefined;
  const decodes = layout === LAYOUT;
  const b = new PostingBuffer();
  let [count, terms, postings, positions, data, positionBytes, keys, single, longRows, runs, runHeaders] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  // The same bytes split between full blocks of 128 postings (common terms) and the varint remainders (all of a rare term's).
  let [blockPostings, blockPostingBytes, blockPositions, blockPositionBytes, exactForms, exactFormPostings, exactFormBytes] = [0, 0, 0, 0, 0, 0, 0];
  const w = new ByteWriter(1 << 16);
  const gaps = new Int32Array(BLOCK);
  for (const r of stored(db)) {
    count++;
    keys += Buffer.byteLength(r.term);
    if (r.long) longRows++;
    const lists = decodes && isRun(r) ? unpackRow({ term: r.term, n: r.n, postings: r.data, positions: r.positions }) : [{ term: r.term, postings: r.data, positions: r.positions }];
    if (decodes && isRun(r)) {
      runs++;
      runHeaders += r.data.length - lists.reduce((sum, t) => sum + t.postings.length + t.positions.length, 0);
    }
    for (const t of lists) {
      b.reset();
      // A form as typed is written against its stem's list (exact-codec.ts): counted, not decoded.
      if (decodes && isExactForm(t.term)) {
        const n = postingCount(t.postings);
        terms++;
        postings += n;
        data += t.postings.length;
        if (n === 1) single++;
        exactForms++;
        exactFormPostings += n;
        exactFormBytes += t.postings.length;
        continue;
      }
      if (decodes) decodeAll(t.postings, t.positions, r.base, b);
      terms++;
      postings += b.n;
      positions += b.npos;
      data += t.postings.length;
      positionBytes += t.positions.length;
      if (decodes && b.n === 1) single++;
      if (!decodes) continue;
      const full = b.n - (b.n % BLOCK);
      if (full === 0) continue;
      // Re-encoded without the remainder: the count's varint, then the full blocks alone.
      const n = b.n;
      b.n = full;
      w.reset();
      // Without the documents' lengths: the blocks' bounds are written as for length 0 (a pair or two, as with them).
      encodePostings(b, r.base, w, gaps, NO_LENGTHS);
      blockPostingBytes += w.length;
      let inBlocks = 0;
      for (let i = 0; i < full; i++) inBlocks += b.counts[i]!;
      const npos = b.npos;
      b.npos = inBlocks;
      w.reset();
      encodePositions(b, w);
      blockPositionBytes += w.length;
      blockPostings += full;
      blockPositions += inBlocks;
      b.n = n;
      b.npos = npos;
    }
  }
  const per = (bytes: number, n: number) => (n ? bytes / n : 0).toFixed(2);
  if (!decodes) return [`layout ${layout}, not ${LAYOUT}: its rows are not read`];
  const pieces = longPieces(db);
  return [
    `stored rows ${count.toLocaleString()} (runs of terms: ${runs.toLocaleString()}, their headers ${MB(runHeaders)}; lists in ix_long: ${longRows.toLocaleString()}), keys ${MB(keys)}`,
    `ix_long: ${pieces.pieces.toLocaleString()} pieces of up to ${pieceBytes(db.pragma('page_size', { simple: true }) as number)} bytes, ${MB(pieces.bytes)} (lists ${MB(pieces.listBytes)}; pieces no list reaches: ${pieces.unreached})`,
    `(segment, term) pairs ${terms.toLocaleString()} (one posting: ${single.toLocaleString()})`,
    `postings ${postings.toLocaleString()}: doc, frequency, fields ${MB(data)} (${per(data, postings)} bytes each); ` +
      `positions ${positions.toLocaleString()} (${per(positions, postings)} a posting): ${MB(positionBytes)} (${per(positionBytes, positions)} bytes each, ${per(positionBytes, postings)} a posting)`,
    `in full blocks: postings ${blockPostings.toLocaleString()}, ${MB(blockPostingBytes)} (${per(blockPostingBytes, blockPostings)} bytes each); positions ${blockPositions.toLocaleString()}, ${MB(blockPositionBytes)} (${per(blockPositionBytes, blockPositions)} bytes each)`,
    `in remainders: postings ${(postings - blockPostings).toLocaleString()}, ${MB(data - blockPostingBytes)} (${per(data - blockPostingBytes, postings - blockPostings)} bytes each); positions ${(positions - blockPositions).toLocaleString()}, ${MB(positionBytes - blockPositionBytes)} (${per(positionBytes - blockPositionBytes, positions - blockPositions)} bytes each)`,
    `exact forms (lists against their stem's): ${exactForms.toLocaleString()} lists, ${exactFormPostings.toLocaleString()} postings, ${MB(exactFormBytes)} (${per(exactFormBytes, exactFormPostings)} bytes each)`,
  ];
}
