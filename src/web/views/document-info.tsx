/**
 * A document's people and places (linked to their pages, by role) and its
 * "Document information": source, repository, file number, release,
 * obtained and translated by, rights with whom to ask, dates, record ID,
 * stable link, collections, notes.
 * @module
 */
import type { Child } from 'hono/jsx';
import { displayDate, displayDay } from '../../domain/display.js';
import { languageName } from '../../domain/language.js';
import type { DocumentDetails } from '../../services/archive.js';
import { scriptLanguage, scriptRuns } from '../text/script-lang.js';
import { authorityPath, collectionPath } from '../urls.js';
import { Field, joinList } from './fields.js';

const AGENT_ROLES: { role: string; label: string }[] = [
  { role: 'creator', label: 'Written by' },
  { role: 'signer', label: 'Signed by' },
  { role: 'recipient', label: 'Addressed to' },
  { role: 'participant', label: 'Taking part' },
  { role: 'mentioned', label: 'Mentioned' },
];

const PLACE_ROLES: { role: string; label: string }[] = [
  { role: 'origin', label: 'Written in' },
  { role: 'destination', label: 'Sent to' },
  { role: 'subject', label: 'About' },
  { role: 'mentioned', label: 'Mentioned' },
];

export function PeopleAndPlaces(props: { details: DocumentDetails }) {
  const d = props.details;
  const placeRole = new Map(d.document.places.map((p) => [p.id, p.role]));
  if (d.agents.length === 0 && d.places.length === 0 && d.subjects.length === 0) return null;
  return (
    <section id="people-places" class="document-info" aria-labelledby="people-places-h">
      <h2 id="people-places-h">People, places and subjects</h2>
      <dl>
        {AGENT_ROLES.map(({ role, label }) => (
          <Field
            label={label}
            value={
              d.agents.some((a) => a.role === role)
                ? joinList(
                    d.agents
                      .filter((a) => a.role === role)
                      .map((a) => <a href={authorityPath(a.authority.kind === 'person' ? 'person' : 'organization', a.authority.id)}>{a.authority.name}</a>),
                  )
                : undefined
            }
          />
        ))}
        {PLACE_ROLES.map(({ role, label }) => (
          <Field
            label={label}
            value={
              d.places.some((p) => placeRole.get(p.id) === role)
                ? joinList(d.places.filter((p) => placeRole.get(p.id) === role).map((p) => <a href={authorityPath('place', p.id)}>{p.name}</a>))
                : undefined
            }
          />
        ))}
        <Field label="Subjects" value={d.subjects.length ? joinList(d.subjects.map((s) => <a href={authorityPath('subject', s.id)}>{s.name}</a>)) : undefined} />
      </dl>
    </section>
  );
}

export function DocumentInformation(props: { details: DocumentDetails; url: string }) {
  const d = props.details;
  const doc = d.document;
  const translators = [...new Set([...doc.translations.flatMap((t) => t.translators), ...doc.source.translatedBy])];
  // Fields may quote the original ("昭和三十五年八月十八日"); they then carry its language.
  const quoted = (value: string | undefined) => {
    const lang = scriptLanguage(value, [...doc.languages, ...doc.transcripts.map((t) => t.language)]);
    return value && lang ? <span lang={lang}>{value}</span> : value;
  };
  const prose = (value: string | undefined) => {
    const lang = scriptLanguage(value, [...doc.languages, ...doc.transcripts.map((t) => t.language)]);
    return value && lang ? scriptRuns(value, lang).map((r) => (r.lang ? <span lang={r.lang}>{r.text}</span> : r.text)) : value;
  };
  return (
    <section id="information" class="document-info" aria-labelledby="information-h">
      <h2 id="information-h">Document information</h2>
      <dl>
        <Field label="Source" value={quoted(doc.source.citation)} />
        <Field label="Published in" value={publishedIn(doc.publishedIn)} />
        <Field label="Repository" value={d.repository ? (d.repository.url ? <a href={d.repository.url}>{d.repository.name}</a> : d.repository.name) : undefined} />
        <Field label="File number" value={quoted(doc.source.fileNumber)} />
        <Field label="Released under" value={quoted(doc.source.releasedUnder)} />
        <Field label="Obtained by" value={doc.source.obtainedBy.join(', ') || undefined} />
        <Field label="Translated by" value={translators.join(', ') || undefined} />
        <Field label="Original source" value={doc.source.url ? <a href={doc.source.url}>{doc.source.url}</a> : undefined} />
        <Field label="Date as written" value={doc.dateText && doc.date ? quoted(doc.dateText) : undefined} />
        <Field label="Place written" value={quoted(doc.placeWritten)} />
        <Field label="Type" value={d.type ? <a href={authorityPath('type', d.type.id)}>{d.type.name}</a> : undefined} />
        <Field label="Classification" value={doc.classification.join(', ') || undefined} />
        <Field
          label="Original language"
          value={doc.languages.length ? joinList(doc.languages.map((l) => <a href={authorityPath('language', l)}>{languageName(l)}</a>)) : undefined}
        />
        <Field label="Rights" value={d.rights ? <Rights rights={d.rights} /> : undefined} />
        <Field label="Funders" value={d.funders.map((f) => f.name).join(', ') || undefined} />
        {/* The source's own publication date when known; otherwise only when this archive added it, said as such. */}
        {doc.source.publishedAt ? (
          <Field label="Original uploaded date" value={displayDate(doc.source.publishedAt)} />
        ) : (
          <Field label="Added to this archive" value={displayDay(doc.uploadedAt)} />
        )}
        <Field label="Last updated" value={doc.updatedAt && doc.updatedAt.slice(0, 10) !== doc.uploadedAt?.slice(0, 10) ? displayDay(doc.updatedAt) : undefined} />
        <Field label="Record ID" value={<code>{doc.id}</code>} />
        <Field label="Stable link" value={<a href={props.url}>{props.url}</a>} />
        <Field label="Collections" value={d.collections.length ? joinList(d.collections.map((c) => <a href={collectionPath(c.id)}>{c.title}</a>)) : undefined} />
        <Field label="Identifiers" value={doc.identifiers.length ? doc.identifiers.map((i) => `${i.scheme}: ${i.value}`).join('; ') : undefined} />
        <Field label="Notes" value={doc.notes && (doc.translations.length || doc.transcripts.length) ? prose(doc.notes) : undefined} />
      </dl>
    </section>
  );
}

/** "Foreign Relations of the United States, 1918, Russia, Volume III, Document 10, pages 7–8". */
function publishedIn(p: DocumentDetails['document']['publishedIn']): string | undefined {
  if (!p) return undefined;
  const pages = p.pages ? `${p.pages.includes('–') ? 'pages' : 'page'} ${p.pages}` : undefined;
  return [p.title, p.document && `Document ${p.document}`, pages].filter(Boolean).join(', ');
}

function Rights(props: { rights: NonNullable<DocumentDetails['rights']> }) {
  const r = props.rights;
  return (
    <>
      <p>{r.statement}</p>
      {r.contact ? <p>{contactLine(r.contact)}</p> : null}
      {r.uri ? (
        <p>
          <a href={r.uri}>{r.name}</a>
        </p>
      ) : null}
    </>
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
