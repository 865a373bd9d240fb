/**
 * The worklist (the workspace's start page) and the list of all documents,
 * with each document's status at a glance.
 * @module
 */
import { displayDate } from '../../../domain/display.js';
import type { DocumentStatus } from '../../../domain/document.js';
import { STATUS_LABELS } from '../../../domain/workflow.js';
import type { WorkItem, Worklist } from '../../../services/worklist.js';
import type { DocumentSummary, Page } from '../../../backends/store.js';
import { adminPaths } from '../admin-urls.js';

export function StatusBadge(props: { status: DocumentStatus; scheduled?: string }) {
  if (props.scheduled) return <span class="status status--scheduled">Scheduled {when(props.scheduled)}</span>;
  return <span class={`status status--${props.status}`}>{STATUS_LABELS[props.status]}</span>;
}

/** A UTC timestamp as an editor reads it: "2026-12-06 09:30 UTC". */
export function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function Items(props: { items: WorkItem[]; empty: string; show?: 'last' | 'scheduled' }) {
  if (props.items.length === 0) return <p class="empty">{props.empty}</p>;
  return (
    <ul>
      {props.items.map((d) => (
        <li>
          <a href={adminPaths.document(d.id)}>{d.title}</a> <StatusBadge status={d.status} />
          <span class="meta">
            {displayDate(d.date)}
            {props.show === 'scheduled' && d.publishAt ? ` · publishes ${when(d.publishAt)}` : ''}
            {props.show !== 'scheduled' && d.lastAt ? ` · ${d.lastAction} by ${d.lastBy}, ${when(d.lastAt)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function WorklistView(props: { work: Worklist; canCreate: boolean; notice?: string }) {
  const { work } = props;
  return (
    <div class="admin-page">
      <h1>Worklist</h1>
      {props.canCreate ? (
        <p class="actions">
          <a class="button" href="/admin/new">
            New document
          </a>
          <a href="/admin/documents">All documents</a>
        </p>
      ) : null}
      <div class="worklist">
        <section aria-labelledby="wl-mine">
          <h2 id="wl-mine">My drafts</h2>
          <Items items={work.mine} empty="No drafts of yours." show="last" />
        </section>
        <section aria-labelledby="wl-review">
          <h2 id="wl-review">Waiting for review</h2>
          <Items items={work.review} empty="Nothing waits for review." show="last" />
        </section>
        <section aria-labelledby="wl-recent">
          <h2 id="wl-recent">Recently changed</h2>
          <Items items={work.recent} empty="No changes yet." show="last" />
        </section>
        <section aria-labelledby="wl-scheduled">
          <h2 id="wl-scheduled">Scheduled</h2>
          <Items items={work.scheduled} empty="Nothing is scheduled." show="scheduled" />
        </section>
      </div>
    </div>
  );
}

export function DocumentsView(props: { page: Page<DocumentSummary>; status: DocumentStatus | 'any'; n: number; perPage: number }) {
  const last = Math.max(1, Math.ceil(props.page.total / props.perPage));
  const link = (n: number) => `/admin/documents?status=${props.status}&page=${n}`;
  return (
    <div class="admin-page">
      <h1>Documents</h1>
      <form method="get" action="/admin/documents" class="filters" aria-label="Filter documents">
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            {(['any', 'draft', 'review', 'published', 'withdrawn'] as const).map((s) => (
              <option value={s} selected={props.status === s}>
                {s === 'any' ? 'Any' : STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          Show
        </button>
        <a href="/admin/new">New document</a>
        <a href="/admin/bulk">Bulk changes</a>
      </form>
      <p>
        {props.page.total} documents{last > 1 ? `, page ${props.n} of ${last}` : ''}
      </p>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">Documents</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
              <th scope="col">Record ID</th>
            </tr>
          </thead>
          <tbody>
            {props.page.items.map((d) => (
              <tr>
                <td>
                  <a href={adminPaths.document(d.id)}>{d.title}</a>
                </td>
                <td>{displayDate(d.date)}</td>
                <td>
                  <StatusBadge status={d.status} />
                </td>
                <td>
                  <code>{d.id}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="actions" aria-label="Pages">
        {props.n > 1 ? <a href={link(props.n - 1)}>← Previous</a> : null}
        {props.n < last ? <a href={link(props.n + 1)}>Next →</a> : null}
      </nav>
    </div>
  );
}
