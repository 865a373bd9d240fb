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
