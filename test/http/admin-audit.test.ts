import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ demo: false }));
});

describe('the audit log page', () => {
  it('shows admins sign-ins and failed sign-ins, filtered by account and action, hostile text escaped', async () => {
    const attacker = new Client(app);
    await attacker.get('/admin/login');
    await attacker.post('/admin/login', { email: '<img src=x onerror=alert(1)>@example.org', password: 'guessing wrongly' });
    const admin = new Client(app);
    await admin.signIn(ROLE_USERS.admin);
    const all = await admin.get('/admin/audit');
    expect(all.res.status).toBe(200);
    expect(all.html).toContain('<td>signin.failed</td>');
    expect(all.html).not.toContain('<img src=x');
    expect(all.html).toContain('&lt;img src=x');
    const mine = await admin.get(`/admin/audit?user=${encodeURIComponent(ROLE_USERS.admin)}&action=signin`);
    expect(mine.html).toContain(ROLE_USERS.admin);
    expect(mine.html).not.toContain('<td>signin.failed</td>');
    expect(mine.html).toContain('<td>signin</td>');
    const future = await admin.get('/admin/audit?since=2999-01-01');
    expect(future.html).toContain('0 entries');
    const bad = await admin.get('/admin/audit?since=yesterday');
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain('since: expected a date');
  });

  it('is refused to everyone but admins (403, in the service as well as the page)', async () => {
    for (const email of [ROLE_USERS.editor, ROLE_USERS.reviewer, ROLE_USERS.viewer]) {
      const client = new Client(app);
      await client.signIn(email);
      const { res, html } = await client.get('/admin/audit');
      expect(res.status).toBe(403);
      expect(html).toContain('may not read the audit log');
    }
    expect((await archive.backend.editors.listAudit({ action: 'signin', limit: 100 })).total).toBeGreaterThan(3);
  });
});

describe('the accounts page', () => {
  it('lets an admin add an account with a one-time link, change its role and disable it, each audited', async () => {
    const admin = new Client(app);
    await admin.signIn(ROLE_USERS.admin);
    await admin.get('/admin/users');
    const added = await admin.post('/admin/users', { do: 'add', email: 'Newcomer@Example.org', role: 'translator' });
    expect(added.res.status).toBe(200);
    const link = /(http:\/\/localhost\/admin\/reset\/[\w-]+)/.exec(added.html)![1]!;
    const newcomer = new Client(app);
    await newcomer.post(new URL(link).pathname, { password: 'a brand new passphrase' });
    expect((await newcomer.signIn('newcomer@example.org', 'a brand new passphrase')).status).toBe(303);
    expect((await admin.post('/admin/users', { do: 'role', email: 'newcomer@example.org', role: 'reviewer' })).html).toContain('newcomer@example.org is now reviewer');
    expect((await admin.post('/admin/users', { do: 'role', email: 'newcomer@example.org', role: 'overlord' })).res.status).toBe(400);
    expect((await admin.post('/admin/users', { do: 'add', email: '<script>@x', role: 'editor' })).html).toContain('expected an email address');
    await admin.post('/admin/users', { do: 'disable', email: 'newcomer@example.org' });
    expect((await newcomer.get('/admin/account')).res.status).toBe(303);
    const actions = (await archive.backend.editors.listAudit({ actor: ROLE_USERS.admin, action: 'user', limit: 20 })).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.add', 'user.role', 'user.disable']));
  });

  it('is refused to anyone but admins, and nothing changes', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    expect((await editor.get('/admin/users')).res.status).toBe(403);
    const { res } = await editor.post('/admin/users', { do: 'role', email: ROLE_USERS.editor, role: 'admin' });
    expect(res.status).toBe(403);
    expect((await archive.backend.editors.getUserByEmail(ROLE_USERS.editor))!.role).toBe('editor');
  });
});
