/**
 * The preview pane beside the texts of the document form: the translations
 * and transcripts drawn by the public page's own components (ParallelTexts,
 * OneColumnTexts), from the form's input as a save would sanitize it. The
 * pane is part of the form: without JavaScript its "Preview" button sends the
 * form back with the pane redrawn and everything typed kept; with it,
 * admin.js asks for the pane's body (`_fragment`) as the editor types.
 * @module
 */
import type { Document } from '../../../domain/document.js';
import { OneColumnTexts, ParallelTexts, type ReadingView } from '../../views/document-text.js';

export interface TextPreviewProps {
  document: Document;
  view: ReadingView;
  /** Texts left out because they do not read yet. */
  skipped: string[];
  /** Where the form posts (the preview button adds the pane's anchor). */
  action: string;
}

export function TextPreviewPane(props: TextPreviewProps) {
  return (
    <section class="text-preview" id="text-preview" aria-labelledby="text-preview-h" data-text-preview>
      <div class="text-preview__bar">
        <h2 id="text-preview-h" class="text-preview__heading">
          Preview of the public page
        </h2>
        <div class="field text-preview__view">
          <label for="f-preview-view">Show</label>
          <select id="f-preview-view" name="_view">
            <option value="parallel" selected={props.view === 'parallel'}>
              Side by side with the original
            </option>
            <option value="one" selected={props.view === 'one'}>
              One column
            </option>
          </select>
        </div>
        <button type="submit" class="button button--secondary" name="_action" value="preview" formaction={`${props.action}#text-preview`}>
          Preview
        </button>
      </div>
      <p class="hint text-preview__hint">Exactly as the document page will show the texts once published; nothing is saved.</p>
      {/* Announces only a change of state (the preview failing or recovering), never every redraw. */}
      <p class="text-preview__status" role="status" aria-live="polite" data-preview-status />
      <div class="text-preview__body" data-preview-body tabindex={0} aria-label="Preview of the texts">
        <TextPreviewBody {...props} />
      </div>
    </section>
  );
}

/** The pane's content: what admin.js swaps in as the editor types. */
export function TextPreviewBody(props: Pick<TextPreviewProps, 'document' | 'view' | 'skipped'>) {
  const doc = props.document;
  const parallel = props.view === 'parallel' && doc.translations.length > 0 && doc.transcripts.length > 0;
  return (
    <div class="page--document text-preview__page">
      {props.skipped.length > 0 ? (
        <p class="field-error">Not shown until it reads: {props.skipped.map((s) => s.replace(/^(\w+)s\.(\d+)$/, (_, g: string, n: string) => `${g} ${Number(n) + 1}`)).join(', ')} (see the issues when you check or save).</p>
      ) : null}
      <div class="document__texts">
        {doc.translations.length === 0 && doc.transcripts.length === 0 ? (
          <p class="empty">No text yet: what you type in a translation or transcript appears here.</p>
        ) : parallel ? (
          <ParallelTexts doc={doc} furtherTextsHint="choose “One column” under Show to preview them all" />
        ) : (
          <OneColumnTexts doc={doc} />
        )}
      </div>
    </div>
  );
}
