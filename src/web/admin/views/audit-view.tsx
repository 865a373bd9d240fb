/**
 * The audit log as a table with its filters.
 * @module
 */
import type { AuditEntry } from '../../../backends/editor-store.js';

export function AuditView(props: { result: { items: AuditEntry[]; total: number }; filters: { user?: string; action?: string; since?: string }; page: number; perPage: number }) {
  const { items, total } = props.result;
  const f = props.filters;
  const link = (page: number) => `/admin/audit?${new URLSearchParams({ ...(f.user ? { user: f.user } : {}), ...(f.action ? { action: f.action } : {}), ...(f.since ? { since: f.since } : {}), page: String(page) })}`;
  const last = Math.max(1, Math.ceil(total / props.perPage));
  return (
    <div class="admin-page">
      <h1>Audit log</h1>
      <p class="muted">Every change, sign-in, failed sign-in and role change, newest first.</p>
      <form method="get" action="/admin/audit" class="filters" role="search" aria-label="Filter the audit log">
        <div class="field">
          <label for="f-user">Account</label>
          <input id="f-user" name="user" type="search" value={f.user ?? ''} placeholder="alice@example.org" />
        </div>
        <div class="field">
          <label for="f-action">Action</label>
          <select id="f-action" name="action">
            {[['', 'Any'], ['document', 'Document changes'], ['document.status', 'Status changes'], ['signin', 'Sign-ins'], ['signin.failed', 'Failed sign-ins'], ['user', 'Account changes'], ['token', 'Tokens']].map(([v, l]) => (
              <option value={v} selected={(f.action ?? '') === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-since">Since</label>
          <input id="f-since" name="since" type="text" inputmode="numeric" value={f.since ?? ''} placeholder="2026-12-01" />
        </div>
        <button type="submit" class="button">
          Filter
        </button>
      </form>
      <p>
        {total} {total === 1 ? 'entry' : 'entries'}
        {last > 1 ? `, page ${props.page} of ${last}` : ''}
      </p>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">Audit entries</caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">On</th>
              <th scope="col">From</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr>
                <td>
                  <time datetime={e.at}>{e.at.slice(0, 19).replace('T', ' ')}</time>
                </td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.target?.startsWith('document:') ? <a href={`/admin/documents/${e.target.slice(9)}`}>{e.target.slice(9)}</a> : e.target}</td>
                <td>{e.ip ?? ''}</td>
                <td>{e.detail ? <code>{JSON.stringify(e.detail)}</code> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="actions" aria-label="Pages">
        {props.page > 1 ? <a href={link(props.page - 1)}>← Newer</a> : null}
        {props.page < last ? <a href={link(props.page + 1)}>Older →</a> : null}
      </nav>
    </div>
  );
}
