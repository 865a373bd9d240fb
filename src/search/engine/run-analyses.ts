/**
 * The analyses of a write's runs of documents, spread over both cores. The
 * helper thread is kept a few runs ahead of the writer; when the writer
 * reaches a run the thread has not finished, it analyzes the next run not
 * yet handed out itself instead of waiting (analyzeHere), so neither core
 * idles while there is analysis left. Runs are taken in order whoever
 * analyzed them: results do not depend on the split (addChunk maps each
 * numbering's terms). Left-over or failed analyses are dropped with the
 * write: every promise has a handler, so none goes unhandled.
 * @module
 */
import type { FieldText } from '../index-fields.js';
import { analyzeHere, analyzeInThread, releaseHere, type ThreadChunk } from './analysis-worker.js';

/**
 * Runs queued in the thread: enough that it does not run dry while the writer analyzes a run and writes one
 * (uneven runs, CJK or long documents, included), few enough that a short write (a reindex's 500 documents,
 * four runs) still leaves the writer a run to analyze instead of waiting for all four.
 */
const THREAD_AHEAD = 3;
/** Runs analyzed beyond the one the writer is at, at most (their chunks wait in memory, some hundreds of KB each). */
const MAX_AHEAD = 12;

type Outcome = { ok: true; value: ThreadChunk } | { ok: false; error: unknown };

export class RunAnalyses {
  readonly #results: (Promise<ThreadChunk> | undefined)[] = [];
  readonly #done: (Outcome | undefined)[] = [];
  /** Runs handed out so far (to the thread or analyzed here). */
  #sent = 0;
  /** Thread runs not finished yet. */
  #inThread = 0;
  /** Runs analyzed in this thread, while it would have waited. */
  analyzedHere = 0;

  constructor(
    private readonly runs: number,
    private readonly fields: (run: number) => (readonly FieldText[])[],
  ) {}

  /** Called once the write has taken its runs (or failed): drops what this thread's analyzer kept, if it analyzed any. */
  release(): void {
    if (this.analyzedHere > 0) releaseHere();
  }

  /** Run `r`'s analysis (runs are taken in increasing order). */
  async take(r: number): Promise<ThreadChunk> {
    for (;;) {
      this.#feed(r);
      const done = this.#done[r];
      if (done) {
        this.#results[r] = undefined;
        this.#done[r] = undefined;
        if (done.ok) return done.value;
        throw done.error;
      }
      if (this.#sent < this.runs && this.#sent <= r + MAX_AHEAD && this.#results[r] !== undefined) {
        // Run r is still in the thread: analyze a later one here meanwhile, then let the thread's answers in.
        const k = this.#sent++;
        this.analyzedHere++;
        try {
          this.#done[k] = { ok: true, value: analyzeHere(this.fields(k)) };
        } catch (error) {
          this.#done[k] = { ok: false, error };
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      await this.#results[r]!.catch(() => undefined);
    }
  }

  /** Keeps the thread THREAD_AHEAD runs busy. */
  #feed(r: number): void {
    while (this.#sent < this.runs && this.#inThread < THREAD_AHEAD && this.#sent <= r + MAX_AHEAD) {
      const k = this.#sent++;
      this.#inThread++;
      const settle = (outcome: Outcome) => {
        this.#inThread--;
        this.#done[k] = outcome;
      };
      let fields: (readonly FieldText[])[];
      try {
        fields = this.fields(k);
      } catch (error) {
        settle({ ok: false, error });
        continue;
      }
      const result = analyzeInThread(fields);
      this.#results[k] = result;
      result.then(
        (value) => settle({ ok: true, value }),
        (error: unknown) => settle({ ok: false, error }),
      );
    }
  }
}
