/**
 * Signing in and out, "sign out everywhere", and setting a password from a
 * one-time link. The sign-in form is protected by a double-submit cookie
 * (there is no session yet to tie a token to); a successful sign-in always
 * starts a new session and ends the one the browser came with.
 * @module
 */
import type { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { z } from 'zod';
import { TooManyAttemptsError, UnauthenticatedError, ValidationError } from '../../../domain/errors.js';
import { sameSecret } from '../../../services/secrets.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import { clearSessionCookie, isSameOrigin, issueLoginCsrf, LOGIN_CSRF_COOKIE, readSessionCookie, writeSessionCookie } from '../admin-request.js';
import { LoginView, ResendView, ResetView, type Resume } from '../views/auth-views.js';

const loginSchema = z.object({
  email: z.string().max(300).default(''),
  password: z.string().max(2000).default(''),
  _csrf: z.string().max(200).default(''),
  next: z.string().max(2000).optional(),
  _resume: z.string().max(10_000_000).optional(),
});

const resumeSchema = z.object({ action: z.string().regex(/^\/admin(?:\/[^\s]*)?$/), fields: z.array(z.tuple([z.string(), z.string()])) });

export function registerAuthRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  const { policy, sessions } = ctx;

  app.get('/login', async (c) => {
    if (c.get('session')) return c.redirect(safeNext(c.req.query('next')), 303);
    const notice = c.req.query('signed-out') !== undefined ? 'You are signed out.' : c.req.query('password-set') !== undefined ? 'Your password is set: sign in with it.' : undefined;
    return ctx.page(c, { title: 'Sign in' }, <LoginView csrf={issueLoginCsrf(c, policy)} next={c.req.query('next')} notice={notice} />);
  });

  app.post('/login', async (c) => {
    const form = loginSchema.parse(await c.req.parseBody());
    const resume = form._resume ? resumeSchema.safeParse(safeJson(form._resume)).data : undefined;
    const again = (error: string, status: number) =>
      ctx.page(c, { title: 'Sign in' }, <LoginView csrf={issueLoginCsrf(c, policy)} email={form.email} next={form.next} resume={resume} error={error} />, status);
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!isSameOrigin(c, policy)) return c.text('Refused: this form was sent from another site.', 403);
    if (!cookie || !sameSecret(form._csrf, cookie)) return again('The sign-in form had expired. Please sign in again.', 403);
    try {
      const { id, session } = await sessions.signIn({ email: form.email, password: form.password, ip: c.get('ip'), previous: readSessionCookie(c, policy) });
      writeSessionCookie(c, policy, id, sessions.policy.absoluteHours * 3600);
      deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/admin' });
      c.set('session', session);
      if (resume) {
        return ctx.page(c, { title: 'Send again' }, <ResendView resume={resume as Resume} csrf={session.csrfToken} reason="You are signed in again. Your changes have not been saved yet." />);
      }
      return c.redirect(safeNext(form.next), 303);
    } catch (error) {
      if (error instanceof TooManyAttemptsError) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        return again(error.message, 429);
      }
      if (error instanceof UnauthenticatedError) return again(error.message, 401);
      throw error;
    }
  });

  app.post('/logout', async (c) => {
    const id = c.get('sessionId');
    if (id) await sessions.signOut(id, c.get('session')!.actor);
    clearSessionCookie(c, policy);
    return c.redirect('/admin/login?signed-out', 303);
  });

  app.post('/logout-everywhere', async (c) => {
    await sessions.signOutEverywhere(c.get('session')!.actor);
    clearSessionCookie(c, policy);
    return c.redirect('/admin/login?signed-out', 303);
  });

  app.get('/account', (c) => {
    const s = c.get('session')!;
    return ctx.page(
      c,
      { title: 'Your account' },
      <div class="admin-narrow">
        <h1>Your account</h1>
        <dl class="facts">
          <dt>Email</dt>
          <dd>{s.user.email}</dd>
          <dt>Role</dt>
          <dd>{s.user.role}</dd>
          <dt>This session ends</dt>
          <dd>
            <time datetime={s.expiresAt}>{s.expiresAt.replace('T', ' ').slice(0, 16)} UTC</time> at the latest, or after {Math.round(sessions.policy.idleMinutes / 60)} hours unused
          </dd>
        </dl>
        <h2>Sign out everywhere</h2>
        <p>Ends every session of your account, on every device, this one included.</p>
        <form method="post" action="/admin/logout-everywhere">
          <input type="hidden" name="_csrf" value={s.csrfToken} />
          <button type="submit" class="button button--danger">
            Sign out everywhere
          </button>
        </form>
      </div>,
    );
  });

  app.get('/reset/:token', (c) => ctx.page(c, { title: 'Set your password' }, <ResetView token={c.req.param('token')} />));

  app.post('/reset/:token', async (c) => {
    if (!isSameOrigin(c, policy)) return c.text('Refused: this form was sent from another site.', 403);
    const token = c.req.param('token');
    const { password } = z.object({ password: z.string().max(2000).default('') }).parse(await c.req.parseBody());
    try {
      await ctx.accounts.completeReset(token, password, c.get('ip'));
    } catch (error) {
      if (error instanceof ValidationError) return ctx.page(c, { title: 'Set your password' }, <ResetView token={token} error={error.issues.map((i) => i.message).join('; ')} />, 422);
      throw error;
    }
    clearSessionCookie(c, policy);
    return c.redirect('/admin/login?password-set', 303);
  });
}

/** Only a path inside the workspace: never another site (`//evil`, `/\evil`, absolute URLs). */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/admin(?:[/?][^\s\\]*)?$/.test(next) || next.startsWith('//')) return '/admin';
  return next;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
