/**
 * The search index's change marker (`search_state.generation`) as a web
 * process keeps it between its change notices. Reading it was one of a
 * search's two round trips for a rare word, and the only one for a query
 * whose postings are cached; with the process's notices (change-notices.ts)
 * the generation read is kept instead, until a notice announces a newer
 * one, the listening connection drops or reopens, this process commits, or
 * `checkEveryMs` passes. That is the guarantee the page cache gives
 * (web/marker-poll.ts): another process's commit is seen as soon as its
 * notice arrives, within `checkEveryMs` if it is lost. The caller reads it
 * afresh inside a transaction and for an editor's request (`fresh`).
 *
 * A busy process would still wait for the marker once every `checkEveryMs`;
 * instead, a search that finds the kept value past half that age uses it
 * (it is still vouched for) and reads it again beside, so the next
 * searches find it renewed. Only a process searched less often than that
 * waits for the read; what is trusted, and for how long, is unchanged.
 * @module
 */
import type { ChangeNotices, Notice } from './change-notices.js';
import { SEARCH_CHANNEL } from './segment-tables.js';

export class KeptMarker {
  #watching = false;
  /** The generation last read, trusted while the notices say nothing newer. */
  #known: { generation: number; at: number } | undefined;
  /** The newest generation a notice announced. */
  #announced = -1;
  /** Moves whenever what was read may be out of date: a read that began before it is not kept. */
  #resets = 0;
  /** Whether a renewal runs beside the searches. */
  #renewing = false;

  constructor(
    private readonly read: () => Promise<number>,
    private readonly notices: ChangeNotices | undefined,
    private readonly checkEveryMs: number,
  ) {}

  /** Call after this process committed a transaction: its next search reads the marker, whatever the notices said. */
  committed(): void {
    this.#known = undefined;
    this.#resets++;
  }

  /** The generation: kept, unless `fresh` or nothing vouches for it; else read. */
  async get(fresh: boolean): Promise<number> {
    const notices = this.notices;
    if (notices && !this.#watching) {
      this.#watching = true;
      notices.watch((notice) => this.#heard(notice));
    }
    if (!fresh && this.#known && notices?.listening && Date.now() - this.#known.at < this.checkEveryMs) {
      // A notice already received but not yet read (a commit that returned a moment ago) is heard first.
      await pollOnce();
      if (this.#known) {
        if (Date.now() - this.#known.at >= this.checkEveryMs / 2) this.#renew();
        return this.#known.generation;
      }
    }
    return this.#readKept();
  }

  /** Reads the generation, kept unless something moved meanwhile; counted from when the read began, not when it answered. */
  async #readKept(): Promise<number> {
    const resets = this.#resets;
    const at = Date.now();
    const generation = await this.read();
    // A replica behind a notice's generation is read again next time, until it has caught up.
    if (resets === this.#resets && generation >= this.#announced) this.#known = { generation, at };
    return generation;
  }

  #renew(): void {
    if (this.#renewing) return;
    this.#renewing = true;
    // A failed renewal leaves the kept value to expire: the next search past its age reads it and meets the error.
    this.#readKept().catch(() => undefined).finally(() => (this.#renewing = false));
  }

  #heard(notice: Notice | undefined): void {
    if (!notice) {
      this.committed();
      return;
    }
    if (notice.channel !== SEARCH_CHANNEL) return;
    const generation = Number(notice.payload);
    if (generation > this.#announced) this.#announced = generation;
    if (this.#known && this.#known.generation < generation) this.#known = undefined;
  }
}

/** Lets the event loop poll for I/O once: setImmediate runs after the current poll phase, its second hop after the next. */
function pollOnce(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
