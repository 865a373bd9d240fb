/**
 * The pool Kysely's PostgresDialect is given on PostgreSQL: the `pg` pool,
 * wrapped so that a transaction begun through {@link TransactionClients.transaction}
 * can reach the `pg` client it runs on. Kysely hands a transaction its
 * connection but never the client behind it, and COPY (copy-rows.ts) is a
 * protocol of the client's own: it must run on the transaction's client,
 * or it would commit apart from the rest of the transaction.
 *
 * The client is known only while the transaction's callback runs, so a
 * COPY outside one fails with an error saying so, never on another
 * connection of the pool.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, PostgresPool, Transaction } from 'kysely';
import type pg from 'pg';

/** A transaction's own `pg` client, lent for the statements Kysely cannot send (COPY). */
export interface TransactionClient {
  readonly client: pg.PoolClient;
}

export class NoTransactionError extends Error {
  override name = 'NoTransactionError';
}

export class TransactionClients implements PostgresPool {
  readonly #pool: pg.Pool;
  /** Set while a transaction of ours acquires its connection: the first client the pool hands out in it is the transaction's. */
  readonly #opening = new AsyncLocalStorage<{ client?: pg.PoolClient }>();
  readonly #clients = new WeakMap<Transaction<any>, TransactionClient>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async connect(): Promise<pg.PoolClient> {
    const client = await this.#pool.connect();
    const opening = this.#opening.getStore();
    if (opening && !opening.client) opening.client = client;
    return client;
  }

  end(): Promise<void> {
    return this.#pool.end();
  }

  /** `db.transaction().execute(fn)`, with the transaction's client known to {@link clientOf} while `fn` runs. */
  transaction<T>(db: Kysely<any>, fn: (trx: Transaction<any>) => Promise<T>): Promise<T> {
    const opening: { client?: pg.PoolClient } = {};
    return this.#opening.run(opening, () =>
      db.transaction().execute(async (trx) => {
        if (!opening.client) throw new Error('a PostgreSQL transaction began on a connection that did not come from its pool');
        this.#clients.set(trx, { client: opening.client });
        try {
          // Connections `fn` takes from the pool for reads of its own are not the transaction's.
          return await this.#opening.exit(() => fn(trx));
        } finally {
          this.#clients.delete(trx);
        }
      }),
    );
  }

  /** The client `trx` runs on; throws when `trx` is not a transaction begun by {@link transaction}, or has ended. */
  clientOf(trx: Kysely<any> | Transaction<any>, purpose: string): TransactionClient {
    const lent = trx.isTransaction ? this.#clients.get(trx as Transaction<any>) : undefined;
    if (!lent) throw new NoTransactionError(`${purpose} runs only inside a Backend transaction on PostgreSQL (on the transaction's own connection, so it commits or rolls back with it); it was called outside one`);
    return lent;
  }
}
