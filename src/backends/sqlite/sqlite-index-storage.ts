/**
 * Where the search engine keeps its index in the embedded archive: tables
 * of the archive file, on the catalog's connection, so index writes join the
 * catalog's transactions. Every read answers synchronously (better-sqlite3),
 * so a query is evaluated in one pass (engine/index-storage.ts).
 *
 * - `ix_postings(base, term)`: a segment's stored rows (engine/term-runs.ts):
 *   a term's, its postings in one column and its positions in another, or a
 *   run of rare terms keyed by its first (`n` negative, the run in the first
 *   column), up to `runBytes`, which a cell holds in its page; WITHOUT ROWID,
 *   so a segment's rows are one key range of the B-tree. A term is read from
 *   the row keyed at or before it (one seek). A term's row whose lists pass
 *   what a cell keeps in its page (a common term's) keeps only their two
 *   lengths (varints, in `data`) and, in `positions`, the address of their
 *   first byte in `ix_long` (an integer, not a blob: rowid · 2¹⁶ + offset in
 *   the piece);
 * - `ix_long`: those lists (a term's postings, then its positions), a
 *   segment's back to back in key order, as one stream cut into pieces that
 *   each fill a leaf page of this rowid table, under consecutive rowids: a
 *   read is one range of rowids. A row of this table a list packed its
 *   cells of 0.9–4 KB loosely into its leaves (7.3 MB of 51 MB unused at
 *   50,000 documents); a WITHOUT ROWID cell keeps only ~1 KB in its page
 *   and spills the rest to overflow pages whose last one is mostly empty;
 * - `ix_segments`: each segment's doc range and size class (its key list is
 *   the keys of its `ix_postings` rows, read in key order, not a copy);
 * - `ix_docs`: one row per indexed document version, its rowid the doc number
 *   (read into the engine's columns, record ids included: a search reads none; its facet values as varints);
 * - `ix_pending`: documents waiting as single rows;
 * - `ix_facet_values`: facet values ↔ ids; `ix_meta`: layout, epoch and the pieces' size;
 * - `ix_columns`: at most one row, the doc columns as one blob (engine/column-snapshot.ts).
 *
 * The change marker is SQLite's `data_version`, which moves when another
 * connection commits (this connection's own writes mark the index dirty).
 * A term's rows are read with it, in the same statement: a search whose
 * columns were current reads no marker of its own (takeSeenVersion).
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { DocRow } from '../../search/engine/doc-columns.js';
import { UNDATED, VALUE_BITS, VALUE_MASK } from '../../search/engine/doc-columns.js';
import type { ColumnSnapshot, IndexMarker, IndexStorage, NewDocRow, PendingRow, SegmentRow, TermRow } from '../../search/engine/index-storage.js';
import { EngineSearchIndex, type EngineSearchIndexOptions } from '../../search/engine-search-index.js';
import { findInRow, termsInRows } from '../../search/engine/term-runs.js';
import { ByteReader, ByteWriter } from '../../search/engine/varint.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ix_docs (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_id TEXT NOT NULL,
  live INTEGER NOT NULL,
  length INTEGER NOT NULL,
  date_start INTEGER NOT NULL,
  date_end INTEGER NOT NULL,
  date_flags INTEGER NOT NULL,
  sort_key REAL,
  facets BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_docs_live_id ON ix_docs(doc_id) WHERE live = 1;
CREATE INDEX IF NOT EXISTS ix_docs_dead ON ix_docs(rowid) WHERE live = 0;
CREATE TABLE IF NOT EXISTS ix_segments (base INTEGER PRIMARY KEY, last INTEGER NOT NULL, docs INTEGER NOT NULL, level INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ix_postings (base INTEGER NOT NULL, term TEXT NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL, positions BLOB NOT NULL, PRIMARY KEY (base, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ix_long (rowid INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS ix_pending (rowid INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS ix_facet_values (facet INTEGER NOT NULL, id INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (facet, id)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS ix_facet_values_value ON ix_facet_values(facet, value);
CREATE TABLE IF NOT EXISTS ix_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ix_columns (id INTEGER PRIMARY KEY CHECK (id = 1), format TEXT NOT NULL, epoch TEXT NOT NULL, upto INTEGER NOT NULL, data BLOB NOT NULL);
`;

/** The foundation's FTS5 tables: derived data, replaced by this index. */
const LEGACY = `DROP TABLE IF EXISTS search_fts; DROP TABLE IF EXISTS search_doc_collections; DROP TABLE IF EXISTS search_docs;
DROP TABLE IF EXISTS ix_positions; DROP TABLE IF EXISTS ix_surface;`;

