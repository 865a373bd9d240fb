/**
 * The Store port: the archive's catalog of documents, collections, authority
 * records and their revision history. One implementation
 * ({@link KyselyStore}) serves every SQL dialect; `store.contract.ts` states
 * the behaviour every implementation must have.
 * @module
 */
import type { Authority, AuthorityKind, AuthorityOf } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import type { Document, DocumentStatus } from '../domain/document.js';

/** Who made a change and why; recorded in the revision history. */
export interface ChangeMeta {
  /** e.g. `import:wilson.csv`, `cli`, `editor:alice`. */
  actor: string;
  note?: string;
  /** ISO timestamp of the change; defaults to now. */
  at?: string;
}

/** What a write did. `unchanged` means the record was already stored exactly so. */
export type WriteOutcome = 'created' | 'updated' | 'unchanged';

/** The fields a list of documents shows, without the full text. */
export interface DocumentSummary {
  id: string;
  slug: string;
  title: string;
  date?: string;
  summary?: string;
  type?: string;
  status: DocumentStatus;
  sample: boolean;
  uploadedAt?: string;
}

export type DocumentOrder = 'date' | 'date-desc' | 'uploaded-desc' | 'collection';

export interface DocumentListQuery {
  /** Defaults to `published`. */
  status?: DocumentStatus | 'any';
  collection?: string;
  /** Documents that point to this authority, or to any of several (a place and the places within); `role` narrows it (e.g. `original` for a language). */
  ref?: { kind: AuthorityKind; id: string | readonly string[]; role?: string };
  /** Documents in any of these collections (direct members). */
  collections?: readonly string[];
  /** Documents whose whole date range lies within [from, to] (ISO days, inclusive). */
  dated?: { from: string; to: string };
  /** Only documents without a date. */
  undated?: boolean;
  /** `collection` is the collection's own order: editor positions first, then date. Defaults to `date`. */
  order?: DocumentOrder;
  limit: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Published documents counted by the span their date falls in; see {@link Store.dateHistogram}. */
export type DateUnit = 'decade' | 'year' | 'month';

export interface DateHistogramQuery {
  unit: DateUnit;
  /** Only documents whose whole date range lies within [from, to] (ISO days). */
  from?: string;
  to?: string;
  collections?: readonly string[];
}

export interface DateHistogram {
  /** `1950` (the 1950s), `1955`, `1955-06`, in chronological order; only buckets with documents. */
  buckets: { key: string; count: number }[];
  /** Documents in the queried range whose date is coarser than the unit (e.g. "1955" when counting months). */
  coarser: number;
  /** Undated documents (only counted when no range is given). */
  undated: number;
}

/** A document's place in a collection's order, with its neighbours. */
export interface CollectionNeighbours {
  position: number;
  total: number;
  previous?: DocumentSummary;
  next?: DocumentSummary;
}

/** A value that changes whenever anything in the archive changes, and when it last did. */
export interface ChangeMarker {
  marker: string;
  /** ISO timestamp of the most recent recorded change, if any. */
  changedAt?: string;
}

export interface RevisionInfo {
  revision: number;
  changedAt: string;
  actor: string;
  note?: string;
  deleted: boolean;
}

/** One entry of the document change log (see {@link Store.listDocumentChanges}). */
export interface DocumentChange {
  id: string;
  /** The document's change sequence number: later changes have larger numbers. */
  seq: number;
  status: DocumentStatus;
  /** Set when the document has been published at some time (a draft that has it was public once). */
  publishedAt?: string;
  updatedAt: string;
}

export interface ArchiveStats {
  documents: number;
  published: number;
  drafts: number;
  withdrawn: number;
  collections: number;
  authorities: Partial<Record<AuthorityKind, number>>;
}

/**
 * Documents in the order this archive changed them, for harvesting and feeds
 * (see change-log.ts). Callers choose the statuses; drafts are never asked for.
 */
export interface ChangeQuery {
  statuses: readonly ('published' | 'withdrawn')[];
  /** Only changes after this position (`ChangedDocument.seq`). */
  afterSeq?: number;
  /** Changed at or after this ISO timestamp (UTC). */
  changedFrom?: string;
  /** Changed strictly before this ISO timestamp (UTC). */
  changedBefore?: string;
  /** Direct members of any of these collections. */
  collections?: readonly string[];
  /** Documents referring to this authority (`document_refs` kind: `agent`, `place`, `subject`, `type`…). */
  ref?: { kind: string; id: string };
  ids?: readonly string[];
  /** `asc`: oldest change first (harvesting); `desc`: newest first (feeds). */
  order?: 'asc' | 'desc';
}

export interface ChangeStamp {
  id: string;
  seq: number;
  changedAt: string;
}

export interface ChangedDocument {
  /** Position in the change order; unique and increasing. */
  seq: number;
  /** When this archive last wrote the document (ISO, UTC). */
  changedAt: string;
  document: Document;
}

/** A document as read, with the content hash stored beside it and the length of its stored record. */
export interface HashedDocument {
  document: Document;
  hash: string;
  size: number;
}

/** What a document's page reads of the catalog, in one statement ({@link Store.documentPage}). */
export interface DocumentPageRead {
  document: Document;
  /**
   * The record's change number (`change_seq`), read with it: every write of the record gives it a new one, so it
   * names the version of the record as stored, and with it its revisions, where `updatedAt` may come from the source.
   */
  change: string;
  /**
   * Each authority the document points to once (its type, rights, repository, funders, people and organizations
   * named as agents, places, subjects), as `getAuthorities` gives them, in no particular order.
   */
  authorities: Authority[];
  /** Ids of documents that list this one as related, as `listRelatedTo` gives them. */
  relatedTo: string[];
  /**
   * The listed fields of the documents this one is related to, either way, and of the ids asked for beside it,
   * in any status (missing ids left out), as `getDocumentSummaries` gives them.
   */
  summaries: Map<string, DocumentSummary>;
}

export interface Store {
  getDocument(id: string): Promise<Document | undefined>;
  /**
   * A document with what its page shows around it, in one statement: its authorities, the documents that
   * list it as related, and the summaries of its related documents and of `also` (ids the caller knows it
   * will list: the similar documents). Undefined when there is no such document, in any status; the caller
   * decides what a status allows.
   */
  documentPage(id: string, also: readonly string[]): Promise<DocumentPageRead | undefined>;
  getDocuments(ids: readonly string[]): Promise<Map<string, Document>>;
  /**
   * The content hash of each of these documents that exists, in any status, without reading their records: a
   * reader holding a parsed copy read under the same hash holds the document as stored (services/held-documents.ts).
   */
  documentHashes(ids: readonly string[]): Promise<Map<string, string>>;
  /** These documents (missing ids left out), each with the content hash read with it and its record's length in characters. */
  getHashedDocuments(ids: readonly string[]): Promise<Map<string, HashedDocument>>;
  /** The listed fields of documents by id, in any status, without reading their records (missing ids are left out). */
  getDocumentSummaries(ids: readonly string[]): Promise<Map<string, DocumentSummary>>;
  findDocumentIdBySlug(slug: string): Promise<string | undefined>;
  /**
   * Creates or replaces a document. Fields the archive manages (`slug`,
   * `uploadedAt`, `publishedAt`, `updatedAt`) are kept from the stored version
   * when the input leaves them out, so re-importing the same source reports
   * `unchanged`. Every change adds a revision.
   */
  putDocument(doc: Document, change: ChangeMeta): Promise<{ outcome: WriteOutcome; document: Document }>;
  /**
   * Writes several documents as `putDocument` would one after another (the
   * same outcomes, slugs, change and revision numbers), in fewer statements:
   * the import's path. A repeated id is written after its earlier version.
   */
  putDocuments(docs: readonly Document[], change: ChangeMeta): Promise<{ outcome: WriteOutcome; document: Document }[]>;
  deleteDocument(id: string, change: ChangeMeta): Promise<boolean>;
  /**
   * Inside a transaction, before reading what a write will depend on (the
   * revision an editor started from): takes the writers' lock every catalog
   * write takes, waiting for another process's writer to commit, so the
   * reads that follow see every earlier commit and no other write can land
   * between them and this transaction's own. Writes nothing.
   */
  lockForWrite(): Promise<void>;
  listDocuments(query: DocumentListQuery): Promise<Page<DocumentSummary>>;
  /** Ids of documents that list `id` as related (the other direction of `related`). */
  listRelatedTo(id: string): Promise<string[]>;
  /** Published documents counted by date span (decade, year, month): a document counts in a span only when its whole range lies in it. */
  dateHistogram(query: DateHistogramQuery): Promise<DateHistogram>;
  /** Published documents per authority id of one kind (`agent` covers people and organizations), optionally for one role. */
  countDocumentsByRef(kind: AuthorityKind | 'agent', role?: string): Promise<Map<string, number>>;
  /** Where a published document stands in a collection's order (`date` or the editors' `collection` order), with the published documents either side. */
  collectionNeighbours(collectionId: string, documentId: string, order: 'date' | 'collection'): Promise<CollectionNeighbours | undefined>;
  /** Published documents sharing the most people, places and subjects with this one, best first (ties by date). */
  similarDocuments(id: string, limit: number): Promise<{ id: string; shared: number }[]>;
  /**
   * Published documents whose stored record is at least `minBytes` long, among the next `limit` documents
   * (of any status) after `after` in id order: where the long texts are, found from the records' sizes alone (no
   * record is read or parsed), a page at a time. `last` is where the next page starts; undefined at the end.
   */
  findLargeDocuments(minBytes: number, page: { after?: string; limit: number }): Promise<{ found: { id: string; bytes: number }[]; last?: string }>;
  /** Changes whenever a document, collection, authority or setting is written or deleted; cheap enough to poll. */
  changeMarker(): Promise<ChangeMarker>;
  /** Documents in change order (see {@link ChangeQuery}), at most `limit`. */
  listChanges(query: ChangeQuery & { limit: number }): Promise<ChangedDocument[]>;
  countChanges(query: ChangeQuery): Promise<number>;
  /** The same order as {@link listChanges} without the records (id, position, time), from `offset`; for sitemaps. */
  listChangeStamps(query: ChangeQuery & { limit: number; offset?: number }): Promise<ChangeStamp[]>;
  /** The earliest `changedAt` among documents of these statuses. */
  earliestChange(statuses: ChangeQuery['statuses']): Promise<string | undefined>;
  /**
   * Documents whose latest change is after sequence number `after`, oldest change first, for mirrors.
   * Drafts that were never published are left out; each document appears once, at its latest change.
   */
  listDocumentChanges(after: number, limit: number): Promise<DocumentChange[]>;
  /** Every document in id order, in batches; for export and reindexing. */
  scanDocuments(options?: { batchSize?: number; status?: DocumentStatus | 'any' }): AsyncIterable<Document>;

