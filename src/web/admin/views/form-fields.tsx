/**
 * Form controls for the workspace: each with its label, hint, its errors
 * beside it (and aria-invalid / aria-describedby, so a screen reader hears
 * them), and the value typed, never lost on a refused save.
 * @module
 */
import type { Child } from 'hono/jsx';
import type { Issue } from '../../../domain/errors.js';

export interface FieldState {
  values: Record<string, string>;
  /** Issues by field path, as the schema reports them. */
  issues: Issue[];
}

export const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

/** Issues about this field or anything inside it (`agents.0` covers `agents.0.id`). */
export function issuesFor(state: FieldState, name: string): string[] {
  return state.issues.filter((i) => i.path === name || i.path.startsWith(`${name}.`)).map((i) => i.message);
}

interface Common {
  state: FieldState;
  name: string;
  label: string;
  hint?: Child;
  required?: boolean;
}

function Wrap(props: Common & { children: Child; after?: Child }) {
  const errors = issuesFor(props.state, props.name);
  const id = fieldId(props.name);
  return (
    <div class={errors.length > 0 ? 'field field--error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? ' (required)' : ''}
      </label>
      {props.children}
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.after}
      {errors.map((e) => (
        <p class="field-error" id={`${id}-error`}>
          {e}
        </p>
      ))}
    </div>
  );
}

function describedBy(props: Common): { 'aria-describedby'?: string; 'aria-invalid'?: 'true' } {
  const id = fieldId(props.name);
  const errors = issuesFor(props.state, props.name).length > 0;
  const ids = [props.hint ? `${id}-hint` : '', errors ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(ids ? { 'aria-describedby': ids } : {}), ...(errors ? { 'aria-invalid': 'true' as const } : {}) };
}

export function TextField(props: Common & { type?: string; list?: string; after?: Child; autocomplete?: string; lang?: string; dir?: string; lookup?: string }) {
  return (
    <Wrap {...props}>
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.state.values[props.name] ?? ''}
        required={props.required}
        list={props.list}
        autocomplete={props.autocomplete ?? 'off'}
        lang={props.lang}
        dir={props.dir}
        data-lookup={props.lookup}
        {...describedBy(props)}
      />
    </Wrap>
  );
}

export function AreaField(props: Common & { rows?: number; prose?: boolean; lang?: string; dir?: string; rich?: boolean }) {
  return (
    <Wrap {...props}>
      <textarea id={fieldId(props.name)} name={props.name} rows={props.rows ?? 3} class={props.prose ? 'prose' : undefined} lang={props.lang} dir={props.dir} required={props.required} data-rich={props.rich ? '' : undefined} {...describedBy(props)}>
        {props.state.values[props.name] ?? ''}
      </textarea>
    </Wrap>
  );
}

export function SelectField(props: Common & { options: readonly (readonly [string, string])[] }) {
  const current = props.state.values[props.name] ?? '';
  return (
    <Wrap {...props}>
      <select id={fieldId(props.name)} name={props.name} {...describedBy(props)}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === current}>
            {label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function CheckField(props: Common) {
  const id = fieldId(props.name);
  return (
    <div class="field field--check">
      <input id={id} name={props.name} type="checkbox" checked={props.state.values[props.name] === 'on'} />{' '}
      <label for={id}>
        {props.label}
      </label>
    </div>
  );
}
