import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Actor } from '../../src/domain/roles.js';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;
const editor: Actor = { name: ROLE_USERS.editor, role: 'editor', via: 'session' };
const ID = 'hist-1';
const doc = { id: ID, title: 'Cable <script>alert(1)</script> from Beijing', translations: [{ language: 'en', html: '<p>The ambassador met the premier.</p>' }] };

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ demo: false }));
  const editorial = new Editorial(archive);
  await editorial.create(editor, doc);
  await editorial.update(editor, ID, { ...doc, translations: [{ language: 'en', html: '<p>The ambassador met the foreign minister.</p>' }] }, 1, 'Corrected <em>the</em> office');
  await editorial.update(editor, ID, { ...doc, summary: 'A short summary.', translations: [{ language: 'en', html: '<p>The ambassador met the foreign minister.</p>' }] }, 2);
});

describe('the history page', () => {
  it('lists every revision and shows the latest change field by field, escaped', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.viewer);
    const { res, html } = await client.get(`/admin/history/${ID}`);
    expect(res.status).toBe(200);
    expect(html).toContain('Changes from revision 2 to revision 3');
    expect(html).toContain('<th scope="row">summary</th>');
    expect(html).not.toContain('<th scope="row">translation (en)</th>');
    expect(html).toContain('Corrected &lt;em&gt;the&lt;/em&gt; office');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('Restore revision'); // viewers cannot restore
  });

  it('shows a translation change word by word', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.viewer);
    const { html } = await client.get(`/admin/history/${ID}?from=1&to=2`);
    expect(html).toContain('<th scope="row">translation (en)</th>');
    expect(html).toMatch(/<del>premier<\/del>/);
    expect(html).toMatch(/<ins>foreign minister<\/ins>|<ins>foreign<\/ins>/);
    expect((await client.get(`/admin/history/${ID}?from=x`)).res.status).toBe(400);
    expect((await client.get('/admin/history/no-such-document')).res.status).toBe(404);
  });

  it('restores a revision as a new one; a stale page or a role without the right changes nothing', async () => {
    const translator = new Client(app);
    await translator.signIn(ROLE_USERS.translator);
    await translator.get(`/admin/history/${ID}`);
    expect((await translator.post(`/admin/restore/${ID}`, { revision: '1', base: '3' })).res.status).toBe(403);
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    const page = await client.get(`/admin/history/${ID}`);
    expect(page.html).toContain('Restore revision 1');
    expect((await client.post(`/admin/restore/${ID}`, { revision: '1', base: '2' })).res.status).toBe(409);
    expect((await archive.backend.store.listRevisions('document', ID)).length).toBe(3);
    const { res } = await client.post(`/admin/restore/${ID}`, { revision: '1', base: '3' });
    expect(res.status).toBe(303);
    const restored = await archive.backend.store.getDocument(ID);
    expect(restored!.translations[0]!.html).toContain('premier');
    expect(restored!.summary).toBeUndefined();
    const after = await client.get(res.headers.get('location')!);
    expect(after.html).toContain('Revision 1 restored as a new revision');
    expect(after.html).toContain('Restored revision 1');
    expect(after.html).toContain('4 (current)');
  });
});

describe('the preview', () => {
  it('shows a draft as its public page will, side by side with the original, to editors only and never cached', async () => {
    const id = 'preview-1';
    await new Editorial(archive).create(editor, {
      id, title: 'Cable to preview', translations: [{ language: 'en', html: '<p>The premier spoke.<script>alert(1)</script></p>' }], transcripts: [{ language: 'ja', html: '<p>首相が話した。</p>' }],
    });
    const viewer = new Client(app);
    await viewer.signIn(ROLE_USERS.viewer);
    const { res, html } = await viewer.get(`/admin/preview/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('not public yet');
    expect(html).toContain('class="page page--document page--parallel"');
    expect(html).toContain('首相が話した。');
    expect(html).not.toContain('<script>alert(1)');
    expect((await viewer.get(`/admin/preview/${id}?view=one`)).html).not.toContain('page--parallel');
    expect((await app.request(`/admin/preview/${id}`)).status).toBe(303);
    expect((await app.request(`/documents/${id}`)).status).toBe(404);
  });
});
