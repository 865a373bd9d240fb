/**
 * The document page: date, title, funder credit, summary; the texts (one
 * column, or translation and original side by side); scans; people and
 * places; "Document information" (source, repository, obtained and
 * translated by, rights with whom to ask, uploaded date, record ID…);
 * "Cite this"; previous and next in each collection; related and similar
 * documents.
 *
 * A page keeps the view as HTML per version of the archive and of its record ({@link documentParts},
 * kept-parts.ts), but for "Cite this" (it carries the day of access) and the related documents (read with
 * the record, so a draft is never named).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { displayDate } from '../../domain/display.js';
import { languageName } from '../../domain/language.js';
import type { DocumentDetails } from '../../services/archive.js';
import { scriptLanguage } from '../text/script-lang.js';
import { authorityPath, collectionPath, documentPath } from '../urls.js';
import { Coins } from './coins.js';
import { Breadcrumbs, DocumentItem, SampleBadge, shorten } from './components.js';
import { DocumentInformation, PeopleAndPlaces } from './document-info.js';
import { hasScans, Scans } from './document-scans.js';
import { OneColumnTexts, ParallelTexts, textId, ViewSwitch, type ReadingView } from './document-text.js';
import { joinList } from './fields.js';
import { ReleaseHistory, releaseSummary } from './release-history.js';

export interface DocumentViewProps {
  details: DocumentDetails;
  url: string;
  view: ReadingView;
  /** "Cite this" ({@link CiteThis}): the page's only part that changes from one day to the next. */
  cite: Child;
  /** In place of {@link RelatedDocuments} for these details. */
  related?: Child;
}

/** The reading view a page shows: side by side only where the document has both a translation and an original. */
export function readingView(details: DocumentDetails, asked: ReadingView): ReadingView {
  const doc = details.document;
  return doc.translations.length > 0 && doc.transcripts.length > 0 ? asked : 'one';
}

/** A document's view as HTML around its "Cite this" and its related documents, which the page fills in per request. */
export interface DocumentParts extends Record<string, string> {
  beforeCite: string;
  beforeRelated: string;
  end: string;
}

/** Stand for "Cite this" and the related documents while the rest of the view is rendered; no text of the archive holds them. */
const SLOT = randomUUID();
const CITE_SLOT = `\u0000cite-${SLOT}\u0000`;
const RELATED_SLOT = `\u0000related-${SLOT}\u0000`;

/**
 * Renders a document's view, but for "Cite this" and its related documents, as the {@link DocumentParts} a
 * page keeps. The view holds no element Hono moves into `<head>` (a `<meta>`, `<link>` or `<title>`), so it
 * renders on its own the bytes it renders inside the whole page.
 */
export async function documentParts(details: DocumentDetails, url: string, view: ReadingView): Promise<DocumentParts> {
  const html = String(await (<DocumentView details={details} url={url} view={view} cite={raw(CITE_SLOT)} related={raw(RELATED_SLOT)} />).toString());
  const cite = html.indexOf(CITE_SLOT);
  const related = html.indexOf(RELATED_SLOT, cite);
  return { beforeCite: html.slice(0, cite), beforeRelated: html.slice(cite + CITE_SLOT.length, related), end: html.slice(related + RELATED_SLOT.length) };
}

