/**
 * A document's history page and restoring a revision.
 * @module
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Document } from '../../../domain/document.js';
import { diffDocuments } from '../../../domain/record-diff.js';
import { can } from '../../../domain/roles.js';
import { decodeId, parseQuery } from '../../context.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import { adminPaths } from '../admin-urls.js';
import { HistoryView } from '../views/history-view.js';

const revisionNumber = z.coerce.number().int().min(1).max(1_000_000_000);
const compareSchema = z.object({ from: revisionNumber.optional(), to: revisionNumber.optional(), restored: z.string().optional() });
const restoreSchema = z.object({ revision: revisionNumber, base: revisionNumber });

export function registerHistoryRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  const { editorial } = ctx;

  app.get('/history/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id'));
    const s = c.get('session')!;
    const q = parseQuery(compareSchema, c.req.query());
    const revisions = await editorial.revisions(s.actor, id);
    const current = revisions[0]!.revision;
    const to = q.to ?? current;
    const from = q.from ?? Math.max(0, to - 1);
    const load = (n: number) => (n >= 1 ? editorial.revision(s.actor, id, n) : Promise.resolve(undefined as Document | undefined));
    const [before, after] = await Promise.all([load(from), load(to)]);
    return ctx.page(
      c,
      { title: `History of ${after?.title ?? id}`, section: 'documents' },
      <HistoryView
        id={id}
        title={(after ?? before)?.title ?? id}
        revisions={revisions}
        current={current}
        from={from}
        to={to}
        changes={diffDocuments(before, after)}
        canRestore={can(s.user.role, 'document.edit')}
        csrf={s.csrfToken}
        notice={q.restored ? `Revision ${q.restored} restored as a new revision.` : undefined}
      />,
    );
  });

  app.post('/restore/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id'));
    const form = parseQuery(restoreSchema, (await c.req.parseBody()) as Record<string, string>);
    await editorial.restore(c.get('session')!.actor, id, form.revision, form.base);
    return c.redirect(`${adminPaths.history(id)}?restored=${form.revision}`, 303);
  });
}
