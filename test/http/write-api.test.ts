import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { CLI_ACTOR } from '../../src/services/access.js';
import { Accounts } from '../../src/services/accounts.js';
import type { Archive } from '../../src/services/archive.js';
import { Tokens } from '../../src/services/tokens.js';
import { editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;
const token: Record<string, string> = {};

const doc = {
  id: 'api-cable-1',
  title: 'Telegram from the Embassy in Tokyo',
  date: '1956-10',
  status: 'published', // ignored: the API always creates drafts
  translations: [{ language: 'en', html: '<p>The normalization talks resumed in Moscow.</p>' }],
};

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(`/api/v1${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const as = (role: keyof typeof ROLE_USERS, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token[role]}`, ...extra });

beforeAll(async () => {
  ({ app, archive } = await editorsSite());
  const tokens = new Tokens(archive);
  for (const [role, email] of Object.entries(ROLE_USERS)) token[role] = (await tokens.create(CLI_ACTOR, email, `${role} script`)).token;
});

describe('the write API', () => {
  it('answers 401 without a token, or with a wrong, revoked or disabled one', async () => {
    const none = await call('POST', '/documents', doc);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await none.json()).message).toContain('Authorization: Bearer');
    expect((await call('POST', '/documents', doc, { authorization: 'Bearer dossier_nonsense' })).status).toBe(401);
    const tokens = new Tokens(archive);
    const revoked = await tokens.create(CLI_ACTOR, ROLE_USERS.editor, 'short-lived');
    await tokens.revoke(CLI_ACTOR, revoked.info.id);
    expect((await call('POST', '/documents', doc, { authorization: `Bearer ${revoked.token}` })).status).toBe(401);
    const accounts = new Accounts(archive);
    await accounts.add(CLI_ACTOR, { email: 'script@example.org', role: 'editor' });
    const scripted = await tokens.create(CLI_ACTOR, 'script@example.org');
    await accounts.setDisabled(CLI_ACTOR, 'script@example.org');
    expect((await call('POST', '/documents', doc, { authorization: `Bearer ${scripted.token}` })).status).toBe(401);
    expect((await archive.stats()).documents).toBe((await archive.stats()).documents); // nothing was created above
    expect(await archive.backend.store.getDocument(doc.id)).toBeUndefined();
  });

  it('answers 403 to a role without the right, and writes nothing', async () => {
    for (const role of ['viewer', 'reviewer', 'translator'] as const) {
      const res = await call('POST', '/documents', doc, as(role));
      expect(res.status).toBe(403);
      expect((await res.json()).message).toMatch(/may not create documents/);
    }
    expect(await archive.backend.store.getDocument(doc.id)).toBeUndefined();
  });

  it('creates a draft (201, Location, ETag) that the public site and search do not show', async () => {
    const res = await call('POST', '/documents', doc, as('editor'));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/documents/${doc.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ id: doc.id, revision: 1, status: 'draft' });
    expect((await app.request(`/documents/${doc.id}`)).status).toBe(404);
    expect(await (await app.request('/search?q=normalization+talks')).text()).not.toContain(doc.id);
  });

  it('refuses bad documents with JSON naming each field', async () => {
    const res = await call('POST', '/documents', { ...doc, id: 'api-bad', date: 'June-ish', translations: [{ language: 'en' }], colour: 'red' }, as('editor'));
    expect(res.status).toBe(400);
    const { errors } = await res.json();
    expect(errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['date', 'translations.0.html', 'colour']));
    expect((await call('POST', '/documents', '{"id": ', as('editor'))).status).toBe(400);
    const form = await app.request('/api/v1/documents', { method: 'POST', headers: as('editor', { 'content-type': 'text/plain' }), body: '{}' });
    expect((await form.json()).errors[0].field).toBe('Content-Type');
    expect(await archive.backend.store.getDocument('api-bad')).toBeUndefined();
  });

  it('replaces a document only with If-Match: 428 without, 412 when stale, 200 with the next ETag', async () => {
    const changed = { ...doc, title: 'Telegram from the Embassy in Tokyo (corrected)' };
    expect((await call('PUT', `/documents/${doc.id}`, changed, as('editor'))).status).toBe(428);
    const ok = await call('PUT', `/documents/${doc.id}`, changed, as('editor', { 'if-match': '"1"' }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = await call('PUT', `/documents/${doc.id}`, { ...doc, title: 'Lost update' }, as('admin', { 'if-match': '"1"' }));
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ currentRevision: 2 });
    expect((await archive.backend.store.getDocument(doc.id))!.title).toBe(changed.title);
    const mismatch = await call('PUT', `/documents/${doc.id}`, { ...doc, id: 'other' }, as('editor', { 'if-match': '2' }));
    expect((await mismatch.json()).errors[0].field).toBe('id');
  });

  it('moves a document through review to publication, after which the site and search have it', async () => {
    expect((await call('POST', `/documents/${doc.id}/status`, { status: 'review' }, as('translator'))).status).toBe(200);
    const sendBack = await call('POST', `/documents/${doc.id}/status`, { status: 'draft' }, as('reviewer'));
    expect(sendBack.status).toBe(400);
    expect((await sendBack.json()).errors[0]).toEqual({ field: 'comment', message: 'say what needs to change' });
    const bad = await call('POST', `/documents/${doc.id}/status`, { status: 'gone' }, as('reviewer'));
    expect((await bad.json()).errors[0].field).toBe('status');
    const approved = await call('POST', `/documents/${doc.id}/status`, { status: 'published' }, as('reviewer'));
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'published', revision: 4 });
    expect((await app.request(`/documents/${doc.id}`)).status).toBe(200);
    expect(await (await app.request('/search?q=talks+normalization')).text()).toContain(doc.id); // a URL the page cache has not seen
  });

  it('lists revisions with who made each and why', async () => {
    const res = await call('GET', `/documents/${doc.id}/revisions`, undefined, as('viewer'));
    expect(res.status).toBe(200);
    const { revisions } = await res.json();
    expect(revisions.map((r: { revision: number; actor: string }) => [r.revision, r.actor])).toEqual([
      [4, ROLE_USERS.reviewer],
      [3, ROLE_USERS.translator],
      [2, ROLE_USERS.editor],
      [1, ROLE_USERS.editor],
    ]);
    expect((await call('GET', `/documents/${doc.id}/revisions`)).status).toBe(401);
    expect((await call('GET', '/documents/no-such-doc/revisions', undefined, as('viewer'))).status).toBe(404);
  });

  it('keeps hostile HTML sent through it from running on the public page', async () => {
    const hostile = { id: 'api-hostile', title: 'Hostile <script>alert(1)</script>', translations: [{ language: 'en', html: '<p onmouseover="alert(1)">x<script>alert(2)</script><a href="javascript:alert(3)">y</a></p>' }] };
    expect((await call('POST', '/documents', hostile, as('editor'))).status).toBe(201);
    await call('POST', '/documents/api-hostile/status', { status: 'published' }, as('editor'));
    const html = await (await app.request('/documents/api-hostile')).text();
    expect(html).not.toMatch(/<script>alert|onmouseover|javascript:alert/);
    expect(html).toContain('Hostile &lt;script&gt;');
  });
});

