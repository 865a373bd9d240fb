/**
 * One document in the workspace: its status and history in brief, and the
 * workflow moves the editor's role allows from here (submit, approve or send
 * back with a comment, publish now or at a time, withdraw with a public
 * reason), each a small form that works without JavaScript.
 * @module
 */
import { displayDate } from '../../../domain/display.js';
import type { Document } from '../../../domain/document.js';
import { can, type Role } from '../../../domain/roles.js';
import { TRANSITIONS, type Transition } from '../../../domain/workflow.js';
import type { ScheduleRow } from '../../../backends/editor-store.js';
import type { RevisionInfo } from '../../../backends/store.js';
import type { UnfinishedScan } from '../../../services/scans.js';
import { adminPaths } from '../admin-urls.js';
import { Notice } from './admin-layout.js';
import { StatusBadge, when } from './work-views.js';

export interface OverviewProps {
  document: Document;
  revision: number;
  revisions: RevisionInfo[];
  schedule?: ScheduleRow;
  /** Uploads still being drawn by a worker, or refused there. */
  unfinishedScans?: UnfinishedScan[];
  role: Role;
  csrf: string;
  notice?: string;
  error?: { message: string; details?: string[] };
}

export function DocumentOverview(props: OverviewProps) {
  const d = props.document;
  const moves = TRANSITIONS.filter((t) => t.from === d.status && can(props.role, t.permission));
  const lastNote = props.revisions.find((r) => r.note && r.note !== 'Created');
  return (
    <div class="admin-page">
      <p class="eyebrow">Document {d.id}</p>
      <h1>{d.title}</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.error ? (
        <Notice kind="error">
          {props.error.message}
          {props.error.details ? (
            <ul>
              {props.error.details.map((x) => (
                <li>{x}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={d.status} /> {props.schedule ? <StatusBadge status={d.status} scheduled={props.schedule.publishAt} /> : null}
        </dd>
        <dt>Date</dt>
        <dd>{displayDate(d.date)}</dd>
        <dt>Revision</dt>
        <dd>
          {props.revision} · <a href={adminPaths.history(d.id)}>history and changes</a>
        </dd>
        {lastNote ? (
          <>
            <dt>Latest note</dt>
            <dd>
              “{lastNote.note}” — {lastNote.actor}, {when(lastNote.changedAt)}
            </dd>
          </>
        ) : null}
        {d.uploadedAt ? (
          <>
            <dt>First published</dt>
            <dd>{when(d.uploadedAt)}</dd>
          </>
        ) : null}
        {d.withdrawnReason ? (
          <>
            <dt>Withdrawn because</dt>
            <dd>{d.withdrawnReason}</dd>
          </>
        ) : null}
      </dl>
      <p class="actions">
        {can(props.role, 'document.edit') || (can(props.role, 'document.edit-text') && (d.status === 'draft' || d.status === 'review')) ? (
          <a class="button" href={adminPaths.edit(d.id)}>
            Edit
          </a>
        ) : null}
        <a href={adminPaths.preview(d.id)}>Preview the public page</a>
        {d.status === 'published' ? <a href={adminPaths.publicPage(d.id)}>View on the public site</a> : null}
      </p>
      {can(props.role, 'document.edit') ? <ScansPanel document={d} revision={props.revision} csrf={props.csrf} unfinished={props.unfinishedScans ?? []} /> : null}
      {moves.length > 0 ? (
        <section aria-labelledby="moves">
          <h2 id="moves">Workflow</h2>
          {moves.map((t) => (
            <Move transition={t} id={d.id} revision={props.revision} csrf={props.csrf} />
          ))}
        </section>
      ) : null}
    </div>
  );
}

function ScansPanel(props: { document: Document; revision: number; csrf: string; unfinished: UnfinishedScan[] }) {
  const { media, id } = props.document;
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="revision" value={String(props.revision)} />
    </>
  );
  const button = (index: number, action: 'up' | 'down' | 'remove', label: string) => (
    <form method="post" action={`/admin/scan-order/${encodeURI(id)}`}>
      {hidden}
      <input type="hidden" name="index" value={String(index)} />
      <button type="submit" name="action" value={action} class={action === 'remove' ? 'button button--danger' : 'button button--secondary'}>
        {label}
      </button>
    </form>
  );
  return (
    <section aria-labelledby="scans-h">
      <h2 id="scans-h">Scans</h2>
      {media.length === 0 ? <p class="empty">No scans yet.</p> : null}
      <ol class="scan-list">
        {media.map((m, i) => (
          <li>
            {m.kind === 'image' && m.url.startsWith('media/uploads/') ? <img src={`/${m.url.replace(/\.jpg$/, '-thumb.jpg')}`} alt="" width={80} /> : null}
            <span>
              {m.label ?? `Page ${i + 1}`} <span class="muted">({m.kind === 'pdf' ? `PDF${m.pages ? `, ${m.pages} pages` : ''}` : m.width ? `${m.width} × ${m.height}` : 'image'})</span>
            </span>
            <span class="actions">
              {i > 0 ? button(i, 'up', `Move “${m.label ?? `page ${i + 1}`}” up`) : null}
              {i < media.length - 1 ? button(i, 'down', `Move “${m.label ?? `page ${i + 1}`}” down`) : null}
              {button(i, 'remove', `Remove “${m.label ?? `page ${i + 1}`}”`)}
            </span>
          </li>
        ))}
      </ol>
      {props.unfinished.length > 0 ? (
        <ul class="scan-jobs">
          {props.unfinished.map((u) => (
            <li>
              {u.status === 'pending' ? `Being made: ${u.label ?? 'an upload'} (received ${when(u.at)}); reload to see it.` : `Not added: ${u.label ?? 'an upload'} (received ${when(u.at)}) could not be used: ${u.error ?? 'unknown error'}`}
            </li>
          ))}
        </ul>
      ) : null}
      <form method="post" action={`/admin/scans/${encodeURI(id)}`} enctype="multipart/form-data" class="form filters">
        {hidden}
        <div class="field">
          <label for="scan-file">Add a scan (PDF, JPEG, PNG or TIFF, at most 20 MB)</label>
          <input id="scan-file" name="file" type="file" accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff" required />
        </div>
        <div class="field">
          <label for="scan-label">Label</label>
          <input id="scan-label" name="label" type="text" />
        </div>
        <button type="submit" class="button">
          Upload
        </button>
      </form>
    </section>
  );
}

const MOVE_TEXT: Record<Transition['name'], { button: string; help: string }> = {
  submit: { button: 'Submit for review', help: 'A reviewer will approve it or send it back with a comment.' },
  'send back': { button: 'Send back to the author', help: 'Say what needs to change; the comment is kept with the revision.' },
  approve: { button: 'Approve and publish', help: 'Publishes now, or at the time given.' },
  publish: { button: 'Publish without review', help: 'Editors may publish directly, e.g. a correction.' },
  withdraw: { button: 'Withdraw', help: 'The page will say it was withdrawn, with this reason, and leave search.' },
  republish: { button: 'Publish again', help: '' },
};

function Move(props: { transition: Transition; id: string; revision: number; csrf: string }) {
  const t = props.transition;
  const key = t.name.replace(' ', '-');
  const text = MOVE_TEXT[t.name];
  return (
    <form method="post" action={adminPaths.status(props.id)} class="form move">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="status" value={t.to} />
      <input type="hidden" name="revision" value={String(props.revision)} />
      {t.needs ? (
        <div class="field">
          <label for={`${key}-text`}>{t.needs === 'comment' ? 'Comment for the author' : 'Public reason for withdrawal'}</label>
          <textarea id={`${key}-text`} name={t.needs} required rows={3} />
        </div>
      ) : null}
      {t.to === 'published' && t.from !== 'withdrawn' ? (
        <div class="field">
          <label for={`${key}-at`}>Publish at (UTC, optional)</label>
          <input id={`${key}-at`} name="publishAt" type="datetime-local" aria-describedby={`${key}-help`} />
        </div>
      ) : null}
      <p id={`${key}-help`} class="hint">
        {text.help}
      </p>
      <button type="submit" class={t.name === 'withdraw' || t.name === 'send back' ? 'button button--danger' : 'button'}>
        {text.button}
      </button>
    </form>
  );
}