  getCollection(id: string): Promise<Collection | undefined>;
  listCollections(): Promise<Collection[]>;
  putCollection(collection: Collection, change: ChangeMeta): Promise<{ outcome: WriteOutcome; collection: Collection }>;
  /** Writes collections as {@link putCollection} would one after another, in far fewer statements: an import's sections. */
  putCollections(collections: readonly Collection[], change: ChangeMeta): Promise<{ outcome: WriteOutcome; collection: Collection }[]>;
  /**
   * Published documents per collection id: direct members only, or with
   * `withSubcollections` the documents of the collection and every
   * collection nested in it, each document once.
   */
  countCollectionDocuments(options?: { withSubcollections?: boolean }): Promise<Map<string, number>>;

  getAuthority<K extends AuthorityKind>(kind: K, id: string): Promise<AuthorityOf<K> | undefined>;
  getAuthorities(refs: readonly { kind: AuthorityKind; id: string }[]): Promise<Authority[]>;
  listAuthorities<K extends AuthorityKind>(kind: K, options?: { limit?: number; offset?: number }): Promise<Page<AuthorityOf<K>>>;
  /** Authorities of a kind one of whose names folds to the same key as `name` (see `foldName`); a person's name in either order (`personNameKeys`). */
  findAuthoritiesByName<K extends AuthorityKind>(kind: K, name: string): Promise<AuthorityOf<K>[]>;
  putAuthority(authority: Authority, change: ChangeMeta): Promise<{ outcome: WriteOutcome; authority: Authority }>;
  /**
   * Writes authorities as {@link putAuthority} would one after another, in far fewer statements (one read
   * of the current rows per kind, multi-row inserts): an import's persons list.
   */
  putAuthorities(authorities: readonly Authority[], change: ChangeMeta): Promise<{ outcome: WriteOutcome; authority: Authority }[]>;
  /** Authorities of these kinds with a name (preferred or variant) starting with `prefix`, folded; for the editors' autocomplete. */
  suggestAuthorities(kinds: readonly AuthorityKind[], prefix: string, limit: number): Promise<{ kind: AuthorityKind; id: string; name: string; matched: string }[]>;
  /** Authorities of these kinds answering to any of `names` (folded like {@link findAuthoritiesByName}); for search's name variants. */
  findAuthoritiesByNames(kinds: readonly AuthorityKind[], names: readonly string[]): Promise<Authority[]>;
  /** Deletes an authority and its names, recording the deletion; false when it did not exist. Callers move references first. */
  deleteAuthority(kind: AuthorityKind, id: string, change: ChangeMeta): Promise<boolean>;
  /** Folds every stored name again with today's `foldName` (after folding learns letters); returns how many keys changed. */
  refoldAuthorityNames(): Promise<number>;

  /** Which of these ids exist, per kind; for reference checks before a write. */
  existingIds(kind: AuthorityKind | 'collection' | 'document', ids: readonly string[]): Promise<Set<string>>;

  listRevisions(kind: string, id: string): Promise<RevisionInfo[]>;
  getRevision(kind: string, id: string, revision: number): Promise<unknown | undefined>;

  getSetting(key: string): Promise<string | undefined>;
  putSetting(key: string, value: string): Promise<void>;

  /** A kept part of a document's page (its citations), when it was made from `key`; see migration 0007a-page-parts. */
  getPagePart(documentId: string, part: string, key: string): Promise<string | undefined>;
  /** Keeps a part made from `key`, replacing the document's earlier one. Derived data: moves no change marker. */
  putPagePart(documentId: string, part: string, key: string, value: string): Promise<void>;
  /**
   * Published documents that have no kept `part` at all (made under any key), in id order after `after`, at most
   * `limit`: what a background job has left to make (a document whose part is kept under an older key is made
   * again by its next page).
   */
  documentsWithoutPagePart(part: string, page: { after?: string; limit: number }): Promise<string[]>;

  stats(): Promise<ArchiveStats>;
}
