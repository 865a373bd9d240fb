/**
 * The behaviour every EditorStore must have, written once: accounts,
 * sessions (touched, ended one by one or all, expired by age or idleness),
 * one-time reset links, sign-in failures counted per key, API tokens
 * (found only while live), the audit log (filtered by time, actor and
 * action prefix, newest first) and the publication schedule. Each
 * database's test file runs it with a fresh archive per test.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EditorStore } from './editor-store.js';

/** What the suite opens for each test: a fresh, empty store and a way to close it (a Backend is one). */
export interface OpenEditorStore {
  editors: EditorStore;
  close(): Promise<void>;
}

const T = (minute: number) => `2025-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
const user = (id: string, email = `${id}@example.org`) => ({ id, email, role: 'editor' as const, disabled: false, createdAt: T(0), updatedAt: T(0) });

export function runEditorStoreContract(name: string, open: () => Promise<OpenEditorStore>): void {
  describe(`EditorStore contract: ${name}`, () => {
    let opened: OpenEditorStore;
    let editors: EditorStore;
    beforeEach(async () => {
      opened = await open();
      editors = opened.editors;
    });
    afterEach(async () => {
      await opened.close();
    });

    it('keeps accounts, found by id and by email, and changes only what it is given', async () => {
      await editors.createUser(user('b'));
      await editors.createUser({ ...user('a'), passwordHash: 'hash' });
      await expect(editors.createUser(user('c', 'a@example.org'))).rejects.toThrow();
      expect((await editors.getUserByEmail('a@example.org'))?.id).toBe('a');
      await editors.updateUser('a', { role: 'admin', updatedAt: T(5) });
      expect(await editors.getUser('a')).toEqual({ ...user('a'), passwordHash: 'hash', role: 'admin', updatedAt: T(5) });
      await editors.updateUser('a', { disabled: true, updatedAt: T(6) });
      expect((await editors.getUser('a'))?.disabled).toBe(true);
      expect((await editors.listUsers()).map((u) => u.id).sort()).toEqual(['a', 'b']);
      expect(await editors.getUser('missing')).toBeUndefined();
    });

    it('keeps sessions until they are ended, expire or go idle', async () => {
      await editors.createUser(user('a'));
      const session = (idHash: string, createdAt: string, expiresAt: string) => ({ idHash, userId: 'a', csrfToken: `csrf-${idHash}`, createdAt, lastSeenAt: createdAt, expiresAt });
      await editors.createSession(session('s1', T(0), T(50)));
      await editors.createSession(session('s2', T(0), T(10)));
      await editors.createSession(session('s3', T(0), T(50)));
      await editors.touchSession('s1', T(20));
      expect((await editors.getSession('s1'))?.lastSeenAt).toBe(T(20));
      await editors.deleteExpiredSessions(T(30), T(15));
      expect(await editors.getSession('s1')).toBeDefined();
      expect(await editors.getSession('s2')).toBeUndefined(); // past its expiry
      expect(await editors.getSession('s3')).toBeUndefined(); // idle since before T(15)
      await editors.deleteSession('s1');
      expect(await editors.getSession('s1')).toBeUndefined();
      await editors.createSession(session('s4', T(0), T(50)));
      await editors.createSession(session('s5', T(0), T(50)));
      expect(await editors.deleteUserSessions('a')).toBe(2);
    });

    it('gives a reset link once, only before it expires, and only the latest of a user', async () => {
      await editors.createUser(user('a'));
      await editors.createReset('r1', 'a', T(10));
      await editors.createReset('r2', 'a', T(10));
      expect(await editors.takeReset('r1', T(1))).toBeUndefined();
      expect(await editors.takeReset('r2', T(1))).toBe('a');
      expect(await editors.takeReset('r2', T(1))).toBeUndefined();
      await editors.createReset('r3', 'a', T(10));
      expect(await editors.takeReset('r3', T(11))).toBeUndefined();
    });

    it('counts sign-in failures per key since a time, until cleared', async () => {
      await editors.addLoginFailure(['ip:1', 'email:a'], T(1));
      await editors.addLoginFailure(['ip:1'], T(5));
      expect(await editors.loginFailures('ip:1', T(0))).toEqual({ count: 2, earliest: T(1) });
      expect(await editors.loginFailures('ip:1', T(2))).toEqual({ count: 1, earliest: T(5) });
      expect((await editors.loginFailures('ip:2', T(0))).count).toBe(0);
      await editors.clearLoginFailures('ip:1');
      expect((await editors.loginFailures('ip:1', T(0))).count).toBe(0);
      expect((await editors.loginFailures('email:a', T(0))).count).toBe(1);
    });

    it('counts requests per key in fixed windows from the first request, a later window starting again, and forgets old windows', async () => {
      expect(await editors.countRequest('search:1', 1000, 60)).toEqual({ count: 1, started: 1000 });
      expect(await editors.countRequest('search:1', 1030, 60)).toEqual({ count: 2, started: 1000 });
      expect(await editors.countRequest('search:2', 1030, 60)).toEqual({ count: 1, started: 1030 });
      expect(await editors.countRequest('search:1', 990, 60)).toEqual({ count: 3, started: 1000 }); // a clock behind
      expect(await editors.countRequest('search:1', 1060, 60)).toEqual({ count: 1, started: 1060 });
      expect(await editors.countRequest('search:1', 1100, 60)).toEqual({ count: 2, started: 1060 });
      await editors.pruneRequestCounts(1060);
      expect(await editors.countRequest('search:2', 1070, 60)).toEqual({ count: 1, started: 1070 });
      expect(await editors.countRequest('search:1', 1110, 60)).toEqual({ count: 3, started: 1060 });
    });

    it('finds a token by its hash only while it is live', async () => {
      await editors.createUser(user('a'));
      await editors.createUser(user('b'));
      await editors.createToken({ id: 't1', userId: 'a', name: 'bot', createdAt: T(1), tokenHash: 'h1' });
      await editors.createToken({ id: 't2', userId: 'b', name: 'other', createdAt: T(2), tokenHash: 'h2' });
      expect((await editors.findToken('h1'))?.id).toBe('t1');
      await editors.touchToken('t1', T(3));
      expect((await editors.findToken('h1'))?.lastUsedAt).toBe(T(3));
      expect((await editors.listTokens('a')).map((t) => t.id)).toEqual(['t1']);
      expect((await editors.listTokens()).map((t) => t.id)).toEqual(['t1', 't2']);
      expect(await editors.revokeToken('t1', T(4))).toBe(true);
      expect(await editors.revokeToken('t1', T(5))).toBe(false);
      expect(await editors.findToken('h1')).toBeUndefined();
      expect((await editors.listTokens('a'))[0]?.revokedAt).toBe(T(4));
    });

    it('lists the audit log newest first, filtered by time, actor and action prefix taken literally', async () => {
      const entries = [
        { id: 'e1', at: T(1), actor: 'a', action: 'signin' },
        { id: 'e2', at: T(2), actor: 'b', action: 'signin.failed', ip: '192.0.2.1' },
        { id: 'e3', at: T(3), actor: 'a', action: 'document.update', target: 'document:d1', detail: { revision: 2, note: 'ü' } },
        { id: 'e4', at: T(4), actor: 'a', action: 'user_role' },
      ];
      for (const e of entries) await editors.addAudit(e);
      const all = await editors.listAudit({ limit: 10 });
      expect(all.total).toBe(4);
      expect(all.items.map((e) => e.id)).toEqual(['e4', 'e3', 'e2', 'e1']);
      expect(all.items[1]).toEqual(entries[2]);
      expect((await editors.listAudit({ action: 'signin', limit: 10 })).items.map((e) => e.id)).toEqual(['e2', 'e1']);
      expect((await editors.listAudit({ actor: 'a', since: T(2), limit: 10 })).items.map((e) => e.id)).toEqual(['e4', 'e3']);
      expect((await editors.listAudit({ action: 'user_', limit: 10 })).items.map((e) => e.id)).toEqual(['e4']);
      expect((await editors.listAudit({ action: 'user%', limit: 10 })).total).toBe(0);
      expect((await editors.listAudit({ action: 'document_', limit: 10 })).total).toBe(0);
      const page = await editors.listAudit({ limit: 2, offset: 1 });
      expect([page.total, page.items.map((e) => e.id)]).toEqual([4, ['e3', 'e2']]);
    });

    it('keeps one scheduled publication per document, soonest first', async () => {
      await editors.setSchedule({ documentId: 'd1', publishAt: T(30), actor: 'a' });
      await editors.setSchedule({ documentId: 'd2', publishAt: T(10), actor: 'a' });
      await editors.setSchedule({ documentId: 'd1', publishAt: T(20), actor: 'b' });
      expect(await editors.getSchedule('d1')).toEqual({ documentId: 'd1', publishAt: T(20), actor: 'b' });
      expect((await editors.listSchedule()).map((r) => r.documentId)).toEqual(['d2', 'd1']);
      expect((await editors.listSchedule(T(15))).map((r) => r.documentId)).toEqual(['d2']);
      await editors.clearSchedule('d2');
      expect(await editors.getSchedule('d2')).toBeUndefined();
    });
  });
}
