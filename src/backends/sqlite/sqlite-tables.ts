/**
 * An embedded archive read table by table, as `dossier migrate --to` copies
 * it: which tables hold the archive (every table the shared migrations made,
 * found by looking, so a table added later is copied with no change here),
 * in an order where a table comes after those its foreign keys point to, and
 * their rows in rowid order from any point, so an interrupted copy resumes.
 * The search index's own tables are left out: the target builds its index
 * from the copied catalog, in its own layout.
 * @module
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { quoteIdentifier } from '../sql/quote-identifier.js';

export interface TableSpec {
  name: string;
  columns: string[];
  rows: number;
  /** Highest rowid, or null for a WITHOUT ROWID table (copied in one step). */
  maxRowid: number | null;
}

/**
 * Tables that are not the archive's records: the engine's (rebuilt on the target), SQLite's and the migrations'
 * bookkeeping, and the kept page parts (made again on the target's first visits; a site still serving the source
 * writes them, which must not count as the archive changing under an interrupted copy).
 */
const NOT_COPIED = /^(ix_|sqlite_|kysely_)|^(migration_progress|page_parts)$/;
/** Small tables whose contents (not just their size) say whether the archive changed: the counters move with every write. */
const FINGERPRINTED = ['sequences', 'settings'];

/** The archive's tables in copy order, with what a resumed copy needs to recognise the same source. */
export function readTablePlan(db: BetterSqlite3.Database): { tables: TableSpec[]; fingerprint: string } {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !NOT_COPIED.test(n));
  const specs = new Map<string, TableSpec>();
  const dependsOn = new Map<string, string[]>();
  for (const name of names) {
    const columns = (db.prepare(`PRAGMA table_info(${quoteIdentifier(name)})`).all() as { name: string }[]).map((c) => c.name);
    const withoutRowid = Boolean((db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql.match(/WITHOUT\s+ROWID\s*$/i));
    const { rows, maxRowid } = db.prepare(`SELECT count(*) AS rows, ${withoutRowid ? 'NULL' : 'max(rowid)'} AS maxRowid FROM ${quoteIdentifier(name)}`).get() as TableSpec;
    specs.set(name, { name, columns, rows, maxRowid: withoutRowid ? null : (maxRowid ?? 0) });
    dependsOn.set(name, (db.prepare(`PRAGMA foreign_key_list(${quoteIdentifier(name)})`).all() as { table: string }[]).map((f) => f.table).filter((t) => t !== name));
  }
  const ordered: TableSpec[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: Set<string>) => {
    if (placed.has(name) || path.has(name) || !specs.has(name)) return;
    path.add(name);
    for (const parent of dependsOn.get(name) ?? []) place(parent, path);
    placed.add(name);
    ordered.push(specs.get(name)!);
  };
  for (const name of names) place(name, new Set());

  const hash = createHash('sha256').update(JSON.stringify(ordered));
  for (const name of FINGERPRINTED.filter((n) => specs.has(n))) {
    hash.update(JSON.stringify(db.prepare(`SELECT * FROM ${quoteIdentifier(name)} ORDER BY 1`).all()));
  }
  return { tables: ordered, fingerprint: hash.digest('hex') };
}

/** Up to `limit` rows of `table` after `afterRowid`, each with its `rowid` first; a WITHOUT ROWID table comes whole. */
export function readRows(db: BetterSqlite3.Database, table: TableSpec, afterRowid: number, limit: number): { rowid: number; values: unknown[] }[] {
  const columns = table.columns.map(quoteIdentifier).join(', ');
  const from = quoteIdentifier(table.name);
  if (table.maxRowid === null) {
    if (afterRowid > 0) return [];
    return (db.prepare(`SELECT ${columns} FROM ${from}`).raw().all() as unknown[][]).map((values) => ({ rowid: 1, values }));
  }
  const rows = db.prepare(`SELECT rowid, ${columns} FROM ${from} WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw().all(afterRowid, limit) as unknown[][];
  return rows.map(([rowid, ...values]) => ({ rowid: Number(rowid), values }));
}
