/**
 * The error page, public and in the workspace: one rendering of the status,
 * title, message and details, each side with its own frame and way on — a
 * search and the collections on the public site, the worklist in the
 * workspace, where only signed-in editors see it.
 */
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
beforeAll(async () => {
  ({ app } = await editorsSite({ cache: false }));
});

describe('error pages', () => {
  it('tell a visitor what is missing and offer a search, in the site\'s frame', async () => {
    const res = await app.request('/no-such-page');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toMatch(/<div class="page error-page"><p class="error-page__status">Error 404<\/p><h1>[^<]+<\/h1><p class="lede">[^<]+<\/p>/);
    expect(html).toContain('<label for="error-q">Search the archive instead</label>');
    expect(html).not.toContain('Back to the worklist');
  });

  it('list what was wrong with a request, item by item', async () => {
    const res = await app.request('/documents/demo-0033/releases?from=nope');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p class="error-page__status">Error 400<\/p>/);
    expect(html).toMatch(/<ul><li>[^<]*&quot;nope&quot; is not a release of this document/);
  });

  it('lead an editor back to the worklist, in the workspace\'s frame', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    const { res, html } = await client.get('/admin/preview/no-such-document');
    expect(res.status).toBe(404);
    expect(html).toMatch(/<div class="admin-narrow"><p class="error-page__status">Error 404<\/p><h1>[^<]+<\/h1><p>[^<]*no-such-document[^<]*<\/p><p><a href="\/admin">Back to the worklist<\/a><\/p><\/div>/);
    expect(html).not.toContain('Search the archive instead');
  });
});
