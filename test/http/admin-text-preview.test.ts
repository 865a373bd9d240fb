/**
 * The preview beside the texts of the document form: the same markup the
 * public page draws, from what is typed, sanitized as a save would, without
 * writing anything; the form comes back with the input kept (no JavaScript),
 * or only the pane's body is answered (the script's request); right-to-left
 * and CJK texts carry their language and direction in the editor and the
 * preview.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { Client, editorsSite, formValues, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;
const ID = 'demo-0029';

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ cache: false }));
});

/** The side-by-side section of a page (public or preview). */
const parallelSection = (html: string) => /<section class="document__text parallel-text"[\s\S]*?<\/section>\s*(?=<\/div>)/.exec(html)?.[0];

async function editor(): Promise<Client> {
  const client = new Client(app);
  await client.signIn(ROLE_USERS.editor);
  return client;
}

describe('the text preview in the document form', () => {
  it('shows the saved texts side by side with the original, in the public page’s own markup', async () => {
    const client = await editor();
    const { html } = await client.get(`/admin/edit/${ID}`);
    expect(html).toContain('aria-labelledby="text-preview-h"');
    const pane = html.slice(html.indexOf('id="text-preview"'));
    const publicPage = await (await app.request(`/documents/${ID}?view=parallel`)).text();
    const expected = parallelSection(publicPage);
    expect(expected).toBeTruthy();
    expect(parallelSection(pane)).toBe(expected);
  });

  it('redraws what is typed, sanitized as a save would be, keeps the input, and writes nothing', async () => {
    const client = await editor();
    const { html: formHtml } = await client.get(`/admin/edit/${ID}`);
    const revisions = (await archive.backend.store.listRevisions('document', ID)).length;
    const fields = {
      ...formValues(formHtml),
      'translations.0.html': '<p>The ambassador <em>telephoned</em> the minister.<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> <a href="javascript:alert(1)">link</a></p>',
      date: 'early spring', // a field that does not read does not blank the preview
      _action: 'preview',
    };
    const page = await client.post(`/admin/edit/${ID}`, fields);
    expect(page.res.status).toBe(200);
    const pane = page.html.slice(page.html.indexOf('id="text-preview"'));
    expect(pane).toContain('The ambassador <em>telephoned</em> the minister.');
    expect(pane).not.toMatch(/<script|onerror|javascript:|<img/);
    // The form comes back with what was typed, ready to save.
    expect(formValues(page.html)['translations.0.html']).toBe(fields['translations.0.html']);
    expect(formValues(page.html).date).toBe('early spring');
    // The script's request: only the pane's body, one column when asked.
    const fragment = await client.post(`/admin/edit/${ID}`, { ...fields, _fragment: '1', _view: 'one' });
    expect(fragment.res.status).toBe(200);
    expect(fragment.html.startsWith('<div class="page--document text-preview__page">')).toBe(true);
    expect(fragment.html).not.toContain('<form');
    expect(fragment.html).toContain('id="translation-en"');
    expect(fragment.html).not.toContain('class="document__text parallel-text"');
    expect(await archive.backend.store.listRevisions('document', ID)).toHaveLength(revisions);
    expect((await archive.backend.store.getDocument(ID))!.translations[0]!.html).not.toContain('telephoned');
  });

  it('gives right-to-left and CJK texts their language and direction in the editor and the preview', async () => {
    const client = await editor();
    await client.get('/admin/new');
    const { html } = await client.post('/admin/new', {
      title: 'A note in Arabic',
      'translations.0.language': 'ar',
      'translations.0.html': '<p>التقى السفير بالوزير.</p>',
      'transcripts.0.language': 'ja',
      'transcripts.0.html': '<p>大使は大臣と会った。</p>',
      _action: 'preview',
    });
    expect(html).toMatch(/<textarea id="f-translations-0-html"[^>]*lang="ar" dir="rtl"/);
    expect(html).toMatch(/<textarea id="f-transcripts-0-html"[^>]*lang="ja" dir="ltr"/);
    const pane = html.slice(html.indexOf('id="text-preview"'));
    expect(pane).toContain('<div class="rich-text" lang="ar" dir="rtl"><p>التقى السفير بالوزير.</p></div>');
    expect(pane).toContain('<div class="rich-text" lang="ja" dir="ltr"><p>大使は大臣と会った。</p></div>');
    expect(await archive.backend.store.getDocument('a-note-in-arabic')).toBeUndefined();
  });

  it('says which text does not read yet instead of failing, and shows the rest', async () => {
    const client = await editor();
    await client.get('/admin/new');
    const { res, html } = await client.post('/admin/new', {
      title: 'Two texts',
      'translations.0.language': 'en',
      'translations.0.html': '<p>Readable.</p>',
      'translations.1.language': 'not a language!',
      'translations.1.html': '<p>Not yet.</p>',
      _action: 'preview',
      _fragment: '1',
    });
    expect(res.status).toBe(200);
    expect(html).toContain('<p>Readable.</p>');
    expect(html).toContain('Not shown until it reads: translation 2');
    expect(html).not.toContain('Not yet.');
  });

  it('points at the One column choice, not at a public page a draft does not have, when there are further texts', async () => {
    const client = await editor();
    const { html: formHtml } = await client.get(`/admin/edit/${ID}`);
    const page = await client.post(`/admin/edit/${ID}`, {
      ...formValues(formHtml),
      'translations.1.language': 'fr',
      'translations.1.html': '<p>Une seconde traduction.</p>',
      _view: 'parallel',
      _action: 'preview',
    });
    const pane = page.html.slice(page.html.indexOf('id="text-preview"'));
    expect(pane).toContain('This document has further texts; choose “One column” under Show to preview them all.');
    expect(pane).not.toContain(`href="/documents/${ID}#text"`);
    // The public page keeps its link.
    const publicPage = await (await app.request(`/documents/${ID}?view=parallel`)).text();
    expect(publicPage).not.toContain('under Show');
  });

  it('needs a session and a valid CSRF token like every form', async () => {
    const anonymous = new Client(app);
    const res = await anonymous.request(`/admin/edit/${ID}`, { method: 'POST', body: new URLSearchParams({ _action: 'preview', _fragment: '1', 'translations.0.html': '<p>x</p>' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).not.toBe(200);
    expect(await res.text()).not.toContain('text-preview__page');
    const client = await editor();
    const forged = await client.post(`/admin/edit/${ID}`, { _csrf: 'forged', _action: 'preview', _fragment: '1', 'translations.0.html': '<p>x</p>' });
    expect(forged.res.status).toBe(403);
    expect(forged.html).not.toContain('text-preview__page');
  });
});
