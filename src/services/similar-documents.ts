/**
 * "Documents sharing people, places or subjects" kept per version of the
 * archive. Counting them is the largest read of a document page (~0.75 ms
 * of ~1.2 ms of SQL on FRUS, where a person is named in hundreds of
 * documents), and its answer changes only when some document changes. So
 * the answer is kept under the archive's change marker, which every write
 * moves: in memory for this process, and in the catalog (`page_parts`, one
 * row per document) for the next process or the next start. A row kept
 * under another marker is counted again and replaced; since the marker
 * lives in the database, every process agrees on which rows are current,
 * and an edit, a publication or a withdrawal anywhere is seen at the
 * marker's next poll, as the page cache sees it. Only published documents
 * are counted (the Store's query), so a draft is never named.
 * @module
 */
import type { PageParts } from './page-parts.js';

export type Similar = { id: string; shared: number }[];

const PART = 'similar';
/** Candidates counted per document: the page shows six after leaving out the related ones. */
export const SIMILAR_CANDIDATES = 12;
const MAX_HELD = 50_000;

export class SimilarDocuments {
  #marker: string | undefined;
  readonly #held = new Map<string, Similar>();

  constructor(
    private readonly parts: PageParts,
    /** The archive's change marker as this process last read it. */
    private readonly marker: () => Promise<string>,
  ) {}

  /** The list {@link of} would give when this process holds it for the current marker; else undefined, reading nothing. */
  async held(documentId: string): Promise<Similar | undefined> {
    const marker = await this.marker();
    return marker === this.#marker ? this.#held.get(documentId) : undefined;
  }

  async of(documentId: string): Promise<Similar> {
    const marker = await this.marker();
    if (marker !== this.#marker) {
      this.#held.clear();
      this.#marker = marker;
    }
    const held = this.#held.get(documentId);
    if (held) return held;
    const key = `${marker}/${SIMILAR_CANDIDATES}`;
    const stored = await this.parts.get(documentId, PART, key);
    let similar: Similar;
    if (stored !== undefined) {
      similar = JSON.parse(stored) as Similar;
    } else {
      similar = await this.parts.backend.store.similarDocuments(documentId, SIMILAR_CANDIDATES);
      this.parts.put(documentId, PART, key, JSON.stringify(similar));
    }
    // Under the marker read before counting: a count that saw a later write is kept under the earlier marker, never the reverse.
    if (this.#marker === marker) {
      if (this.#held.size >= MAX_HELD) this.#held.delete(this.#held.keys().next().value!);
      this.#held.set(documentId, similar);
    }
    return similar;
  }
}