describe('the write API beside the read API', () => {
  it('passes every path it does not own to routes mounted after it (the read half of /api/v1)', async () => {
    const { Hono } = await import('hono');
    const { registerWriteRoutes } = await import('../../src/web/api/write-routes.js');
    const combined = new Hono();
    combined.route('/api/v1', registerWriteRoutes(new Hono(), archive));
    const reader = new Hono();
    reader.get('/documents/:id{.+}', (c) => c.text(`read ${c.req.param('id')}`));
    reader.post('/documents/:id{.+}', (c) => c.text(`other ${c.req.param('id')}`));
    combined.route('/api/v1', reader);
    expect(await (await combined.request('/api/v1/documents/frus1969/d1')).text()).toBe('read frus1969/d1');
    expect(await (await combined.request('/api/v1/documents/a/b', { method: 'POST' })).text()).toBe('other a/b');
    expect((await combined.request(`/api/v1/documents/${doc.id}/revisions`)).status).toBe(401);
  });
});

describe('the write API for collections and authority records', () => {
  it('creates, replaces with If-Match and lists revisions, with the same rules as documents', async () => {
    const person = { id: 'api-person', name: 'Ohira Masayoshi (test)', variants: [{ name: '大平正芳テスト', language: 'ja' }] };
    expect((await call('POST', '/records/person', person)).status).toBe(401);
    expect((await call('POST', '/records/person', person, as('translator'))).status).toBe(403);
    const created = await call('POST', '/records/person', person, as('editor'));
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect((await call('POST', '/records/dragon', person, as('editor'))).status).toBe(400);
    const bad = await call('POST', '/records/place', { id: 'nowhere', name: 'Nowhere', latitude: 300 }, as('editor'));
    expect((await bad.json()).errors[0].field).toBe('latitude');
    expect((await call('PUT', '/records/person/api-person', { ...person, name: 'Ohira' }, as('editor'))).status).toBe(428);
    expect((await call('PUT', '/records/person/api-person', { ...person, name: 'Ohira Masayoshi' }, as('editor', { 'if-match': '"1"' }))).status).toBe(200);
    expect((await call('PUT', '/records/person/api-person', { ...person, name: 'Stale' }, as('admin', { 'if-match': '"1"' }))).status).toBe(412);
    const coll = await call('POST', '/records/collection', { id: 'api-coll', title: 'Collection <script>x</script>', description: '<p onclick="x()">Hi</p>' }, as('editor'));
    expect(coll.status).toBe(201);
    expect((await archive.backend.store.getCollection('api-coll'))!.description).toBe('<p>Hi</p>');
    const revisions = await (await call('GET', '/records/person/api-person/revisions', undefined, as('viewer'))).json();
    expect(revisions.revisions.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect((await archive.backend.store.getAuthority('person', 'api-person'))!.name).toBe('Ohira Masayoshi');
  });
});
