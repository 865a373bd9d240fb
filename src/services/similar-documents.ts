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
 *
 * The `citations` job (page-citations.ts) counts them ahead too, for the
 * documents whose citations it formats, under the marker it read before
 * counting ({@link keepSimilar}): a crawler's first visit of a document after
 * an import then reads the row instead of counting, as long as nothing has
 * been written since.
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
    const key = similarKey(marker);
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

/** The key a document's list is kept under for `marker`. */
const similarKey = (marker: string) => `${marker}/${SIMILAR_CANDIDATES}`;

/**
 * Counts a document's similar documents and keeps them in the catalog under `marker` (the archive's change marker,
 * read before counting), unless a list is kept there under it already, without holding them in memory: what
 * {@link SimilarDocuments.of} makes on a first visit, made ahead of it. Whether they were counted.
 */
export async function keepSimilar(parts: PageParts, marker: string, documentId: string): Promise<boolean> {
  const key = similarKey(marker);
  if ((await parts.get(documentId, PART, key)) !== undefined) return false;
  parts.put(documentId, PART, key, JSON.stringify(await parts.backend.store.similarDocuments(documentId, SIMILAR_CANDIDATES)));
  return true;
}
