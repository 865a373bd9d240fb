import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { CLI_ACTOR } from '../../src/services/access.js';
import { Accounts } from '../../src/services/accounts.js';
import type { Archive } from '../../src/services/archive.js';
import { Sessions } from '../../src/services/sessions.js';
import { openArchive } from '../../src/open-archive.js';
import { tempDir } from '../helpers.js';
import { Client, editorsSite, PASSWORD, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;

beforeAll(async () => {
  ({ app, archive } = await editorsSite());
});

describe('signing in', () => {
  it('sends a visitor without a session to the sign-in page, keeping where they were going', async () => {
    const res = await app.request('/admin/documents?status=draft');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fdocuments%3Fstatus%3Ddraft');
  });

  it('opens a session with an HttpOnly, SameSite=Lax cookie and goes where the editor was going', async () => {
    const client = new Client(app);
    await client.get('/admin/login?next=/admin/account');
    const { res } = await client.post('/admin/login', { email: 'Editor@Example.org ', password: PASSWORD, next: '/admin/account' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/account');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('dossier-session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // plain http here
    const { html } = await client.get('/admin/account');
    expect(html).toContain('editor@example.org');
  });

  it('marks the cookie Secure (and __Host-) behind HTTPS', async () => {
    const direct = new Client(app, 'https://archive.example.org');
    const res = await direct.signIn(ROLE_USERS.viewer);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('__Host-dossier-session='))).toMatch(/Secure/);
    const { app: proxied } = await editorsSite({ baseUrl: 'https://archive.example.org', demo: false });
    const viaProxy = new Client(proxied);
    const res2 = await viaProxy.signIn(ROLE_USERS.viewer);
    expect(res2.headers.getSetCookie().find((c) => c.startsWith('__Host-dossier-session='))).toMatch(/Secure/);
  });

  it('never goes to another site after signing in', async () => {
    for (const next of ['//evil.example/admin', 'https://evil.example/', '/admin\\@evil.example', '/adminx']) {
      const client = new Client(app);
      await client.get('/admin/login');
      const { res } = await client.post('/admin/login', { email: ROLE_USERS.viewer, password: PASSWORD, next });
      expect(res.headers.get('location')).toBe('/admin');
    }
  });

  it('refuses a wrong password, an unknown account and a disabled one with the same message, and audits each', async () => {
    const accounts = new Accounts(archive);
    await accounts.add(CLI_ACTOR, { email: 'gone@example.org', role: 'editor', password: PASSWORD });
    await accounts.setDisabled(CLI_ACTOR, 'gone@example.org');
    const messages = [];
    for (const [email, password] of [[ROLE_USERS.reviewer, 'wrong password!!'], ['nobody@example.org', PASSWORD], ['gone@example.org', PASSWORD]] as const) {
      const client = new Client(app);
      await client.get('/admin/login');
      const { res, html } = await client.post('/admin/login', { email, password });
      expect(res.status).toBe(401);
      expect(client.sessionCookie()).toBeUndefined();
      messages.push(/notice--error[^>]*>([^<]+)</.exec(html)![1]);
      expect(html).not.toContain(password); // the password is never echoed back
    }
    expect(new Set(messages).size).toBe(1);
    const failed = await archive.backend.editors.listAudit({ action: 'signin.failed', limit: 10 });
    expect(failed.items.map((e) => e.actor)).toEqual(expect.arrayContaining([ROLE_USERS.reviewer, 'nobody@example.org', 'gone@example.org']));
    expect(JSON.stringify(failed.items)).not.toContain('wrong password!!');
  });

  it('refuses a sign-in form without its token (login CSRF) and one posted from another site', async () => {
    const client = new Client(app);
    await client.get('/admin/login');
    const { res } = await client.post('/admin/login', { email: ROLE_USERS.editor, password: PASSWORD, _csrf: 'forged' });
    expect(res.status).toBe(403);
    expect(client.sessionCookie()).toBeUndefined();
    const cross = await client.post('/admin/login', { email: ROLE_USERS.editor, password: PASSWORD }, { origin: 'https://evil.example' });
    expect(cross.res.status).toBe(403);
    expect(client.sessionCookie()).toBeUndefined();
  });

  it('escapes hostile text typed into the form when showing it again', async () => {
    const client = new Client(app);
    await client.get('/admin/login');
    const { html } = await client.post('/admin/login', { email: '"><script>alert(1)</script>', password: 'x' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('sessions', () => {
  it('start anew at sign-in: an id planted or held before is worthless afterwards (no fixation)', async () => {
    const victim = new Client(app);
    const planted = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    victim.cookies.set('dossier-session', planted);
    await victim.signIn(ROLE_USERS.editor);
    expect(victim.sessionCookie()).not.toBe(planted);
    // A real earlier session is ended by signing in again over it.
    const earlier = victim.sessionCookie()!;
    const again = new Client(app);
    await again.get('/admin/login');
    again.cookies.set('dossier-session', earlier);
    expect((await again.post('/admin/login', { email: ROLE_USERS.editor, password: PASSWORD })).res.status).toBe(303);
    expect(again.sessionCookie()).not.toBe(earlier);
    const old = await app.request('/admin/account', { headers: { cookie: `dossier-session=${earlier}` } });
    expect(old.status).toBe(303);
  });

  it('end at sign-out, and "sign out everywhere" ends every one of the account', async () => {
    const a = new Client(app);
    const b = new Client(app);
    await a.signIn(ROLE_USERS.translator);
    await b.signIn(ROLE_USERS.translator);
    const { res } = await a.post('/admin/logout', {});
    expect(res.status).toBe(303);
    expect((await a.request('/admin/account', { headers: { cookie: `dossier-session=${[...a.cookies.values()][0] ?? 'x'}` } })).status).toBe(303);
    expect((await b.get('/admin/account')).res.status).toBe(200);
    const c2 = new Client(app);
    await c2.signIn(ROLE_USERS.translator);
    await b.get('/admin/account');
    await b.post('/admin/logout-everywhere', {});
    expect((await c2.get('/admin/account')).res.status).toBe(303);
    const audit = await archive.backend.editors.listAudit({ action: 'signout', actor: ROLE_USERS.translator, limit: 10 });
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['signout', 'signout.everywhere']));
  });

  it('expire when idle and at their absolute limit', async () => {
    const idle = new Sessions(archive, { idleMinutes: 0.002 }); // 120 ms
    const { id } = await idle.signIn({ email: ROLE_USERS.viewer, password: PASSWORD, ip: '10.0.0.1' });
    expect(await idle.find(id)).toBeDefined();
    await new Promise((r) => setTimeout(r, 200));
    expect(await idle.find(id)).toBeUndefined();
    const short = new Sessions(archive, { absoluteHours: 0.15 / 3600, idleMinutes: 60 }); // 150 ms
    const s = await short.signIn({ email: ROLE_USERS.viewer, password: PASSWORD, ip: '10.0.0.1' });
    expect(await short.find(s.id)).toBeDefined();
    await new Promise((r) => setTimeout(r, 250));
    expect(await short.find(s.id)).toBeUndefined();
  });

  it('of a disabled account stop at once', async () => {
    const accounts = new Accounts(archive);
    await accounts.add(CLI_ACTOR, { email: 'leaver@example.org', role: 'editor', password: PASSWORD });
    const client = new Client(app);
    await client.signIn('leaver@example.org');
    expect((await client.get('/admin/account')).res.status).toBe(200);
    await accounts.setDisabled(CLI_ACTOR, 'leaver@example.org');
    expect((await client.get('/admin/account')).res.status).toBe(303);
  });
});

describe('brute force', () => {
  it('locks an account after five failures, even for the right password, with Retry-After', async () => {
    const accounts = new Accounts(archive);
    await accounts.add(CLI_ACTOR, { email: 'target@example.org', role: 'viewer', password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      const client = new Client(app);
      await client.get('/admin/login');
      expect((await client.post('/admin/login', { email: 'target@example.org', password: `guess number ${i}` })).res.status).toBe(401);
    }
    const client = new Client(app);
    await client.get('/admin/login');
    const { res, html } = await client.post('/admin/login', { email: 'target@example.org', password: PASSWORD });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(html).toContain('Too many failed sign-in attempts');
    expect(client.sessionCookie()).toBeUndefined();
  }, 30_000);

  it('limits one address across accounts, counted in the database so every process sees it', async () => {
    const dir = tempDir();
    const one = await openArchive({ dataDir: dir });
    const two = await openArchive({ dataDir: dir });
    await new Accounts(one).add(CLI_ACTOR, { email: 'x@example.org', role: 'viewer', password: PASSWORD });
    const policy = { maxAddressFailures: 3 };
    const s1 = new Sessions(one, policy);
    const s2 = new Sessions(two, policy);
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) {
      await expect(s1.signIn({ email, password: 'nope nope nope', ip: '203.0.113.9' })).rejects.toThrow('not right');
    }
    await expect(s2.signIn({ email: 'x@example.org', password: PASSWORD, ip: '203.0.113.9' })).rejects.toThrow('Too many');
    expect(await s2.signIn({ email: 'x@example.org', password: PASSWORD, ip: '198.51.100.1' })).toHaveProperty('id');
    await one.backend.close();
    await two.backend.close();
  }, 30_000);
});

describe('CSRF', () => {
  it('refuses a POST without the token or with a forged one, and gives back what was typed', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    for (const token of ['', 'forged-token-value']) {
      const { res, html } = await client.post('/admin/logout-everywhere', { _csrf: token, note: 'my long careful edit' });
      expect(res.status).toBe(403);
      expect(html).toContain('my long careful edit');
      expect(html).toContain('Send again');
    }
    expect((await client.get('/admin/account')).res.status).toBe(200); // nothing happened
  });

  it('refuses flat a POST from another site, without offering to send it again', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    const forged: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of forged) {
      const { res, html } = await client.post('/admin/logout-everywhere', {}, headers);
      expect(res.status).toBe(403);
      expect(html).not.toContain('Send again');
    }
    expect((await client.get('/admin/account')).res.status).toBe(200);
  });

  it('keeps a form sent after the session ended, and offers it again once signed in', async () => {
    const client = new Client(app);
    const { res, html } = await client.post('/admin/logout-everywhere', { note: 'kept through sign-in' });
    expect(res.status).toBe(401);
    expect(html).toContain('kept through sign-in');
    const resume = /name="_resume" value="([^"]+)"/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const signed = await client.post('/admin/login', { email: ROLE_USERS.editor, password: PASSWORD, _resume: resume, _csrf: client.cookies.get('dossier-signin')! });
    expect(signed.res.status).toBe(200);
    expect(signed.html).toContain('kept through sign-in');
    expect(signed.html).toContain('action="/admin/logout-everywhere"');
  });
});

