/**
 * Change notices on PostgreSQL: a commit of any catalog write — a document,
 * a setting, from another Backend as from another process — reaches a
 * listener; a rolled-back write sends none; a listening connection the
 * server drops is reopened, the reopening counting as a notice, and notices
 * flow again.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import type { Backend } from '../backend.js';
import { makeDocument } from '../store.contract.js';
import { openPostgresBackend } from './postgres-backend.js';

describe.skipIf(!postgresAvailable())('change notices', () => {
  let cluster: PostgresCluster;
  let writer: Backend;
  let reader: Backend;
  let db: string;
  beforeAll(async () => {
    cluster = await startCluster();
    const url = await cluster.createDatabase();
    db = new URL(url).pathname.slice(1);
    writer = await openPostgresBackend(url);
    reader = await openPostgresBackend(url);
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await cluster?.destroy();
  });

  it('announces every committed write to another Backend, none for a rollback, and listens again after losing its connection', async () => {
    let heard = 0;
    let wake: (() => void) | undefined;
    reader.watchChanges!(() => {
      heard++;
      wake?.();
    });
    const next = (ms = 5_000) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve(true);
        };
      });
    expect(await next()).toBe(true); // listening (the opening counts as one)

    let notice = next();
    await writer.store.putDocument(makeDocument({ id: 'n-1', title: 'Memorandum' }), { actor: 'test' });
    expect(await notice).toBe(true);
    notice = next();
    await writer.store.putSetting('site.name', 'Notices');
    expect(await notice).toBe(true);

    notice = next(500);
    await writer.transaction(async (tx) => {
      await tx.store.putDocument(makeDocument({ id: 'n-2', title: 'Never committed' }), { actor: 'test' });
      throw new Error('rolled back');
    }).catch(() => {});
    expect(await notice).toBe(false);

    const before = heard;
    notice = next();
    const ended = await cluster.query(`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and query like 'listen%'`, [db]);
    expect(ended.length).toBeGreaterThan(0);
    expect(await notice).toBe(true); // reopened: a change may have been missed, so listeners re-read
    expect(heard).toBe(before + 1);
    notice = next();
    await writer.store.putDocument(makeDocument({ id: 'n-3', title: 'After the reconnection' }), { actor: 'test' });
    expect(await notice).toBe(true);
  });
});
