/**
 * Documents of an import waiting to be written together. Written one at a
 * time, each document cost its own statements (its current row, the change
 * number, the row, its links, its revision, its references and names for
 * the index); written in groups through `saveDocuments` they share them,
 * which is most of the difference on PostgreSQL, where each statement is a
 * round trip. The queue lives inside one transaction and is written before
 * it commits, and before anything else the import writes in between (an
 * authority, a release), so every record still sees the ones before it, and
 * a volume is still written whole or not at all. A collection no queued
 * document refers to is the exception: it may be written ahead of the
 * queue (a TEI volume opens a section every few documents), since nothing a
 * collection's write reads or changes is a document's; its result still
 * takes its place in the order of results.
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

type Entry<T, R> = { item: T; document: Document } | { result: R };

export class DocumentQueue<T, R> {
  readonly #change: ChangeMeta;
  readonly #result: (item: T, document: Document, saved: DocumentSave) => R;
  readonly #emit: (result: R) => void;
  #entries: Entry<T, R>[] = [];
  #documents = 0;
  readonly #ids = new Set<string>();
  readonly #collections = new Set<string>();

  /**
   * `result` makes each document's result once its group is written; `emit` receives every result,
   * documents' and those passed in with {@link pass}, in the order they were added.
   */
  constructor(change: ChangeMeta, result: (item: T, document: Document, saved: DocumentSave) => R, emit: (result: R) => void) {
    this.#change = change;
    this.#result = result;
    this.#emit = emit;
  }

  /** Queues a document; the group is written when it is full, or first when it already holds this id. */
  async add(tx: TransactionScope, item: T, document: Document): Promise<void> {
    if (this.#ids.has(document.id)) await this.flush(tx);
    this.#entries.push({ item, document });
    this.#ids.add(document.id);
    for (const c of document.collections) this.#collections.add(c.id);
    if (++this.#documents >= DOCUMENT_GROUP) await this.flush(tx);
  }

  /** Whether a queued document refers to this collection (then the collection must wait for them: see above). */
  refersToCollection(id: string): boolean {
    return this.#collections.has(id);
  }

  /** The result of a record written ahead of the queue, emitted after the results of the documents queued before it. */
  pass(result: R): void {
    if (this.#entries.length === 0) this.#emit(result);
    else this.#entries.push({ result });
  }

  /** Writes what is queued. Should the write fail, the queue is empty all the same: its transaction is lost. */
  async flush(tx: TransactionScope): Promise<void> {
    const entries = this.#entries;
    this.#entries = [];
    this.#documents = 0;
    this.#ids.clear();
    this.#collections.clear();
    const queued = entries.flatMap((e) => ('document' in e ? [e] : []));
    const saved = queued.length > 0 ? await saveDocuments(tx, queued.map((e) => e.document), this.#change) : [];
    let next = 0;
    for (const e of entries) this.#emit('document' in e ? this.#result(e.item, e.document, saved[next++]!) : e.result);
  }
}
