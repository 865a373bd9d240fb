/**
 * Domain errors. They know nothing about transports: each edge (web, CLI,
 * importer report) maps them in one place.
 * @module
 */

/** One problem with one field of one record. `path` is the field path, e.g. `translations.0.language`. */
export interface Issue {
  path: string;
  message: string;
}

export class DossierError extends Error {
  override name = 'DossierError';
}

/**
 * The archive's storage refused a write (a full disk): nothing of the change was written, and
 * nothing after it can be until the operator acts, so an import stops instead of failing record by record.
 */
export class StorageError extends DossierError {
  override name = 'StorageError';
}

/** The store that holds the scans (an S3 bucket) could not be reached or refused: nothing was read or written. */
export class MediaUnavailableError extends DossierError {
  override name = 'MediaUnavailableError';
}

/**
 * Another process (an import) held the archive's write lock for longer than
 * a write may wait for it: nothing of the change was written; the same
 * change made again later succeeds.
 */
export class ArchiveBusyError extends DossierError {
  override name = 'ArchiveBusyError';
  constructor(
    readonly waitedSeconds: number,
    options?: ErrorOptions,
  ) {
    super(`the archive is busy with another write (an import, most likely) and stayed so for ${waitedSeconds} s: nothing was written; try again in a moment`, options);
  }
}

export class NotFoundError extends DossierError {
  override name = 'NotFoundError';
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} "${id}" was not found`);
  }
}

/** A record or request failed validation; carries every issue, not just the first. */
export class ValidationError extends DossierError {
  override name = 'ValidationError';
  constructor(
    readonly issues: Issue[],
    message = 'Validation failed',
  ) {
    super(`${message}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
  }
}

export class ConflictError extends DossierError {
  override name = 'ConflictError';
}

/**
 * A new record's identifier is taken: by a record saved earlier, or by
 * another editor's save of a new record with the same identifier a moment
 * before (in another process, perhaps). Nothing was written.
 */
export class RecordExistsError extends ConflictError {
  override name = 'RecordExistsError';
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`${kind} "${id}" already exists`);
  }
}

/** A document existed but was withdrawn from publication; its URL stays meaningful. */
export class GoneError extends DossierError {
  override name = 'GoneError';
  constructor(
    readonly id: string,
    readonly reason?: string,
  ) {
    super(`Document "${id}" has been withdrawn`);
  }
}

/** The actor is known but their role does not allow this; nothing was changed. */
export class ForbiddenError extends DossierError {
  override name = 'ForbiddenError';
}

/** The request needs a signed-in editor or a valid token. */
export class UnauthenticatedError extends DossierError {
  override name = 'UnauthenticatedError';
}

/** Too many attempts; try again after `retryAfterSeconds`. */
export class TooManyAttemptsError extends DossierError {
  override name = 'TooManyAttemptsError';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`);
  }
}

/**
 * A save started from revision `base`, but the record is now at `current`:
 * someone else saved in between. Nothing was written.
 */
export class StaleRevisionError extends ConflictError {
  override name = 'StaleRevisionError';
  constructor(
    readonly id: string,
    readonly base: number,
    readonly current: number,
  ) {
    super(`Record "${id}" was changed by someone else (now at revision ${current}, this edit started from ${base})`);
  }
}

/** A conditional write came without saying which revision it started from. */
export class PreconditionRequiredError extends DossierError {
  override name = 'PreconditionRequiredError';
}
