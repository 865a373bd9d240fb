/**
 * Collections as IIIF Presentation 3 Collections
 * (https://iiif.io/api/presentation/3.0/#51-collection): a collection lists
 * its sub-collections (as Collections, so viewers can walk the tree) and the
 * manifests of its documents that have scans, in the collection's own order.
 * `/iiif/collections` is the archive's top-level collections.
 * @module
 */
import type { Collection as IiifCollection } from '@iiif/presentation-3';
import type { Collection } from '../../../domain/collection.js';
import type { Document } from '../../../domain/document.js';
import { collectionPath } from '../../urls.js';
import { IIIF_PRESENTATION_CONTEXT, iiifCollectionPath, manifestPath } from './iiif-urls.js';

const en = (...values: string[]) => ({ en: values });

export interface CollectionListing {
  /** Undefined for the archive's top level. */
  collection?: Collection;
  parent?: Collection;
  children: Collection[];
  /** Published documents with scans, in the collection's order. */
  documents: Document[];
}

export function buildCollection(listing: CollectionListing, ctx: { origin: string; siteName: string }): IiifCollection {
  const c = listing.collection;
  const id = `${ctx.origin}${iiifCollectionPath(c?.id)}`;
  const result = {
    '@context': IIIF_PRESENTATION_CONTEXT,
    id,
    type: 'Collection',
    label: en(c ? c.title : `${ctx.siteName}: collections`),
    ...(c?.shortDescription ? { summary: en(c.shortDescription) } : {}),
    ...(c && c.editors.length > 0 ? { metadata: [{ label: en('Editors'), value: { none: c.editors } }] } : {}),
    requiredStatement: { label: en('Attribution'), value: en(`Published by ${ctx.siteName}.`) },
    homepage: [
      { id: `${ctx.origin}${c ? collectionPath(c.id) : '/collections'}`, type: 'Text', label: en(c ? c.title : 'Collections'), format: 'text/html' },
    ],
    ...(c ? { partOf: [{ id: `${ctx.origin}${iiifCollectionPath(listing.parent?.id)}`, type: 'Collection' }] } : {}),
    items: [
      ...listing.children.map((child) => ({ id: `${ctx.origin}${iiifCollectionPath(child.id)}`, type: 'Collection', label: en(child.title) })),
      ...listing.documents.map((d) => ({ id: `${ctx.origin}${manifestPath(d.id)}`, type: 'Manifest', label: en(d.title) })),
    ],
  };
  return result as unknown as IiifCollection;
}
