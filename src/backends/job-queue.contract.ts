/**
 * The behaviour every JobQueue must have, written once: idempotency keys,
 * claims in due order and never twice, leases that run out when a worker
 * dies (the job then runs again, and a stale lease changes nothing),
 * failures retried and then kept with their error, completion that commits
 * or rolls back with the transaction it is part of, and pruning. Each
 * database's test file runs it with a fresh archive per test.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import type { JobQueue } from './job-queue.js';

const T = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second)).toISOString();
const LEASE = 10_000;

export function runJobQueueContract(name: string, open: () => Promise<Backend>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let backend: Backend;
    let jobs: JobQueue;
    beforeEach(async () => {
      backend = await open();
      jobs = backend.jobs;
    });
    afterEach(async () => {
      await backend.close();
    });
    const claim = (second: number, extra: { kinds?: string[]; id?: string; worker?: string } = {}) => jobs.claim({ worker: extra.worker ?? 'w1', now: T(second), leaseMs: LEASE, ...extra });

    it('queues a job once per idempotency key, keeping its payload', async () => {
      const first = await jobs.enqueue({ kind: 'bulk-files', key: 'bulk:7', payload: { marker: '7', nested: ['a', 1] } }, T(0));
      const again = await jobs.enqueue({ kind: 'bulk-files', key: 'bulk:7', payload: { marker: 'other' } }, T(1));
      expect(first.queued).toBe(true);
      expect(again).toEqual({ id: first.id, queued: false });
      const job = await jobs.get(first.id);
      expect(job).toMatchObject({ kind: 'bulk-files', key: 'bulk:7', payload: { marker: '7', nested: ['a', 1] }, status: 'queued', attempts: 0, maxAttempts: 3, runAt: T(0), createdAt: T(0) });
      // Without a key every job is its own.
      const a = await jobs.enqueue({ kind: 'merge' }, T(2));
      const b = await jobs.enqueue({ kind: 'merge' }, T(2));
      expect(a.id).not.toBe(b.id);
      expect((await jobs.list()).length).toBe(3);
      expect((await jobs.list({ keyPrefix: 'bulk:' })).map((j) => j.id)).toEqual([first.id]);
      expect(await jobs.list({ keyPrefix: 'bulk:8' })).toEqual([]);
    });

    it('claims the job due first, not before its time, and only of the kinds asked for', async () => {
      const late = await jobs.enqueue({ kind: 'publish', runAt: T(30) }, T(0));
      const second = await jobs.enqueue({ kind: 'merge', runAt: T(5) }, T(0));
      const first = await jobs.enqueue({ kind: 'bulk-files', runAt: T(2) }, T(1));
      expect(await claim(1)).toBeUndefined();
      expect((await claim(10, { kinds: ['publish'] }))).toBeUndefined();
      const lease = await claim(10);
      expect(lease?.job).toMatchObject({ id: first.id, status: 'running', attempts: 1, worker: 'w1', leasedUntil: T(20) });
      expect((await claim(10, { id: late.id }))).toBeUndefined();
      expect((await claim(10))?.job.id).toBe(second.id);
      expect(await claim(10)).toBeUndefined();
      expect((await claim(30, { kinds: ['publish'] }))?.job.id).toBe(late.id);
    });

    it('never hands one job to two claims made at once', async () => {
      const ids = [];
      for (let i = 0; i < 6; i++) ids.push((await jobs.enqueue({ kind: 'merge', payload: i }, T(0))).id);
      const leases = await Promise.all(Array.from({ length: 10 }, (_, i) => claim(1, { worker: `w${i}` })));
      const claimed = leases.filter((l) => l !== undefined).map((l) => l.job.id);
      expect(claimed.sort()).toEqual([...ids].sort());
    });

    it('gives a job whose lease ran out to the next claim, once, and the old lease then changes nothing', async () => {
      const { id } = await jobs.enqueue({ kind: 'scan-derivatives' }, T(0));
      const dead = (await claim(0, { worker: 'dead' }))!;
      expect(await claim(5)).toBeUndefined();
      expect(await jobs.extend(dead, T(5), LEASE)).toBe(true); // alive until 15 s
      expect(await claim(12)).toBeUndefined();
      const next = (await claim(16, { worker: 'next' }))!;
      expect(next.job).toMatchObject({ id, attempts: 2, worker: 'next', lastError: 'attempt 1: the worker dead stopped before finishing the job (its lease ran out)' });
      expect(next.token).not.toBe(dead.token);
      expect(await claim(17)).toBeUndefined();
      expect(await jobs.extend(dead, T(17), LEASE)).toBe(false);
      expect(await jobs.complete(dead, T(17))).toBe(false);
      expect(await jobs.fail(dead, T(17), 'late', T(18))).toBe('lost');
      expect((await jobs.get(id))?.status).toBe('running');
      expect(await jobs.complete(next, T(18))).toBe(true);
      expect(await jobs.get(id)).toMatchObject({ status: 'done', finishedAt: T(18), leasedUntil: null, attempts: 2 });
      expect(await claim(60)).toBeUndefined();
    });

    it('fails a job for good when its lease runs out on the last attempt', async () => {
      const { id } = await jobs.enqueue({ kind: 'merge', maxAttempts: 1 }, T(0));
      await claim(0);
      expect(await claim(11)).toBeUndefined();
      const job = await jobs.get(id);
      expect(job).toMatchObject({ status: 'failed', attempts: 1, finishedAt: T(11) });
      expect(job?.lastError).toMatch(/lease ran out/);
    });

    it('retries a failed job at the time given while attempts remain, then keeps it failed with its error', async () => {
      const { id } = await jobs.enqueue({ kind: 'bulk-files', maxAttempts: 2 }, T(0));
      const one = (await claim(0))!;
      expect(await jobs.fail(one, T(1), 'disk full', T(20))).toBe('queued');
      expect(await jobs.get(id)).toMatchObject({ status: 'queued', runAt: T(20), lastError: 'attempt 1: disk full', finishedAt: null });
      expect(await claim(19)).toBeUndefined();
      const two = (await claim(20))!;
      expect(two.job.attempts).toBe(2);
      expect(await jobs.fail(two, T(21), 'disk still full', T(40))).toBe('failed');
      expect(await jobs.get(id)).toMatchObject({ status: 'failed', lastError: 'attempt 2: disk still full', finishedAt: T(21) });
      expect(await claim(50)).toBeUndefined();
      const hopeless = await jobs.enqueue({ kind: 'scan-derivatives' }, T(60));
      expect(await jobs.fail((await claim(60))!, T(61), 'the file is not an image', null)).toBe('failed');
      expect(await jobs.get(hopeless.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'attempt 1: the file is not an image' });
      expect((await jobs.list({ status: 'failed', kind: 'bulk-files' })).map((j) => j.id)).toEqual([id]);
      expect(await jobs.list({ status: 'failed', kind: 'merge' })).toEqual([]);
    });

    it('completes a job with the transaction of its effect: both land, or neither', async () => {
      const { id } = await jobs.enqueue({ kind: 'publish' }, T(0));
      const lease = (await claim(0))!;
      await expect(
        backend.transaction(async (tx) => {
          await tx.store.putSetting('effect', 'once');
          expect(await tx.jobs.complete(lease, T(1))).toBe(true);
          throw new Error('the effect failed half-way');
        }),
      ).rejects.toThrow(/half-way/);
      expect((await jobs.get(id))?.status).toBe('running');
      expect(await backend.store.getSetting('effect')).toBeUndefined();
      await backend.transaction(async (tx) => {
        await tx.store.putSetting('effect', 'once');
        await tx.jobs.complete(lease, T(2));
      });
      expect((await jobs.get(id))?.status).toBe('done');
      expect(await backend.store.getSetting('effect')).toBe('once');
    });

    it('prunes finished jobs older than the time given, after which their key may be used again', async () => {
      const old = await jobs.enqueue({ kind: 'bulk-files', key: 'bulk:1' }, T(0));
      await jobs.complete((await claim(0))!, T(1));
      const recent = await jobs.enqueue({ kind: 'bulk-files', key: 'bulk:2' }, T(2));
      await jobs.complete((await claim(2))!, T(30));
      const waiting = await jobs.enqueue({ kind: 'merge' }, T(3));
      expect(await jobs.prune(T(10))).toBe(1);
      expect(await jobs.get(old.id)).toBeUndefined();
      expect(await jobs.get(recent.id)).toBeDefined();
      expect(await jobs.get(waiting.id)).toBeDefined();
      expect((await jobs.enqueue({ kind: 'bulk-files', key: 'bulk:1' }, T(40))).queued).toBe(true);
    });
  });
}
