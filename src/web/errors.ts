/**
 * The one place where errors become HTTP statuses and what a visitor reads.
 * Anything unexpected is a 500 with a reference; its detail goes to the log only.
 * @module
 */
import { HTTPException } from 'hono/http-exception';
import {
  ConflictError, ForbiddenError, GoneError, NotFoundError, PreconditionRequiredError, StaleRevisionError, TooManyAttemptsError,
  UnauthenticatedError, ValidationError,
  StorageError, MediaUnavailableError, ArchiveBusyError,
} from '../domain/errors.js';

export interface ErrorPage {
  status: 400 | 401 | 403 | 404 | 405 | 409 | 410 | 412 | 413 | 428 | 429 | 500 | 503;
  title: string;
  message: string;
  details?: string[];
  /** For a 503 or 429: when to try again (the Retry-After header). */
  retryAfterSeconds?: number;
  /** True when the error is ours, not the visitor's: log it. */
  internal: boolean;
}

export function describeError(error: unknown): ErrorPage {
  if (error instanceof NotFoundError) {
    return { status: 404, title: 'Not found', message: `We could not find ${error.what.toLowerCase()} “${error.id}”. It may never have existed here, or its address was mistyped.`, internal: false };
  }
  if (error instanceof GoneError) {
    return {
      status: 410,
      title: 'This document has been withdrawn',
      message: `Document ${error.id} was published here but has since been withdrawn.${error.reason ? ` Reason: ${error.reason}` : ''}`,
      internal: false,
    };
  }
  if (error instanceof ValidationError) {
    return {
      status: 400,
      title: 'That request could not be read',
      message: 'Some of the values in the address are not valid:',
      details: error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)),
      internal: false,
    };
  }
  if (error instanceof UnauthenticatedError) {
    return { status: 401, title: 'Sign-in needed', message: error.message, internal: false };
  }
  if (error instanceof ForbiddenError) {
    return { status: 403, title: 'Not allowed', message: `${error.message}. Nothing was changed.`, internal: false };
  }
  if (error instanceof TooManyAttemptsError) {
    return { status: 429, title: 'Too many attempts', message: error.message, internal: false };
  }
  if (error instanceof StaleRevisionError) {
    return { status: 409, title: 'Changed by someone else', message: `${error.message}. Nothing was saved.`, internal: false };
  }
  if (error instanceof ConflictError) {
    return { status: 409, title: 'Conflict', message: error.message, internal: false };
  }
  if (error instanceof PreconditionRequiredError) {
    return { status: 428, title: 'Revision needed', message: error.message, internal: false };
  }
  if (error instanceof ArchiveBusyError) {
    // Another process (an import) holds the write lock; the wait was asynchronous, so only this request waited.
    return { status: 503, title: 'The archive is busy', message: 'The archive is busy importing documents, so nothing was saved. Please try again in a minute.', retryAfterSeconds: 60, internal: false };
  }
  if (error instanceof StorageError) {
    // The operator's log has the path; the editor learns that nothing was saved and why.
    return { status: 503, title: 'Cannot save now', message: 'The disk that holds the archive is full, so nothing was saved. Ask the administrator to free space, then save again.', internal: false };
  }
  if (error instanceof MediaUnavailableError) {
    // Pages and search do not need it; a scan, a tile or an upload does. Logged (internal) with the storage's own error.
    return { status: 503, title: 'Scans unavailable', message: 'The storage that holds this archive’s scans cannot be reached just now, so nothing was read or saved. Please try again in a moment.', internal: true };
  }
  if (error instanceof HTTPException && error.status === 413) {
    return { status: 413, title: 'Too large', message: 'The request was larger than this archive accepts.', internal: false };
  }
  if (error instanceof HTTPException && error.status === 405) {
    return { status: 405, title: 'Method not allowed', message: 'This address exists but does not answer that kind of request; the Allow header lists those it does.', internal: false };
  }
  if (error instanceof HTTPException && error.status === 429) {
    return { status: 429, title: 'Too many searches', message: 'This address has searched very often in the last minute. Please wait a moment and try again.', internal: false };
  }
  if (error instanceof HTTPException && error.status === 404) {
    return { status: 404, title: 'Page not found', message: 'There is no page at this address.', internal: false };
  }
  if (error instanceof HTTPException && error.status === 400) {
    return { status: 400, title: 'Bad request', message: 'The request could not be read.', internal: false };
  }
  return {
    status: 500,
    title: 'Something went wrong',
    message: 'The archive could not show this page because of a fault on our side. Please try again in a moment.',
    internal: true,
  };
}

/** The JSON API's error body: the same mapping, with the parameter named when the visitor's input was wrong. */
export interface ApiErrorBody {
  error: {
    status: number;
    message: string;
    parameter?: string;
    issues?: { parameter: string; message: string }[];
    reference?: string;
  };
}

export function describeApiError(error: unknown, reference?: string): { status: ErrorPage['status']; body: ApiErrorBody; internal: boolean } {
  const page = describeError(error);
  if (error instanceof ValidationError) {
    const issues = error.issues.map((i) => ({ parameter: i.path || 'request', message: i.message }));
    const first = issues[0];
    const message = first ? `${first.parameter}: ${first.message}` : page.message;
    return { status: 400, internal: false, body: { error: { status: 400, message, parameter: first?.parameter, issues } } };
  }
  const message = error instanceof NotFoundError ? `${error.what} "${error.id}" was not found` : page.internal ? page.message : `${page.title}. ${page.message}`;
  return { status: page.status, internal: page.internal, body: { error: { status: page.status, message, ...(page.internal && reference ? { reference } : {}) } } };
}
