/**
 * The document form: every field of the data model, in the order an
 * archivist describes a document: what it is and when, its cable header,
 * where it comes from and who may reuse it, who and what it concerns, where
 * it belongs, and its texts. Authority fields take an id or any name the
 * record answers to. The texts have a preview pane beside them, drawn as the
 * public page draws them. Works without JavaScript; the script warns about
 * unsaved changes, suggests records, and redraws the preview as one types.
 * @module
 */
import type { Child } from 'hono/jsx';
import { AGENT_ROLES, MEDIA_KINDS, PLACE_ROLES } from '../../../domain/document.js';
import { languageDirection } from '../../../domain/language.js';
import type { Issue } from '../../../domain/errors.js';
import { hiddenValues, previewDate, rowCount, type FormValues } from '../document-form-data.js';
import { Notice } from './admin-layout.js';
import { AreaField, CheckField, fieldId, SelectField, TextField, type FieldState } from './form-fields.js';

export interface DocumentFormProps {
  action: string;
  csrf: string;
  values: FormValues;
  issues: Issue[];
  /** The revision the edit started from; absent for a new document. */
  revision?: number;
  isNew: boolean;
  /** Translators see every field but may change only the texts. */
  textOnly?: boolean;
  notice?: string;
  heading: string;
  /** The preview pane set beside the texts (text-preview.tsx). */
  preview?: Child;
}

const opts = (list: readonly string[]) => list.map((v) => [v, v] as const);

