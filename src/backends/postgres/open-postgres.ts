/**
 * Opens the archive's PostgreSQL database: a `pg` pool behind Kysely's
 * PostgresDialect, the same migrations as SQLite run under an advisory lock
 * (so several processes starting at once migrate it once), then every text
 * column put in byte order (byte-order.ts). A database that is not up yet
 * (a server still starting, a container not ready) is retried with backoff
 * for a bounded time, then reported as DatabaseUnavailableError naming the
 * database without its password; a refused login or a missing database is
 * reported at once, since waiting would not fix it. Kysely is given the pool
 * through TransactionClients, which lets a transaction reach its own client
 * (for COPY, copy-rows.ts).
 * @module
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { DossierError } from '../../domain/errors.js';
import { migrateCatalog } from '../sql/migrate-catalog.js';
import type { Database } from '../sql/schema.js';
import { useByteOrder } from './byte-order.js';
import { postgresUrlSchema, redactPostgresUrl } from './postgres-url.js';
import { TransactionClients } from './transaction-clients.js';

export class DatabaseUnavailableError extends DossierError {
  override name = 'DatabaseUnavailableError';
}

export interface PostgresHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  /** The pool as Kysely sees it: transactions begun through it can reach their client. */
  clients: TransactionClients;
  /** The URL without its password. */
  location: string;
}

export interface PostgresOptions {
  /** Connections in the pool (10 unless given). */
  poolSize?: number;
  /** Attempts to reach the database before giving up (6 unless given: about 8 s of waiting). */
  attempts?: number;
  /** The first wait between attempts, doubled after each (250 ms unless given). */
  backoffMs?: number;
  /** Skip migrating, for a read replica (which refuses writes). */
  readOnly?: boolean;
  /** Connect only when first used, without waiting for the server now (a replica that is down at start). */
  lazy?: boolean;
}

/** The pool behind each Kysely this module opened, for the few reads that run as named statements on it (segment-tables.ts). */
const pools = new WeakMap<Kysely<any>, pg.Pool>();

export function poolOf(db: Kysely<any>): pg.Pool | undefined {
  return pools.get(db);
}

/** One key for Dossier's own migration lock, apart from Kysely's. */
const MIGRATION_LOCK = 0x646f7373; // "doss"

/**
 * 64-bit integers (counts, change sequence numbers) come back as numbers, as
 * they do from SQLite; the archive's never approach 2^53. Set per pool, not
 * globally, so other users of `pg` in the process are untouched.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresHandle> {
  const parsed = postgresUrlSchema.safeParse(url);
  if (!parsed.success) throw new DossierError(`DATABASE_URL: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const location = redactPostgresUrl(parsed.data);
  const pool = new pg.Pool({ connectionString: parsed.data, max: options.poolSize ?? 10, types, connectionTimeoutMillis: 10_000 });
  // A connection the server drops (restart, failover, a terminated session) is an event, not a crash. Idle, the
  // pool reports it here and replaces it; in use, its query fails and the transaction's error reaches the caller,
  // but the client also emits 'error', which with no listener would end the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    if (!options.lazy) await waitForDatabase(pool, location, options);
    const clients = new TransactionClients(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: clients }) });
    pools.set(db, pool);
    if (!options.readOnly) await migrate(db, pool, location);
    return { db, pool, clients, location };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}

/** Connection failures worth waiting out: refused, reset, timed out, or the server starting, stopping or recovering. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P03', '57P01', '57P02', '53300'].includes(code)) return true;
  return /timeout|terminat|Connection terminated/i.test((error as Error).message ?? '');
}

async function waitForDatabase(pool: pg.Pool, location: string, options: PostgresOptions): Promise<void> {
  const attempts = options.attempts ?? 6;
  let wait = options.backoffMs ?? 250;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('select 1');
      return;
    } catch (error) {
      const reason = (error as Error).message || String((error as { code?: string }).code ?? error);
      if (!isTransient(error)) {
        throw new DatabaseUnavailableError(`PostgreSQL at ${location} refused the archive: ${reason}`, { cause: error });
      }
      if (attempt >= attempts) {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        throw new DatabaseUnavailableError(
          `PostgreSQL at ${location} is not reachable (${attempts} attempts over ${seconds} s): ${reason}`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait *= 2;
    }
  }
}

async function migrate(db: Kysely<Database>, pool: pg.Pool, location: string): Promise<void> {
  // A session lock on one connection of its own, held while the migrations and the collation step run on others.
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrateCatalog(db, location);
    await useByteOrder(db);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    lock.release();
  }
}

