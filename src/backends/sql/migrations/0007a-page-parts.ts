/**
 * Parts of a document's page that are costly to make and change only with
 * what they are made from (its citations: citeproc, a few milliseconds a
 * document). One row per document and part, holding the key of what it was
 * made from (a hash: the record's cited fields, the site's name, the styles)
 * and the part itself; a reader that computes another key makes it afresh and
 * replaces the row. Derived data: never counted as a change of the archive.
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('page_parts')
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('part', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('page_parts_pk', ['document_id', 'part'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('page_parts').ifExists().execute();
}
