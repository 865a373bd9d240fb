/**
 * Bookkeeping writes made while serving a request (a session's or a token's
 * last use, an expired session's removal) are worth less than the request:
 * when another process holds the archive's write lock (an import), they are
 * skipped rather than making the editor wait. The next request tries again.
 * @module
 */
import type { Backend, TransactionScope } from '../backends/backend.js';
import { ArchiveBusyError } from '../domain/errors.js';

export async function writeIfIdle(backend: Backend, write: (tx: TransactionScope) => Promise<unknown>): Promise<void> {
  try {
    await backend.transaction(write, { waitMs: 0 });
  } catch (error) {
    if (!(error instanceof ArchiveBusyError)) throw error;
  }
}
