/**
 * What the services return, shaped as the API's answers (schemas.ts): each
 * record with its page URL and API URL made absolute, references resolved to
 * the authority records they name. Pure functions: no archive access here.
 * @module
 */
import type { z } from 'zod';
import type { Authority } from '../../domain/authority.js';
import type { Collection } from '../../domain/collection.js';
import type { CollectionPage, DocumentDetails } from '../../services/archive.js';
import type { SearchPage } from '../../services/search.js';
import type { DocumentSummary } from '../../backends/store.js';
import type { translationVersionTexts } from '../../services/translation-versions.js';

type TranslationVersionText = Awaited<ReturnType<typeof translationVersionTexts>>[number];
import { AUTHORITY_SECTIONS, authorityPath, citationPath, collectionPath, documentPath, mediaPath, type AuthorityRouteKind } from '../urls.js';
import { apiPaths } from './api-urls.js';
import type { authorityResourceSchema, collectionResourceSchema, documentResourceSchema, documentSummarySchema, pageInfoSchema, searchResultSchema } from './schemas.js';

type Out<T extends z.ZodType> = z.output<T>;
export type PageInfo = Out<typeof pageInfoSchema>;

export function summaryResource(d: DocumentSummary, origin: string): Out<typeof documentSummarySchema> {
  return {
    id: d.id,
    title: d.title,
    ...(d.date ? { date: d.date } : {}),
    ...(d.summary ? { summary: d.summary } : {}),
    ...(d.type ? { type: d.type } : {}),
    sample: d.sample,
    ...(d.uploadedAt ? { uploadedAt: d.uploadedAt } : {}),
    url: `${origin}${documentPath(d.id)}`,
    api: `${origin}${apiPaths.document(d.id)}`,
  };
}

export function documentResource(d: DocumentDetails, origin: string, versions: TranslationVersionText[] = []): Out<typeof documentResourceSchema> {
  const doc = d.document;
  return {
    document: doc,
    url: `${origin}${documentPath(doc.id)}`,
    links: {
      self: `${origin}${apiPaths.document(doc.id)}`,
      html: `${origin}${documentPath(doc.id)}`,
      jsonld: `${origin}${apiPaths.document(doc.id, 'jsonld')}`,
      bibtex: `${origin}${citationPath(doc.id, 'bib')}`,
      ris: `${origin}${citationPath(doc.id, 'ris')}`,
      cslJson: `${origin}${citationPath(doc.id, 'json')}`,
    },
    type: d.type ?? null,
    rights: d.rights ?? null,
    repository: d.repository ?? null,
    funders: d.funders,
    agents: d.agents.map((a) => ({ role: a.role, authority: a.authority })),
    places: d.places,
    subjects: d.subjects,
    collections: d.collections.map((c) => {
      const position = doc.collections.find((r) => r.id === c.id)?.position;
      return { ...linkedCollection(c, origin), ...(position !== undefined ? { position } : {}) };
    }),
    media: doc.media.map((m) => ({ ...m, href: /^https?:/i.test(m.url) ? m.url : `${origin}${mediaPath(m.url)}` })),
    related: d.related.map((r) => ({ ...summaryResource(r, origin), ...(r.relation ? { relation: r.relation } : {}) })),
    translationVersions: versions.map((v) => ({ ...v, url: `${origin}${documentPath(doc.id)}/v/${v.revision}` })),
  };
}

export function linkedCollection(c: Collection, origin: string): { id: string; title: string; url: string; api: string } {
  return { id: c.id, title: c.title, url: `${origin}${collectionPath(c.id)}`, api: `${origin}${apiPaths.collection(c.id)}` };
}

export function collectionResource(p: CollectionPage, count: number, page: PageInfo, origin: string): Out<typeof collectionResourceSchema> {
  return {
    collection: p.collection,
    url: `${origin}${collectionPath(p.collection.id)}`,
    links: { self: `${origin}${apiPaths.collection(p.collection.id)}`, html: `${origin}${collectionPath(p.collection.id)}` },
    count,
    ancestors: p.ancestors.map((c) => linkedCollection(c, origin)),
    children: p.children.map((c) => ({ ...linkedCollection(c, origin), count: c.count })),
    documents: p.documents.items.map((d) => summaryResource(d, origin)),
    page,
  };
}

export function authorityResource(a: Authority, origin: string): Out<typeof authorityResourceSchema> {
  const browsable = a.kind in AUTHORITY_SECTIONS;
  return {
    authority: a,
    url: browsable ? `${origin}${authorityPath(a.kind as AuthorityRouteKind, a.id)}` : null,
    api: `${origin}${apiPaths.authority(a.kind, a.id)}`,
  };
}

export function searchResource(s: SearchPage, page: PageInfo, origin: string): Out<typeof searchResultSchema> {
  return {
    query: s.params.q,
    sort: s.sort,
    total: s.total,
    totalRelation: s.totalRelation,
    hits: s.hits.map((h) => ({
      ...summaryResource(h, origin),
      score: h.score,
      snippets: h.snippets.map((sn) => ({ html: sn.html, ...(sn.lang ? { lang: sn.lang } : {}) })),
      matched: h.matched.map((m) => ({ query: m.query, variant: m.variant, how: m.how, authority: m.authority })),
    })),
    facets: s.facets.map((f) => ({ id: f.id, label: f.label, more: f.more, values: f.values })),
    variants: s.variants.map((v) => ({ query: v.query, names: v.names, authority: { kind: v.authority.kind, id: v.authority.id, name: v.authority.name } })),
    notices: s.notices,
    page,
  };
}
