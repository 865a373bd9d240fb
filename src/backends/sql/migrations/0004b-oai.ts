/**
 * When this archive last wrote each document (`documents.changed_at`), kept
 * apart from the record's own `updatedAt`, which an import may carry over
 * from elsewhere. Harvesters (OAI-PMH datestamps, `from`/`until`) and feeds
 * need the repository's own clock: a record imported today with an
 * `updatedAt` of last year must still reach a harvester that last came
 * yesterday. Existing rows take the time of their latest revision.
 * @module
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('changed_at', 'text').execute();
  await sql`
    update documents set changed_at = coalesce(
      (select max(r.changed_at) from revisions r where r.record_kind = 'document' and r.record_id = documents.id),
      updated_at)
  `.execute(db);
  await db.schema.createIndex('documents_status_change').on('documents').columns(['status', 'change_seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('documents_status_change').ifExists().execute();
  await db.schema.alterTable('documents').dropColumn('changed_at').execute();
}
