/**
 * The workflow through the workspace's pages, and the public line: while a
 * document is a draft or in review, every public page is byte for byte what
 * it was before the document existed; once published, each shows it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;
const ID = 'wf-quagga-1952';
const draft = {
  id: ID,
  title: 'Memorandum on the Quagga conversation in Taipei',
  date: '1952-04-29',
  type: 'treaty',
  summary: 'A memorandum about the zebrine quagga talks.',
  agents: [{ id: 'george-yeh', role: 'creator' }],
  places: [{ id: 'taipei', role: 'origin' }],
  subjects: ['peace-treaties'],
  collections: [{ id: 'sino-japanese-relations' }],
  related: [{ id: 'demo-0017', relation: 'see also' }],
  translations: [{ language: 'en', html: '<p>The quagga talks went on late.</p>' }],
};
/** Pages that list documents, and pages that only count them. */
const LISTING = ['/', '/collections/sino-japanese-relations', '/search?q=quagga', '/search?q=taipei', '/people/george-yeh', '/places/taipei', '/subjects/peace-treaties', '/types/treaty', '/dates/1952'];
const COUNTING = ['/collections', '/people', '/places', '/dates', '/dates/1950s'];
const SURFACES = [...LISTING, ...COUNTING, '/documents/demo-0017'];

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ cache: false }));
});

const fetchAll = async () => Promise.all(SURFACES.map(async (p) => [p, await (await app.request(p)).text()] as const));

describe('the public line', () => {
  it('leaves every public page unchanged while a document is a draft or in review, and shows it on each once published', async () => {
    const before = await fetchAll();
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await new Editorial(archive).create({ name: ROLE_USERS.editor, role: 'editor', via: 'session' }, draft);
    const unpublished = async () => {
      expect(await fetchAll()).toEqual(before);
      for (const p of [`/documents/${ID}`, `/documents/${ID}/cite.bib`, `/documents/${ID}/cite.json`, '/d/memorandum-on-the-quagga-conversation-in-taipei']) {
        expect((await app.request(p)).status, p).toBe(404);
      }
    };
    await unpublished();
    await editor.get(`/admin/documents/${ID}`);
    expect((await editor.post(`/admin/status/${ID}`, { status: 'review', revision: '1' })).res.status).toBe(303);
    await unpublished();

    const reviewer = new Client(app);
    await reviewer.signIn(ROLE_USERS.reviewer);
    await reviewer.get(`/admin/documents/${ID}`);
    expect((await reviewer.post(`/admin/status/${ID}`, { status: 'published', revision: '2' })).res.status).toBe(303);
    const after = await fetchAll();
    const page = (list: typeof after, path: string) => list.find(([p]) => p === path)![1];
    for (const path of LISTING) expect(page(after, path), path).toContain(ID);
    for (const path of COUNTING) expect(page(after, path), path).not.toEqual(page(before, path)); // a count went up
    expect(page(after, '/documents/demo-0017')).toContain(draft.title); // the reverse "related" link
    expect((await app.request(`/documents/${ID}/cite.bib`)).status).toBe(200);
  });
});

describe('the workflow pages', () => {
  it('show each role only the moves it may make, and refuse the others with 403 and no change', async () => {
    const id = 'wf-second';
    await new Editorial(archive).create({ name: ROLE_USERS.editor, role: 'editor', via: 'session' }, { ...draft, id, related: [] });
    const viewer = new Client(app);
    await viewer.signIn(ROLE_USERS.viewer);
    const seen = await viewer.get(`/admin/documents/${id}`);
    expect(seen.html).not.toContain('Submit for review');
    expect(seen.html).not.toContain('>Edit<');
    const refused = await viewer.post(`/admin/status/${id}`, { status: 'review', revision: '1' });
    expect(refused.res.status).toBe(403);
    expect(refused.html).toContain('may not submit documents for review');
    const translator = new Client(app);
    await translator.signIn(ROLE_USERS.translator);
    expect((await translator.get(`/admin/documents/${id}`)).html).toContain('Submit for review');
    expect((await translator.post(`/admin/status/${id}`, { status: 'review', revision: '1' })).res.status).toBe(303);
    expect((await archive.backend.store.getDocument(id))!.status).toBe('review');
  });

  it('need a comment to send back, refuse a move from a stale page, and list the work on the worklist', async () => {
    const id = 'wf-second';
    const reviewer = new Client(app);
    await reviewer.signIn(ROLE_USERS.reviewer);
    const page = await reviewer.get(`/admin/documents/${id}`);
    expect(page.html).toContain('Send back to the author');
    const noComment = await reviewer.post(`/admin/status/${id}`, { status: 'draft', revision: '2' });
    expect(noComment.res.status).toBe(400);
    expect(noComment.html).toContain('comment: say what needs to change');
    const stale = await reviewer.post(`/admin/status/${id}`, { status: 'draft', revision: '1', comment: 'x' });
    expect(stale.res.status).toBe(409);
    expect(stale.html).toContain('changed by someone else');
    await reviewer.post(`/admin/status/${id}`, { status: 'draft', revision: '2', comment: 'Please <b>check</b> the date.' });
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    const overview = await editor.get(`/admin/documents/${id}`);
    expect(overview.html).toContain('Please &lt;b&gt;check&lt;/b&gt; the date.');
    const list = await editor.get('/admin');
    const mine = list.html.slice(list.html.indexOf('My drafts'), list.html.indexOf('Waiting for review'));
    expect(mine).toContain('/admin/documents/wf-second');
    expect(list.html).toContain('sent back by reviewer@example.org');

    expect((await editor.post(`/admin/status/${id}`, { status: 'review', revision: '3' })).res.status).toBe(303);
    await reviewer.get(`/admin/documents/${id}`);
    const at = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    expect((await reviewer.post(`/admin/status/${id}`, { status: 'published', revision: '4', publishAt: at })).res.status).toBe(303);
    const scheduled = (await editor.get('/admin')).html;
    expect(scheduled.slice(scheduled.indexOf('id="wl-scheduled"'))).toContain(`publishes ${at.replace('T', ' ')} UTC`);
    expect((await app.request(`/documents/${id}`)).status).toBe(404);
  });
});
