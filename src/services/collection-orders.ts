/**
 * A collection's published documents in its order, read once per version of
 * the archive, so that a document page's "previous / next, n of N" in each of
 * its collections is a lookup rather than a window query over the collection
 * (two statements a page, one for each neighbour's summary). A crawler walks a
 * FRUS volume document by document: the volume is read once, not once a page.
 *
 * Kept under the archive's change marker, which every write changes: an order
 * read under one marker is never used under another, so an edit, a new
 * document or a withdrawal is seen at the next poll of the marker, as the page
 * cache sees it. Memory is bounded: a collection larger than `maxPerCollection`
 * is not kept (its pages ask the Store, as before), and past `maxDocuments`
 * summaries held, the least recently used collection goes first (bounded-map.ts).
 * @module
 */
import { BoundedMap } from '../domain/bounded-map.js';
import type { Collection } from '../domain/collection.js';
import type { CollectionNeighbours, DocumentSummary } from '../backends/store.js';
import type { Archive } from './archive.js';

interface Order {
  /** Undefined for a collection too large to keep: its pages ask the Store. */
  documents?: readonly DocumentSummary[];
  at?: Map<string, number>;
}

export interface CollectionOrdersOptions {
  maxPerCollection?: number;
  maxDocuments?: number;
}

export class CollectionOrders {
  /** Orders read under `#marker`, bounded by the summaries they hold. */
  readonly #held: BoundedMap<string, Order>;
  /** Reads under way, shared by concurrent pages of one collection. */
  readonly #reading = new Map<string, Promise<Order>>();
  #marker: string | undefined;
  readonly #options: Required<CollectionOrdersOptions>;

  constructor(
    private readonly archive: Archive,
    /** The archive's change marker (the web process polls it: archive-version.ts). */
    private readonly marker: () => Promise<string>,
    options: CollectionOrdersOptions = {},
  ) {
    this.#options = { maxPerCollection: 5_000, maxDocuments: 200_000, ...options };
    this.#held = new BoundedMap({ maxSize: this.#options.maxDocuments });
  }

  /** Where a published document stands in the collection's order, with its neighbours: what `Store.collectionNeighbours` answers. */
  async neighbours(collection: Collection, documentId: string): Promise<CollectionNeighbours | undefined> {
    const order = collection.order === 'manual' ? 'collection' : 'date';
    const held = await this.#order(collection.id, order, await this.marker());
    if (!held.documents || !held.at) return this.archive.backend.store.collectionNeighbours(collection.id, documentId, order);
    const i = held.at.get(documentId);
    if (i === undefined) return undefined;
    return { position: i + 1, total: held.documents.length, previous: held.documents[i - 1], next: held.documents[i + 1] };
  }

  async #order(id: string, order: 'date' | 'collection', marker: string): Promise<Order> {
    if (marker !== this.#marker) {
      // The archive changed: every order read before may be stale.
      this.#held.clear();
      this.#marker = marker;
    }
    const key = `${order}\u0000${id}`;
    const held = this.#held.get(key);
    if (held) return held;
    const readKey = `${key}\u0000${marker}`;
    let reading = this.#reading.get(readKey);
    if (!reading) {
      reading = this.#read(id, order).then((o) => (this.#keep(key, marker, o), o));
      this.#reading.set(readKey, reading);
      void reading.finally(() => this.#reading.delete(readKey)).catch(() => {});
    }
    return reading;
  }

  async #read(id: string, order: 'date' | 'collection'): Promise<Order> {
    const limit = this.#options.maxPerCollection;
    const page = await this.archive.backend.store.listDocuments({ collection: id, order, limit: limit + 1 });
    if (page.items.length > limit) return {};
    return { documents: page.items, at: new Map(page.items.map((d, i) => [d.id, i])) };
  }

  #keep(key: string, marker: string, order: Order): void {
    // Read under a marker that has since been replaced: used by the pages that asked, not kept.
    if (marker !== this.#marker) return;
    this.#held.set(key, order, order.documents?.length ?? 0);
  }
}
