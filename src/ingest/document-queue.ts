/**
 * Records of an import waiting to be written together. Written one at a
 * time, each document cost its own statements (its current row, the change
 * number, the row, its links, its revision, its references and names for
 * the index); written in groups through `saveDocuments` they share them,
 * which is most of the difference on PostgreSQL, where each statement is a
 * round trip. The queue lives inside one transaction and is written before
 * it commits, and before anything else the import writes in between (an
 * authority, a release), so every record still sees the ones before it, and
 * a volume is still written whole or not at all.
 *
 * Collections (a TEI volume opens a section every few documents) and
 * authorities without a parent (a FRUS volume's persons list) wait in the
 * queue too, and are written before its documents, authorities first, then
 * collections (`saveAuthorities`, `saveCollections`): a document queued
 * after one may name it, and nothing their writes read or change is a
 * document's. One that a queued document already names is written after
 * that document, as in turn: the queue is written first. Every result
 * takes its place in the order the records came.
 * @module
 */
import type { TransactionScope } from '../backends/backend.js';
import type { ChangeMeta } from '../backends/store.js';
import type { Authority } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import { documentReferences, type Document } from '../domain/document.js';
import { saveAuthorities, saveCollections, saveDocuments, type DocumentSave } from '../services/records.js';

/**
 * Records per group. Past a hundred the statements save little more, while the queue holds every
 * document's record (and its source item) until they are written.
 */
export const DOCUMENT_GROUP = 100;

/** A record the queue holds: a document, or a collection or parentless authority written before the documents. */
export type QueuedRecord = ({ kind: 'document' } & Document) | Collection | Authority;

type Entry<T, R> = { item: T; record: QueuedRecord } | { result: R };

export class DocumentQueue<T, R> {
  readonly #change: ChangeMeta;
  readonly #result: (item: T, record: QueuedRecord, saved: DocumentSave) => R;
  readonly #emit: (result: R) => void;
  #entries: Entry<T, R>[] = [];
  readonly #documents = new Map<string, Document>();
  readonly #collections = new Map<string, Collection>();
  readonly #authorities: { item: T; authority: Authority }[] = [];
  /** Ids the queued documents refer to, of any kind. */
  readonly #named = new Set<string>();

  /**
   * `result` makes each record's result once its group is written; `emit` receives every result, the
   * queued records' and those passed in with {@link pass}, in the order they were added.
   */
  constructor(change: ChangeMeta, result: (item: T, record: QueuedRecord, saved: DocumentSave) => R, emit: (result: R) => void) {
    this.#change = change;
    this.#result = result;
    this.#emit = emit;
  }

  /**
   * Queues a record; the group is written first when it already holds a document of this id or a
   * queued document names this collection or authority, and after, when it is full.
   */
  async add(tx: TransactionScope, item: T, record: QueuedRecord): Promise<void> {
    if (record.kind === 'document' ? this.#documents.has(record.id) : this.#named.has(record.id)) await this.flush(tx);
    this.#entries.push({ item, record });
    if (record.kind === 'document') {
      const { kind: _kind, ...document } = record;
      this.#documents.set(record.id, document);
      for (const r of documentReferences(document)) this.#named.add(r.id);
    } else if (record.kind === 'collection') this.#collections.set(record.id, record);
    else this.#authorities.push({ item, authority: record });
    if (this.#entries.length >= DOCUMENT_GROUP) await this.flush(tx);
  }

  /** The authorities waiting, with their items, in the order they were added. */
  get queuedAuthorities(): readonly { item: T; authority: Authority }[] {
    return this.#authorities;
  }

  /** The result of a record written ahead of the queue, emitted after the results of the records queued before it. */
  pass(result: R): void {
    if (this.#entries.length === 0) this.#emit(result);
    else this.#entries.push({ result });
  }

  /** Writes what is queued. Should the write fail, the queue is empty all the same: its transaction is lost. */
  async flush(tx: TransactionScope): Promise<void> {
    const entries = this.#entries;
    this.#entries = [];
    this.#documents.clear();
    this.#collections.clear();
    this.#authorities.length = 0;
    this.#named.clear();
    const queued = (kind: (record: QueuedRecord) => boolean) => entries.flatMap((e) => ('record' in e && kind(e.record) ? [e.record] : []));
    const authorities = queued((r) => r.kind !== 'document' && r.kind !== 'collection') as Authority[];
    const collections = queued((r) => r.kind === 'collection') as Collection[];
    const documents = queued((r) => r.kind === 'document').map(({ kind: _kind, ...document }) => document as Document);
    const saved = new Map<QueuedRecord, DocumentSave>();
    if (authorities.length > 0) {
      const outcomes = await saveAuthorities(tx, authorities, this.#change);
      authorities.forEach((a, i) => saved.set(a, { ok: true, outcome: outcomes[i]! }));
    }
    if (collections.length > 0) (await saveCollections(tx, collections, this.#change)).forEach((s, i) => saved.set(collections[i]!, s));
    const documentSaves = documents.length > 0 ? await saveDocuments(tx, documents, this.#change) : [];
    let next = 0;
    for (const e of entries) {
      if (!('record' in e)) this.#emit(e.result);
      else this.#emit(this.#result(e.item, e.record, e.record.kind === 'document' ? documentSaves[next++]! : saved.get(e.record)!));
    }
  }
}
