/**
 * Telling every web process that the archive changed, on PostgreSQL: a
 * trigger on the rows the change marker is read from (the `sequences`
 * counters every catalog write raises, and `settings`) sends NOTIFY
 * `dossier_changes`, which PostgreSQL delivers when the writing transaction
 * commits — whichever process or command wrote, through whatever code path.
 * The search index's own notice (`dossier_search`, segment-tables.ts) is
 * heard too. A process listens on one connection of its own to the primary
 * (replicas deliver no notices) and re-reads its change marker at once
 * instead of at its next poll.
 *
 * The poll stays: a notice is a hint, not the marker. It arrives before a
 * replica has replayed the write (the re-read may still see the old
 * marker; the next poll catches up), and while the listening connection is
 * down and being reopened, notices are lost (each reopening counts as one).
 * @module
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { SEARCH_CHANNEL } from './segment-tables.js';

export const CHANGES_CHANNEL = 'dossier_changes';

/** What a listener hears: a notice, or nothing when the connection was (re)opened and anything may have changed meanwhile. */
export interface Notice {
  channel: string;
  payload: string;
}

/** Waits before reopening a lost listening connection: doubled per failure, up to 30 s. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;

/** Creates (or replaces) the trigger; safe to run from several processes at once. */
export async function installChangeNotices(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${CHANGES_CHANNEL}))`.execute(trx);
    await sql.raw(`create or replace function dossier_notify_change() returns trigger language plpgsql as $$
      begin perform pg_notify('${CHANGES_CHANNEL}', ''); return null; end $$`).execute(trx);
    for (const table of ['sequences', 'settings']) {
      await sql.raw(`create or replace trigger dossier_${table}_changed after insert or update or delete on ${table}
        for each statement execute function dossier_notify_change()`).execute(trx);
    }
  });
}

/**
 * One listening connection for any number of listeners, opened with the
 * first and reopened when lost; `close` ends it.
 */
export class ChangeNotices {
  readonly #listeners = new Set<(notice?: Notice) => void>();
  #client: pg.Client | undefined;
  #opening: Promise<void> | undefined;
  #retryMs = FIRST_RETRY_MS;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly url: string) {}

  /** Whether the connection is open and listening: while it is not, notices are being missed. */
  get listening(): boolean {
    return this.#client !== undefined;
  }

  /** Calls `listener` after each committed change by any process; returns how to stop. */
  watch(listener: (notice?: Notice) => void): () => void {
    this.#listeners.add(listener);
    if (!this.#client && !this.#opening && !this.#timer) this.#open();
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#opening?.catch(() => {});
    await this.#client?.end().catch(() => {});
    this.#client = undefined;
  }

  #notify(notice?: Notice): void {
    for (const listener of this.#listeners) listener(notice);
  }

  #open(): void {
    const client = new pg.Client({ connectionString: this.url });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.#client === client) this.#client = undefined;
      client.end().catch(() => {});
      if (this.#closed) return;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#open();
      }, this.#retryMs);
      this.#timer.unref();
      this.#retryMs = Math.min(MAX_RETRY_MS, this.#retryMs * 2);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => this.#notify({ channel: message.channel, payload: message.payload ?? '' }));
    this.#opening = (async () => {
      await client.connect();
      await client.query(`listen ${CHANGES_CHANNEL}`);
      await client.query(`listen ${SEARCH_CHANNEL}`);
      if (this.#closed) return void (await client.end());
      this.#client = client;
      this.#retryMs = FIRST_RETRY_MS;
      // Whatever was committed while no connection listened is found by reading the marker again.
      this.#notify();
    })().catch(onLost).finally(() => (this.#opening = undefined));
  }
}
