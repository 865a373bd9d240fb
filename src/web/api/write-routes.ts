/**
 * The write half of the JSON API (/api/v1), for scripts: create a document
 * (always a draft), replace it (If-Match carries the revision it started
 * from: 428 without, 412 when stale), move it through the workflow, and list
 * its revisions. Every call needs `Authorization: Bearer <token>` (401
 * without) and goes through the editorial service, which checks the
 * token's role (403). Errors are JSON naming the field. Its own routes only,
 * each with its own guard, so the read half of /api/v1 is left as it is.
 * @module
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { zodIssues } from '../../domain/archive-record.js';
import { DOCUMENT_STATUSES } from '../../domain/document.js';
import { PreconditionRequiredError, RecordExistsError, StaleRevisionError, ValidationError, type Issue } from '../../domain/errors.js';
import type { Actor } from '../../domain/roles.js';
import type { Archive } from '../../services/archive.js';
import { Editorial, type EditedDocument } from '../../services/editorial.js';
import { RECORD_KINDS, RecordEditing, type RecordKind } from '../../services/record-editing.js';
import { Tokens } from '../../services/tokens.js';
import { clientAddress } from '../admin/admin-request.js';
import { decodeId } from '../context.js';
import { describeError } from '../errors.js';

type ApiEnv = { Variables: { actor: Actor } };

const statusSchema = z.strictObject({
  status: z.enum(DOCUMENT_STATUSES),
  comment: z.string().max(5000).optional(),
  reason: z.string().max(2000).optional(),
  publishAt: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with a zone, e.g. 2027-01-01T09:00:00Z' }).optional(),
});

/** Registers the write routes on `app` (mounted at /api/v1) and returns it. */
export function registerWriteRoutes<A extends Hono<any>>(app: A, archive: Archive, options: { trustProxy?: boolean } = {}): A {
  const editorial = new Editorial(archive);
  const records = new RecordEditing(archive);
  const tokens = new Tokens(archive);
  const api = app as unknown as Hono<ApiEnv>;

  /**
   * A route's handler behind the token check, with every failure as JSON. With `suffix`, the route
   * shares its pattern with the read API's (`/documents/:id{.+}`): any other path is passed on untouched.
   */
  const route = (handler: (c: Context<ApiEnv>, actor: Actor, id: string) => Promise<Response>, suffix?: string) =>
    async (c: Context<ApiEnv>, next: () => Promise<void>): Promise<Response | void> => {
      const path = decodeId(c.req.param('id') ?? '');
      if (suffix !== undefined && !path.endsWith(suffix)) return next();
      c.header('Cache-Control', 'no-store');
      const auth = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
      const actor = await tokens.authenticate(auth?.[1], clientAddress(c, options));
      if (!actor) {
        c.header('WWW-Authenticate', 'Bearer realm="dossier"');
        return c.json({ message: auth ? 'The token is not valid (unknown, revoked, or its account is disabled).' : 'Send a token: Authorization: Bearer <token> (dossier token create EMAIL).', errors: [] }, 401);
      }
      try {
        return await handler(c, actor, suffix ? path.slice(0, -suffix.length) : path);
      } catch (error) {
        return apiError(c, error);
      }
    };
  const limit = bodyLimit({ maxSize: 20 * 1024 * 1024, onError: (c) => c.json({ message: 'The body is larger than 20 MB.', errors: [] }, 413) });
  const note = (c: Context) => c.req.header('x-dossier-note')?.slice(0, 2000);

  api.post('/documents', limit, route(async (c, actor) => {
    const created = await editorial.create(actor, await jsonBody(c), note(c));
    c.header('Location', `/api/v1/documents/${created.document.id}`);
    return respond(c, created, 201);
  }));

  api.put('/documents/:id{.+}', limit, route(async (c, actor, id) => respond(c, await editorial.update(actor, id, await jsonBody(c), ifMatch(c.req.header('if-match')), note(c)), 200)));

  api.post('/documents/:id{.+}', limit, route(async (c, actor, id) => {
    const parsed = statusSchema.safeParse(await jsonBody(c));
    if (!parsed.success) throw new ValidationError(zodIssues(parsed.error), 'The status change is not valid');
    const header = c.req.header('if-match');
    return respond(c, await editorial.setStatus(actor, id, parsed.data, header ? ifMatch(header) : undefined), 200);
  }, '/status'));

  api.get('/documents/:id{.+}', route(async (c, actor, id) => c.json({ revisions: await editorial.revisions(actor, id) }), '/revisions'));

  // Collections and authority records: /records/<kind>, e.g. /records/person, /records/collection.
  const kindOf = (c: Context) => {
    const kind = c.req.param('kind');
    if (!RECORD_KINDS.includes(kind as RecordKind)) throw new ValidationError([{ path: 'kind', message: `expected one of ${RECORD_KINDS.join(', ')}` }]);
    return kind as RecordKind;
  };
  const recordResponse = (c: Context, r: { record: { id: string }; revision: number }, status: 200 | 201) => {
    c.header('ETag', `"${r.revision}"`);
    return c.json({ id: r.record.id, revision: r.revision, record: r.record }, status);
  };
  api.post('/records/:kind', limit, route(async (c, actor) => {
    const kind = kindOf(c);
    const saved = await records.save(actor, kind, objectBody(await jsonBody(c)), undefined, note(c));
    c.header('Location', `/api/v1/records/${kind}/${saved.record.id}`);
    return recordResponse(c, saved, 201);
  }));
  api.put('/records/:kind/:id{.+}', limit, route(async (c, actor, id) => {
    const kind = kindOf(c);
    const body = objectBody(await jsonBody(c));
    if (body.id !== undefined && body.id !== id) throw new ValidationError([{ path: 'id', message: `does not match the record being saved ("${id}")` }]);
    return recordResponse(c, await records.save(actor, kind, { ...body, id }, ifMatch(c.req.header('if-match')), note(c)), 200);
  }));
  api.get('/records/:kind/:id{.+}', route(async (c, actor, id) => {
    const kind = kindOf(c);
    return c.json({ revisions: await records.revisions(actor, kind, id) });
  }, '/revisions'));

  return app;
}

