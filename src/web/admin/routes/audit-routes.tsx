/**
 * The audit log page (admins only): entries newest first, filtered by
 * account, action and date, fifty to a page.
 * @module
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { zodIssues } from '../../../domain/archive-record.js';
import { ValidationError } from '../../../domain/errors.js';
import { listAudit } from '../../../services/audit.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import { AuditView } from '../views/audit-view.js';

const PER_PAGE = 50;

const filterSchema = z.object({
  user: z.string().trim().toLowerCase().max(254).optional().transform((v) => v || undefined),
  action: z.string().trim().max(100).optional().transform((v) => v || undefined),
  since: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || (/^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v))), 'expected a date, e.g. 2026-12-01'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export function registerAuditRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  app.get('/audit', async (c) => {
    const parsed = filterSchema.safeParse(c.req.query());
    if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
    const f = parsed.data;
    const actor = c.get('session')!.actor;
    const result = await listAudit(ctx.archive, actor, {
      actor: f.user,
      action: f.action,
      since: f.since ? new Date(f.since).toISOString() : undefined,
      limit: PER_PAGE,
      offset: (f.page - 1) * PER_PAGE,
    });
    return ctx.page(c, { title: 'Audit log', section: 'audit' }, <AuditView result={result} filters={f} page={f.page} perPage={PER_PAGE} />);
  });
}