/**
 * Version of the tables' layout (and of the lists in them: `ix-11` writes a word's form as typed against its stem's
 * list (exact-codec.ts); `ix-10` keeps a document's facet values as varints
 * ({@link facetBytes}), `ix-9` as four bytes each; `ix-9` keeps long lists in a stream of page-sized pieces, `ix-8`
 * had a row of `ix_long` a list); older tables are dropped when the archive opens.
 */
export const LAYOUT = 'ix-11';

/** A term's lists go to `ix_long` past this many bytes: what a WITHOUT ROWID cell keeps in its page, less room for the key. */
function longRowBytes(pageSize: number): number {
  return Math.floor(((pageSize - 12) * 64) / 255) - 23 - 100;
}

/**
 * The bytes of a piece of `ix_long`: a rowid table's leaf keeps a cell whole up to `pageSize − 35` bytes of payload
 * (the record: its header's length, a NULL for the rowid's column, the blob's type, the blob), so a piece that size
 * fills its page but for its cell's two varints and pointer; a byte more and all but 489 bytes of it would go to an
 * overflow page.
 */
export function pieceBytes(pageSize: number): number {
  const payload = pageSize - 35;
  let n = payload - 2;
  while (2 + varintLength(2 * n + 12) + n > payload) n--;
  return n;
}

/** A facet index step of this or more is written as this, then the facet index whole. */
const FACET_STEP_ESCAPE = 15;
const facetWriter = new ByteWriter(256);

/**
 * A document's facet values (each `facet index << VALUE_BITS | value id`, as the engine packs them) as `ix_docs`
 * keeps them: per value one varint, `id · 16 + step`, the step being its facet index less the value before's (0 to
 * 14; 15, then the index as a varint of its own, for any other). The values come in facet order with small ids
 * (a facet's dictionary numbers its values as they are first met), so most take one or two bytes where four did.
 * Their order is kept, whatever it is.
 */
export function facetBytes(values: ArrayLike<number>): Uint8Array {
  const w = facetWriter;
  w.length = 0;
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const facet = v >>> VALUE_BITS;
    const step = facet - previous;
    const escaped = step < 0 || step >= FACET_STEP_ESCAPE;
    w.varint((v & VALUE_MASK) * 16 + (escaped ? FACET_STEP_ESCAPE : step));
    if (escaped) w.varint(facet);
    previous = facet;
  }
  return w.finish();
}

/** The values {@link facetBytes} wrote. */
export function facetValues(bytes: Uint8Array): Uint32Array {
  const r = new ByteReader(bytes);
  const out: number[] = [];
  let facet = 0;
  while (r.pos < bytes.length) {
    const v = r.varint();
    const step = v % 16;
    facet = step === FACET_STEP_ESCAPE ? r.varint() : facet + step;
    out.push(((facet << VALUE_BITS) | Math.floor(v / 16)) >>> 0);
  }
  return Uint32Array.from(out);
}

function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length++;
  }
  return length;
}

/** An address in the stream of `ix_long`: the piece's rowid times this, plus the offset in the piece. */
const PIECE_SPAN = 2 ** 16;

/**
 * What a search reads of a segment's row at or before a term, each `?` the term: for postings, the bytes only when
 * the row may hold the term (a row in the stream's are its bytes' lengths); for positions, a run's bytes, the
 * lengths, or the term's own positions; then a row in the stream's address in `ix_long` (an integer, read without
 * its row's blob). The bytes are read from `ix_long` by a statement of their own: reading the rest of the first
 * piece here as well (where a list of a KB or two lies whole) made a common word's read 1.25× slower.
 */
const ROW_AT_OR_BEFORE = {
  postings: `p.n, CASE WHEN p.n < 0 OR p.term = ? THEN p.data END, CASE WHEN typeof(p.positions) = 'integer' THEN p.positions END`,
  positions: `p.n, CASE WHEN p.n < 0 THEN p.data WHEN p.term = ? THEN (CASE WHEN typeof(p.positions) = 'integer' THEN p.data ELSE x'' END) END,
    CASE WHEN typeof(p.positions) = 'integer' OR (p.n >= 0 AND p.term = ?) THEN p.positions END`,
};
/** How many times each of those columns binds the term. */
const TERM_USES = { postings: 1, positions: 2 } satisfies Record<keyof typeof ROW_AT_OR_BEFORE, number>;