export function DocumentForm(props: DocumentFormProps) {
  const state: FieldState = { values: props.values, issues: props.issues };
  const preview = previewDate(props.values.date);
  const rows = (group: string, render: (i: number) => Child) => Array.from({ length: rowCount(props.values, group) + 1 }, (_, i) => render(i));
  return (
    <div class="admin-page">
      <h1>{props.heading}</h1>
      {props.notice ? <Notice kind="info">{props.notice}</Notice> : null}
      {props.issues.length > 0 ? (
        <Notice kind="error">
          <p>
            <strong>Not saved.</strong> {props.issues.length === 1 ? 'One field needs' : `${props.issues.length} fields need`} attention; what you typed is kept below.
          </p>
          <ul>
            {props.issues.map((i) => (
              <li>
                <a href={`#${fieldId(firstField(i.path))}`}>{i.path || 'document'}</a>: {i.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <form method="post" action={props.action} class="form" data-warn-unsaved>
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.revision !== undefined ? <input type="hidden" name="revision" value={String(props.revision)} /> : null}
        {hiddenValues(props.values).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {props.textOnly ? <Notice kind="info">As a translator you may change the translations and transcripts; other fields are shown for reference.</Notice> : null}

        <fieldset>
          <legend>The document</legend>
          {props.isNew ? <TextField state={state} name="id" label="Record ID" hint="Stable and never reused; letters, digits, “.”, “_”, “-” and “/”. Left empty, one is made from the title." /> : null}
          <TextField state={state} name="title" label="Title" required />
          <div class="grid-2">
            <TextField
              state={state}
              name="date"
              label="Date"
              hint="EDTF (1984-03-25, 1948-06, 1955~, 1956/1957) or as written: “June 1948”, “c. 1955”, “March 3–5, 1984”."
              after={preview ? <p class={preview.ok ? 'preview' : 'field-error'} role="status">{preview.text}</p> : null}
            />
            <TextField state={state} name="dateText" label="Date as the source writes it" hint="Only when it says more than the date above." />
            <TextField state={state} name="type" label="Type" hint="A type id or name, e.g. cable, memorandum of conversation." lookup="type" />
            <TextField state={state} name="placeWritten" label="Place written (as in the dateline)" />
          </div>
          <AreaField state={state} name="summary" label="Summary" rows={3} prose />
          <div class="grid-2">
            <AreaField state={state} name="languages" label="Original languages" hint="One BCP 47 tag a line: ja, zh-Hant, ru." rows={2} />
            <AreaField state={state} name="classification" label="Classification marks" hint="One a line, as printed: Secret, Limited Distribution." rows={2} />
          </div>
          {!props.isNew ? <TextField state={state} name="slug" label="Address word (slug)" hint="Lower-case words joined by hyphens; used in /d/… links." /> : null}
          <CheckField state={state} name="sample" label="Fictional sample (marked as such on every page)" />
        </fieldset>

        <fieldset>
          <legend>Cable header</legend>
          <div class="grid-2">
            <TextField state={state} name="cable.number" label="Cable number" />
            <TextField state={state} name="cable.primaryOffice" label="Primary office" />
            <TextField state={state} name="cable.from" label="From" />
            <TextField state={state} name="cable.precedence" label="Precedence" hint="Urgent, Immediate, Flash…" />
          </div>
          <div class="grid-2">
            <AreaField state={state} name="cable.to" label="To" hint="One addressee a line." rows={2} />
            <AreaField state={state} name="cable.handling" label="Handling marks" hint="One a line: Eyes Only…" rows={2} />
          </div>
          {(['sent', 'received'] as const).map((part) => (
            <div class="grid-2">
              <TextField state={state} name={`cable.${part}.dateTime`} label={`${part === 'sent' ? 'Sent' : 'Received'}: local date and time`} hint="YYYY-MM-DDTHH:MM, as on the cable." />
              <TextField state={state} name={`cable.${part}.timeZone`} label={`${part === 'sent' ? 'Sent' : 'Received'}: time zone`} hint="Asia/Tokyo or +09:00; empty when unknown." />
              <TextField state={state} name={`cable.${part}.text`} label={`${part === 'sent' ? 'Sent' : 'Received'}: as printed`} hint="e.g. 19:45 JST" />
            </div>
          ))}
        </fieldset>

        <fieldset>
          <legend>Source and rights</legend>
          <AreaField state={state} name="source.citation" label="Source citation" rows={2} />
          <div class="grid-2">
            <TextField state={state} name="source.repository" label="Repository" hint="Id or name." lookup="repository" />
            <TextField state={state} name="source.fileNumber" label="File number" />
            <TextField state={state} name="source.releasedUnder" label="Released under" hint="The law or programme, e.g. a freedom of information request." />
            <TextField state={state} name="source.url" label="Source URL" type="url" />
            <AreaField state={state} name="source.obtainedBy" label="Obtained by" hint="One a line." rows={2} />
            <AreaField state={state} name="source.translatedBy" label="Translated by (whole document)" hint="One a line." rows={2} />
            <TextField state={state} name="rights" label="Rights statement" hint="Id or name of a rights statement (with its permission contact)." lookup="rights" />
            <AreaField state={state} name="funders" label="Funders" hint="One id or name a line." rows={2} />
          </div>
        </fieldset>

        <fieldset>
          <legend>People, places and subjects</legend>
          <p class="hint">Type an id or any name the record answers to, in any script (Chou En-lai, 周恩来).</p>
          {rows('agents', (i) => (
            <div class="grid-2 repeat">
              <TextField state={state} name={`agents.${i}.id`} label={`Person or organization ${i + 1}`} lookup="person,organization" />
              <SelectField state={state} name={`agents.${i}.role`} label="Role" options={opts(AGENT_ROLES)} />
            </div>
          ))}
          {rows('places', (i) => (
            <div class="grid-2 repeat">
              <TextField state={state} name={`places.${i}.id`} label={`Place ${i + 1}`} lookup="place" />
              <SelectField state={state} name={`places.${i}.role`} label="Role" options={opts(PLACE_ROLES)} />
            </div>
          ))}
          <AreaField state={state} name="subjects" label="Subjects" hint="One id or name a line." rows={3} />
          <CheckField state={state} name="createMissing" label="Create missing records: a name that fits no person, place, subject, funder, repository or type becomes a new record" />
        </fieldset>

        <fieldset>
          <legend>Collections and related documents</legend>
          {rows('collections', (i) => (
            <div class="grid-2 repeat">
              <TextField state={state} name={`collections.${i}.id`} label={`Collection ${i + 1} (id)`} />
              <TextField state={state} name={`collections.${i}.position`} label="Position in the collection" hint="Empty: ordered by date." type="text" />
            </div>
          ))}
          {rows('related', (i) => (
            <div class="grid-2 repeat">
              <TextField state={state} name={`related.${i}.id`} label={`Related document ${i + 1} (record ID)`} />
              <TextField state={state} name={`related.${i}.relation`} label="Relation" hint="reply to, enclosure of, see also…" />
            </div>
          ))}
          {rows('identifiers', (i) => (
            <div class="grid-2 repeat">
              <TextField state={state} name={`identifiers.${i}.scheme`} label={`Other identifier ${i + 1}: scheme`} />
              <TextField state={state} name={`identifiers.${i}.value`} label="Value" />
            </div>
          ))}
        </fieldset>

        <div class="text-workbench">
        <div class="text-workbench__editors">
        {(['translations', 'transcripts'] as const).map((group) => (
          <fieldset>
            <legend>{group === 'translations' ? 'Translations' : 'Transcripts in the original language'}</legend>
            {rows(group, (i) => (
              <div class="repeat">
                <div class="grid-2">
                  <TextField state={state} name={`${group}.${i}.language`} label={`${group === 'translations' ? 'Translation' : 'Transcript'} ${i + 1}: language`} hint="BCP 47: en, ja, zh-Hant." />
                  <TextField state={state} name={`${group}.${i}.title`} label="Title in this language" {...langOf(props.values[`${group}.${i}.language`])} />
                  {group === 'translations' ? <AreaField state={state} name={`${group}.${i}.translators`} label="Translators" hint="One a line." rows={2} /> : null}
                </div>
                <AreaField
                  state={state}
                  name={`${group}.${i}.html`}
                  label="Text"
                  rows={10}
                  rich
                  {...langOf(props.values[`${group}.${i}.language`])}
                  hint={<>Paragraphs in &lt;p&gt;, emphasis &lt;em&gt;, editorial brackets in &lt;span class="editorial"&gt;, notes in &lt;span class="note"&gt;. Anything else is removed on saving.</>}
                />
                <TextField state={state} name={`${group}.${i}.note`} label="Note on this text" />
              </div>
            ))}
          </fieldset>
        ))}
        </div>
        {props.preview}
        </div>

        <fieldset>
          <legend>Scans and notes</legend>
          {rows('media', (i) => (
            <div class="grid-2 repeat">
              <SelectField state={state} name={`media.${i}.kind`} label={`Scan ${i + 1}: kind`} options={opts(MEDIA_KINDS)} />
              <TextField state={state} name={`media.${i}.url`} label="Address" hint="media/… or an http(s) URL." />
              <TextField state={state} name={`media.${i}.label`} label="Label" />
            </div>
          ))}
          <AreaField state={state} name="notes" label="Editorial notes" rows={3} prose />
        </fieldset>

        <fieldset>
          <legend>Save</legend>
          <TextField state={state} name="note" label="What you changed (kept with the revision)" />
          <div class="actions">
            <button type="submit" class="button" name="_action" value="save">
              {props.isNew ? 'Create draft' : 'Save'}
            </button>
            <button type="submit" class="button button--secondary" name="_action" value="check">
              Check without saving
            </button>
          </div>
        </fieldset>
      </form>
    </div>
  );
}

/** A text field's language and writing direction, so right-to-left text is typed right to left and CJK gets its own glyphs. */
function langOf(tag: string | undefined): { lang?: string; dir?: string } {
  const t = tag?.trim();
  return t ? { lang: t, dir: languageDirection(t) } : {};
}

/** The form field an issue path points into (an issue on `cable.sent` belongs to its date-time field). */
function firstField(path: string): string {
  if (/^cable\.(sent|received)$/.test(path)) return `${path}.dateTime`;
  if (/^(languages|classification|funders|subjects|cable\.to|cable\.handling|source\.obtainedBy|source\.translatedBy)\.\d+$/.test(path)) return path.replace(/\.\d+$/, '');
  if (/^translations\.\d+\.translators\.\d+$/.test(path)) return path.replace(/\.\d+$/, '');
  return path || 'title';
}
