/**
 * The worklist, the list of documents, one document's overview and its
 * workflow moves. Every read and write goes through the editorial service
 * with the signed-in editor as actor, so the role is checked there.
 * @module
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { zodIssues } from '../../../domain/archive-record.js';
import { DOCUMENT_STATUSES } from '../../../domain/document.js';
import { DossierError, ValidationError } from '../../../domain/errors.js';
import { can } from '../../../domain/roles.js';
import { worklist } from '../../../services/worklist.js';
import { decodeId, parseQuery } from '../../context.js';
import { describeError } from '../../errors.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import { adminPaths } from '../admin-urls.js';
import { DocumentOverview } from '../views/document-overview.js';
import { DocumentsView, WorklistView } from '../views/work-views.js';

const PER_PAGE = 50;
const listSchema = z.object({ status: z.enum([...DOCUMENT_STATUSES, 'any']).default('any'), page: z.coerce.number().int().min(1).max(100_000).default(1) });
const statusForm = z.object({
  status: z.enum(DOCUMENT_STATUSES),
  revision: z.coerce.number().int().min(0),
  comment: z.string().max(5000).optional(),
  reason: z.string().max(2000).optional(),
  // <input type="datetime-local"> sends no zone; the form says it is UTC.
  publishAt: z
    .string()
    .optional()
    .transform((v) => (v ? (/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`) : undefined))
    .refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), 'expected a date and time'),
});

const DONE: Record<string, string> = { saved: 'Saved.', scan: 'Scan added.', 'scan-queued': 'Scan received: its pages are being made and appear here in a moment (reload).', scans: 'Scans changed.', review: 'Submitted for review.', draft: 'Sent back to the author.', published: 'Published.', withdrawn: 'Withdrawn.', scheduled: 'Scheduled for publication.' };

export function registerWorkRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  const { editorial } = ctx;

  app.get('/', async (c) => {
    const actor = c.get('session')!.actor;
    await editorial.publishDue();
    const work = await worklist(ctx.archive, actor);
    return ctx.page(c, { title: 'Worklist', section: 'worklist' }, <WorklistView work={work} canCreate={can(actor.role, 'document.create')} />);
  });

  app.get('/documents', async (c) => {
    const q = parseQuery(listSchema, c.req.query());
    const page = await editorial.list(c.get('session')!.actor, { status: q.status, limit: PER_PAGE, offset: (q.page - 1) * PER_PAGE });
    return ctx.page(c, { title: 'Documents', section: 'documents' }, <DocumentsView page={page} status={q.status} n={q.page} perPage={PER_PAGE} />);
  });

  const overview = async (c: Context<AdminEnv>, id: string, extra: { notice?: string; error?: { message: string; details?: string[] } } = {}, status = 200) => {
    const s = c.get('session')!;
    const found = await editorial.document(s.actor, id);
    const revisions = await editorial.revisions(s.actor, id);
    const unfinished = can(s.user.role, 'document.edit') ? await ctx.scans.unfinished(s.actor, id) : [];
    return ctx.page(
      c,
      { title: found.document.title, section: 'documents' },
      <DocumentOverview document={found.document} revision={found.revision} revisions={revisions} schedule={found.schedule} unfinishedScans={unfinished} role={s.user.role} csrf={s.csrfToken} {...extra} />,
      status,
    );
  };

  app.get('/documents/:id{.+}', (c) => overview(c, decodeId(c.req.param('id')), { notice: DONE[c.req.query('done') ?? ''] }));

  app.post('/status/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id'));
    const parsed = statusForm.safeParse(await c.req.parseBody());
    try {
      if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
      const { revision, ...change } = parsed.data;
      const result = await editorial.setStatus(c.get('session')!.actor, id, change, revision);
      return c.redirect(`${adminPaths.document(id)}?done=${result.schedule ? 'scheduled' : result.document.status}`, 303);
    } catch (error) {
      if (!(error instanceof DossierError) || error.name === 'NotFoundError') throw error;
      const e = describeError(error);
      return overview(c, id, { error: { message: e.message, details: e.details } }, e.status);
    }
  });
}
