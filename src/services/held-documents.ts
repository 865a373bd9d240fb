/**
 * Published documents read for search results, kept parsed for the records
 * seen most recently. A search page cuts its snippets from each hit's whole
 * record, and reading and parsing those records was a fifth of an uncached
 * search page; for a hit among the archive's long texts (FRUS has records of
 * up to 1.4 million characters, and they match almost any word) it was most
 * of the page. A document that matches one search tends to match the next.
 *
 * Each record is kept under its id and the content hash stored beside it
 * (the hash of everything in the record, status included), and a page first
 * reads only the hashes of its hits (no record): a copy held under the
 * current hash is the document as stored, any other is read and kept under
 * the hash read with it. So an edit, a withdrawal or a draft made of a
 * published document is seen by the next search, in every process, and
 * nothing has to be invalidated; a draft is never returned. Bounded by the
 * records' characters, least recently used first. The documents are shared
 * by every request that reads them: read only.
 * @module
 */
import type { Document } from '../domain/document.js';
import { BoundedMap } from '../domain/bounded-map.js';
import type { Store } from '../backends/store.js';

/** Characters of stored records held; FRUS's 89 long records are 8.2 million of its 40. */
const MAX_CHARS = 16 * 1024 * 1024;

export class HeldDocuments {
  readonly #held: BoundedMap<string, Document>;

  constructor(maxChars = MAX_CHARS) {
    // A record of up to a quarter of the budget is kept: FRUS's longest (1.4 million characters) is a hit for almost any word.
    this.#held = new BoundedMap({ maxSize: maxChars, maxEntrySize: maxChars / 4 });
  }

  /** The published ones among `ids`, in the order given (each once; missing, draft and withdrawn ones left out). */
  async published(store: Store, ids: readonly string[]): Promise<Document[]> {
    const hashes = await store.documentHashes(ids);
    const found = new Map<string, Document>();
    const missing: string[] = [];
    for (const [id, hash] of hashes) {
      const held = this.#held.get(key(id, hash));
      if (held) found.set(id, held);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const [id, read] of await store.getHashedDocuments(missing)) {
        this.#held.set(key(id, read.hash), read.document, read.size);
        found.set(id, read.document);
      }
    }
    const out: Document[] = [];
    for (const id of new Set(ids)) {
      const doc = found.get(id);
      if (doc?.status === 'published') out.push(doc);
    }
    return out;
  }

  /** How many records are held, and their characters. */
  get size(): { count: number; chars: number } {
    return { count: this.#held.count, chars: this.#held.totalSize };
  }
}

function key(id: string, hash: string): string {
  return `${hash}\u0000${id}`;
}

/**
 * The process's one store of held records. Keys carry the content hash, so archives opened side by side in one
 * process (tests, `migrate`) never read each other's copy of a document as their own unless it is the same content.
 */
export const heldDocuments = new HeldDocuments();
