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
