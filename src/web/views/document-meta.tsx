/**
 * Machine-readable metadata in a document page's <head>: Highwire Press
 * `citation_*` tags and Dublin Core (read by Zotero, Mendeley and Google
 * Scholar), and schema.org JSON-LD for search engines.
 * @module
 */
import { parsePartialDate } from '../../domain/partial-date.js';
import type { DocumentDetails } from '../../services/archive.js';
import { authorityPath, collectionPath, mediaPath } from '../urls.js';

/** The printed edition, as history.state.gov tags its own FRUS pages (book title, series, volume, pages). */
function editionTags(p: DocumentDetails['document']['publishedIn']): [string, string | undefined][] {
  if (!p) return [];
  const [first, last] = (p.pages ?? '').split('–');
  return [
    ['citation_book_title', p.title],
    ['citation_series_title', p.series],
    ['citation_series_number', p.year],
    ['citation_volume', p.volume],
    ['citation_firstpage', first || undefined],
    ['citation_lastpage', last],
    ...p.editors.map((e): [string, string] => ['citation_editor', e]),
  ];
}

export function DocumentMeta(props: { details: DocumentDetails; url: string; origin: string; siteName: string }) {
  const d = props.details;
  const doc = d.document;
  const creators = d.agents.filter((a) => a.role === 'creator').map((a) => a.authority.name);
  const parsed = doc.date ? parsePartialDate(doc.date) : undefined;
  const date = parsed?.ok ? parsed.value : undefined;
  // Highwire dates are YYYY/MM/DD with only the parts the source has.
  const highwireDate = date ? [date.start.year, date.start.month, date.start.day].filter((n) => n !== undefined).map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0'))).join('/') : undefined;
  const pdf = doc.media.find((m) => m.kind === 'pdf');
  const abs = (path: string) => (/^https?:/.test(path) ? path : `${props.origin}${path}`);
  const meta: [string, string | undefined][] = [
    ['citation_title', doc.title],
    ...creators.map((n): [string, string] => ['citation_author', n]),
    ['citation_date', highwireDate],
    ['citation_publisher', props.siteName],
    ['citation_public_url', props.url],
    ['citation_abstract_html_url', props.url],
    ['citation_language', doc.languages[0]],
    ['citation_keywords', d.subjects.map((s) => s.name).join('; ') || undefined],
    ['citation_pdf_url', pdf ? abs(mediaPath(pdf.url)) : undefined],
    ...editionTags(doc.publishedIn),
    ['DC.title', doc.title],
    ...creators.map((n): [string, string] => ['DC.creator', n]),
    ['DC.date', date?.edtf],
    ['DC.type', d.type?.name ?? 'Text'],
    ...doc.languages.map((l): [string, string] => ['DC.language', l]),
    ['DC.identifier', props.url],
    ['DC.publisher', props.siteName],
    ['DC.description', doc.summary],
    ...d.subjects.map((s): [string, string] => ['DC.subject', s.name]),
    ['DC.source', doc.source.citation],
    ['DC.rights', d.rights?.uri ?? d.rights?.name],
    // The volume or top-level collection, as a citation names it; never a chapter's whole heading.
    ['DC.relation.isPartOf', doc.publishedIn?.title ?? (d.trail[0] ?? d.collections[0])?.title],
  ];
  return (
    <>
      <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />
      {meta
        .filter((m): m is [string, string] => Boolean(m[1]))
        .map(([name, content]) => (
          <meta name={name} content={content} />
        ))}
      <meta property="og:title" content={doc.title} />
      <meta property="og:type" content="article" />
      <meta property="og:url" content={props.url} />
      <meta property="og:site_name" content={props.siteName} />
      {doc.summary ? <meta property="og:description" content={doc.summary} /> : null}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd(props.details, props.url, props.origin, props.siteName)) }} />
    </>
  );
}

/** schema.org: an ArchiveComponent held by its repository, part of its collections, about its subjects, people and places. */
function jsonLd(d: DocumentDetails, url: string, origin: string, siteName: string): Record<string, unknown> {
  const doc = d.document;
  const person = (a: DocumentDetails['agents'][number]) => ({
    '@type': a.authority.kind === 'person' ? 'Person' : 'Organization',
    name: a.authority.name,
    url: `${origin}${authorityPath(a.authority.kind === 'person' ? 'person' : 'organization', a.authority.id)}`,
  });
  const parsed = doc.date ? parsePartialDate(doc.date) : undefined;
  const out: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'ArchiveComponent',
    '@id': url,
    url,
    identifier: doc.id,
    name: doc.title,
    description: doc.summary,
    dateCreated: parsed?.ok ? (parsed.value.interval ? `${parsed.value.range.start}/${parsed.value.range.end}` : parsed.value.edtf.replace(/[~?%]$/, '')) : undefined,
    genre: d.type?.name,
    inLanguage: doc.languages,
    creator: d.agents.filter((a) => a.role === 'creator').map(person),
    recipient: d.agents.filter((a) => a.role === 'recipient').map(person),
    mentions: d.agents.filter((a) => a.role === 'mentioned' || a.role === 'participant').map(person),
    contentLocation: d.places.map((p) => ({ '@type': 'Place', name: p.name, url: `${origin}${authorityPath('place', p.id)}` })),
    about: d.subjects.map((s) => ({ '@type': 'Thing', name: s.name })),
    isPartOf: d.collections.map((c) => ({ '@type': 'ArchiveComponent', name: c.title, url: `${origin}${collectionPath(c.id)}` })),
    holdingArchive: d.repository ? { '@type': 'ArchiveOrganization', name: d.repository.name, url: d.repository.url } : undefined,
    publisher: { '@type': 'Organization', name: siteName, url: `${origin}/` },
    usageInfo: d.rights?.uri,
    license: d.rights?.uri,
    funder: d.funders.map((f) => ({ '@type': 'Organization', name: f.name, url: f.url })),
    translator: [...new Set(doc.translations.flatMap((t) => t.translators))].map((name) => ({ '@type': 'Person', name })),
    associatedMedia: doc.media.map((m) => ({
      '@type': m.kind === 'pdf' ? 'MediaObject' : 'ImageObject',
      contentUrl: /^https?:/.test(m.url) ? m.url : `${origin}${mediaPath(m.url)}`,
      encodingFormat: m.mimeType ?? (m.kind === 'pdf' ? 'application/pdf' : undefined),
      name: m.label,
      width: m.width,
      height: m.height,
    })),
    dateModified: doc.updatedAt,
    datePublished: doc.publishedAt?.slice(0, 10),
    isAccessibleForFree: true,
  };
  return prune(out) as Record<string, unknown>;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, prune(v)] as const).filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value === '' ? undefined : value;
}

/** JSON inside <script>: "<" is escaped so no text can close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
