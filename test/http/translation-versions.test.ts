/**
 * Versioned, citable translations: a revised published translation is
 * announced on the document page with the editor's note, every published
 * version stays readable at its own URL, citations name the version, and
 * a text that was never published is never shown.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Actor } from '../../src/domain/roles.js';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { createWebApp } from '../../src/web/app.js';
import { openTestArchive } from '../helpers.js';
import { text } from './demo-site.js';

let app: Hono<any>;
let archive: Archive;
const editor: Actor = { name: 'editor@example.org', role: 'editor', via: 'session' };
const ID = 'tv-1';
const base = { id: ID, title: 'Cable on the fishing talks', date: '1984-03-25' };
const revs: Record<string, number> = {};

beforeAll(async () => {
  archive = await openTestArchive();
  app = createWebApp(archive, { log: 'silent', cache: false });
  const e = new Editorial(archive);
  revs.draft = (await e.create(editor, { ...base, translations: [{ language: 'en', html: '<p>Unpublished wording: secret draft text.</p>' }] })).revision;
  const r2 = await e.update(editor, ID, { ...base, translations: [{ language: 'en', html: '<p>The ambassador met the premier.</p>' }] }, revs.draft);
  revs.first = (await e.setStatus(editor, ID, { status: 'published' }, r2.revision)).revision;
  revs.second = (await e.update(editor, ID, { ...base, translations: [{ language: 'en', html: '<p>The ambassador met the foreign minister.</p>' }] }, revs.first, 'Corrected the office of the person met')).revision;
});

describe('versioned translations', () => {
  it('are announced on the document page with the date and the editor’s note, linking the earlier version', async () => {
    const page = text(await (await app.request(`/documents/${ID}`)).text());
    expect(page).toMatch(/Translation revised on \w+ \d+, \d{4}: Corrected the office of the person met\./);
    expect(page).toContain('the foreign minister');
    expect(await (await app.request(`/documents/${ID}`)).text()).toContain(`href="/documents/${ID}/v/${revs.first}"`);
  });

  it('are told apart by their time when published the same day', async () => {
    const page = text(await (await app.request(`/documents/${ID}`)).text());
    const [, list] = /Versions of the translation: (.*?\(this page\))/.exec(page) ?? [];
    const labels = list!.replace(' (this page)', '').split(' · ');
    expect(labels).toHaveLength(2);
    for (const label of labels) expect(label).toMatch(/^\w+ \d+, \d{4}, \d{2}:\d{2} UTC( \(revision \d+\))?$/);
    expect(new Set(labels).size).toBe(2);
  });

  it('stay readable at their own URL, saying which version they are', async () => {
    const res = await app.request(`/documents/${ID}/v/${revs.first}`);
    expect(res.status).toBe(200);
    const page = text(await res.text());
    expect(page).toContain('The ambassador met the premier.');
    expect(page).toContain('You are reading this document as it was published on');
  });

  it('never show a text that was not published', async () => {
    expect((await app.request(`/documents/${ID}/v/${revs.draft}`)).status).toBe(404);
    expect((await app.request(`/documents/${ID}/v/999`)).status).toBe(404);
    for (const rev of [revs.first, revs.second]) expect(await (await app.request(`/documents/${ID}/v/${rev}`)).text()).not.toContain('secret draft text');
  });

  it('are named in citations', async () => {
    const current = JSON.parse(await (await app.request(`/documents/${ID}/cite.json`)).text());
    expect(current[0].version).toMatch(/^translation of \w+ \d+, \d{4}$/);
    const old = await (await app.request(`/documents/${ID}/v/${revs.first}`)).text();
    expect(old).toContain(`/documents/${ID}/v/${revs.first}`);
    // The page's Dublin Core tags name the version its citations cite.
    expect(old).toMatch(/<meta name="DC\.relation\.hasVersion" content="translation of \w+ \d+, \d{4}"/);
  });

  it('are all in the JSON API record, published ones only, each with its citable address', async () => {
    const body = (await (await app.request(`/api/v1/documents/${ID}`)).json()) as { translationVersions: { revision: number; url: string; note?: string; translations: { html: string }[] }[] };
    expect(body.translationVersions.map((v) => v.revision)).toEqual([revs.first, revs.second]);
    expect(body.translationVersions[0]!.translations[0]!.html).toContain('met the premier');
    expect(body.translationVersions[1]!.note).toBe('Corrected the office of the person met');
    expect(body.translationVersions[0]!.url).toMatch(new RegExp(`/documents/${ID}/v/${revs.first}$`));
    expect(JSON.stringify(body)).not.toContain('secret draft text');
  });

  it('go with the document when it is withdrawn', async () => {
    const e = new Editorial(archive);
    await e.setStatus(editor, ID, { status: 'withdrawn', reason: 'Rights' });
    expect((await app.request(`/documents/${ID}/v/${revs.first}`)).status).toBe(410);
  });
});