/** Dossier's search index in an SQLite archive file. */
export function sqliteSearchIndex(db: BetterSqlite3.Database, options: EngineSearchIndexOptions = {}): EngineSearchIndex {
  return new EngineSearchIndex(new SqliteIndexStorage(db), options);
}

const EMPTY = new Uint8Array(0);

export class SqliteIndexStorage implements IndexStorage {
  readonly layout = LAYOUT;
  readonly readonly: boolean;
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  /** A search's row reads, by kind and number of segments (see #perSegment). */
  readonly #perSegmentStatements: Record<keyof typeof ROW_AT_OR_BEFORE, BetterSqlite3.Statement[]> = { postings: [], positions: [] };
  readonly #longRow: number;
  /** The bytes a piece of `ix_long` holds, as the archive recorded them when its tables were made. */
  readonly #piece: number;
  /** The piece of `ix_long` this storage's last write of a segment left partly filled, which the next write of it continues. */
  #open: { base: number; rowid: number } | undefined;
  readonly runBytes: number;
  /** The marker's version as the row reads since takeSeenVersion saw it; null once they disagree or a read saw none. */
  #seen: number | null | undefined;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.readonly = db.readonly;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    this.#longRow = longRowBytes(pageSize);
    // Room for the run's key (its first term) in the same cell.
    this.runBytes = this.#longRow - 64;
    this.#piece = pieceBytes(pageSize);
    if (db.readonly) {
      this.#piece = recordedPiece(db) ?? this.#piece;
      return;
    }
    db.exec(LEGACY);
    // Tables of an older layout are derived data: drop them, and the archive reindexes (its version differs).
    const layout = db.prepare("SELECT name FROM sqlite_master WHERE name = 'ix_meta'").get()
      ? (db.prepare("SELECT value FROM ix_meta WHERE key = 'layout'").pluck().get() as string | undefined)
      : undefined;
    if (layout !== LAYOUT) {
      db.exec('DROP TABLE IF EXISTS ix_docs; DROP TABLE IF EXISTS ix_segments; DROP TABLE IF EXISTS ix_postings; DROP TABLE IF EXISTS ix_long; DROP TABLE IF EXISTS ix_pending; DROP TABLE IF EXISTS ix_facet_values; DROP TABLE IF EXISTS ix_meta; DROP TABLE IF EXISTS ix_columns;');
      db.exec(SCHEMA);
      db.prepare("INSERT INTO ix_meta (key, value) VALUES ('layout', ?), ('piece', ?)").run(LAYOUT, String(this.#piece));
    } else {
      db.exec(SCHEMA);
      this.#piece = recordedPiece(db) ?? this.#piece;
    }
  }

  // ---- change marker -------------------------------------------------------

  marker(): IndexMarker {
    // A prepared statement, not db.pragma(), which prepares one on every call: this runs once per search.
    return { version: this.#stmt('PRAGMA data_version').pluck().get() as number, inTransaction: this.#db.inTransaction };
  }

  takeSeenVersion(): number | undefined {
    const seen = this.#seen;
    this.#seen = undefined;
    return seen ?? undefined;
  }

  epoch(): string {
    return (this.#stmt("SELECT value FROM ix_meta WHERE key = 'epoch'").pluck().get() as string | undefined) ?? '';
  }

  maxDoc(): number {
    return (this.#stmt('SELECT coalesce(max(rowid), 0) FROM ix_docs').pluck().get() as number) ?? 0;
  }

  // ---- documents -------------------------------------------------------------

  insertDoc(row: NewDocRow): number {
    const info = this.#stmt(
      'INSERT INTO ix_docs (doc_id, live, length, date_start, date_end, date_flags, sort_key, facets) VALUES (?, 1, ?, ?, ?, ?, ?, ?)',
    ).run(row.docId, row.length, row.dateStart, row.dateEnd, row.dateFlags, row.sortKey, facetBytes(row.facets));
    return Number(info.lastInsertRowid);
  }

  killDoc(docId: string): void {
    this.#stmt('DELETE FROM ix_pending WHERE rowid IN (SELECT rowid FROM ix_docs WHERE doc_id = ? AND live = 1)').run(docId);
    this.#stmt('UPDATE ix_docs SET live = 0 WHERE doc_id = ? AND live = 1').run(docId);
  }

  facetValueId(facet: number, value: string): number {
    const row = this.#stmt('SELECT id FROM ix_facet_values WHERE facet = ? AND value = ?').get(facet, value) as { id: number } | undefined;
    if (row) return row.id;
    const id = (this.#stmt('SELECT coalesce(max(id) + 1, 0) AS id FROM ix_facet_values WHERE facet = ?').get(facet) as { id: number }).id;
    this.#stmt('INSERT INTO ix_facet_values (facet, id, value) VALUES (?, ?, ?)').run(facet, id, value);
    return id;
  }

  liveCount(): number {
    return (this.#stmt('SELECT count(*) AS n FROM ix_docs WHERE live = 1').get() as { n: number }).n;
  }

  *loadDocs(from: number): Iterable<DocRow> {
    const rows = this.#stmt('SELECT rowid, doc_id, live, length, date_start, date_end, date_flags, sort_key, facets FROM ix_docs WHERE rowid >= ? ORDER BY rowid').raw();
    for (const r of rows.iterate(from) as Iterable<[number, string, number, number, number, number, number, number | null, Buffer]>) {
      yield {
        doc: r[0], docId: r[1], live: r[2] === 1, length: r[3], dateStart: r[4], dateEnd: r[5], dateFlags: r[6], sortKey: r[7] ?? UNDATED,
        facets: facetValues(r[8]),
      };
    }
  }

  deadDocs(from?: number, to?: number): number[] {
    if (from === undefined || to === undefined) return this.#stmt('SELECT rowid FROM ix_docs WHERE live = 0').pluck().all() as number[];
    return this.#stmt('SELECT rowid FROM ix_docs WHERE live = 0 AND rowid BETWEEN ? AND ?').pluck().all(from, to) as number[];
  }

  facetValues(): Iterable<[number, number, string]> {
    // Read whole, not as an open iterator: the engine awaits the answer, and another search may use the connection meanwhile.
    return this.#stmt('SELECT facet, id, value FROM ix_facet_values').raw().all() as [number, number, string][];
  }

  purgeDead(): void {
    this.#db.exec('DELETE FROM ix_docs WHERE live = 0; DELETE FROM ix_columns;');
  }

  columnSnapshot(withData: boolean): ColumnSnapshot | undefined {
    // A read-only connection to an archive written before the table existed opens without creating it.
    if (this.readonly && !this.#stmt("SELECT 1 FROM sqlite_master WHERE name = 'ix_columns'").get()) return undefined;
    const data = withData ? 'data' : "x'' AS data";
    return this.#stmt(`SELECT format, epoch, upto, ${data} FROM ix_columns WHERE id = 1`).get() as ColumnSnapshot | undefined;
  }

  putColumnSnapshot(snapshot: ColumnSnapshot): void {
    this.#stmt('INSERT OR REPLACE INTO ix_columns (id, format, epoch, upto, data) VALUES (1, ?, ?, ?, ?)').run(snapshot.format, snapshot.epoch, snapshot.upto, snapshot.data);
  }

  clear(epoch: string): void {
    this.#db.exec('DELETE FROM ix_docs; DELETE FROM ix_segments; DELETE FROM ix_postings; DELETE FROM ix_long; DELETE FROM ix_pending; DELETE FROM ix_facet_values; DELETE FROM ix_columns;');
    this.#stmt("INSERT OR REPLACE INTO ix_meta (key, value) VALUES ('epoch', ?)").run(epoch);
  }

  // ---- pending documents -----------------------------------------------------

  addPending(row: PendingRow): void {
    this.#stmt('INSERT INTO ix_pending (rowid, data) VALUES (?, ?)').run(row.doc, row.data);
  }

  pendingCount(): number {
    return this.#stmt('SELECT count(*) FROM ix_pending').pluck().get() as number;
  }

  pending(liveOnly: boolean): PendingRow[] {
    const sql = liveOnly
      ? 'SELECT p.rowid AS doc, p.data AS data FROM ix_pending p JOIN ix_docs d ON d.rowid = p.rowid WHERE d.live = 1 ORDER BY p.rowid'
      : 'SELECT rowid AS doc, data FROM ix_pending ORDER BY rowid';
    return this.#stmt(sql).all() as PendingRow[];
  }

  clearPending(): void {
    this.#db.exec('DELETE FROM ix_pending');
  }

  // ---- segments --------------------------------------------------------------

  segments(): SegmentRow[] {
    this.#seen = null;
    return this.#stmt('SELECT base, last, docs, level FROM ix_segments ORDER BY base').all() as SegmentRow[];
  }

  segmentKeys(base: number): string[] {
    // The keys are in the leaf cells before each row's blobs, so this reads no overflow page.
    return this.#stmt('SELECT term FROM ix_postings WHERE base = ? ORDER BY term').pluck().all(base) as string[];
  }

  putSegment(segment: SegmentRow): void {
    this.#stmt('INSERT INTO ix_segments (base, last, docs, level) VALUES (?, ?, ?, ?)').run(segment.base, segment.last, segment.docs, segment.level);
  }

  dropSegments(bases: readonly number[]): void {
    this.#inList('DELETE FROM ix_segments WHERE base IN (#)', bases.length).run(...bases);
  }

  putTerms(base: number, rows: Iterable<TermRow>): void {
    // One savepoint: a write that fails leaves neither rows nor pieces of it.
    this.#db.transaction(() => this.#putTerms(base, rows))();
  }

  #putTerms(base: number, rows: Iterable<TermRow>): void {
    const insert = this.#stmt('INSERT INTO ix_postings (base, term, n, data, positions) VALUES (?, ?, ?, ?, ?)');
    const stream = new PieceWriter(this.#piece, this.#continued(base), this.#stmt('INSERT OR REPLACE INTO ix_long (rowid, data) VALUES (?, ?)'));
    for (const t of rows) {
      // A run stays in its cell whatever its size.
      if (t.n < 0 || t.postings.length + t.positions.length + t.term.length <= this.#longRow) {
        insert.run(base, t.term, t.n, t.postings, t.positions);
        continue;
      }
      // The address as a BigInt: better-sqlite3 binds a number as a float, 8 bytes and typeof 'real'.
      const address = stream.address();
      stream.write(t.postings);
      stream.write(t.positions);
      insert.run(base, t.term, t.n, lengths(t.postings.length, t.positions.length), BigInt(address));
    }
    this.#open = stream.close(base);
  }

  /**
   * Where a write of segment `base` starts in `ix_long`: in the piece that this storage's last write of the same
   * segment left partly filled, if that is still the table's last row; else in a new piece after the last.
   */
  #continued(base: number): { rowid: number; data: Uint8Array | undefined } {
    const last = this.#stmt('SELECT rowid, data FROM ix_long ORDER BY rowid DESC LIMIT 1').raw().get() as [number, Uint8Array] | undefined;
    const open = this.#open;
    this.#open = undefined;
    if (last && open && open.base === base && open.rowid === last[0] && last[1].length < this.#piece) return { rowid: last[0], data: last[1] };
    return { rowid: (last?.[0] ?? 0) + 1, data: undefined };
  }

  takeTerms(base: number, from: string, to: string): TermRow[] {
    const rows = this.#stmt('SELECT term, n, data AS postings, positions FROM ix_postings WHERE base = ? AND term >= ? AND term <= ? ORDER BY term').all(base, from, to) as (TermRow & { positions: Uint8Array | number })[];
    const drop = this.#stmt('DELETE FROM ix_long WHERE rowid BETWEEN ? AND ?');
    for (const row of rows) {
      if (typeof row.positions !== 'number') continue;
      const address = row.positions;
      const [postings, positions] = readLengths(row.postings);
      const lists = this.#readLong(address, 0, postings + positions);
      row.postings = lists.subarray(0, postings);
      row.positions = lists.subarray(postings);
      // The list's pieces go with it, but its last when a later term's bytes begin in it: terms are taken in key
      // order, which is their order in the stream, so an earlier term sharing its first piece was taken before.
      const span = pieceSpan(address, postings + positions, this.#piece);
      const lastLength = this.#stmt('SELECT length(data) FROM ix_long WHERE rowid = ?').pluck().get(span.last) as number;
      drop.run(span.first, span.end < lastLength ? span.last - 1 : span.last);
    }
    this.#stmt('DELETE FROM ix_postings WHERE base = ? AND term >= ? AND term <= ?').run(base, from, to);
    return rows as TermRow[];
  }

  peekTerms(base: number, from: string, to: string): TermRow[] {
    // A list's positions are never read: a row in the stream gives its postings' length and address.
    const rows = this.#stmt(
      `SELECT term, n, data AS postings, CASE WHEN typeof(positions) = 'integer' THEN positions END AS address
       FROM ix_postings WHERE base = ? AND term >= ? AND term <= ? ORDER BY term`,
    ).all(base, from, to) as { term: string; n: number; postings: Uint8Array; address: number | null }[];
    return rows.map(({ term, n, postings, address }) => ({
      term,
      n,
      postings: address === null ? postings : this.#readLong(address, 0, readLengths(postings)[0]),
      positions: EMPTY,
    }));
  }

  /** `length` bytes of the stream of `ix_long`, `skip` bytes after `address`: one piece's bytes, or pieces' joined by SQLite. */
  #readLong(address: number, skip: number, length: number): Uint8Array {
    if (length === 0) return EMPTY;
    const span = pieceSpan(address, length, this.#piece, skip);
    if (span.first === span.last) {
      const one = this.#stmt('SELECT substr(data, ?, ?) FROM ix_long WHERE rowid = ?').pluck().get(span.start + 1, length, span.first) as Uint8Array | undefined;
      if (one?.length === length) return one;
    } else {
      // The pieces joined by SQLite (group_concat over blobs keeps their bytes, NULs included, and is cast back),
      // so the engine gets one array from one copy, as a row with overflow pages gave it.
      const joined = this.#stmt(
        "SELECT substr(CAST(group_concat(data, x'') AS BLOB), ?, ?) FROM (SELECT data FROM ix_long WHERE rowid BETWEEN ? AND ? ORDER BY rowid)",
      ).pluck().get(span.start + 1, length, span.first, span.last) as Uint8Array | null;
      if (joined?.length === length) return joined;
    }
    throw new Error(`search index: a list at ${address} in ix_long (${length} bytes) is missing or cut short; run dossier reindex`);
  }

  postings(bases: readonly number[], term: string): { base: number; n: number; postings: Uint8Array }[] {
    // The row at or before the term in each segment; its bytes only when it may hold the term (a run, or the term's
    // own row), not a common word's list keyed just before it.
    const rows = this.#perSegment('postings', bases, term) as [number, string, number, Uint8Array | null, number | null][];
    const out: { base: number; n: number; postings: Uint8Array }[] = [];
    for (const [base, key, n, data, address] of rows) {
      if (!data) continue;
      // A term's own row in the stream is the term's postings (a run always stays in its cell).
      if (address !== null) {
        out.push({ base, n, postings: this.#readLong(address, 0, readLengths(data)[0]) });
        continue;
      }
      const found = findInRow(key, n, data, EMPTY, term);
      if (found) out.push({ base, n: found.n, postings: found.postings });
    }
    return out;
  }

  positions(bases: readonly number[], term: string): { n: number; positions: Uint8Array }[] {
    const rows = this.#perSegment('positions', bases, term) as [number, string, number, Uint8Array | null, Uint8Array | number | null][];
    const out: { n: number; positions: Uint8Array }[] = [];
    for (const [, key, n, data, positions] of rows) {
      if (!data) continue;
      if (typeof positions === 'number') {
        // A term's own row in the stream: its positions follow its postings.
        const [postings, length] = readLengths(data);
        out.push({ n, positions: this.#readLong(positions, postings, length) });
        continue;
      }
      const found = findInRow(key, n, data, positions ?? EMPTY, term);
      if (found) out.push({ n: found.n, positions: found.positions });
    }
    return out;
  }

  /**
   * Per segment of `bases` (in ascending order), its row at or before `term` as `[base, key, …columns]`, in one
   * statement for every segment: one seek each, as a statement per segment made, without a round trip per segment
   * (`base IN (…)` is no substitute: SQLite plans an IN loop per call, and "at or before" needs a LIMIT per segment).
   */
  #perSegment(kind: keyof typeof ROW_AT_OR_BEFORE, bases: readonly number[], term: string): unknown[][] {
    if (bases.length === 0) return [];
    const columns = ROW_AT_OR_BEFORE[kind];
    const statements = this.#perSegmentStatements[kind];
    let stmt = statements[bases.length];
    if (!stmt) {
      const one = `SELECT * FROM (SELECT p.base, p.term, ${columns} FROM ix_postings p WHERE p.base = ? AND p.term <= ? ORDER BY p.term DESC LIMIT 1)`;
      // First, the change marker as this statement's read sees it (takeSeenVersion): base -1, the version in `n`,
      // as many columns as an arm has (base, term, n and the kind's others).
      const width = this.#db.prepare(one).columns().length;
      const marker = `SELECT -1, NULL, data_version${', NULL'.repeat(width - 3)} FROM pragma_data_version`;
      statements[bases.length] = stmt = this.#db.prepare([marker, ...new Array(bases.length).fill(one)].join(' UNION ALL ')).raw();
    }
    // better-sqlite3 binds only anonymous or named parameters: each arm takes the term for its columns, its base, the term.
    const uses = TERM_USES[kind];
    const args: unknown[] = [];
    for (const base of ascending(bases)) {
      for (let u = 0; u < uses; u++) args.push(term);
      args.push(base, term);
    }
    const rows = stmt.all(...args) as unknown[][];
    // UNION ALL gives its arms' rows in order; the engine relies on base order, so it is not left to chance.
    for (let i = 1; i < rows.length; i++) {
      if ((rows[i]![0] as number) < (rows[i - 1]![0] as number)) {
        rows.sort((a, b) => (a[0] as number) - (b[0] as number));
        break;
      }
    }
    const version = rows.shift()![2] as number;
    this.#seen = this.#seen === undefined || this.#seen === version ? version : null;
    return rows;
  }

  termsInRange(bases: readonly number[], from: string, to: string, limit: number): { term: string; df: number }[] {
    // A read without the marker: a search that made one reads the marker afterwards (takeSeenVersion).
    this.#seen = null;
    // Per segment, the row at or before `from` (a run may begin before it) and those keyed inside the range; a
    // common word's row by its count alone.
    const rows = this.#stmt(
      `SELECT p.term AS term, p.n AS n, CASE WHEN p.n < 0 THEN p.data ELSE x'' END AS postings FROM ix_postings p
       WHERE p.base = @base AND p.term >= coalesce((SELECT term FROM ix_postings WHERE base = @base AND term <= @term ORDER BY term DESC LIMIT 1), @term) AND p.term < @to`,
    );
    const all: { term: string; n: number; postings: Uint8Array }[] = [];
    for (const base of bases) for (const row of rows.all({ base, term: from, to }) as { term: string; n: number; postings: Uint8Array }[]) all.push(row);
    return termsInRows(all, from, to, limit);
  }

  /** A statement with `#` replaced by `count` placeholders. */
  #inList(sql: string, count: number): BetterSqlite3.Statement {
    return this.#stmt(sql.replace('#', new Array(count).fill('?').join(', ')));
  }

  #stmt(sql: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(sql);
    if (!stmt) this.#statements.set(sql, (stmt = this.#db.prepare(sql)));
    return stmt;
  }
}

/** The piece size an archive's `ix_long` was written with (`ix_meta`), if it records one. */
function recordedPiece(db: BetterSqlite3.Database): number | undefined {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'ix_meta'").get()) return undefined;
  const value = db.prepare("SELECT value FROM ix_meta WHERE key = 'piece'").pluck().get() as string | undefined;
  return value === undefined ? undefined : Number(value);
}

/**
 * Where `length` bytes of the stream lie, `skip` bytes after `address`: the first and last pieces' rowids, the
 * offset in the first, and where they end in the last (full pieces hold `piece` bytes each).
 */
function pieceSpan(address: number, length: number, piece: number, skip = 0): { first: number; start: number; last: number; end: number } {
  const at = (address % PIECE_SPAN) + skip;
  const first = Math.floor(address / PIECE_SPAN) + Math.floor(at / piece);
  const start = at % piece;
  const last = first + Math.floor((start + length - 1) / piece);
  return { first, start, last, end: ((start + length - 1) % piece) + 1 };
}

/** A long row's `data`: its postings' and positions' lengths, as varints. */
function lengths(postings: number, positions: number): Uint8Array {
  const w = new ByteWriter(10);
  w.varint(postings);
  w.varint(positions);
  return w.finish();
}

function readLengths(data: Uint8Array): [number, number] {
  const r = new ByteReader(data);
  return [r.varint(), r.varint()];
}

/**
 * Writes lists into the stream of `ix_long`: bytes fill a piece, a full piece is stored and the next begins under
 * the next rowid (a write runs in one savepoint, so nothing else takes those rowids). A piece is written once full,
 * or partly filled when the write ends (`close`); one taken over from the write before is rewritten whole.
 */
class PieceWriter {
  readonly #buf: Uint8Array;
  #used = 0;
  #rowid: number;

  constructor(
    private readonly piece: number,
    from: { rowid: number; data: Uint8Array | undefined },
    private readonly store: BetterSqlite3.Statement,
  ) {
    this.#buf = new Uint8Array(piece);
    this.#rowid = from.rowid;
    if (from.data) {
      this.#buf.set(from.data);
      this.#used = from.data.length;
    }
  }

  /** The stream's address of the next byte written. */
  address(): number {
    return this.#rowid * PIECE_SPAN + this.#used;
  }

  write(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(bytes.length - at, this.piece - this.#used);
      this.#buf.set(bytes.subarray(at, at + take), this.#used);
      this.#used += take;
      at += take;
      if (this.#used === this.piece) {
        this.store.run(BigInt(this.#rowid), this.#buf);
        this.#rowid++;
        this.#used = 0;
      }
    }
  }

  /** Stores the piece being filled; it is where a later write of the segment `base` may go on. */
  close(base: number): { base: number; rowid: number } | undefined {
    if (this.#used === 0) return undefined;
    this.store.run(BigInt(this.#rowid), this.#buf.subarray(0, this.#used));
    return { base, rowid: this.#rowid };
  }
}

/**
 * Every stored row of the index in an archive of this layout, long rows' lists read from `ix_long` (`long`), runs of
 * terms as they are stored: for measuring the index (bench/lib/index-breakdown.ts) and comparing two of them.
 */
export function* storedRows(db: BetterSqlite3.Database): Generator<{ base: number; term: string; n: number; data: Uint8Array; positions: Uint8Array; long: boolean }> {
  const piece = recordedPiece(db) ?? pieceBytes(db.pragma('page_size', { simple: true }) as number);
  const read = db.prepare('SELECT data FROM ix_long WHERE rowid BETWEEN ? AND ?').pluck();
  const rows = db.prepare('SELECT base, term, n, data, positions FROM ix_postings ORDER BY base, term').raw();
  for (const [base, term, n, data, positions] of rows.iterate() as Iterable<[number, string, number, Uint8Array, Uint8Array | number]>) {
    if (typeof positions !== 'number') {
      yield { base, term, n, data, positions, long: false };
      continue;
    }
    const [p, q] = readLengths(data);
    const span = pieceSpan(positions, p + q, piece);
    const bytes = Buffer.concat(read.all(span.first, span.last) as Uint8Array[]).subarray(span.start, span.start + p + q);
    yield { base, term, n, data: bytes.subarray(0, p), positions: bytes.subarray(p), long: true };
  }
}

/**
 * The pieces of `ix_long` and what they hold: how many, their bytes, the bytes of the lists that rows point to, and
 * how many pieces no list reaches (left behind: none, when every write and merge kept the stream right).
 */
export function longPieces(db: BetterSqlite3.Database): { pieces: number; bytes: number; listBytes: number; unreached: number } {
  const piece = recordedPiece(db) ?? pieceBytes(db.pragma('page_size', { simple: true }) as number);
  const reached = new Set<number>();
  let listBytes = 0;
  for (const [data, address] of db.prepare("SELECT data, positions FROM ix_postings WHERE typeof(positions) = 'integer'").raw().iterate() as Iterable<[Uint8Array, number]>) {
    const [p, q] = readLengths(data);
    listBytes += p + q;
    const span = pieceSpan(address, p + q, piece);
    for (let r = span.first; r <= span.last; r++) reached.add(r);
  }
  const { pieces, bytes } = db.prepare('SELECT count(*) AS pieces, coalesce(sum(length(data)), 0) AS bytes FROM ix_long').get() as { pieces: number; bytes: number };
  let unreached = 0;
  for (const rowid of db.prepare('SELECT rowid FROM ix_long').pluck().iterate() as Iterable<number>) if (!reached.has(rowid)) unreached++;
  return { pieces, bytes, listBytes, unreached };
}

/** Segment bases in ascending order (the order postings are concatenated in); the segment store keeps them so. */
function ascending(bases: readonly number[]): readonly number[] {
  for (let i = 1; i < bases.length; i++) if (bases[i]! < bases[i - 1]!) return [...bases].sort((a, b) => a - b);
  return bases;
}
