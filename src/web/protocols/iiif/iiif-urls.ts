/**
 * Addresses of Dossier's IIIF resources, built in one place: a document's
 * manifest, a collection, an image service. Record ids keep their "/" (each
 * part encoded), as on the site; image identifiers are one segment.
 * @module
 */
import { collectionPath, documentPath } from '../../urls.js';

export const IIIF_PRESENTATION_CONTEXT = 'http://iiif.io/api/presentation/3/context.json';
export const IIIF_IMAGE_CONTEXT = 'http://iiif.io/api/image/3/context.json';
/** Media types with the profile the specifications give (Presentation §6.1, Image §5.2). */
export const PRESENTATION_TYPE = `application/ld+json;profile="${IIIF_PRESENTATION_CONTEXT}"`;
export const IMAGE_INFO_TYPE = `application/ld+json;profile="${IIIF_IMAGE_CONTEXT}"`;

export function manifestPath(documentId: string): string {
  return `/iiif${documentPath(documentId)}/manifest.json`;
}

/** `/iiif/collections` is every top-level collection; `/iiif/collections/<id>` one collection. */
export function iiifCollectionPath(collectionId?: string): string {
  return collectionId ? `/iiif${collectionPath(collectionId)}` : '/iiif/collections';
}

/**
 * A scan's image service sits under its document, so that every tile request
 * names the document it belongs to and is refused with it (a draft's scans
 * are 404, a withdrawn document's 410).
 */
export function imageServicePath(documentId: string, imageId: string): string {
  return `/iiif${documentPath(documentId)}/images/${encodeURIComponent(imageId)}`;
}

/** The JSON record of a document in the JSON API. */
export function apiDocumentPath(documentId: string): string {
  return `/api/v1${documentPath(documentId)}`;
}