export function DocumentView(props: DocumentViewProps) {
  const d = props.details;
  const doc = d.document;
  const home = d.collections[0];
  const canParallel = doc.translations.length > 0 && doc.transcripts.length > 0;
  const view: ReadingView = canParallel ? props.view : 'one';
  const sections: { id: string; label: string }[] = [
    ...(view === 'parallel'
      ? [{ id: 'parallel', label: 'Translation and original' }]
      : [
          ...doc.translations.map((t, i) => ({ id: textId('translation', t.language, i), label: `${languageName(t.language)} translation` })),
          ...doc.transcripts.map((t, i) => ({ id: textId('original', t.language, i), label: `Original (${languageName(t.language)})` })),
        ]),
    ...(hasScans(doc) ? [{ id: 'scans', label: 'Scans' }] : []),
    ...(doc.releases.length ? [{ id: 'releases', label: 'Release history' }] : []),
    { id: 'information', label: 'Document information' },
    { id: 'cite', label: 'Cite this' },
    ...(d.related.length || d.similar.length ? [{ id: 'related', label: 'Related documents' }] : []),
  ];
  return (
    <div class={`page page--document${view === 'parallel' ? ' page--parallel' : ''}`}>
      <Breadcrumbs
        items={[
          { href: '/', label: 'Home' },
          // Volume › chapter › document: every collection above the document's own, headings shortened.
          ...(d.trail.length ? d.trail : home ? [home] : []).map((c) => ({ href: collectionPath(c.id), label: shorten(c.title, 80) })),
          { label: doc.title },
        ]}
      />
      <article class="document" aria-labelledby="doc-title">
        <header class="document__header">
          <p class="document__date">{displayDate(doc.date)}</p>
          {!doc.date && doc.dateText ? (
            <p class="document__date-note" lang={scriptLanguage(doc.dateText, doc.languages)}>
              {doc.dateText}
            </p>
          ) : null}
          <h1 id="doc-title">{doc.title}</h1>
          <p class="document__facts">
            {[
              d.type ? <a href={authorityPath('type', d.type.id)}>{d.type.name}</a> : null,
              doc.languages.length ? (
                <span>
                  Original in{' '}
                  {joinList(doc.languages.map((l) => <a href={authorityPath('language', l)}>{languageName(l)}</a>))}
                </span>
              ) : null,
              doc.translations.length ? <span>{joinList(doc.translations.map((t) => languageName(t.language)))} translation</span> : null,
              doc.media.length ? <a href="#scans">Scans of the original</a> : null,
              doc.releases.length ? <a href="#releases">{releaseSummary(doc.releases)}</a> : null,
              <span>
                Record <code>{doc.id}</code>
              </span>,
            ]
              .filter(Boolean)
              .flatMap((x, i) => (i === 0 ? [x] : [<span class="sep" aria-hidden="true"> · </span>, x]))}
          </p>
          {d.funders.length > 0 ? (
            <p class="document__credit">
              This document was made possible with support from{' '}
              {joinList(d.funders.map((f) => (f.url ? <a href={f.url}>{f.name}</a> : <span>{f.name}</span>)))}.
            </p>
          ) : null}
          {doc.sample ? (
            <p class="notice notice--sample" role="note">
              <SampleBadge /> This is a fictional sample document, written for the Dossier demonstration archive. It is not a
              historical record.
            </p>
          ) : null}
          {d.neighbours[0] ? <CollectionNav n={d.neighbours[0]} compact /> : null}
          <nav class="document__contents" aria-label="On this page">
            <ul>
              {sections.map((s) => (
                <li>
                  <a href={`#${s.id}`}>{s.label}</a>
                </li>
              ))}
            </ul>
          </nav>
        </header>

        {doc.summary ? (
          <section id="summary" class="document__summary-section" aria-labelledby="summary-h">
            <h2 id="summary-h">Summary</h2>
            <p class="document__summary">{doc.summary}</p>
          </section>
        ) : null}

        <div id="text" class="document__texts">
          {canParallel ? <ViewSwitch doc={doc} view={view} /> : null}
          {doc.translations.length === 0 && doc.transcripts.length === 0 ? (
            <p class="notice">{doc.notes ?? 'The archive holds a description of this document; its text is not published here.'}</p>
          ) : view === 'parallel' ? (
            <ParallelTexts doc={doc} />
          ) : (
            <OneColumnTexts doc={doc} />
          )}
        </div>

        {hasScans(doc) ? <Scans doc={doc} /> : null}
        <ReleaseHistory doc={doc} />
        <PeopleAndPlaces details={d} />
        <DocumentInformation details={d} url={props.url} />
        {props.cite}
        <Coins details={d} url={props.url} />

        {d.neighbours.length > 0 ? (
          <section id="in-collections" aria-labelledby="in-collections-h">
            <h2 id="in-collections-h">In {d.neighbours.length === 1 ? 'its collection' : 'its collections'}</h2>
            {d.neighbours.map((n) => (
              <CollectionNav n={n} />
            ))}
          </section>
        ) : null}

        {props.related ?? <RelatedDocuments details={d} />}
      </article>
    </div>
  );
}

/**
 * Related documents, and those sharing people, places or subjects: read with the record on every request,
 * so a document made a draft is gone from them at once (the rest of the view follows the archive's version).
 */
export function RelatedDocuments(props: { details: DocumentDetails }) {
  const d = props.details;
  if (d.related.length === 0 && d.similar.length === 0) return null;
  return (
    <section id="related" aria-labelledby="related-h">
      <h2 id="related-h">Related documents</h2>
      {d.related.length > 0 ? (
        <ul class="doc-list doc-list--compact">
          {d.related.map((r) => (
            <DocumentItem doc={{ ...r, summary: r.relation ? `${capitalize(r.relation)}. ${r.summary ?? ''}`.trim() : r.summary }} />
          ))}
        </ul>
      ) : null}
      {d.similar.length > 0 ? (
        <>
          <h3 class="subhead">Sharing people, places or subjects</h3>
          <ul class="doc-list doc-list--compact">
            {d.similar.map((r) => (
              <DocumentItem doc={{ ...r, summary: undefined }} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** "3 of 7 in Sample Embassy Cables", with the documents before and after. */
function CollectionNav(props: { n: DocumentDetails['neighbours'][number]; compact?: boolean }) {
  const { n } = props;
  const label = `${n.collection.title}: previous and next`;
  return (
    <nav class={`collection-nav${props.compact ? ' collection-nav--compact' : ''}`} aria-label={props.compact ? `In ${label}` : label}>
      <p class="collection-nav__where">
        Document {n.position} of {n.total} in{' '}
        <a href={collectionPath(n.collection.id, Math.ceil(n.position / 50))} title={props.compact && shorten(n.collection.title, 90) !== n.collection.title ? n.collection.title : undefined}>
          {props.compact ? shorten(n.collection.title, 90) : n.collection.title}
        </a>
      </p>
      <ul>
        <li class="collection-nav__prev">
          {n.previous ? (
            <a href={documentPath(n.previous.id)} rel="prev">
              <span class="collection-nav__dir">← Previous</span>
              {props.compact ? null : <span class="collection-nav__title">{n.previous.title}</span>}
            </a>
          ) : (
            <span class="collection-nav__none">First in the collection</span>
          )}
        </li>
        <li class="collection-nav__next">
          {n.next ? (
            <a href={documentPath(n.next.id)} rel="next">
              <span class="collection-nav__dir">Next →</span>
              {props.compact ? null : <span class="collection-nav__title">{n.next.title}</span>}
            </a>
          ) : (
            <span class="collection-nav__none">Last in the collection</span>
          )}
        </li>
      </ul>
    </nav>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
