/**
 * Request counts that every web process shares: one row per key (a search
 * visitor's address) holding when its current window started (ms since
 * the epoch) and the requests counted in it. Several processes behind a load balancer then
 * apply one limit between them instead of one each.
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('request_counts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('started', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_counts_started').on('request_counts').column('started').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('request_counts').ifExists().execute();
}
