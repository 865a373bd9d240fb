/**
 * A change marker read in three index lookups instead of counting every
 * revision: a `revision` counter beside the change counter in `sequences`
 * (raised with each revision written), and an index on
 * `revisions.changed_at` so the latest change time is read from the end of
 * the index. Counting rows is a full scan on PostgreSQL (no row count is
 * kept), and every cached page asks for the marker. Existing archives start
 * the counter at their number of revisions.
 * @module
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`insert into sequences (name, value) select 'revision', count(*) from revisions`.execute(db);
  await db.schema.createIndex('revisions_changed_at').on('revisions').column('changed_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('revisions_changed_at').ifExists().execute();
  await db.deleteFrom('sequences').where('name', '=', 'revision').execute();
}
