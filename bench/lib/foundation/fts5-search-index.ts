/**
 * Full-text search on the embedded SQLite archive with FTS5. Text is analyzed
 * in JavaScript (analyzer.ts) and stored as space-separated terms in a
 * contentless FTS5 table, so the index holds no second copy of the text;
 * ranking is bm25 with per-field weights. Its tables live in the archive file
 * and share its transactions.
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { parsePartialDate, UNDATED_SORT_KEY } from '../../../src/domain/partial-date.js';
import { indexText } from './analyzer.js';
import { FIELD_WEIGHTS, indexFields } from './index-fields.js';
import type { IndexEntry, SearchIndex, SearchRequest, SearchResult } from './search-index.js';
import { toFts5 } from './fts5-query.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS search_docs (
  rowid INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL UNIQUE,
  date_start INTEGER,
  date_end INTEGER,
  date_sort TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_docs_date ON search_docs(date_sort, doc_id);
CREATE TABLE IF NOT EXISTS search_doc_collections (
  collection_id TEXT NOT NULL,
  doc_rowid INTEGER NOT NULL,
  PRIMARY KEY (collection_id, doc_rowid)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
  title, summary, body, names, meta,
  content='', contentless_delete=1, tokenize='ascii'
);
`;

const BM25 = `bm25(search_fts, ${[FIELD_WEIGHTS.title, FIELD_WEIGHTS.summary, FIELD_WEIGHTS.body, FIELD_WEIGHTS.names, FIELD_WEIGHTS.meta].join(', ')})`;
const UNDATED = UNDATED_SORT_KEY;

export class Fts5SearchIndex implements SearchIndex {
  readonly version = 'fts5-1';
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    db.exec(SCHEMA);
  }

  async index(entries: readonly IndexEntry[]): Promise<void> {
    for (const { document: doc, names } of entries) {
      if (doc.status !== 'published') {
        this.#remove(doc.id);
        continue;
      }
      const date = doc.date ? parsePartialDate(doc.date) : undefined;
      const range = date?.ok ? date.value.range : undefined;
      const existing = this.#stmt('SELECT rowid FROM search_docs WHERE doc_id = ?').get(doc.id) as { rowid: number } | undefined;
      const values = [
        range ? Number(range.start.replaceAll('-', '')) : null,
        range ? Number(range.end.replaceAll('-', '')) : null,
        date?.ok ? date.value.sortKey : UNDATED,
      ];
      let rowid: number;
      if (existing) {
        rowid = existing.rowid;
        this.#stmt('UPDATE search_docs SET date_start = ?, date_end = ?, date_sort = ? WHERE rowid = ?').run(...values, rowid);
        this.#stmt('DELETE FROM search_fts WHERE rowid = ?').run(rowid);
        this.#stmt('DELETE FROM search_doc_collections WHERE doc_rowid = ?').run(rowid);
      } else {
        const info = this.#stmt('INSERT INTO search_docs (doc_id, date_start, date_end, date_sort) VALUES (?, ?, ?, ?)').run(doc.id, ...values);
        rowid = Number(info.lastInsertRowid);
      }
      const f = indexFields(doc, names);
      this.#stmt('INSERT INTO search_fts (rowid, title, summary, body, names, meta) VALUES (?, ?, ?, ?, ?, ?)').run(
        rowid, indexText(f.title), indexText(f.summary), indexText(f.body), indexText(f.names), indexText(f.meta),
      );
      for (const c of doc.collections) {
        this.#stmt('INSERT OR IGNORE INTO search_doc_collections (collection_id, doc_rowid) VALUES (?, ?)').run(c.id, rowid);
      }
    }
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.#remove(id);
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const match = request.query ? toFts5(request.query) : undefined;
    const where: string[] = [];
    const params: unknown[] = [];
    if (match) {
      where.push('search_fts MATCH ?');
      params.push(match);
    } else if (request.query) {
      return { total: 0, hits: [] }; // a query with nothing searchable in it matches nothing
    }
    const { dateFrom, dateTo, collections } = request.filters;
    if (dateFrom) {
      where.push('s.date_end >= ?');
      params.push(boundToNumber(dateFrom, 'start'));
    }
    if (dateTo) {
      where.push('s.date_start <= ?');
      params.push(boundToNumber(dateTo, 'end'));
    }
    if (collections && collections.length > 0) {
      where.push(`s.rowid IN (SELECT doc_rowid FROM search_doc_collections WHERE collection_id IN (${collections.map(() => '?').join(', ')}))`);
      params.push(...collections);
    }
    const from = match ? 'search_fts JOIN search_docs s ON s.rowid = search_fts.rowid' : 'search_docs s';
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order =
      request.sort === 'relevance' && match
        ? 'bm, s.date_sort, s.doc_id'
        : request.sort === 'date-desc'
          ? `(s.date_start IS NULL), s.date_sort DESC, s.doc_id DESC`
          : 's.date_sort, s.doc_id';
    const score = match ? `${BM25}` : '0';
    const total = (this.#stmt(`SELECT count(*) AS n FROM ${from} ${whereSql}`).get(...params) as { n: number }).n;
    const rows = this.#stmt(`SELECT s.doc_id AS id, ${score} AS bm FROM ${from} ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
      ...params,
      request.limit,
      request.offset,
    ) as { id: string; bm: number }[];
    return { total, hits: rows.map((r) => ({ id: r.id, score: -r.bm })) };
  }

  async clear(): Promise<void> {
    this.#db.exec('DELETE FROM search_doc_collections; DELETE FROM search_docs; DELETE FROM search_fts;');
  }

  async count(): Promise<number> {
    return (this.#stmt('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
  }

  #remove(id: string): void {
    const row = this.#stmt('SELECT rowid FROM search_docs WHERE doc_id = ?').get(id) as { rowid: number } | undefined;
    if (!row) return;
    this.#stmt('DELETE FROM search_fts WHERE rowid = ?').run(row.rowid);
    this.#stmt('DELETE FROM search_doc_collections WHERE doc_rowid = ?').run(row.rowid);
    this.#stmt('DELETE FROM search_docs WHERE rowid = ?').run(row.rowid);
  }

  #stmt(sql: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }
}

/** 'YYYY' | 'YYYY-MM' | 'YYYY-MM-DD' → yyyymmdd, at the start or end of the period it names. */
function boundToNumber(bound: string, side: 'start' | 'end'): number {
  const [y = '0', m, d] = bound.split('-');
  const month = m ?? (side === 'start' ? '01' : '12');
  const day = d ?? (side === 'start' ? '01' : String(new Date(Date.UTC(Number(y), Number(month), 0)).getUTCDate()));
  return Number(`${y.padStart(4, '0')}${month.padStart(2, '0')}${day.padStart(2, '0')}`);
}
