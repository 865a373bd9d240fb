/**
 * The archive's version as the web process sees it: the Store's change
 * marker, read at most once per `checkEveryMs` (concurrent callers share one
 * read), and values derived from the archive that every page needs — the
 * site's name, the collection list with its counts — kept until the marker
 * changes. Without it each page asked SQL for them on every request; now a
 * page rendered afresh costs only its own queries. The staleness bound is the
 * page cache's: an import by another process shows within `checkEveryMs`.
 * @module
 */
import type { ChangeMarker } from '../backends/store.js';
import { MarkerPoll } from './marker-poll.js';

export class ArchiveVersion {
  readonly #poll: MarkerPoll;
  readonly #memo = new Map<string, { marker: string; value: Promise<unknown> }>();

  constructor(readMarker: () => Promise<ChangeMarker>, checkEveryMs = 1000) {
    this.#poll = new MarkerPoll(readMarker, checkEveryMs);
  }

  /** Re-read the marker at the next request (another process changed the archive). */
  invalidate(): void {
    this.#poll.invalidate();
  }

  /** The archive's marker, refreshed when older than `checkEveryMs`. */
  marker(): Promise<ChangeMarker> {
    return this.#poll.get();
  }

  /** `load()`'s value for the current version of the archive: loaded once per version, shared by concurrent callers. */
  async memo<T>(name: string, load: () => Promise<T>): Promise<T> {
    const { marker } = await this.marker();
    const held = this.#memo.get(name);
    if (held?.marker === marker) return held.value as Promise<T>;
    const value = load();
    this.#memo.set(name, { marker, value });
    // A failed load is not kept: the next request tries again.
    value.catch(() => this.#memo.get(name)?.value === value && this.#memo.delete(name));
    return value;
  }
}
