/**
 * Parts of pages kept as ready HTML under the archive's change marker. A
 * document page rendered afresh (the page cache off, or a page it has not
 * kept) spent most of its view's time rendering what depends only on the
 * record and the archive's version: the metadata in `<head>`, the texts, the
 * people and places, the document information, COinS. Those are kept here as
 * strings, least recently used first past `maxChars` (bounded-map.ts), and the
 * page fills in per request only what varies with it (citations with the day
 * of access, the frame's search box) and what depends on other records (the
 * breadcrumb, the collections' neighbours, related documents).
 *
 * Everything is dropped when the marker changes: every write moves it, so an
 * edit, a renamed person or site, a publication or a withdrawal anywhere
 * shows at the marker's next poll, in every process, as the page cache sees
 * it. A part is kept under the marker read before its record was read, so a
 * part that saw a later write is kept under the earlier marker (and dropped
 * with it), never the reverse.
 * @module
 */
import { BoundedMap } from '../domain/bounded-map.js';

/** ~2,000 FRUS documents' parts (their texts are most of it). */
export const KEPT_PARTS_MAX_CHARS = 32 * 1024 * 1024;

export class KeptParts<T extends Record<string, string>> {
  #marker: string | undefined;
  readonly #held: BoundedMap<string, T>;

  constructor(maxChars = KEPT_PARTS_MAX_CHARS) {
    this.#held = new BoundedMap({ maxSize: maxChars });
  }

  /**
   * The parts kept under `key` for `marker`, or `make()`'s, kept. `key` must name everything the parts
   * depend on besides the archive's version (the record, the page's address, the reading view).
   */
  async get(marker: string, key: string, make: () => T | Promise<T>): Promise<T> {
    if (marker !== this.#marker) {
      this.#held.clear();
      this.#marker = marker;
    }
    const held = this.#held.get(key);
    if (held) return held;
    const parts = await make();
    // The marker may have moved while they were made: they are then the new version's or newer, kept only under the old.
    if (this.#marker === marker) {
      let chars = key.length;
      for (const part of Object.values(parts)) chars += part.length;
      this.#held.set(key, parts, chars);
    }
    return parts;
  }

  /** Records held, and the characters of their parts. */
  get size(): { records: number; chars: number } {
    return { records: this.#held.count, chars: this.#held.totalSize };
  }
}
