/**
 * Where a read goes when the archive has a streaming replica
 * (DATABASE_READ_URL): to the replica, unless this process wrote something
 * the replica has not replayed yet (then to the primary, so an editor sees
 * their own save at once), or the replica failed lately (then to the
 * primary for a while, and the failed read is answered by the primary).
 *
 * After each write this process commits, the primary's WAL position is
 * noted; until the replica's replay position reaches it, each read first
 * asks the replica where it stands (one small query), and the first answer
 * at or past it ends that. Without a replica every read goes to the primary
 * and nothing is asked. Another process's writes reach this one's readers
 * with the replica's lag, as on any replicated database — except inside
 * `onPrimary`, whose reads all go to the primary: the web processes run an
 * editor's requests there, so a save made through one process is seen by
 * the next request whichever process answers it.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';

/** After a replica error, reads go to the primary for this long before the replica is tried again. */
const REPLICA_PAUSE_MS = 5_000;

export class ReadRouting<DB> {
  #pendingLsn: string | undefined;
  #replicaDownUntil = 0;
  readonly #primaryOnly = new AsyncLocalStorage<true>();

  constructor(
    readonly primary: Kysely<DB>,
    readonly replica: Kysely<DB> | undefined,
  ) {}

  /** Call after this process committed a write: reads go to the primary until the replica has it. */
  async afterWrite(): Promise<void> {
    if (!this.replica) return;
    // The insert position, not the write position: with synchronous_commit off a commit may not be written yet.
    const { rows } = await sql<{ lsn: string }>`select pg_current_wal_insert_lsn()::text as lsn`.execute(this.primary);
    this.#pendingLsn = rows[0]!.lsn;
  }

  /** Whether the caller runs inside `onPrimary` (an editor's request, which must see every committed write at once). */
  get primaryOnly(): boolean {
    return this.#primaryOnly.getStore() === true;
  }

  /** Runs `fn` with every read it makes (and those of the calls it awaits) on the primary. */
  onPrimary<T>(fn: () => Promise<T>): Promise<T> {
    return this.#primaryOnly.run(true, fn);
  }

  /** Runs a read on the replica when it is current enough for this process, else (or if it fails) on the primary. */
  async read<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    const replica = await this.#usableReplica();
    if (!replica) return fn(this.primary);
    try {
      return await fn(replica);
    } catch {
      // Whatever went wrong there (a stopped replica, a conflict with recovery), the primary answers instead.
      this.#replicaDownUntil = Date.now() + REPLICA_PAUSE_MS;
      return fn(this.primary);
    }
  }

  async #usableReplica(): Promise<Kysely<DB> | undefined> {
    if (!this.replica || Date.now() < this.#replicaDownUntil || this.#primaryOnly.getStore()) return undefined;
    const lsn = this.#pendingLsn;
    if (lsn === undefined) return this.replica;
    try {
      const { rows } = await sql<{ caught: boolean | null }>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as caught`.execute(this.replica);
      if (!rows[0]?.caught) return undefined;
      if (this.#pendingLsn === lsn) this.#pendingLsn = undefined;
      return this.replica;
    } catch {
      this.#replicaDownUntil = Date.now() + REPLICA_PAUSE_MS;
      return undefined;
    }
  }
}
