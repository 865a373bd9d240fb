/**
 * The relational schema, as Kysely types, shared by every dialect. Records are
 * kept whole as JSON (`record`) so that nothing a document says is lost in
 * mapping; the columns and side tables beside it exist to be queried
 * (ordering, filtering, reference lookups).
 * @module
 */
import type { Generated } from 'kysely';

export interface DocumentsTable {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  status: string;
  type: string | null;
  date_edtf: string | null;
  /** ISO 'YYYY-MM-DD' bounds of the date's range, null when undated. */
  date_start: string | null;
  date_end: string | null;
  /** Chronological sort key; undated documents carry a key that sorts last. */
  date_sort: string;
  uploaded_at: string | null;
  updated_at: string;
  published_at: string | null;
  sample: number;
  /** Monotonic change counter, for harvesting and incremental reindexing. */
  change_seq: number;
  /** When this archive last wrote the row (ISO, UTC); the datestamp harvesters and feeds see (migration 0004b-oai). */
  changed_at: string | null;
  hash: string;
  record: string;
}

export interface DocumentCollectionsTable {
  document_id: string;
  collection_id: string;
  position: number | null;
}

/** Every authority a document points to (people, places, subjects, funders…), for "documents of X" lists and facets. */
export interface DocumentRefsTable {
  document_id: string;
  kind: string;
  ref_id: string;
  role: string;
}

export interface DocumentRelationsTable {
  document_id: string;
  related_id: string;
  relation: string | null;
}

export interface CollectionsTable {
  id: string;
  parent: string | null;
  position: number | null;
  title: string;
  updated_at: string;
  hash: string;
  record: string;
}

export interface AuthoritiesTable {
  kind: string;
  id: string;
  name: string;
  updated_at: string;
  hash: string;
  record: string;
}

/** Every name of an authority (preferred and variants), folded for lookup. */
export interface AuthorityNamesTable {
  kind: string;
  id: string;
  name: string;
  folded: string;
}

export interface RevisionsTable {
  record_kind: string;
  record_id: string;
  revision: number;
  changed_at: string;
  actor: string;
  note: string | null;
  hash: string;
  /** The whole record as it was after this change; null when the change deleted it. */
  record: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface SequenceTable {
  name: string;
  value: number;
}

/** Each record's latest revision number (migration 0006c-migrate). */
export interface RevisionCountersTable {
  record_kind: string;
  record_id: string;
  last: number;
}

/** A step of `dossier migrate --to` on its target (migration 0006c-migrate). */
export interface MigrationProgressTable {
  step: string;
  source: string;
  last_rowid: number;
  rows: number;
  done: number;
}

/** A costly part of a document's page kept with the key of what it was made from (migration 0007a-page-parts). */
export interface PagePartsTable {
  document_id: string;
  part: string;
  key: string;
  value: string;
}

export interface Database {
  documents: DocumentsTable;
  document_collections: DocumentCollectionsTable;
  document_refs: DocumentRefsTable;
  document_relations: DocumentRelationsTable;
  collections: CollectionsTable;
  authorities: AuthoritiesTable;
  authority_names: AuthorityNamesTable;
  revisions: RevisionsTable;
  settings: SettingsTable;
  sequences: SequenceTable;
  migration_progress: MigrationProgressTable;
  revision_counters: RevisionCountersTable;
  page_parts: PagePartsTable;
}

export type { Generated };
