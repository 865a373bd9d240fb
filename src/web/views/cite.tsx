/**
 * "Cite this document": Chicago (note and bibliography), MLA and APA as
 * text, each with a copy button (added by site.js; without JavaScript the
 * text is there to select), and BibTeX, RIS and CSL-JSON downloads.
 * @module
 */
import type { Citations } from '../../services/citations.js';
import { citationPath } from '../urls.js';

const STYLES: { key: keyof Citations; label: string }[] = [
  { key: 'chicagoNote', label: 'Chicago, note' },
  { key: 'chicago', label: 'Chicago, bibliography' },
  { key: 'mla', label: 'MLA' },
  { key: 'apa', label: 'APA' },
];

export function CiteThis(props: { id: string; citations: Citations; url: string; accessed: string }) {
  return (
    <section id="cite" class="cite" aria-labelledby="cite-h">
      <h2 id="cite-h">Cite this document</h2>
      <p class="muted">
        Stable URL: <a href={props.url}>{props.url}</a>. Each citation gives today’s date, {props.accessed}, as the date of access.
      </p>
      {STYLES.map((s) => (
        <div class="cite__style">
          <div class="cite__label-row">
            <h3 class="cite__label" id={`cite-${s.key}`}>
              {s.label}
            </h3>
            <button type="button" class="copy-button" data-copy-target={`cite-${s.key}-text`} hidden>
              Copy<span class="visually-hidden"> the {s.label} citation</span>
            </button>
          </div>
          <p class="cite__text" id={`cite-${s.key}-text`} dangerouslySetInnerHTML={{ __html: props.citations[s.key].html }} />
        </div>
      ))}
      <p class="cite__downloads">
        Download for a reference manager:{' '}
        <a href={citationPath(props.id, 'bib')} download>
          BibTeX
        </a>
        {' · '}
        <a href={citationPath(props.id, 'ris')} download>
          RIS
        </a>
        {' · '}
        <a href={citationPath(props.id, 'json')} download>
          CSL-JSON
        </a>
        <span class="muted"> (Zotero and Mendeley also read this page’s embedded metadata.)</span>
      </p>
      <p class="copy-status visually-hidden" role="status" aria-live="polite" />
    </section>
  );
}
