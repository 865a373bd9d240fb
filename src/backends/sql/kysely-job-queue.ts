/**
 * The JobQueue in Kysely, for every SQL dialect (table from migration
 * 0006b-jobs). A claim is one UPDATE of the row its sub-select picks, so
 * two claims never take the same job: on PostgreSQL the sub-select locks
 * the row `FOR UPDATE SKIP LOCKED`, so concurrent workers each pass over
 * rows another is claiming instead of queueing behind it; SQLite runs one
 * writing statement at a time and has no such clause. Every change after
 * the claim names the lease token, so it touches the job only while this
 * worker still holds it.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ClaimOptions, JobQuery, JobQueue, JobRow, JobStatus, Lease, NewJob } from '../job-queue.js';

interface JobsTable {
  id: string;
  kind: string;
  key: string | null;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  leased_until: string | null;
  lease_token: string | null;
  worker: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

// A Transaction is a Kysely; one type keeps the builders' overloads callable.
type Db = Kysely<{ jobs: JobsTable }>;

const DEFAULT_ATTEMPTS = 3;
/** A failure message is kept whole up to this length (a stack trace is not what an operator needs here). */
const ERROR_CHARS = 2000;

export class KyselyJobQueue implements JobQueue {
  readonly #db: Db;
  readonly #skipLocked: boolean;

  /** Takes the catalog's connection or transaction; `skipLocked` where the database has `FOR UPDATE SKIP LOCKED`. */
  constructor(db: Kysely<any> | Transaction<any>, options: { skipLocked: boolean }) {
    this.#db = db as Db;
    this.#skipLocked = options.skipLocked;
  }

  async enqueue(job: NewJob, now: string): Promise<{ id: string; queued: boolean }> {
    // Most keyed jobs are queued again and again (each period, each request finding the files old): a read
    // answers those without taking SQLite's write lock, which a long import may be holding.
    const kept = job.key === undefined ? undefined : await this.#db.selectFrom('jobs').select('id').where('key', '=', job.key).executeTakeFirst();
    if (kept) return { id: kept.id, queued: false };
    const id = randomUUID();
    const inserted = await this.#db
      .insertInto('jobs')
      .values({
        id,
        kind: job.kind,
        key: job.key ?? null,
        payload: JSON.stringify(job.payload ?? null),
        status: 'queued',
        attempts: 0,
        max_attempts: job.maxAttempts ?? DEFAULT_ATTEMPTS,
        run_at: job.runAt ?? now,
        created_at: now,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id, queued: true };
    const other = await this.#db.selectFrom('jobs').select('id').where('key', '=', job.key!).executeTakeFirstOrThrow();
    return { id: other.id, queued: false };
  }

  async claim(options: ClaimOptions): Promise<Lease | undefined> {
    const { now } = options;
    // An idle runner asks every second: a read first, so that asking writes nothing (on SQLite a write would
    // wait for the write lock a long import holds, stalling the process that serves pages).
    const claimable = (eb: any) => eb.or([eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('leased_until', '<', now)])]);
    const candidates = (q: any) =>
      q.where(claimable)
        .$if(options.kinds !== undefined, (q: any) => q.where('kind', 'in', options.kinds!.length > 0 ? [...options.kinds!] : ['']))
        .$if(options.id !== undefined, (q: any) => q.where('id', '=', options.id!));
    if (!(await candidates(this.#db.selectFrom('jobs').select('id')).limit(1).executeTakeFirst())) return undefined;
    // A job whose worker died on its last attempt is failed rather than run again.
    await this.#db
      .updateTable('jobs')
      .set({ status: 'failed', finished_at: now, lease_token: null, leased_until: null, last_error: sql<string>`'attempt ' || attempts || ': the worker ' || coalesce(worker, '?') || ' stopped before finishing the job (its lease ran out)'` })
      .where('status', '=', 'running')
      .where('leased_until', '<', now)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .execute();
    const token = randomUUID();
    const pick = candidates(this.#db.selectFrom('jobs').select('id'))
      .orderBy('run_at')
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .$if(this.#skipLocked, (q: any) => q.forUpdate().skipLocked());
    const row = await this.#db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        lease_token: token,
        leased_until: later(now, options.leaseMs),
        worker: options.worker,
        // Taken over from a worker that died: its attempt is recorded as the failure it was.
        last_error: sql<string>`case when status = 'running' then 'attempt ' || attempts || ': the worker ' || coalesce(worker, '?') || ' stopped before finishing the job (its lease ran out)' else last_error end`,
      }))
      .where('id', '=', pick)
      .where(claimable)
      .returningAll()
      .executeTakeFirst();
    return row ? { job: toJob(row), token } : undefined;
  }

  async extend(lease: Lease, now: string, leaseMs: number): Promise<boolean> {
    const r = await this.#held(lease).set({ leased_until: later(now, leaseMs) }).executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async complete(lease: Lease, now: string): Promise<boolean> {
    const r = await this.#held(lease).set({ status: 'done', finished_at: now, lease_token: null, leased_until: null }).executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async fail(lease: Lease, now: string, error: string, retryAt: string | null): Promise<'queued' | 'failed' | 'lost'> {
    const message = `attempt ${lease.job.attempts}: ${error}`.slice(0, ERROR_CHARS);
    // No retry: as if this were the last attempt.
    const retry = (eb: any) => (retryAt === null ? sql<boolean>`1 = 0` : eb('attempts', '<', eb.ref('max_attempts')));
    const row = await this.#held(lease)
      .set((eb) => ({
        status: eb.case().when(retry(eb)).then('queued').else('failed').end(),
        finished_at: eb.case().when(retry(eb)).then(sql<null>`null`).else(now).end(),
        run_at: eb.case().when(retry(eb)).then(retryAt ?? now).else(eb.ref('run_at')).end(),
        last_error: message,
        lease_token: null,
        leased_until: null,
      }))
      .returning('status')
      .executeTakeFirst();
    return row ? (row.status as 'queued' | 'failed') : 'lost';
  }

  async get(id: string): Promise<JobRow | undefined> {
    const row = await this.#db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toJob(row) : undefined;
  }

  async list(query: JobQuery = {}): Promise<JobRow[]> {
    const rows = await this.#db
      .selectFrom('jobs')
      .selectAll()
      .$if(query.status !== undefined, (q) => q.where('status', '=', query.status!))
      .$if(query.kind !== undefined, (q) => q.where('kind', '=', query.kind!))
      // LIKE's own wildcards in the prefix match more rows, never fewer, as the port allows.
      .$if(query.keyPrefix !== undefined, (q) => q.where('key', 'like', `${query.keyPrefix!}%`))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit ?? 100)
      .execute();
    return rows.map(toJob);
  }

  async prune(before: string): Promise<number> {
    const r = await this.#db.deleteFrom('jobs').where('status', 'in', ['done', 'failed']).where('finished_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** An update of the job while this lease holds it. */
  #held(lease: Lease) {
    return this.#db.updateTable('jobs').where('id', '=', lease.job.id).where('status', '=', 'running').where('lease_token', '=', lease.token);
  }
}

function later(now: string, ms: number): string {
  return new Date(Date.parse(now) + ms).toISOString();
}

function toJob(r: Selectable<JobsTable>): JobRow {
  return {
    id: r.id,
    kind: r.kind,
    key: r.key,
    payload: JSON.parse(r.payload) as unknown,
    status: r.status as JobStatus,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    runAt: r.run_at,
    leasedUntil: r.leased_until,
    worker: r.worker,
    lastError: r.last_error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