describe('one-time password links', () => {
  it('set a password once, end the old sessions, and then sign-in works', async () => {
    const accounts = new Accounts(archive);
    await accounts.add(CLI_ACTOR, { email: 'new@example.org', role: 'translator' });
    const { token } = await accounts.reset(CLI_ACTOR, 'new@example.org');
    const client = new Client(app);
    expect((await client.get(`/admin/reset/${token}`)).html).toContain('Set your password');
    expect((await client.post(`/admin/reset/${token}`, { password: 'short' })).res.status).toBe(422);
    expect((await client.post(`/admin/reset/${token}`, { password: 'a new long passphrase' })).res.status).toBe(303);
    expect((await client.post(`/admin/reset/${token}`, { password: 'another long passphrase' })).res.status).toBe(404);
    expect((await client.signIn('new@example.org', 'a new long passphrase')).status).toBe(303);
  });
});

describe('caching', () => {
  it('never keeps or serves a workspace page, nor a page asked for with a session', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.admin);
    const admin = await client.request('/admin/account');
    expect(admin.headers.get('cache-control')).toBe('no-store');
    expect(admin.headers.get('x-cache')).toBeNull();
    const anonymous = await app.request('/admin/account');
    expect(anonymous.status).toBe(303);
    const publicWithSession = await client.request('/collections');
    expect(publicWithSession.headers.get('x-cache')).toBeNull();
    const withToken = await app.request('/collections', { headers: { authorization: 'Bearer x' } });
    expect(withToken.headers.get('x-cache')).toBeNull();
    expect((await app.request('/collections')).headers.get('x-cache')).toMatch(/hit|miss/);
  });
});
