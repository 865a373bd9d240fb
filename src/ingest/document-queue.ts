/**
 * Documents of an import waiting to be written together. Written one at a
 * time, each document cost its own statements (its current row, the change
 * number, the row, its links, its revision, its references and names for
 * the index); written in groups through `saveDocuments` they share them,
 * which is most of the difference on PostgreSQL, where each statement is a
 * round trip. The queue lives inside one transaction and is written before
 * it commits, and before anything else the import writes in between (an
 * authority, a collection, a release), so every record still sees the ones
 * before it, and a volume is still written whole or not at all.
 * @module
 */
import type { TransactionScope } from '../backends/backend.js';
import type { ChangeMeta } from '../backends/store.js';
import type { Document } from '../domain/document.js';
import { saveDocuments, type DocumentSave } from '../services/records.js';

/**
 * Documents per group. Past a hundred the statements save little more, while the queue holds every
 * document's record (and its source item) until they are written.
 */
export const DOCUMENT_GROUP = 100;

export class DocumentQueue<T> {
  readonly #change: ChangeMeta;
  readonly #done: (item: T, document: Document, saved: DocumentSave) => void;
  #items: T[] = [];
  #documents: Document[] = [];
  readonly #ids = new Set<string>();

  /** `done` receives each document's outcome once its group is written, in the order they were added. */
  constructor(change: ChangeMeta, done: (item: T, document: Document, saved: DocumentSave) => void) {
    this.#change = change;
    this.#done = done;
  }

  /** Queues a document; the group is written when it is full, or first when it already holds this id. */
  async add(tx: TransactionScope, item: T, document: Document): Promise<void> {
    if (this.#ids.has(document.id)) await this.flush(tx);
    this.#items.push(item);
    this.#documents.push(document);
    this.#ids.add(document.id);
    if (this.#documents.length >= DOCUMENT_GROUP) await this.flush(tx);
  }

  /** Writes what is queued. Should the write fail, the queue is empty all the same: its transaction is lost. */
  async flush(tx: TransactionScope): Promise<void> {
    if (this.#documents.length === 0) return;
    const items = this.#items;
    const documents = this.#documents;
    this.#items = [];
    this.#documents = [];
    this.#ids.clear();
    const saved = await saveDocuments(tx, documents, this.#change);
    saved.forEach((s, i) => this.#done(items[i]!, documents[i]!, s));
  }
}
