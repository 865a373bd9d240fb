/**
 * Machine-readable metadata in a document page's <head>: Highwire Press
 * `citation_*` tags and Dublin Core (read by Zotero, Mendeley and Google
 * Scholar), and schema.org JSON-LD for search engines.
 * @module
 */
import { parsePartialDate } from '../../domain/partial-date.js';
import type { DocumentDetails } from '../../services/archive.js';
import { apiPaths } from '../api/api-urls.js';
import { documentJsonLd, jsonForScript } from '../linked-data.js';
import { mediaPath } from '../urls.js';

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

export interface DocumentMetaProps {
  details: DocumentDetails;
  url: string;
  origin: string;
  siteName: string;
  /** The text a citation of this page cites ("translation of March 3, 2026", "released March 18, 2025"). */
  version?: string;
}

/**
 * {@link DocumentMeta} as HTML, rendered inside `<head>` as the page renders it: outside it, Hono would keep
 * only the first `<meta>` of each name. A page keeps it with the document's view (kept-parts.ts).
 */
export async function documentMetaHtml(props: DocumentMetaProps): Promise<string> {
  const html = String(
    await (
      <head>
        <DocumentMeta {...props} />
      </head>
    ).toString(),
  );
  return html.slice('<head>'.length, -'</head>'.length);
}

export function DocumentMeta(props: DocumentMetaProps) {
  const d = props.details;
  const doc = d.document;
  const creators = d.agents.filter((a) => a.role === 'creator').map((a) => a.authority.name);
  const translators = [...new Set([...doc.translations.flatMap((t) => t.translators), ...doc.source.translatedBy])];
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
    ['citation_online_date', doc.publishedAt?.slice(0, 10).replace(/-/g, '/')],
    ['citation_public_url', props.url],
    ['citation_abstract_html_url', props.url],
    ['citation_language', doc.languages[0]],
    ['citation_keywords', d.subjects.map((s) => s.name).join('; ') || undefined],
    ['citation_pdf_url', pdf ? abs(mediaPath(pdf.url)) : undefined],
    ...editionTags(doc.publishedIn),
    ['DC.title', doc.title],
    ...creators.map((n): [string, string] => ['DC.creator', n]),
    // Translators are contributors in Dublin Core (Zotero reads them so); the version cited is the one last modified.
    ...translators.map((n): [string, string] => ['DC.contributor', n]),
    ['DC.date', date?.edtf],
    ['DC.date.modified', doc.updatedAt?.slice(0, 10)],
    // Dublin Core's hasVersion names the version of the text this address shows and citations cite.
    ['DC.relation.hasVersion', props.version],
    ['DC.date.issued', doc.publishedAt?.slice(0, 10)],
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
      <link rel="alternate" type="application/ld+json" href={`${props.origin}${apiPaths.document(doc.id, 'jsonld')}`} />
      <link rel="alternate" type="application/json" href={`${props.origin}${apiPaths.document(doc.id)}`} />
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
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(documentJsonLd(props.details, props.url, props.origin, props.siteName)) }} />
    </>
  );
}
