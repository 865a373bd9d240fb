/**
 * schema.org JSON-LD for documents and collections: embedded in their pages
 * (for search engines and linked-data crawlers) and served alone when a
 * client asks a document URL for `application/ld+json`. A document is an
 * ArchiveComponent held by its repository and part of its collections; a
 * collection is a Collection whose parts are its documents.
 * @module
 */
import { parsePartialDate } from '../domain/partial-date.js';
import type { CollectionPage, DocumentDetails } from '../services/archive.js';
import { authorityPath, collectionPath, documentPath, mediaPath } from './urls.js';

export type JsonLd = Record<string, unknown>;

const CONTEXT = 'https://schema.org';

export function documentJsonLd(d: DocumentDetails, url: string, origin: string, siteName: string): JsonLd {
  const doc = d.document;
  const agent = (a: DocumentDetails['agents'][number]) => ({
    '@type': a.authority.kind === 'person' ? 'Person' : 'Organization',
    name: a.authority.name,
    url: `${origin}${authorityPath(a.authority.kind === 'person' ? 'person' : 'organization', a.authority.id)}`,
  });
  const parsed = doc.date ? parsePartialDate(doc.date) : undefined;
  const translators = [...new Set([...doc.translations.flatMap((t) => t.translators), ...doc.source.translatedBy])];
  return prune({
    '@context': CONTEXT,
    '@type': 'ArchiveComponent',
    '@id': url,
    url,
    identifier: doc.id,
    name: doc.title,
    description: doc.summary,
    // schema.org dates are ISO 8601: an EDTF qualifier (~, ?) has no place there, an interval is start/end.
    dateCreated: parsed?.ok ? (parsed.value.interval ? `${parsed.value.range.start}/${parsed.value.range.end}` : parsed.value.edtf.replace(/[~?%]$/, '')) : undefined,
    genre: d.type?.name,
    inLanguage: doc.languages,
    creator: d.agents.filter((a) => a.role === 'creator').map(agent),
    recipient: d.agents.filter((a) => a.role === 'recipient').map(agent),
    mentions: d.agents.filter((a) => a.role === 'mentioned' || a.role === 'participant').map(agent),
    contentLocation: d.places.map((p) => ({ '@type': 'Place', name: p.name, url: `${origin}${authorityPath('place', p.id)}` })),
    about: d.subjects.map((s) => ({ '@type': 'Thing', name: s.name })),
    isPartOf: d.collections.map((c) => ({ '@type': 'Collection', '@id': `${origin}${collectionPath(c.id)}`, name: c.title })),
    holdingArchive: d.repository ? { '@type': 'ArchiveOrganization', name: d.repository.name, url: d.repository.url } : undefined,
    publisher: { '@type': 'Organization', name: siteName, url: `${origin}/` },
    usageInfo: d.rights?.uri,
    license: d.rights?.uri,
    funder: d.funders.map((f) => ({ '@type': 'Organization', name: f.name, url: f.url })),
    translator: translators.map((name) => ({ '@type': 'Person', name })),
    workTranslation: doc.translations.map((t) => ({ '@type': 'CreativeWork', inLanguage: t.language, name: t.title, translator: t.translators.map((name) => ({ '@type': 'Person', name })) })),
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
  }) as JsonLd;
}

export function collectionJsonLd(p: CollectionPage, url: string, origin: string, siteName: string): JsonLd {
  const c = p.collection;
  return prune({
    '@context': CONTEXT,
    '@type': 'Collection',
    '@id': url,
    url,
    identifier: c.id,
    name: c.title,
    description: c.shortDescription,
    editor: c.editors.map((name) => ({ '@type': 'Person', name })),
    image: c.image ? (/^https?:/.test(c.image.url) ? c.image.url : `${origin}${mediaPath(c.image.url)}`) : undefined,
    isPartOf: p.ancestors.at(-1) ? { '@type': 'Collection', '@id': `${origin}${collectionPath(p.ancestors.at(-1)!.id)}`, name: p.ancestors.at(-1)!.title } : undefined,
    collectionSize: p.documents.total,
    hasPart: [
      ...p.children.map((ch) => ({ '@type': 'Collection', '@id': `${origin}${collectionPath(ch.id)}`, name: ch.title })),
      ...p.documents.items.map((d) => ({ '@type': 'ArchiveComponent', '@id': `${origin}${documentPath(d.id)}`, name: d.title })),
    ],
    keywords: c.themes,
    publisher: { '@type': 'Organization', name: siteName, url: `${origin}/` },
    dateModified: c.updatedAt,
  }) as JsonLd;
}

/** Leaves out empty values, so a record says only what it knows. */
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
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
