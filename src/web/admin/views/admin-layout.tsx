/**
 * The frame of every page of the editors' workspace: its own header (so an
 * editor always knows they are not on the public site), the navigation their
 * role allows, who is signed in and the sign-out buttons.
 * @module
 */
import type { Child } from 'hono/jsx';
import { can, type Role } from '../../../domain/roles.js';

export interface AdminLayoutProps {
  siteName: string;
  title: string;
  assetVersion: string;
  /** The signed-in editor, if any, with the CSRF token the sign-out forms carry. */
  user?: { email: string; role: Role; csrfToken: string };
  section?: 'worklist' | 'documents' | 'records' | 'audit' | 'users';
  children?: Child;
}

export function AdminLayout(props: AdminLayoutProps) {
  const { user } = props;
  const nav = [
    { section: 'worklist', href: '/admin', label: 'Worklist', show: true },
    { section: 'documents', href: '/admin/documents', label: 'Documents', show: true },
    { section: 'records', href: '/admin/records', label: 'Records', show: true },
    { section: 'audit', href: '/admin/audit', label: 'Audit log', show: user && can(user.role, 'audit.read') },
    { section: 'users', href: '/admin/users', label: 'Accounts', show: user && can(user.role, 'users.manage') },
  ] as const;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} · ${props.siteName} editors`}</title>
        <link rel="stylesheet" href={`/assets/site.css?v=${props.assetVersion}`} />
        <link rel="stylesheet" href={`/assets/admin.css?v=${props.assetVersion}`} />
        <link rel="icon" href={`/assets/favicon.svg?v=${props.assetVersion}`} type="image/svg+xml" />
        <script src={`/assets/admin.js?v=${props.assetVersion}`} defer />
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="admin-header">
          <div class="admin-header__inner">
            <a class="admin-header__name" href="/admin">
              {props.siteName} <span>editors’ workspace</span>
            </a>
            {user ? (
              <nav class="admin-nav" aria-label="Workspace">
                {nav.filter((n) => n.show).map((n) => (
                  <a href={n.href} aria-current={props.section === n.section ? 'page' : undefined}>
                    {n.label}
                  </a>
                ))}
                <a href="/">Public site</a>
              </nav>
            ) : null}
            {user ? (
              <div class="admin-user">
                <a href="/admin/account" class="admin-user__me">
                  {user.email} <span class="role-badge">{user.role}</span>
                </a>
                <form method="post" action="/admin/logout">
                  <input type="hidden" name="_csrf" value={user.csrfToken} />
                  <button type="submit" class="button button--quiet">
                    Sign out
                  </button>
                </form>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1} class="admin-main">
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A message box above a page's content: what just happened, or what went wrong. */
export function Notice(props: { kind: 'ok' | 'error' | 'info'; children?: Child }) {
  return (
    <div class={`notice notice--${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}
