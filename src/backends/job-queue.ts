/**
 * The job queue: work that should not run inside a request (a scan's
 * derivatives, scheduled publication, index merges, the bulk download
 * files), kept in the archive's database so that any process may run it and
 * a job's effect can commit in the same transaction as its completion.
 *
 * A claimed job is leased, not taken: the claim stamps a lease token and a
 * time the lease runs out, and the worker extends it while it works. A
 * worker that dies stops extending, so once the lease has run out the job is
 * claimed again by one worker (the claim is one statement: PostgreSQL's
 * `FOR UPDATE SKIP LOCKED` lets concurrent workers pass each other's rows;
 * SQLite has one writer at a time). Only the holder of the current lease may
 * complete or fail a job, so a worker that was thought dead and wakes up
 * cannot finish a job another is running, and when it completes inside the
 * transaction of its effect, that effect is rolled back with it.
 *
 * Times are ISO strings (UTC, millisecond precision) from the processes'
 * clocks, as everywhere else in the archive; leases are minutes against
 * clocks kept within a second by NTP.
 * @module
 */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** The kind of job that merges the search index's segments, queued by the write that makes a merge due (sql/engine-transaction.ts). */
export const MERGE_INDEX_JOB = 'merge-index';

export interface JobRow {
  id: string;
  kind: string;
  /** The idempotency key: a second job with the same key is not queued while this one is kept. */
  key: string | null;
  /** The job's input as queued (JSON), validated by the job's own schema when it runs. */
  payload: unknown;
  status: JobStatus;
  /** Claims so far, the one running included. */
  attempts: number;
  maxAttempts: number;
  /** Not claimed before this time. */
  runAt: string;
  /** While running: when the lease runs out unless extended. */
  leasedUntil: string | null;
  worker: string | null;
  /** The latest failure, with the attempt it ended (a worker that died included). */
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface NewJob {
  kind: string;
  payload?: unknown;
  key?: string;
  /** Default: at once. */
  runAt?: string;
  /** Default: 3. */
  maxAttempts?: number;
}

/** A claimed job and the token that proves this worker holds it. */
export interface Lease {
  job: JobRow;
  token: string;
}

export interface ClaimOptions {
  /** Who claims (shown in listings; e.g. `host:pid`). */
  worker: string;
  now: string;
  /** How long the lease lasts unless extended. */
  leaseMs: number;
  /** Only jobs of these kinds (default: any). */
  kinds?: readonly string[];
  /** Only this job (a process running a job it has just queued). */
  id?: string;
}

export interface JobQuery {
  status?: JobStatus;
  kind?: string;
  /** Jobs whose key starts with this (one document's uploads, say); may match more, never fewer. */
  keyPrefix?: string;
  limit?: number;
}

export interface JobQueue {
  /**
   * Queues a job, unless one with the same key is kept (queued, running or
   * finished and not yet pruned): then that one's id, and `queued` false.
   */
  enqueue(job: NewJob, now: string): Promise<{ id: string; queued: boolean }>;
  /**
   * Claims the job due first (by `runAt`, then age): a queued one, or a
   * running one whose lease ran out (its worker died), which counts as a new
   * attempt. A job whose lease ran out on its last attempt is failed instead.
   */
  claim(options: ClaimOptions): Promise<Lease | undefined>;
  /** Extends a lease still held; false when it was lost (ran out and claimed by another). */
  extend(lease: Lease, now: string, leaseMs: number): Promise<boolean>;
  /** Marks the job done; false when the lease was lost (nothing changed then). */
  complete(lease: Lease, now: string): Promise<boolean>;
  /**
   * Records a failure: the job is queued again at `retryAt` while attempts
   * remain, else (or when `retryAt` is null: a failure no retry mends, such
   * as an unreadable upload) failed for good. `lost` when the lease was lost.
   */
  fail(lease: Lease, now: string, error: string, retryAt: string | null): Promise<'queued' | 'failed' | 'lost'>;
  get(id: string): Promise<JobRow | undefined>;
  /** Newest first. */
  list(query?: JobQuery): Promise<JobRow[]>;
  /** Deletes finished jobs (done or failed) that finished before `before`; returns how many. */
  prune(before: string): Promise<number>;
}

/** Thrown inside a transaction whose job was claimed by another worker meanwhile: the transaction rolls back. */
export class LeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId}: the lease ran out and another worker has the job; nothing of this attempt was kept`);
    this.name = 'LeaseLostError';
  }
}
