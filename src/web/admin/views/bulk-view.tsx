/**
 * The bulk change page and its result.
 * @module
 */
import type { Issue } from '../../../domain/errors.js';
import type { SearchParams } from '../../../search/search-state.js';
import { BULK_MAX } from '../../../services/bulk.js';
import type { DocumentSummary } from '../../../backends/store.js';
import { adminPaths } from '../admin-urls.js';
import { Notice } from './admin-layout.js';

export function BulkView(props: { params: SearchParams; action: string; preview?: { total: number; sample: DocumentSummary[] }; csrf: string; issues?: Issue[] }) {
  const p = props.preview;
  return (
    <div class="admin-page">
      <h1>Bulk changes</h1>
      <p>
        Choose documents with a search (the same query language, filters and facets as the public search; copy a search’s address after <code>/admin/bulk</code>), see how
        many match, then change them all at once. Each changed document gets a revision; the whole change can be undone.
      </p>
      <form method="get" action="/admin/bulk" class="filters" role="search" aria-label="Choose documents">
        <div class="field">
          <label for="bulk-q">Search</label>
          <input id="bulk-q" name="q" type="search" value={props.params.q ?? ''} />
        </div>
        <button type="submit" class="button">
          Preview
        </button>
      </form>
      {props.issues?.length ? (
        <Notice kind="error">
          Nothing was changed:{' '}
          {props.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ')}
        </Notice>
      ) : null}
      {p ? (
        <>
          <p role="status">
            <strong>{p.total}</strong> published {p.total === 1 ? 'document matches' : 'documents match'}
            {p.total > BULK_MAX ? ` — more than the ${BULK_MAX} one change may touch; narrow the search` : ''}.
          </p>
          <ul>
            {p.sample.map((d) => (
              <li>
                <a href={adminPaths.document(d.id)}>{d.title}</a>
              </li>
            ))}
            {p.total > p.sample.length ? <li>… and {p.total - p.sample.length} more</li> : null}
          </ul>
          <form method="post" action={props.action} class="form">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <fieldset>
              <legend>Change all {p.total}</legend>
              <div class="grid-2">
                <div class="field">
                  <label for="bulk-action">Action</label>
                  <select id="bulk-action" name="action">
                    <option value="add-collection">Add to collection</option>
                    <option value="remove-collection">Remove from collection</option>
                    <option value="add-subject">Add subject</option>
                    <option value="add-funder">Add funder</option>
                    <option value="set-rights">Set rights statement</option>
                    <option value="withdraw">Withdraw</option>
                  </select>
                </div>
                <div class="field">
                  <label for="bulk-id">Record ID (collection, subject, funder or rights)</label>
                  <input id="bulk-id" name="id" type="text" />
                </div>
                <div class="field">
                  <label for="bulk-reason">Public reason (to withdraw)</label>
                  <input id="bulk-reason" name="reason" type="text" />
                </div>
              </div>
              <button type="submit" class="button">
                Apply to {p.total} documents
              </button>
            </fieldset>
          </form>
        </>
      ) : null}
    </div>
  );
}

export function BulkDoneView(props: { batch?: string; changed?: number; matched?: number; undone?: { restored: number; skipped: string[] }; csrf: string }) {
  return (
    <div class="admin-page">
      <h1>{props.undone ? 'Bulk change undone' : 'Bulk change done'}</h1>
      {props.undone ? (
        <Notice kind="ok">
          {props.undone.restored} documents put back.
          {props.undone.skipped.length ? ` ${props.undone.skipped.length} had changed again since and were left as they are: ${props.undone.skipped.join(', ')}.` : ''}
        </Notice>
      ) : (
        <>
          <Notice kind="ok">
            {props.changed} of {props.matched} documents changed (the others already were so). Batch <code>{props.batch}</code>.
          </Notice>
          <form method="post" action={`/admin/bulk/undo/${props.batch}`}>
            <input type="hidden" name="_csrf" value={props.csrf} />
            <button type="submit" class="button button--secondary">
              Undo this change
            </button>
          </form>
        </>
      )}
      <p>
        <a href="/admin">Back to the worklist</a>
      </p>
    </div>
  );
}
