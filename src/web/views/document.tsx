/**
 * The document page: date, title, funder credit, the translation (with a
 * cable's header as structured fields), the original-language transcript,
 * summary, and "Document information" (source, repository, obtained and
 * translated by, rights with whom to ask, uploaded date, record ID, funders,
 * languages, type, classification), collections and related documents.
 * @module
 */
import type { Child } from 'hono/jsx';
import type { CableHeader } from '../../domain/document.js';
import { formatDateTimeTz } from '../../domain/date-time.js';
import { displayDate, displayDay } from '../../domain/display.js';
import { languageDirection, languageName } from '../../domain/language.js';
import type { DocumentDetails } from '../../services/archive.js';
import { collectionPath, nameSearchPath } from '../urls.js';
import { Breadcrumbs, DocumentItem, RichText, SampleBadge } from './components.js';

const ROLE_LABELS: Record<string, string> = {
  creator: 'Author',
  recipient: 'Recipient',
  signer: 'Signed by',
  participant: 'Participant',
  mentioned: 'Mentioned',
};

export function DocumentView(props: { details: DocumentDetails; url: string }) {
  const d = props.details;
  const doc = d.document;
  const home = d.collections[0];
  const translators = unique([...doc.translations.flatMap((t) => t.translators), ...doc.source.translatedBy]);
  const sections: { id: string; label: string }[] = [
    ...doc.translations.map((t, i) => ({ id: textId('translation', t.language, i), label: `${languageName(t.language)} translation` })),
    ...doc.transcripts.map((t, i) => ({ id: textId('original', t.language, i), label: `Original (${languageName(t.language)})` })),
    ...(doc.summary ? [{ id: 'summary', label: 'Summary' }] : []),
    { id: 'information', label: 'Document information' },
    ...(d.related.length ? [{ id: 'related', label: 'Related documents' }] : []),
  ];
  return (
    <div class="page">
      <Breadcrumbs
        items={[
          { href: '/', label: 'Home' },
          ...(home ? [{ href: collectionPath(home.id), label: home.title }] : []),
          { label: shorten(doc.title, 60) },
        ]}
      />
      <article class="document" aria-labelledby="doc-title">
        <header class="document__header">
          <p class="document__date">{displayDate(doc.date, doc.dateText ? `Undated (${doc.dateText})` : 'Undated')}</p>
          <h1 id="doc-title">{doc.title}</h1>
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
          {sections.length > 2 ? (
            <nav class="document__contents" aria-label="On this page">
              <ul>
                {sections.map((s) => (
                  <li>
                    <a href={`#${s.id}`}>{s.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>

        {doc.translations.length === 0 && doc.transcripts.length === 0 ? (
          <p class="notice">{doc.notes ?? 'The archive holds a description of this document; its text is not published here.'}</p>
        ) : null}

        {doc.translations.map((t, i) => (
          <section class="document__text" id={textId('translation', t.language, i)} aria-labelledby={`${textId('translation', t.language, i)}-h`}>
            <h2 id={`${textId('translation', t.language, i)}-h`}>{languageName(t.language)} translation</h2>
            {i === 0 && doc.cable ? <CableHeaderView cable={doc.cable} classification={doc.classification} /> : null}
            {t.title ? <p class="document__text-title">{t.title}</p> : null}
            <RichText html={t.html} lang={t.language} dir={languageDirection(t.language)} />
            {t.translators.length > 0 ? <p class="muted">Translated by {t.translators.join(', ')}</p> : null}
            {t.note ? <p class="muted">{t.note}</p> : null}
          </section>
        ))}

        {doc.transcripts.map((t, i) => (
          <section class="document__text document__text--original" id={textId('original', t.language, i)} aria-labelledby={`${textId('original', t.language, i)}-h`}>
            <h2 id={`${textId('original', t.language, i)}-h`}>Original ({languageName(t.language)})</h2>
            {doc.translations.length === 0 && i === 0 && doc.cable ? <CableHeaderView cable={doc.cable} classification={doc.classification} /> : null}
            {t.title ? (
              <p class="document__text-title" lang={t.language}>
                {t.title}
              </p>
            ) : null}
            <RichText html={t.html} lang={t.language} dir={languageDirection(t.language)} />
            {t.note ? <p class="muted">{t.note}</p> : null}
          </section>
        ))}

        {doc.summary ? (
          <section id="summary" aria-labelledby="summary-h">
            <h2 id="summary-h">Summary</h2>
            <p class="document__summary">{doc.summary}</p>
          </section>
        ) : null}

        <section id="information" class="document-info" aria-labelledby="information-h">
          <h2 id="information-h">Document information</h2>
          <dl>
            <Field label="Source" value={doc.source.citation} />
            <Field label="Repository" value={d.repository ? (d.repository.url ? <a href={d.repository.url}>{d.repository.name}</a> : d.repository.name) : undefined} />
            <Field label="File number" value={doc.source.fileNumber} />
            <Field label="Released under" value={doc.source.releasedUnder} />
            <Field label="Obtained by" value={doc.source.obtainedBy.join(', ') || undefined} />
            <Field label="Translated by" value={translators.join(', ') || undefined} />
            <Field label="Original source" value={doc.source.url ? <a href={doc.source.url}>{doc.source.url}</a> : undefined} />
            <Field label="Date as written" value={doc.dateText && doc.date ? doc.dateText : undefined} />
            <Field label="Place written" value={doc.placeWritten} />
            <Field label="Type" value={d.type?.name} />
            <Field label="Classification" value={doc.classification.join(', ') || undefined} />
            <Field label="Original language" value={doc.languages.map(languageName).join(', ') || undefined} />
            <Field
              label="People and organizations"
              value={
                d.agents.length
                  ? joinList(
                      d.agents.map((a) => (
                        <span>
                          <a href={nameSearchPath('person', a.authority.name)}>{a.authority.name}</a>
                          {a.role !== 'mentioned' ? <span class="muted"> ({ROLE_LABELS[a.role] ?? a.role})</span> : null}
                        </span>
                      )),
                    )
                  : undefined
              }
            />
            <Field label="Places" value={d.places.length ? joinList(d.places.map((p) => <a href={nameSearchPath('place', p.name)}>{p.name}</a>)) : undefined} />
            <Field label="Subjects" value={d.subjects.map((s) => s.name).join('; ') || undefined} />
            <Field
              label="Rights"
              value={
                d.rights ? (
                  <>
                    <p>{d.rights.statement}</p>
                    {d.rights.contact ? <p>{contactLine(d.rights.contact)}</p> : null}
                    {d.rights.uri ? (
                      <p>
                        <a href={d.rights.uri}>{d.rights.name}</a>
                      </p>
                    ) : null}
                  </>
                ) : undefined
              }
            />
            <Field label="Funders" value={d.funders.map((f) => f.name).join(', ') || undefined} />
            <Field label="Original uploaded date" value={displayDay(doc.uploadedAt)} />
            <Field label="Last updated" value={doc.updatedAt && doc.updatedAt.slice(0, 10) !== doc.uploadedAt?.slice(0, 10) ? displayDay(doc.updatedAt) : undefined} />
            <Field label="Record ID" value={<code>{doc.id}</code>} />
            <Field label="Stable link" value={<a href={props.url}>{props.url}</a>} />
            <Field
              label="Collections"
              value={d.collections.length ? joinList(d.collections.map((c) => <a href={collectionPath(c.id)}>{c.title}</a>)) : undefined}
            />
            <Field label="Notes" value={doc.notes && (doc.translations.length || doc.transcripts.length) ? doc.notes : undefined} />
          </dl>
        </section>

        {d.related.length > 0 ? (
          <section id="related" aria-labelledby="related-h">
            <h2 id="related-h">Related documents</h2>
            <ul class="doc-list doc-list--compact">
              {d.related.map((r) => (
                <DocumentItem doc={{ ...r, summary: r.relation ? `${capitalize(r.relation)}. ${r.summary ?? ''}`.trim() : r.summary }} />
              ))}
            </ul>
          </section>
        ) : null}
      </article>
    </div>
  );
}

function CableHeaderView(props: { cable: CableHeader; classification: string[] }) {
  const c = props.cable;
  return (
    <dl class="cable-header" aria-label="Cable header">
      <Field label="Number" value={c.number} />
      <Field label="Primary office" value={c.primaryOffice} />
      <Field label="Sent" value={c.sent ? formatDateTimeTz(c.sent) : undefined} />
      <Field label="Received" value={c.received ? formatDateTimeTz(c.received) : undefined} />
      <Field label="From" value={c.from} />
      <Field label="To" value={c.to.join('; ') || undefined} />
      <Field label="Classification" value={props.classification.join(', ') || undefined} />
      <Field label="Precedence" value={c.precedence} />
      <Field label="Handling" value={c.handling.join(', ') || undefined} />
    </dl>
  );
}

function Field(props: { label: string; value: Child | undefined }) {
  if (props.value === undefined || props.value === null || props.value === '') return null;
  return (
    <div class="field">
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

function contactLine(contact: { name?: string; email?: string; url?: string }): Child {
  return (
    <>
      For permission to reuse, contact {contact.name ?? ''}
      {contact.email ? (
        <>
          {contact.name ? ' at ' : ''}
          <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </>
      ) : null}
      {contact.url ? (
        <>
          {' '}
          (<a href={contact.url}>{contact.url}</a>)
        </>
      ) : null}
      .
    </>
  );
}

function joinList(items: Child[]): Child[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [i === items.length - 1 ? (items.length > 2 ? ', and ' : ' and ') : ', ', item]));
}

function textId(kind: string, language: string, index: number): string {
  return `${kind}-${language.toLowerCase()}${index > 0 ? `-${index + 1}` : ''}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
