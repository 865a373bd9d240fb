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
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { zodIssues } from '../../domain/archive-record.js';
import { DOCUMENT_STATUSES } from '../../domain/document.js';
import { PreconditionRequiredError, StaleRevisionError, ValidationError, type Issue } from '../../domain/errors.js';
import type { Actor } from '../../domain/roles.js';
import type { Archive } from '../../services/archive.js';
import { Editorial, type EditedDocument } from '../../services/editorial.js';
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
  const tokens = new Tokens(archive.backend);
  const api = app as unknown as Hono<ApiEnv>;

  const guard: MiddlewareHandler<ApiEnv> = async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const auth = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const actor = await tokens.authenticate(auth?.[1], clientAddress(c, options));
    if (!actor) {
      c.header('WWW-Authenticate', 'Bearer realm="dossier"');
      return c.json({ message: auth ? 'The token is not valid (unknown, revoked, or its account is disabled).' : 'Send a token: Authorization: Bearer <token> (dossier token create EMAIL).', errors: [] }, 401);
    }
    c.set('actor', actor);
    await next();
  };
  const limit = bodyLimit({ maxSize: 20 * 1024 * 1024, onError: (c) => c.json({ message: 'The body is larger than 20 MB.', errors: [] }, 413) });

  api.post('/documents', guard, limit, json(async (c) => {
    const created = await editorial.create(c.get('actor'), await jsonBody(c), c.req.header('x-dossier-note'));
    c.header('Location', `/api/v1/documents/${created.document.id}`);
    return respond(c, created, 201);
  }));

  api.put('/documents/:id{.+}', guard, limit, json(async (c) => {
    const base = ifMatch(c.req.header('if-match'));
    const saved = await editorial.update(c.get('actor'), decodeId(c.req.param('id') ?? ''), await jsonBody(c), base, c.req.header('x-dossier-note'));
    return respond(c, saved, 200);
  }));

  api.post('/documents/:id{.+}', guard, limit, json(async (c) => {
    const path = decodeId(c.req.param('id') ?? '');
    if (!path.endsWith('/status')) return c.json({ message: 'Not found: POST /documents/{id}/status changes a status.', errors: [] }, 404);
    const parsed = statusSchema.safeParse(await jsonBody(c));
    if (!parsed.success) throw new ValidationError(zodIssues(parsed.error), 'The status change is not valid');
    const header = c.req.header('if-match');
    const changed = await editorial.setStatus(c.get('actor'), path.slice(0, -'/status'.length), parsed.data, header ? ifMatch(header) : undefined);
    return respond(c, changed, 200);
  }));

  api.get('/documents/:id{.+}', guard, json(async (c) => {
    const path = decodeId(c.req.param('id') ?? '');
    if (!path.endsWith('/revisions')) return c.notFound();
    const revisions = await editorial.revisions(c.get('actor'), path.slice(0, -'/revisions'.length));
    return c.json({ revisions });
  }));

  return app;
}

/** Every failure as JSON, here rather than in the site's HTML error handler. */
function json(handler: (c: Context<ApiEnv>) => Promise<Response>) {
  return async (c: Context<ApiEnv>): Promise<Response> => {
    try {
      return await handler(c);
    } catch (error) {
      return apiError(c, error);
    }
  };
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
  // For HTTP conditional requests a stale If-Match is 412 Precondition Failed (RFC 9110 §13.1.1).
  const status = error instanceof StaleRevisionError ? 412 : e.status;
  if (e.internal) console.error(`[api] ${c.req.method} ${c.req.path}:`, error);
  const errors: Issue[] = error instanceof ValidationError ? error.issues : [];
  const body = {
    message: error instanceof ValidationError || !e.internal ? (error as Error).message : e.message,
    errors: errors.map((i) => ({ field: i.path, message: i.message })),
    ...(error instanceof StaleRevisionError ? { currentRevision: error.current } : {}),
  };
  return c.json(body, status as 400);
}
