/**
 * A document as a IIIF Presentation 3 Manifest
 * (https://iiif.io/api/presentation/3.0/#52-manifest): one more rendering of
 * the same DocumentDetails the HTML page shows — label, summary, metadata,
 * rights, the funder credit as requiredStatement, links to the page
 * (homepage), the JSON record (seeAlso) and the PDFs (rendering) — with one
 * Canvas per scanned page, painted with a level 0 image service.
 * @module
 */
import type { Manifest } from '@iiif/presentation-3';
import { displayDate } from '../../../domain/display.js';
import type { ScanPage } from '../../../media/iiif-images.js';
import { isLocalMediaPath } from '../../../media/image-ids.js';
import type { DocumentDetails } from '../../../services/archive.js';
import { documentPath, mediaPath } from '../../urls.js';
import { apiDocumentPath, IIIF_PRESENTATION_CONTEXT, iiifCollectionPath, imageServicePath, manifestPath } from './iiif-urls.js';

type LanguageMap = Record<string, string[]>;
const en = (...values: string[]): LanguageMap => ({ en: values });
const none = (...values: string[]): LanguageMap => ({ none: values });

export interface ManifestContext {
  origin: string;
  siteName: string;
}

export function buildManifest(details: DocumentDetails, pages: readonly ScanPage[], ctx: ManifestContext): Manifest {
  const doc = details.document;
  const id = `${ctx.origin}${manifestPath(doc.id)}`;
  const homepage = `${ctx.origin}${documentPath(doc.id)}`;
  const rights = rightsUri(details.rights?.uri);
  const serviceBase = (imageId: string) => `${ctx.origin}${imageServicePath(doc.id, imageId)}`;
  const thumbnail = pages[0] ? [thumbnailOf(pages[0], serviceBase)] : undefined;
  const manifest = {
    '@context': IIIF_PRESENTATION_CONTEXT,
    id,
    type: 'Manifest',
    label: en(doc.title),
    ...(doc.summary ? { summary: en(doc.summary) } : {}),
    metadata: metadata(details),
    ...(rights ? { rights } : {}),
    requiredStatement: {
      label: en('Attribution'),
      value: en(
        details.funders.length > 0
          ? `Published by ${ctx.siteName}. This document was made possible with support from ${joinNames(details.funders.map((f) => f.name))}.`
          : `Published by ${ctx.siteName}.`,
      ),
    },
    provider: [{ id: `${ctx.origin}/`, type: 'Agent', label: en(ctx.siteName), homepage: [{ id: `${ctx.origin}/`, type: 'Text', label: en(ctx.siteName), format: 'text/html' }] }],
    homepage: [{ id: homepage, type: 'Text', label: en(doc.title), format: 'text/html', language: ['en'] }],
    seeAlso: [{ id: `${ctx.origin}${apiDocumentPath(doc.id)}`, type: 'Dataset', label: en('The record in JSON'), format: 'application/json' }],
    ...(renderings(details, ctx.origin).length > 0 ? { rendering: renderings(details, ctx.origin) } : {}),
    ...(details.collections.length > 0 ? { partOf: details.collections.map((c) => ({ id: `${ctx.origin}${iiifCollectionPath(c.id)}`, type: 'Collection', label: en(c.title) })) } : {}),
    ...(thumbnail ? { thumbnail } : {}),
    behavior: ['paged'],
    items: pages.map((p, i) => canvas(id, p, i + 1, serviceBase)),
  };
  return manifest as unknown as Manifest;
}

type ServiceBase = (imageId: string) => string;

function canvas(manifestId: string, page: ScanPage, n: number, serviceBase: ServiceBase) {
  const base = `${manifestId.replace(/\/manifest\.json$/, '')}/canvas/${n}`;
  return {
    id: base,
    type: 'Canvas',
    label: none(page.label),
    width: page.width,
    height: page.height,
    thumbnail: [thumbnailOf(page, serviceBase)],
    items: [
      {
        id: `${base}/page`,
        type: 'AnnotationPage',
        items: [{ id: `${base}/page/image`, type: 'Annotation', motivation: 'painting', target: base, body: imageBody(page, serviceBase) }],
      },
    ],
  };
}

