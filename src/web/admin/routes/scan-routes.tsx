/**
 * Uploading a scan to a document, and moving or removing its pages. Uploads
 * are multipart forms carrying the session's CSRF token like every other.
 * @module
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { zodIssues } from '../../../domain/archive-record.js';
import { ValidationError } from '../../../domain/errors.js';
import { decodeId } from '../../context.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import { adminPaths } from '../admin-urls.js';

const revision = z.coerce.number().int().min(0);
const orderSchema = z.object({ action: z.enum(['up', 'down', 'remove']), index: z.coerce.number().int().min(0).max(10_000), revision });

export function registerScanRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  app.post('/scans/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id'));
    const form = await c.req.parseBody();
    const file = form.file;
    const base = revision.safeParse(form.revision);
    if (!(file instanceof File) || file.size === 0) throw new ValidationError([{ path: 'file', message: 'choose a file to upload' }]);
    if (!base.success) throw new ValidationError([{ path: 'revision', message: 'missing; reload the page' }]);
    const label = typeof form.label === 'string' ? form.label : undefined;
    const { queued } = await ctx.scans.add(c.get('session')!.actor, id, base.data, { bytes: new Uint8Array(await file.arrayBuffer()), label });
    return c.redirect(`${adminPaths.document(id)}?done=${queued ? 'scan-queued' : 'scan'}`, 303);
  });

  app.post('/scan-order/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id'));
    const parsed = orderSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
    const { action, index, revision: base } = parsed.data;
    const actor = c.get('session')!.actor;
    if (action === 'remove') await ctx.scans.remove(actor, id, base, index);
    else await ctx.scans.move(actor, id, base, index, action === 'up' ? -1 : 1);
    return c.redirect(`${adminPaths.document(id)}?done=scans`, 303);
  });
}
