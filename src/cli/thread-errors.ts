/**
 * Errors across threads: a worker's error reaches the main thread as a plain
 * message and becomes again the error the CLI knows how to report.
 * @module
 */
import { DossierError, ValidationError, type Issue } from '../domain/errors.js';

export interface SerializedError {
  name: string;
  message: string;
  issues?: Issue[];
}

export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, issues: error instanceof ValidationError ? error.issues : undefined };
}

export function reviveError(e: SerializedError): Error {
  if (e.issues) return new ValidationError(e.issues, e.message.split(':')[0]);
  return DOSSIER_ERRORS.has(e.name) ? new DossierError(e.message) : new Error(e.message);
}

const DOSSIER_ERRORS = new Set(['DossierError', 'NotFoundError', 'ConflictError', 'GoneError', 'StorageError']);