function imageBody(page: ScanPage, serviceBase: ServiceBase) {
  if (!page.imageId) return { id: page.remoteUrl!, type: 'Image', format: page.mimeType, width: page.width, height: page.height };
  const service = serviceBase(page.imageId);
  return {
    id: `${service}/full/max/0/default.jpg`,
    type: 'Image',
    format: 'image/jpeg',
    width: page.width,
    height: page.height,
    service: [{ id: service, type: 'ImageService3', profile: 'level0' }],
  };
}

/** A small full image from the service's sizes (the one at most ~300 pixels wide), or the remote image itself. */
function thumbnailOf(page: ScanPage, serviceBase: ServiceBase) {
  if (!page.imageId) return { id: page.remoteUrl!, type: 'Image', format: page.mimeType };
  let f = 1;
  while (Math.ceil(page.width / f) > 300 && Math.ceil(page.width / (f * 2)) >= 64) f *= 2;
  const [w, h] = [Math.ceil(page.width / f), Math.ceil(page.height / f)];
  const service = serviceBase(page.imageId);
  return {
    id: `${service}/full/${f === 1 ? 'max' : `${w},${h}`}/0/default.jpg`,
    type: 'Image',
    format: 'image/jpeg',
    width: w,
    height: h,
    service: [{ id: service, type: 'ImageService3', profile: 'level0' }],
  };
}

function metadata(details: DocumentDetails) {
  const d = details.document;
  const rows: [string, string[]][] = [
    ['Date', [displayDate(d.date)]],
    ['Date as written', d.dateText ? [d.dateText] : []],
    ['Type', details.type ? [details.type.name] : []],
    ['Classification', d.classification],
    ['Original language', d.languages],
    ['People and organizations', details.agents.map((a) => `${a.authority.name} (${a.role})`)],
    ['Places', details.places.map((p) => p.name)],
    ['Subjects', details.subjects.map((s) => s.name)],
    ['Collections', details.collections.map((c) => c.title)],
    ['Source', d.source.citation ? [d.source.citation] : []],
    ['Repository', details.repository ? [details.repository.name] : []],
    ['File number', d.source.fileNumber ? [d.source.fileNumber] : []],
    ['Released under', d.source.releasedUnder ? [d.source.releasedUnder] : []],
    ['Obtained by', d.source.obtainedBy],
    ['Translated by', [...new Set([...d.source.translatedBy, ...d.translations.flatMap((t) => t.translators)])]],
    ['Rights', details.rights ? [details.rights.statement] : []],
    ['Funders', details.funders.map((f) => f.name)],
    ['Record ID', [d.id]],
  ];
  return rows.filter(([, values]) => values.length > 0).map(([label, values]) => ({ label: en(label), value: none(...values) }));
}

function renderings(details: DocumentDetails, origin: string) {
  return details.document.media
    .filter((m) => m.kind === 'pdf')
    .map((m) => ({
      id: isLocalMediaPath(m.url) ? `${origin}${mediaPath(m.url)}` : m.url,
      type: 'Text',
      label: en(`${m.label ?? 'Scan'} (PDF)`),
      format: 'application/pdf',
    }));
}

/**
 * `rights` must be a Creative Commons or RightsStatements.org URI (§3.3.1),
 * written as those specifications define them, with `http:`; any other
 * statement stays in the metadata only.
 */
export function rightsUri(uri: string | undefined): string | undefined {
  const m = uri ? /^https?:\/\/(creativecommons\.org\/(?:licenses|publicdomain)\/[^?#]+|rightsstatements\.org\/vocab\/[^?#]+)$/.exec(uri.trim()) : null;
  if (!m) return undefined;
  const path = m[1]!.replace(/\/(?:legalcode|deed\.[a-z-]+)$/i, '/');
  return `http://${path.endsWith('/') ? path : `${path}/`}`;
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
