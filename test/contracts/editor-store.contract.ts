/**
 * The behaviour every EditorStore must have (accounts, sessions, reset links,
 * sign-in failures, API tokens, audit log, publication schedule), written
 * once and run on each database: SQLite (editor-store-sqlite.test.ts) and
 * PostgreSQL (src/backends/postgres/postgres-store.test.ts).
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EditorStore, UserRow } from '../../src/store/editor-store.js';

export interface EditorStoreHandle {
  editors: EditorStore;
  close(): Promise<void>;
}

const T0 = '2025-01-01T00:00:00.000Z';
const user = (id: string, email: string, extra: Partial<UserRow> = {}): UserRow => ({
  id, email, role: 'editor', disabled: false, createdAt: T0, updatedAt: T0, ...extra,
});

export function runEditorStoreContract(name: string, open: () => Promise<EditorStoreHandle>): void {
  describe(`EditorStore contract: ${name}`, () => {
    let handle: EditorStoreHandle;
    let editors: EditorStore;
    beforeEach(async () => {
      handle = await open();
      editors = handle.editors;
    });
    afterEach(async () => {
      await handle.close();
    });

    it('keeps accounts, lists them by email in byte order, and refuses a second account with one email', async () => {
      await editors.createUser(user('u1', 'b@example.org', { passwordHash: 'hash-1' }));
      await editors.createUser(user('u2', 'B@example.org', { role: 'admin' }));
      await editors.createUser(user('u3', 'a@example.org', { disabled: true }));
      expect((await editors.listUsers()).map((u) => u.email)).toEqual(['B@example.org', 'a@example.org', 'b@example.org']);
      expect(await editors.getUser('u1')).toEqual(user('u1', 'b@example.org', { passwordHash: 'hash-1' }));
      expect((await editors.getUserByEmail('a@example.org'))?.disabled).toBe(true);
      expect(await editors.getUserByEmail('nobody@example.org')).toBeUndefined();
      await editors.updateUser('u1', { role: 'admin', disabled: true, updatedAt: '2025-02-01T00:00:00.000Z' });
      expect(await editors.getUser('u1')).toMatchObject({ role: 'admin', disabled: true, passwordHash: 'hash-1', updatedAt: '2025-02-01T00:00:00.000Z' });
      await expect(editors.createUser(user('u4', 'b@example.org'))).rejects.toThrow();
    });

    it('keeps sessions until they are deleted, expire or sit idle', async () => {
      await editors.createUser(user('u', 'u@example.org'));
      const session = (idHash: string, expiresAt: string, lastSeenAt = T0) => ({ idHash, userId: 'u', csrfToken: `csrf-${idHash}`, createdAt: T0, lastSeenAt, expiresAt });
      await editors.createSession({ ...session('s1', '2025-01-10T00:00:00.000Z'), ip: '192.0.2.1' });
      await editors.createSession(session('s2', '2025-01-02T00:00:00.000Z'));
      await editors.createSession(session('s3', '2025-01-10T00:00:00.000Z'));
      expect(await editors.getSession('s1')).toEqual({ ...session('s1', '2025-01-10T00:00:00.000Z'), ip: '192.0.2.1' });
      await editors.touchSession('s1', '2025-01-05T00:00:00.000Z');
      expect((await editors.getSession('s1'))?.lastSeenAt).toBe('2025-01-05T00:00:00.000Z');
      // At 01-05, idle since 01-04: s2 has expired, s3 has been idle since 01-01; s1 was seen on 01-05.
      await editors.deleteExpiredSessions('2025-01-05T00:00:00.000Z', '2025-01-04T00:00:00.000Z');
      expect(await editors.getSession('s2')).toBeUndefined();
      expect(await editors.getSession('s3')).toBeUndefined();
      expect(await editors.getSession('s1')).toBeDefined();
      await editors.createSession(session('s4', '2025-02-01T00:00:00.000Z', '2025-01-05T00:00:00.000Z'));
      expect(await editors.deleteUserSessions('u')).toBe(2);
      expect(await editors.deleteUserSessions('u')).toBe(0);
      await editors.createSession(session('s5', '2025-02-01T00:00:00.000Z'));
      await editors.deleteSession('s5');
      expect(await editors.getSession('s5')).toBeUndefined();
    });

    it('lets a reset link be used once, only the latest one, and only before it expires', async () => {
      await editors.createUser(user('u', 'u@example.org'));
      await editors.createReset('old', 'u', '2025-01-02T00:00:00.000Z');
      await editors.createReset('new', 'u', '2025-01-02T00:00:00.000Z');
      expect(await editors.takeReset('old', T0)).toBeUndefined();
      const takes = await Promise.all([editors.takeReset('new', T0), editors.takeReset('new', T0)]);
      expect(takes.filter((t) => t === 'u')).toHaveLength(1);
      await editors.createReset('late', 'u', '2025-01-02T00:00:00.000Z');
      expect(await editors.takeReset('late', '2025-01-03T00:00:00.000Z')).toBeUndefined();
      expect(await editors.takeReset('late', T0)).toBeUndefined();
    });

    it('counts sign-in failures per key since a time, and forgets them when cleared', async () => {
      await editors.addLoginFailure(['ip:192.0.2.1', 'email:u@example.org'], '2025-01-01T00:00:01.000Z');
      await editors.addLoginFailure(['ip:192.0.2.1'], '2025-01-01T00:00:05.000Z');
      await editors.addLoginFailure([], '2025-01-01T00:00:06.000Z');
      expect(await editors.loginFailures('ip:192.0.2.1', T0)).toEqual({ count: 2, earliest: '2025-01-01T00:00:01.000Z' });
      expect(await editors.loginFailures('ip:192.0.2.1', '2025-01-01T00:00:02.000Z')).toEqual({ count: 1, earliest: '2025-01-01T00:00:05.000Z' });
      expect(await editors.loginFailures('nobody', T0)).toEqual({ count: 0, earliest: undefined });
      await editors.clearLoginFailures('ip:192.0.2.1');
      expect((await editors.loginFailures('ip:192.0.2.1', T0)).count).toBe(0);
      expect((await editors.loginFailures('email:u@example.org', T0)).count).toBe(1);
    });

    it('finds a token by its hash until it is revoked, and lists tokens oldest first', async () => {
      await editors.createUser(user('u', 'u@example.org'));
      await editors.createUser(user('v', 'v@example.org'));
      await editors.createToken({ id: 't2', userId: 'u', name: 'second', createdAt: '2025-01-02T00:00:00.000Z', tokenHash: 'h2' });
      await editors.createToken({ id: 't1', userId: 'u', name: 'first', createdAt: T0, tokenHash: 'h1' });
      await editors.createToken({ id: 't3', userId: 'v', name: 'other', createdAt: T0, tokenHash: 'h3' });
      expect(await editors.findToken('h1')).toEqual({ id: 't1', userId: 'u', name: 'first', createdAt: T0 });
      expect((await editors.listTokens('u')).map((t) => t.id)).toEqual(['t1', 't2']);
      expect((await editors.listTokens()).map((t) => t.id).sort()).toEqual(['t1', 't2', 't3']);
      await editors.touchToken('t1', '2025-01-03T00:00:00.000Z');
      expect((await editors.findToken('h1'))?.lastUsedAt).toBe('2025-01-03T00:00:00.000Z');
      expect(await editors.revokeToken('t1', '2025-01-04T00:00:00.000Z')).toBe(true);
      expect(await editors.revokeToken('t1', '2025-01-05T00:00:00.000Z')).toBe(false);
      expect(await editors.findToken('h1')).toBeUndefined();
      expect((await editors.listTokens('u'))[0]?.revokedAt).toBe('2025-01-04T00:00:00.000Z');
      await expect(editors.createToken({ id: 't4', userId: 'u', name: 'dup', createdAt: T0, tokenHash: 'h2' })).rejects.toThrow();
    });

    it('lists the audit log newest first, filtered by time, actor and action prefix, with its detail', async () => {
      const at = (s: number) => `2025-01-01T00:00:0${s}.000Z`;
      await editors.addAudit({ id: 'a1', at: at(1), actor: 'u', action: 'signin', ip: '192.0.2.1' });
      await editors.addAudit({ id: 'a2', at: at(2), actor: 'u', action: 'signin.failed' });
      await editors.addAudit({ id: 'a3', at: at(3), actor: 'v', action: 'document.bulk', target: 'doc-1', detail: { count: 3, ids: ['x'] } });
      await editors.addAudit({ id: 'a4', at: at(3), actor: 'v', action: 'documentXbulk_50%' });
      const ids = async (q: Parameters<EditorStore['listAudit']>[0]) => (await editors.listAudit(q)).items.map((e) => e.id);
      expect(await ids({ limit: 10 })).toEqual(['a4', 'a3', 'a2', 'a1']);
      expect(await ids({ limit: 10, action: 'signin' })).toEqual(['a2', 'a1']);
      // The prefix is literal: LIKE's wildcards in it match only themselves.
      expect(await ids({ limit: 10, action: 'document' })).toEqual(['a4', 'a3']);
      expect(await ids({ limit: 10, action: 'documentXbulk_' })).toEqual(['a4']);
      expect(await ids({ limit: 10, action: 'documentXbulk_5' })).toEqual(['a4']);
      expect(await ids({ limit: 10, action: 'document_' })).toEqual([]);
      expect(await ids({ limit: 10, action: 'documentXbulk_50%' })).toEqual(['a4']);
      expect(await ids({ limit: 10, actor: 'u', since: at(2) })).toEqual(['a2']);
      const page = await editors.listAudit({ limit: 1, offset: 1 });
      expect(page).toEqual({ total: 4, items: [{ id: 'a3', at: at(3), actor: 'v', action: 'document.bulk', target: 'doc-1', ip: undefined, detail: { count: 3, ids: ['x'] } }] });
    });

    it('keeps one scheduled publication per document, listed by time', async () => {
      await editors.setSchedule({ documentId: 'd1', publishAt: '2025-03-01T00:00:00.000Z', actor: 'u' });
      await editors.setSchedule({ documentId: 'd2', publishAt: '2025-02-01T00:00:00.000Z', actor: 'u' });
      await editors.setSchedule({ documentId: 'd1', publishAt: '2025-01-15T00:00:00.000Z', actor: 'v' });
      expect(await editors.getSchedule('d1')).toEqual({ documentId: 'd1', publishAt: '2025-01-15T00:00:00.000Z', actor: 'v' });
      expect((await editors.listSchedule()).map((r) => r.documentId)).toEqual(['d1', 'd2']);
      expect((await editors.listSchedule('2025-01-31T00:00:00.000Z')).map((r) => r.documentId)).toEqual(['d1']);
      await editors.clearSchedule('d1');
      expect(await editors.getSchedule('d1')).toBeUndefined();
    });
  });
}
