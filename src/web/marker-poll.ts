/**
 * The archive's change marker as a web process polls it: read at most once
 * per `checkEveryMs`, concurrent callers sharing one read, a failed read
 * forgotten so the next caller tries again. The page cache and the
 * per-version memo (ArchiveVersion) both stand on it. Where the database
 * announces changes (PostgreSQL), a notice invalidates it at once; the
 * polling goes on, since a notice can be lost or arrive before a replica
 * has the change.
 * @module
 */
import type { ChangeMarker } from '../backends/store.js';

export class MarkerPoll {
  #marker: ChangeMarker | undefined;
  #checkedAt = 0;
  #pending: Promise<ChangeMarker> | undefined;

  /** `onRead` sees each fresh read with the marker it replaces, before callers get it. */
  constructor(
    private readonly read: () => Promise<ChangeMarker>,
    private readonly checkEveryMs: number,
    private readonly onRead?: (marker: ChangeMarker, previous: ChangeMarker | undefined) => void,
  ) {}

  /** Makes the next `get` read the marker afresh (the database announced a change). */
  invalidate(): void {
    this.#checkedAt = 0;
  }

  /** The marker, refreshed when older than `checkEveryMs`. */
  get(): Promise<ChangeMarker> {
    if (this.#marker && Date.now() - this.#checkedAt < this.checkEveryMs) return Promise.resolve(this.#marker);
    this.#pending ??= this.read().then(
      (m) => {
        this.onRead?.(m, this.#marker);
        this.#marker = m;
        this.#checkedAt = Date.now();
        this.#pending = undefined;
        return m;
      },
      (error: unknown) => {
        this.#pending = undefined;
        throw error;
      },
    );
    return this.#pending;
  }
}
