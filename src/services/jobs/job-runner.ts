/**
 * Runs queued jobs: claims one at a time, keeps its lease alive while the
 * job works (a worker that dies stops extending it, and the job is claimed
 * again once it runs out), validates the payload, runs the kind, then marks
 * the job done or records the failure (retried later with a growing delay,
 * or failed for good when no retry can mend it). `dossier worker` runs one
 * of these until it is stopped; on SQLite `dossier serve` runs one in
 * process, so the single-server archive needs no second program. Stopping
 * lets the job in hand finish.
 * @module
 */
import { hostname } from 'node:os';
import { LeaseLostError, type JobRow, type Lease } from '../../backends/job-queue.js';
import { DossierError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Archive } from '../archive.js';
import { periodKey, type JobContext, type JobKind } from './job-kind.js';

export interface JobRunnerOptions {
  /** Who this runner is in the queue (default host:pid). */
  worker?: string;
  /** How long a claimed job stays this runner's without a sign of life (default 60 s). */
  leaseMs?: number;
  /** How often an idle runner looks for work (default 1 s). */
  pollMs?: number;
  /** Only these kinds (default: every kind given). */
  only?: readonly string[];
  log?: (line: string) => void;
  now?: () => Date;
}

/** Failures no retry mends: the job's input is wrong, or what it works on is gone. */
const PERMANENT = [ValidationError, NotFoundError];
/** Finished jobs are kept this long (their keys hold, their outcome can be read), then pruned. */
const KEEP_FINISHED_MS = 7 * 24 * 3600_000;

export class JobRunner {
  readonly #archive: Archive;
  readonly #kinds: Map<string, JobKind<any>>;
  readonly #worker: string;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #log: (line: string) => void;
  readonly #now: () => Date;
  #loop: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #pruned = 0;
  #queuedKeys = new Map<string, string>();
  #failing: string | undefined;
  #failures = 0;

  constructor(archive: Archive, kinds: readonly JobKind<any>[], options: JobRunnerOptions = {}) {
    this.#archive = archive;
    this.#kinds = new Map(kinds.filter((k) => !options.only || options.only.includes(k.kind)).map((k) => [k.kind, k]));
    this.#worker = options.worker ?? `${hostname()}:${process.pid}`;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#pollMs = options.pollMs ?? 1000;
    this.#log = options.log ?? (() => {});
    this.#now = options.now ?? (() => new Date());
  }

  get worker(): string {
    return this.#worker;
  }

  /** Runs jobs until {@link stop}. */
  start(): void {
    this.#stopping = false;
    this.#loop ??= this.#run().finally(() => (this.#loop = undefined));
  }

  /** Stops taking jobs; resolves once the job in hand (if any) has finished. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
  }

  /** Looks for work now rather than at the next poll (after queueing a job in this process). */
  nudge(): void {
    this.#wake?.();
  }

