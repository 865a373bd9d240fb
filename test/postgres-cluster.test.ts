/**
 * The test cluster itself: it starts on loopback, a replica made with
 * `pg_basebackup -R` follows the primary, and both leave nothing behind.
 * @module
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, replicaOf, startCluster, type PostgresCluster } from './postgres-cluster.js';

describe.skipIf(!postgresAvailable())('throwaway PostgreSQL cluster', () => {
  let primary: PostgresCluster;
  let replica: PostgresCluster | undefined;
  beforeAll(async () => {
    primary = await startCluster();
  });
  afterAll(async () => {
    await replica?.destroy();
    await primary?.destroy();
  });

  it('listens on loopback with a byte-order-blind default collation, and makes fresh databases', async () => {
    const [row] = await primary.query<{ addr: string; provider: string }>(
      `select inet_server_addr()::text as addr, datlocprovider as provider from pg_database where datname = current_database()`,
    );
    expect(row).toEqual({ addr: '127.0.0.1/32', provider: 'i' });
    const url = await primary.createDatabase();
    const [sorted] = await primary.query<{ first: string }>(`select min(x) as first from (values ('B'), ('a')) v(x)`, [], new URL(url).pathname.slice(1));
    // ICU puts lower case first; byte order (SQLite's) would put 'B' first.
    expect(sorted!.first).toBe('a');
  });

  it('makes a streaming replica that receives what the primary writes and refuses writes itself', async () => {
    replica = await replicaOf(primary);
    expect(replica.port).not.toBe(primary.port);
    expect((await replica.query<{ r: boolean }>('select pg_is_in_recovery() as r'))[0]!.r).toBe(true);
    await primary.query('create table replicated (id int primary key, note text)');
    await primary.query(`insert into replicated values (1, 'from the primary')`);
    let rows: { note: string }[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      rows = await replica.query<{ note: string }>('select note from replicated where id = 1').catch(() => []);
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toEqual([{ note: 'from the primary' }]);
    await expect(replica.query(`insert into replicated values (2, 'x')`)).rejects.toThrow(/read-only/);
  });

  it('removes its folder when destroyed', async () => {
    const other = await startCluster();
    expect(existsSync(other.dataDir)).toBe(true);
    await other.destroy();
    expect(existsSync(other.dataDir)).toBe(false);
  });
});
