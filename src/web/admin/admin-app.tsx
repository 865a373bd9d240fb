/**
 * The editors' workspace, mounted at /admin as its own Hono app: every page
 * needs a signed-in editor (except sign-in and the one-time password page),
 * every POST carries the session's CSRF token (synchronizer pattern), and
 * nothing here is ever cached. A form refused for a missing session or a
 * stale token comes back with what was typed, so no edit is lost; a form
 * posted from another site is refused flat.
 * @module
 */
import { setResponseHeader } from '../context.js';
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Child } from 'hono/jsx';
import type { Archive } from '../../services/archive.js';
import { Accounts } from '../../services/accounts.js';
import { Editorial } from '../../services/editorial.js';
import type { MediaStorage } from '../../services/media-storage.js';
import { Scans } from '../../services/scans.js';
import { sameSecret } from '../../services/secrets.js';
import { Sessions, type ActiveSession, type SessionPolicy } from '../../services/sessions.js';
import { describeError } from '../errors.js';
import { clientAddress, isSameOrigin, issueLoginCsrf, readSessionCookie, type RequestPolicy } from './admin-request.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerBulkRoutes } from './routes/bulk-routes.js';
import { registerFormRoutes } from './routes/form-routes.js';
import { registerHistoryRoutes } from './routes/history-routes.js';
import { registerPreviewRoutes } from './routes/preview-routes.js';
import { registerRecordRoutes } from './routes/record-routes.js';
import { registerScanRoutes } from './routes/scan-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';
import { registerWorkRoutes } from './routes/work-routes.js';
import { AdminLayout, type AdminLayoutProps } from './views/admin-layout.js';
import { LoginView, ResendView, type Resume } from './views/auth-views.js';
import { AdminErrorView } from './views/admin-error.js';

export interface AdminOptions extends RequestPolicy {
  assetVersion: string;
  log?: 'silent' | 'error' | 'info' | 'debug';
  sessionPolicy?: Partial<SessionPolicy>;
  /** Where uploaded scans go; without it, uploads are refused. */
  media?: MediaStorage;
  /** `workers`: queued jobs (a scan's derivatives) are left to `dossier worker`, not run in the request. */
  jobs?: { workers?: boolean; nudge?(): void };
}

export type AdminEnv = { Variables: { requestId: string; ip: string; session?: ActiveSession; sessionId?: string } };

export interface AdminContext {
  archive: Archive;
  sessions: Sessions;
  accounts: Accounts;
  editorial: Editorial;
  scans: Scans;
  policy: RequestPolicy;
  page(c: Context<AdminEnv>, props: Omit<AdminLayoutProps, 'siteName' | 'assetVersion' | 'user'>, content: Child, status?: number): Promise<Response>;
}

/** Pages anyone may open: signing in and setting a password from a one-time link. */
const OPEN_PATHS = /^\/admin\/(?:login|reset\/[^/]+)\/?$/;

export function createAdminApp(archive: Archive, options: AdminOptions): Hono<AdminEnv> {
  const policy: RequestPolicy = { baseUrl: options.baseUrl, trustProxy: options.trustProxy };
  const sessions = new Sessions(archive, options.sessionPolicy);
  const app = new Hono<AdminEnv>();
  const ctx: AdminContext = {
    archive,
    sessions,
    accounts: new Accounts(archive),
    editorial: new Editorial(archive),
    scans: new Scans(archive, options.media, options.jobs),
    policy,
    async page(c, props, content, status = 200) {
      const site = await archive.siteInfo();
      const s = c.get('session');
      const user = s ? { email: s.user.email, role: s.user.role, csrfToken: s.csrfToken } : undefined;
      const html = await (
        <AdminLayout {...props} siteName={site.name} assetVersion={options.assetVersion} user={user}>
          {content}
        </AdminLayout>
      ).toString();
      return c.html(`<!DOCTYPE html>${html}`, status as 200);
    },
  };

  app.use(bodyLimit({ maxSize: 20 * 1024 * 1024 }));
  app.use(async (c, next) => {
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) ?? randomUUID());
    c.set('ip', clientAddress(c, policy));
    const id = readSessionCookie(c, policy);
    const session = await sessions.find(id, c.get('ip'));
    if (session) c.set('session', session), c.set('sessionId', id);
    await next();
    // Nothing behind a session may be kept by a browser, a proxy or the page cache.
    setResponseHeader(c, 'Cache-Control', 'no-store');
    setResponseHeader(c, 'X-Robots-Tag', 'noindex, nofollow');
  });
  app.use(async (c, next) => {
    if (OPEN_PATHS.test(c.req.path)) return next();
    const session = c.get('session');
    const post = c.req.method === 'POST';
    if (post && !isSameOrigin(c, policy)) return refuseForged(c);
    if (!session) {
      if (!post) return c.redirect(`/admin/login?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
      const resume = await resumeOf(c);
      const csrf = issueLoginCsrf(c, policy);
      return ctx.page(c, { title: 'Sign in' }, <LoginView csrf={csrf} resume={resume} notice="You are signed out (the session may have expired). Nothing was saved: sign in, and what you typed will be ready to send again." />, 401);
    }
    if (post) {
      const form = await c.req.parseBody({ all: true });
      const token = typeof form._csrf === 'string' ? form._csrf : '';
      if (!sameSecret(token, session.csrfToken)) {
        const resume = await resumeOf(c);
        return ctx.page(c, { title: 'Not saved yet' }, <ResendView resume={resume} csrf={session.csrfToken} reason="This form’s security token did not match your session (it may come from an older tab or an earlier sign-in)." />, 403);
      }
    }
    return next();
  });

  registerAuthRoutes(app, ctx);
  registerWorkRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerHistoryRoutes(app, ctx);
  registerFormRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerRecordRoutes(app, ctx);
  registerBulkRoutes(app, ctx);
  registerPreviewRoutes(app, ctx);
  registerScanRoutes(app, ctx);

  app.notFound((c) => ctx.page(c, { title: 'Not found' }, <AdminErrorView status={404} title="Not found" message="There is no page at this address in the workspace." />, 404));
  app.onError((error, c) => {
    const e = describeError(error);
    if (e.retryAfterSeconds) c.header('Retry-After', String(e.retryAfterSeconds));
    if (e.internal && options.log !== 'silent') console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path}:`, error);
    return ctx.page(c, { title: e.title }, <AdminErrorView status={e.status} title={e.title} message={e.message} details={e.details} reference={e.internal ? c.get('requestId') : undefined} />, e.status);
  });
  return app;
}

function refuseForged(c: Context<AdminEnv>) {
  c.header('Cache-Control', 'no-store');
  return c.text('Refused: this form was sent from another site. Nothing was changed.', 403);
}

/** The submitted fields (text only) and where they were going. */
async function resumeOf(c: Context<AdminEnv>): Promise<Resume> {
  const form = await c.req.parseBody({ all: true });
  const fields: [string, string][] = [];
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) if (typeof one === 'string') fields.push([k, one]);
  return { action: c.req.path, fields };
}
