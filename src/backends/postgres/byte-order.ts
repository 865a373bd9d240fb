/**
 * Byte-order text columns. SQLite compares text byte by byte; PostgreSQL
 * compares by the database's collation, usually a language's (en_US, ICU),
 * under which `B` sorts after `a` and punctuation hardly counts. Ids, slugs
 * and sort keys must order, and range scans (`slug >= 'x-' and slug < 'x.'`)
 * must match, the same on both, so every text column of the archive's tables
 * is given the "C" collation (byte order of UTF-8, which is code point order,
 * as in SQLite). Doing it by catalog query after each migration run, rather
 * than in each migration, means a new table needs no second design: its text
 * columns are converted the first time the archive opens after it is created.
 * @module
 */
import { sql, type Kysely } from 'kysely';

/** Converts every text column of the current schema not yet in byte order; returns how many changed (0 once done). */
export async function useByteOrder(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type = 'text'
      and coalesce(collation_name, '') <> 'C'
      and table_name in (select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE')
    order by table_name, column_name`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const r of rows) byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r.column_name]);
  for (const [table, columns] of byTable) {
    // One statement per table: its indexes are rebuilt once, in the new order.
    const changes = sql.join(columns.map((c) => sql`alter column ${sql.id(c)} type text collate "C"`));
    await sql`alter table ${sql.id(table)} ${changes}`.execute(db);
  }
  return rows.length;
}
