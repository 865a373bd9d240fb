/**
 * Two tables. `revision_counters`: each record's latest revision number,
 * raised by an upsert that returns the new number, so a revision is numbered
 * by a row lock on its own record rather than by `max(revision) + 1`, which
 * two writers not otherwise kept in order could both read alike. Existing
 * archives start each counter at the record's highest revision.
 *
 * `migration_progress`: progress of `dossier migrate --to`, kept in the database being filled:
 * one row per step (each copied table, then the search index), written in
 * the same transaction as the rows it counts, so a copy killed at any point
 * resumes exactly where its last commit left off. `source` fingerprints the
 * archive being copied, so a run against another source (or the same one
 * changed since) is refused instead of mixing two archives. The table
 * exists in every archive; only a migration target ever has rows in it.
 * @module
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('revision_counters')
    .addColumn('record_kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('revision_counters_pk', ['record_kind', 'record_id'])
    .execute();
  await sql`
    insert into revision_counters (record_kind, record_id, last)
    select record_kind, record_id, max(revision) from revisions group by record_kind, record_id`.execute(db);
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
  await db.schema.dropTable('revision_counters').ifExists().execute();
}
