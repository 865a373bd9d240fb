/**
 * COinS (ContextObjects in Spans): an OpenURL ContextObject in an empty
 * `<span class="Z3988">`, which Zotero and other reference managers read from
 * the page body when a page has no other metadata they understand. Dossier
 * describes a document in the Dublin Core format of OpenURL (Z39.88-2004),
 * the one meant for an archival item that is not a book or an article.
 * @module
 */
import type { DocumentDetails } from '../../services/archive.js';

export function coinsContextObject(d: DocumentDetails, url: string, siteName?: string): string {
  const doc = d.document;
  const pairs: [string, string | undefined][] = [
    ['ctx_ver', 'Z39.88-2004'],
    ['rft_val_fmt', 'info:ofi/fmt:kev:mtx:dc'],
    ['rfr_id', 'info:sid/dossier'],
    ['rft.title', doc.title],
    ...d.agents.filter((a) => a.role === 'creator').map((a): [string, string] => ['rft.creator', a.authority.name]),
    ...[...new Set(doc.translations.flatMap((t) => t.translators))].map((n): [string, string] => ['rft.contributor', n]),
    ['rft.date', doc.date?.replace(/[~?%]$/, '')],
    ['rft.type', d.type?.name ?? 'Text'],
    ['rft.description', doc.summary],
    ['rft.publisher', siteName],
    ['rft.source', doc.source.citation],
    ['rft.rights', d.rights?.uri ?? d.rights?.name],
    ...doc.languages.map((l): [string, string] => ['rft.language', l]),
    ...d.subjects.map((s): [string, string] => ['rft.subject', s.name]),
    ['rft.identifier', url],
  ];
  return pairs
    .filter((p): p is [string, string] => Boolean(p[1]))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

export function Coins(props: { details: DocumentDetails; url: string; siteName?: string }) {
  return <span class="Z3988" title={coinsContextObject(props.details, props.url, props.siteName)}></span>;
}