function respond(c: Context, d: EditedDocument, status: 200 | 201) {
  c.header('ETag', `"${d.revision}"`);
  return c.json({ id: d.document.id, revision: d.revision, status: d.document.status, scheduled: d.schedule?.publishAt, document: d.document }, status);
}

/** `If-Match: "7"` (or W/"7", or 7): the revision the change starts from. */
function ifMatch(header: string | undefined): number {
  if (!header) throw new PreconditionRequiredError('Send If-Match with the revision this change starts from (the ETag of the last response).');
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new ValidationError([{ path: 'If-Match', message: 'expected a revision number, e.g. "7"' }]);
  return Number(m[1]);
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError([{ path: '', message: 'expected a JSON object' }]);
  return body as Record<string, unknown>;
}

async function jsonBody(c: Context): Promise<unknown> {
  if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ValidationError([{ path: 'Content-Type', message: 'expected application/json' }]);
  }
  try {
    return await c.req.json();
  } catch {
    throw new ValidationError([{ path: '', message: 'the body is not valid JSON' }]);
  }
}

function apiError(c: Context, error: unknown): Response {
  const e = describeError(error);
  if (e.retryAfterSeconds) c.header('Retry-After', String(e.retryAfterSeconds));
  // For HTTP conditional requests a stale If-Match is 412 Precondition Failed (RFC 9110 §13.1.1).
  const status = error instanceof StaleRevisionError ? 412 : e.status;
  if (e.internal) console.error(`[api] ${c.req.method} ${c.req.path}:`, error);
  // A taken identifier names its field, as a refused value does.
  const errors: Issue[] = error instanceof ValidationError ? error.issues : error instanceof RecordExistsError ? [{ path: 'id', message: `"${error.id}" is taken` }] : [];
  const body = {
    message: error instanceof ValidationError || !e.internal ? (error as Error).message : e.message,
    errors: errors.map((i) => ({ field: i.path, message: i.message })),
    ...(error instanceof StaleRevisionError ? { currentRevision: error.current } : {}),
  };
  return c.json(body, status as 400);
}