  /** Claims and runs one job (only `id` when given); the job as it ended, or undefined when there was none to claim. */
  async runOnce(id?: string): Promise<JobRow | undefined> {
    const jobs = this.#archive.backend.jobs;
    const lease = await jobs.claim({ worker: this.#worker, now: this.#iso(), leaseMs: this.#leaseMs, kinds: [...this.#kinds.keys()], id });
    if (!lease) return undefined;
    await this.#execute(lease);
    return jobs.get(lease.job.id);
  }

  /**
   * Runs job `id` now, in this process, and throws what it threw: a request
   * that queued a job and waits for it (an upload on the single server) shows
   * its refusal as it always has.
   */
  async runNow(id: string): Promise<void> {
    const lease = await this.#archive.backend.jobs.claim({ worker: this.#worker, now: this.#iso(), leaseMs: this.#leaseMs, kinds: [...this.#kinds.keys()], id });
    if (!lease) throw new DossierError(`job ${id} is not waiting to run (another process has it)`);
    const error = await this.#execute(lease);
    if (error !== undefined) throw error;
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let ran: JobRow | undefined;
      try {
        await this.#queueRecurring();
        ran = await this.runOnce();
        this.#failing = undefined;
        this.#failures = 0;
      } catch (error) {
        // The database is unreachable, or the archive read-only: say so once, wait longer each time (up to a
        // minute), try again; the runner outlives an outage.
        const message = (error as Error).message;
        if (message !== this.#failing) this.#log(`jobs: ${message}`);
        this.#failing = message;
        this.#failures++;
      }
      if (!ran && !this.#stopping) await this.#sleep(Math.min(60_000, this.#pollMs * 2 ** this.#failures));
    }
  }

  async #queueRecurring(): Promise<void> {
    const now = this.#now();
    for (const kind of this.#kinds.values()) {
      if (!kind.everyMs) continue;
      const key = periodKey(kind, now);
      if (this.#queuedKeys.get(kind.kind) === key) continue;
      if (!kind.due || (await kind.due(this.#archive, now))) await this.#archive.backend.jobs.enqueue({ kind: kind.kind, key, maxAttempts: kind.maxAttempts }, now.toISOString());
      this.#queuedKeys.set(kind.kind, key);
    }
    if (now.getTime() - this.#pruned > 3600_000) {
      this.#pruned = now.getTime();
      await this.#archive.backend.jobs.prune(new Date(now.getTime() - KEEP_FINISHED_MS).toISOString());
    }
  }

  /** Runs a claimed job to its end; what it threw, if anything. */
  async #execute(lease: Lease): Promise<unknown> {
    const { job } = lease;
    const jobs = this.#archive.backend.jobs;
    const started = performance.now();
    this.#log(`job ${job.id} ${job.kind}: started (attempt ${job.attempts} of ${job.maxAttempts}) by ${this.#worker}`);
    let completed = false;
    const context: JobContext = {
      id: job.id,
      attempt: job.attempts,
      completeIn: async (tx) => {
        if (!(await tx.jobs.complete(lease, this.#iso()))) throw new LeaseLostError(job.id);
        completed = true;
      },
    };
    // A sign of life three times per lease, so one missed beat (a busy database) does not lose it.
    const heartbeat = setInterval(() => void jobs.extend(lease, this.#iso(), this.#leaseMs).catch(() => {}), this.#leaseMs / 3);
    try {
      const kind = this.#kinds.get(job.kind)!;
      const payload = kind.payload.safeParse(job.payload);
      if (!payload.success) throw new ValidationError(payload.error.issues.map((i) => ({ path: i.path.join('.') || 'payload', message: i.message })), `job ${job.kind} has a payload it cannot use`);
      await kind.run(this.#archive, payload.data, context);
      if (!completed && !(await jobs.complete(lease, this.#iso()))) throw new LeaseLostError(job.id);
      this.#log(`job ${job.id} ${job.kind}: done in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.#log(`job ${job.id} ${job.kind}: ${error.message}`);
        return error;
      }
      const permanent = PERMANENT.some((type) => error instanceof type);
      const message = error instanceof ValidationError ? `${error.message}: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` : error instanceof DossierError ? error.message : String((error as Error)?.stack ?? error);
      const retryAt = permanent ? null : new Date(this.#now().getTime() + retryDelayMs(job.attempts)).toISOString();
      const outcome = await jobs.fail(lease, this.#iso(), message, retryAt);
      this.#log(`job ${job.id} ${job.kind}: failed (${outcome === 'queued' ? `runs again at ${retryAt}` : outcome === 'failed' ? 'for good' : 'lease lost'}): ${message.split('\n')[0]}`);
      return error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  #iso(): string {
    return this.#now().toISOString();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }
}

/** 30 s, 2 min, 8 min…: a failure that outlasts a blip (a full disk, an outage) is not hammered. */
function retryDelayMs(attempt: number): number {
  return 30_000 * 4 ** Math.max(0, attempt - 1);
}
