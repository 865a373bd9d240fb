/**
 * The catalog: documents, collections, authorities, their links and revision
 * history. Written with Kysely's schema builder only, so it runs unchanged on
 * SQLite and PostgreSQL.
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('date_edtf', 'text')
    .addColumn('date_start', 'text')
    .addColumn('date_end', 'text')
    .addColumn('date_sort', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('change_seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_status_date').on('documents').columns(['status', 'date_sort', 'id']).execute();
  await db.schema.createIndex('documents_status_uploaded').on('documents').columns(['status', 'uploaded_at']).execute();
  await db.schema.createIndex('documents_change_seq').on('documents').column('change_seq').execute();
  await db.schema.createIndex('documents_slug').on('documents').column('slug').execute();

  await db.schema
    .createTable('document_collections')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer')
    .addPrimaryKeyConstraint('document_collections_pk', ['collection_id', 'document_id'])
    .execute();
  await db.schema.createIndex('document_collections_document').on('document_collections').column('document_id').execute();

  await db.schema
    .createTable('document_refs')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_refs_pk', ['kind', 'ref_id', 'document_id', 'role'])
    .execute();
  await db.schema.createIndex('document_refs_document').on('document_refs').column('document_id').execute();

  await db.schema
    .createTable('document_relations')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('related_id', 'text', (c) => c.notNull())
    .addColumn('relation', 'text')
    .addPrimaryKeyConstraint('document_relations_pk', ['document_id', 'related_id'])
    .execute();
  await db.schema.createIndex('document_relations_related').on('document_relations').column('related_id').execute();

  await db.schema
    .createTable('collections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent', 'text')
    .addColumn('position', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collections_parent').on('collections').columns(['parent', 'position']).execute();

  await db.schema
    .createTable('authorities')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('authorities_pk', ['kind', 'id'])
    .execute();

  await db.schema
    .createTable('authority_names')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('folded', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('authority_names_folded').on('authority_names').columns(['kind', 'folded']).execute();
  await db.schema.createIndex('authority_names_owner').on('authority_names').columns(['kind', 'id']).execute();

  await db.schema
    .createTable('revisions')
    .addColumn('record_kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('record', 'text')
    .addPrimaryKeyConstraint('revisions_pk', ['record_kind', 'record_id', 'revision'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('sequences').values({ name: 'change', value: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'sequences', 'settings', 'revisions', 'authority_names', 'authorities', 'collections',
    'document_relations', 'document_refs', 'document_collections', 'documents',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
