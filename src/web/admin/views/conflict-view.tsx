/**
 * The page a save gets when someone else saved first: both versions side by
 * side (what changed between theirs and yours), nothing lost. The editor's
 * form comes back below, now based on the newer revision, so saving it again
 * is a deliberate choice, never a silent overwrite.
 * @module
 */
import type { FieldChange } from '../../../domain/record-diff.js';
import { adminPaths } from '../admin-urls.js';
import { Notice } from './admin-layout.js';
import { DiffTable } from './history-view.js';

export function ConflictNotice(props: { id: string; base: number; current: number; by?: string; changes: FieldChange[] }) {
  return (
    <div class="admin-page">
      <h1>Someone else saved this document while you were editing</h1>
      <Notice kind="error">
        Your changes are <strong>not saved</strong>. You started from revision {props.base}; {props.by ?? 'someone'} has since saved revision {props.current}. Compare the two versions below, then
        save your form again (it now starts from revision {props.current} and will replace it), or <a href={adminPaths.edit(props.id)}>open the newer version</a> and
        redo your change there.
      </Notice>
      <h2>Their version (revision {props.current}) and yours</h2>
      <DiffTable changes={props.changes} from={`Revision ${props.current}`} to="Your edit" />
    </div>
  );
}
