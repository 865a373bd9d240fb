/**
 * Accounts page (admins only, checked in the service): list accounts, add
 * one, change a role, disable or enable, and make a one-time password link
 * (shown once on the page, to pass on: there is no mail server).
 * @module
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { ROLES } from '../../../domain/roles.js';
import { DossierError, ValidationError } from '../../../domain/errors.js';
import { describeError } from '../../errors.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import { UsersView } from '../views/users-view.js';

const actionSchema = z.discriminatedUnion('do', [
  z.object({ do: z.literal('add'), email: z.string().max(300), role: z.string().max(50) }),
  z.object({ do: z.literal('role'), email: z.string().max(300), role: z.string().max(50) }),
  z.object({ do: z.literal('disable'), email: z.string().max(300) }),
  z.object({ do: z.literal('enable'), email: z.string().max(300) }),
  z.object({ do: z.literal('reset'), email: z.string().max(300) }),
]);

export function registerUserRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  const { accounts } = ctx;

  const show = async (c: Context<AdminEnv>, extra: { notice?: string; error?: string; link?: string } = {}, status = 200) => {
    const s = c.get('session')!;
    const users = await accounts.list(s.actor);
    return ctx.page(c, { title: 'Accounts', section: 'users' }, <UsersView users={users} roles={ROLES} csrf={s.csrfToken} {...extra} />, status);
  };

  app.get('/users', (c) => show(c));

  app.post('/users', async (c) => {
    const actor = c.get('session')!.actor;
    const parsed = actionSchema.safeParse(await c.req.parseBody());
    try {
      if (!parsed.success) throw new ValidationError([{ path: 'do', message: 'unknown action' }]);
      const a = parsed.data;
      const base = ctx.policy.baseUrl ?? new URL(c.req.url).origin;
      if (a.do === 'add') {
        const user = await accounts.add(actor, { email: a.email, role: a.role });
        const { token } = await accounts.reset(actor, user.email);
        return show(c, { notice: `Added ${user.email} (${user.role}). Give them this link to set a password; it works once, for 24 hours:`, link: `${base}/admin/reset/${token}` });
      }
      if (a.do === 'role') return show(c, { notice: `${(await accounts.setRole(actor, a.email, a.role)).email} is now ${a.role}.` });
      if (a.do === 'disable' || a.do === 'enable') {
        const u = await accounts.setDisabled(actor, a.email, a.do === 'disable');
        return show(c, { notice: `${u.email} is ${u.disabled ? 'disabled and signed out everywhere' : 'enabled'}.` });
      }
      const { token } = await accounts.reset(actor, a.email);
      return show(c, { notice: `${a.email} is signed out everywhere. Give them this link to set a new password; it works once, for 24 hours:`, link: `${base}/admin/reset/${token}` });
    } catch (error) {
      if (!(error instanceof DossierError) || error.name === 'ForbiddenError') throw error;
      const e = describeError(error);
      return show(c, { error: [e.message, ...(e.details ?? [])].join(' ') }, e.status);
    }
  });
}
