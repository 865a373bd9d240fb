/**
 * Bulk changes: the documents a search selects (the public search's query,
 * filters and facets, in the address), how many, and what to do to them; then
 * the result with a button to undo it.
 * @module
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { zodIssues } from '../../../domain/archive-record.js';
import { ValidationError } from '../../../domain/errors.js';
import { bulkApply, bulkPreview, bulkUndo, type BulkAction } from '../../../services/bulk.js';
import { parseSearchParams, searchUrl } from '../../../search/search-state.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import { BulkDoneView, BulkView } from '../views/bulk-view.js';

const actionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['add-collection', 'remove-collection', 'add-subject', 'add-funder', 'set-rights']), id: z.string().trim().min(1, 'say which record').max(200) }),
  z.object({ action: z.literal('withdraw'), reason: z.string().trim().min(1, 'a withdrawn document shows a public reason').max(2000) }),
], { error: 'choose an action' });

export function registerBulkRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  app.get('/bulk', async (c) => {
    const s = c.get('session')!;
    const params = parseSearchParams(c.req.queries());
    const preview = params.q || Object.keys(params.facets ?? {}).length || params.collection || params.from || params.to ? await bulkPreview(ctx.archive, s.actor, params) : undefined;
    return ctx.page(c, { title: 'Bulk changes', section: 'documents' }, <BulkView params={params} action={searchUrl(params, '/admin/bulk')} preview={preview} csrf={s.csrfToken} />);
  });

  app.post('/bulk', async (c) => {
    const s = c.get('session')!;
    const params = parseSearchParams(c.req.queries());
    const parsed = actionSchema.safeParse(await c.req.parseBody());
    try {
      if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
      const a = parsed.data;
      const action: BulkAction = a.action === 'withdraw' ? { kind: 'withdraw', reason: a.reason } : { kind: a.action, id: a.id };
      const result = await bulkApply(ctx.archive, s.actor, params, action);
      return ctx.page(c, { title: 'Bulk change done', section: 'documents' }, <BulkDoneView {...result} csrf={s.csrfToken} />);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const preview = await bulkPreview(ctx.archive, s.actor, params);
      return ctx.page(c, { title: 'Bulk changes', section: 'documents' }, <BulkView params={params} action={searchUrl(params, '/admin/bulk')} preview={preview} csrf={s.csrfToken} issues={error.issues} />, 422);
    }
  });

  app.post('/bulk/undo/:batch{[0-9a-f]{8}}', async (c) => {
    const s = c.get('session')!;
    const result = await bulkUndo(ctx.archive, s.actor, c.req.param('batch'));
    return ctx.page(c, { title: 'Bulk change undone', section: 'documents' }, <BulkDoneView undone={result} csrf={s.csrfToken} />);
  });
}
