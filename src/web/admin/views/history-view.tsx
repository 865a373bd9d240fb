/**
 * A document's history: every revision (who, when, why), what changed
 * between any two, field by field and word by word in texts, and a button
 * to restore an earlier one (as a new revision: nothing is ever lost).
 * @module
 */
import type { FieldChange } from '../../../domain/record-diff.js';
import type { RevisionInfo } from '../../../backends/store.js';
import { adminPaths } from '../admin-urls.js';
import { Notice } from './admin-layout.js';
import { when } from './work-views.js';

export interface HistoryProps {
  id: string;
  title: string;
  revisions: RevisionInfo[];
  current: number;
  from: number;
  to: number;
  changes: FieldChange[];
  canRestore: boolean;
  csrf: string;
  notice?: string;
}

export function HistoryView(props: HistoryProps) {
  return (
    <div class="admin-page">
      <p class="eyebrow">
        <a href={adminPaths.document(props.id)}>Document {props.id}</a>
      </p>
      <h1>History of “{props.title}”</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <section aria-labelledby="diff-h">
        <h2 id="diff-h">
          Changes from revision {props.from} to revision {props.to}
        </h2>
        <DiffTable changes={props.changes} from={props.from} to={props.to} />
      </section>
      <section aria-labelledby="revs-h">
        <h2 id="revs-h">Revisions</h2>
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Revisions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Revision</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Note</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {props.revisions.map((r) => (
                <tr>
                  <td>
                    {r.revision}
                    {r.revision === props.current ? ' (current)' : ''}
                  </td>
                  <td>{when(r.changedAt)}</td>
                  <td>{r.actor}</td>
                  <td>{r.note ?? ''}</td>
                  <td>
                    <div class="actions">
                    {r.revision > 1 ? <a href={adminPaths.history(props.id, { from: r.revision - 1, to: r.revision })}>What changed</a> : null}
                    {r.revision !== props.current ? <a href={adminPaths.history(props.id, { from: r.revision, to: props.current })}>Compare with current</a> : null}
                    {props.canRestore && r.revision !== props.current && !r.deleted ? (
                      <form method="post" action={adminPaths.restore(props.id)}>
                        <input type="hidden" name="_csrf" value={props.csrf} />
                        <input type="hidden" name="revision" value={String(r.revision)} />
                        <input type="hidden" name="base" value={String(props.current)} />
                        <button type="submit" class="button button--secondary">
                          Restore revision {r.revision}
                        </button>
                      </form>
                    ) : null}
                  </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

export function DiffTable(props: { changes: FieldChange[]; from: number | string; to: number | string }) {
  if (props.changes.length === 0) return <p class="empty">No differences.</p>;
  return (
    <div class="table-wrap">
      <table class="diff">
        <caption class="visually-hidden">
          Fields that differ between {String(props.from)} and {String(props.to)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{typeof props.from === 'number' ? `Revision ${props.from}` : props.from}</th>
            <th scope="col">{typeof props.to === 'number' ? `Revision ${props.to}` : props.to}</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((c) => (
            <tr>
              <th scope="row">{c.field}</th>
              {c.words ? (
                <td colspan={2}>
                  <pre>
                    {c.words.map((w) => (w.change === 'added' ? <ins>{w.text}</ins> : w.change === 'removed' ? <del>{w.text}</del> : w.text))}
                  </pre>
                </td>
              ) : (
                <>
                  <td>{c.before === undefined ? <span class="empty">(none)</span> : <del>{c.before}</del>}</td>
                  <td>{c.after === undefined ? <span class="empty">(none)</span> : <ins>{c.after}</ins>}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
