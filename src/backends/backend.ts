/**
 * A Backend is one database holding the catalog (Store), the editors'
 * tables (EditorStore) and the search index (SearchIndex), so a document and
 * its index entry change in one transaction. Each database implements it in
 * its own folder (`sqlite/`, `postgres/`); `backend.contract.ts` is what every one must
 * pass. Only `src/open-archive.ts` knows which implementation is in use.
 * @module
 */
import type { SearchIndex } from './search-index.js';
import type { EditorStore } from './editor-store.js';
import type { JobQueue } from './job-queue.js';
import type { Store } from './store.js';

export interface Repositories {
  store: Store;
  search: SearchIndex;
  /** Accounts, sessions, tokens, audit log and schedule (the editors' side), in the same database. */
  editors: EditorStore;
  /** Work for a worker (job-queue.ts), queued or completed in the same transaction as what it belongs to. */
  jobs: JobQueue;
}

/** The repositories of one open transaction. */
export interface TransactionScope extends Repositories {
  /**
   * Runs `fn` inside a savepoint: if it throws, everything it wrote is undone
   * and the error rethrown, while the surrounding transaction goes on. The
   * importer uses this so one bad record never takes its batch down with it.
   */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

export interface TransactionOptions {
  /**
   * The transaction only reads: one consistent snapshot. On SQLite it neither
   * waits for another process's write nor holds one up.
   */
  readOnly?: boolean;
  /**
   * How long a write may wait for another process's write (an import) to
   * finish, in milliseconds, before failing with ArchiveBusyError without
   * writing anything; 0 gives up at once. The wait never blocks the process.
   * The backend's own default when absent.
   */
  waitMs?: number;
}

export interface Backend extends Repositories {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the archive lives (a file path, or a database URL without its password). */
  readonly location: string;
  /**
   * Runs `fn` in one transaction: everything it writes through the given
   * repositories lands together or not at all. Inside `fn`, use only the
   * repositories passed to it.
   */
  transaction<T>(fn: (tx: TransactionScope) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Where the database can announce changes (PostgreSQL's LISTEN): calls
   * `listener` soon after any process commits a change to the archive, and
   * returns how to stop. A hint to re-read the change marker, never a
   * replacement for polling it. Absent where there is no such thing (SQLite).
   */
  watchChanges?(listener: () => void): () => void;
  /** Runs `fn` with all its reads on the primary where reads may go to a replica (an editor's requests). */
  onPrimary?<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
