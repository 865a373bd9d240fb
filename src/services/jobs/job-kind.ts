/**
 * What a kind of job is: its name, the schema its payload must pass (a
 * payload is read back from the database, so it is checked at that edge
 * like any other input), how to run it, and, for work that recurs
 * (scheduled publication, index compaction), how often. Each kind lives in
 * a file of its own beside this one; the runner (job-runner.ts) knows none
 * of them.
 * @module
 */
import type { z } from 'zod';
import type { TransactionScope } from '../../backends/backend.js';
import type { Archive } from '../archive.js';

/** The job being run, as its kind sees it. */
export interface JobContext {
  readonly id: string;
  /** 1 on the first run; more when an earlier one failed or its worker died. */
  readonly attempt: number;
  /**
   * Completes the job inside `tx`, the transaction that commits its effect,
   * so that the effect and the job's completion land together or not at
   * all. Throws LeaseLostError (rolling `tx` back) when the lease ran out
   * and another worker has the job. A kind that never calls it is completed
   * when it returns, and must then be safe to run twice.
   */
  completeIn(tx: TransactionScope): Promise<void>;
}

export interface JobKind<P = unknown> {
  readonly kind: string;
  readonly payload: z.ZodType<P>;
  /** Runs in all, the first included (default 3). */
  readonly maxAttempts?: number;
  /** Recurring work: every runner queues one job per period, keyed by the period, so it runs once whoever queues it. */
  readonly everyMs?: number;
  /** For a recurring kind: whether there is anything to do (a read), so a period with nothing due queues nothing. */
  due?(archive: Archive, now: Date): Promise<boolean>;
  run(archive: Archive, payload: P, job: JobContext): Promise<void>;
}

/** A kind, with its payload type inferred from its schema. */
export function defineJob<P>(kind: JobKind<P>): JobKind<P> {
  return kind;
}

/** The idempotency key of a recurring kind's job for the period holding `now`. */
export function periodKey(kind: JobKind<any>, now: Date): string {
  return `${kind.kind}@${Math.floor(now.getTime() / kind.everyMs!)}`;
}
