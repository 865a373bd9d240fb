/**
 * Progress of `dossier migrate --to`, kept in the database being filled:
 * one row per step (each copied table, then the search index), written in
 * the same transaction as the rows it counts, so a copy killed at any point
 * resumes exactly where its last commit left off. `source` fingerprints the
 * archive being copied, so a run against another source (or the same one
 * changed since) is refused instead of mixing two archives. The table
 * exists in every archive; only a migration target ever has rows in it.
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('migration_progress')
    .addColumn('step', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('last_rowid', 'bigint', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('migration_progress').ifExists().execute();
}
