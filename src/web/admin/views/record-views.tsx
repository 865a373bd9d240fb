/**
 * Collections and authority records in the workspace: the list of a kind,
 * and the form for one record (with its name variants, and for a
 * collection the order of its documents).
 * @module
 */
import type { Issue } from '../../../domain/errors.js';
import type { EditableRecord, RecordKind } from '../../../services/record-editing.js';
import type { DocumentSummary } from '../../../backends/store.js';
import { rowCount, type FormValues } from '../document-form-data.js';
import { hasVariants, RECORD_FIELDS, RECORD_LABELS, VARIANT_TYPE_OPTIONS } from '../record-fields.js';
import { Notice } from './admin-layout.js';
import { AreaField, CheckField, fieldId, SelectField, TextField, type FieldState } from './form-fields.js';

const enc = (id: string) => id.split('/').map(encodeURIComponent).join('/');
export const recordPath = (kind: RecordKind, id?: string) => `/admin/records/${kind}${id === undefined ? '/new' : `/edit/${enc(id)}`}`;

export function RecordKindsView(props: { kinds: readonly RecordKind[] }) {
  return (
    <div class="admin-page">
      <h1>Records</h1>
      <p>Collections and the authority records documents point to.</p>
      <ul class="browse-links">
        {props.kinds.map((k) => (
          <li>
            <a href={`/admin/records/${k}`}>{RECORD_LABELS[k].many}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function RecordListView(props: { kind: RecordKind; items: EditableRecord[]; total: number; page: number; perPage: number; canEdit: boolean }) {
  const last = Math.max(1, Math.ceil(props.total / props.perPage));
  return (
    <div class="admin-page">
      <p class="eyebrow">
        <a href="/admin/records">Records</a>
      </p>
      <h1>{RECORD_LABELS[props.kind].many}</h1>
      {props.canEdit ? (
        <p class="actions">
          <a class="button" href={recordPath(props.kind)}>
            New {RECORD_LABELS[props.kind].one.toLowerCase()}
          </a>
        </p>
      ) : null}
      <p>{props.total} records</p>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">{RECORD_LABELS[props.kind].many}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Record ID</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((r) => (
              <tr>
                <td>
                  <a href={recordPath(props.kind, r.id)}>{'title' in r ? r.title : r.name}</a>
                </td>
                <td>
                  <code>{r.id}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="actions" aria-label="Pages">
        {props.page > 1 ? <a href={`/admin/records/${props.kind}?page=${props.page - 1}`}>← Previous</a> : null}
        {props.page < last ? <a href={`/admin/records/${props.kind}?page=${props.page + 1}`}>Next →</a> : null}
      </nav>
    </div>
  );
}

export interface RecordFormProps {
  kind: RecordKind;
  id?: string;
  values: FormValues;
  issues: Issue[];
  revision?: number;
  csrf: string;
  notice?: string;
  /** For a collection: its documents in their current order. */
  documents?: DocumentSummary[];
  conflict?: string;
}

export function RecordFormView(props: RecordFormProps) {
  const state: FieldState = { values: props.values, issues: props.issues };
  const label = RECORD_LABELS[props.kind].one;
  return (
    <div class="admin-page">
      <p class="eyebrow">
        <a href={`/admin/records/${props.kind}`}>{RECORD_LABELS[props.kind].many}</a>
      </p>
      <h1>{props.id ? `${label}: ${props.values.title ?? props.values.name ?? props.id}` : `New ${label.toLowerCase()}`}</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.conflict ? <Notice kind="error">{props.conflict}</Notice> : null}
      {props.issues.length > 0 ? (
        <Notice kind="error">
          <strong>Not saved.</strong> What you typed is kept below.
          <ul>
            {props.issues.map((i) => (
              <li>
                <a href={`#${fieldId(i.path.replace(/\.\d+$/, '') || 'id')}`}>{i.path || 'record'}</a>: {i.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <form method="post" action={recordPath(props.kind, props.id)} class="form" data-warn-unsaved>
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.revision !== undefined ? <input type="hidden" name="revision" value={String(props.revision)} /> : null}
        <fieldset>
          <legend>{label}</legend>
          {props.id ? <input type="hidden" name="id" value={props.id} /> : <TextField state={state} name="id" label="Record ID" required hint="Stable, never reused: letters, digits, “.”, “_”, “-”." />}
          {RECORD_FIELDS[props.kind].filter((f) => f.name !== 'variants').map((f) =>
            f.type === 'area' || f.type === 'rich' || f.type === 'lines' ? (
              <AreaField state={state} name={f.name} label={f.label} hint={f.hint} rows={f.type === 'rich' ? 6 : 3} required={f.required} />
            ) : f.type === 'select' ? (
              <SelectField state={state} name={f.name} label={f.label} hint={f.hint} options={f.options!.map((o) => [o, o] as const)} />
            ) : f.type === 'check' ? (
              <CheckField state={state} name={f.name} label={f.label} />
            ) : (
              <TextField state={state} name={f.name} label={f.label} hint={f.hint} required={f.required} />
            ),
          )}
        </fieldset>
        {hasVariants(props.kind) ? (
          <fieldset>
            <legend>Name variants</legend>
            <p class="hint">Other romanizations, scripts and aliases: search and the forms find the record by any of them.</p>
            {Array.from({ length: rowCount(props.values, 'variants') + 1 }, (_, i) => (
              <div class="grid-2 repeat">
                <TextField state={state} name={`variants.${i}.name`} label={`Variant ${i + 1}`} lang={props.values[`variants.${i}.language`]} />
                <TextField state={state} name={`variants.${i}.language`} label="Language and script" hint="BCP 47: zh-Hans, zh-Latn, ru." />
                <SelectField state={state} name={`variants.${i}.type`} label="Kind of variant" options={VARIANT_TYPE_OPTIONS.map((o) => [o, o || '(unspecified)'] as const)} />
              </div>
            ))}
          </fieldset>
        ) : null}
        <fieldset>
          <legend>Save</legend>
          <TextField state={state} name="note" label="What you changed (kept with the revision)" />
          <button type="submit" class="button">
            {props.id ? 'Save' : `Create ${label.toLowerCase()}`}
          </button>
        </fieldset>
      </form>
      {props.kind === 'collection' && props.id && props.documents ? (
        <form method="post" action={`/admin/records/collection/order/${enc(props.id)}`} class="form">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <fieldset>
            <legend>Order of its documents</legend>
            <div class="field">
              <label for="f-order-documents">Documents in order, one record ID a line</label>
              <textarea id="f-order-documents" name="documents" rows={Math.min(20, props.documents.length + 1)} aria-describedby="f-order-hint">
                {props.documents.map((d) => d.id).join('\n')}
              </textarea>
              <p class="hint" id="f-order-hint">
                Move lines to reorder. Saving sets the collection to manual order. Now: {props.documents.map((d) => d.title).slice(0, 5).join(' · ')}
                {props.documents.length > 5 ? ' …' : ''}
              </p>
            </div>
            <button type="submit" class="button button--secondary">
              Save the order
            </button>
          </fieldset>
        </form>
      ) : null}
    </div>
  );
}
