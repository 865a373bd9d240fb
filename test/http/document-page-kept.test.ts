/**
 * A document page keeps what its record alone decides (the metadata in
 * `<head>`, the texts, people and places, document information, COinS) as
 * HTML per version of the archive and of the record (kept-parts.ts). The
 * page is the same as one rendered in full; an edit of the record shows in
 * the next page of every site on the archive at once, a renamed person or
 * site within the change marker's poll; a document made a draft is gone
 * at once from its page and from the pages that listed it; and the versions
 * of a translation, kept beside the view, list a new publication at once and
 * a draft's text never.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';
import { displayDay } from '../../src/domain/display.js';
import type { Document } from '../../src/domain/document.js';
import type { Actor } from '../../src/domain/roles.js';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { createWebApp } from '../../src/web/app.js';
import { documentPath } from '../../src/web/urls.js';
import { openTestArchive } from '../helpers.js';
import { until } from '../until.js';

let archive: Archive;
beforeAll(async () => {
  archive = await openTestArchive({ demo: true });
});

/** Sites on one archive, as web processes: each keeps its own parts, the page cache off. */
const site = (): Hono<any> => createWebApp(archive, { log: 'silent', cache: false, baseUrl: 'https://archive.example.org' });
const get = async (app: Hono<any>, path: string) => {
  const res = await app.request(path);
  return { status: res.status, html: await res.text() };
};
const page = async (app: Hono<any>, path: string) => {
  const { status, html } = await get(app, path);
  expect(status, path).toBe(200);
  // The date of access is the only part of a page that may change between two requests.
  return html.replace(/\b(?:accessed|Accessed)\b[^<]*/g, '');
};

/** A published demo document with a translation, a creator who is a person, and a published document that lists it as related. */
async function chosen(): Promise<{ doc: Document; creator: string; listedBy: string }> {
  const { store } = archive.backend;
  for (const { id } of (await store.listDocuments({ limit: 100 })).items) {
    const details = await archive.document(id);
    const creator = details.agents.find((a) => a.role === 'creator' && a.authority.kind === 'person');
    const listedBy = details.related.find((r) => r.id !== id);
    if (creator && listedBy && details.document.translations.length > 0) return { doc: details.document, creator: creator.authority.id, listedBy: listedBy.id };
  }
  throw new Error('no demo document with a translation, a person as creator and a related document');
}

describe('a document page’s kept parts', () => {
  it('render the page a site rendering it in full renders, in both reading views', async () => {
    const { doc } = await chosen();
    const kept = site();
    for (const path of [documentPath(doc.id), `${documentPath(doc.id)}?view=parallel`]) {
      const first = await page(kept, path);
      // Asked again: made from the kept parts; a new site renders everything afresh.
      expect(await page(kept, path)).toBe(first);
      expect(await page(site(), path)).toBe(first);
    }
  });

  it('show an edited record, a renamed person and a renamed site in the next page of every site', async () => {
    const { doc, creator } = await chosen();
    const { store } = archive.backend;
    const person = (await store.getAuthorities([{ kind: 'person', id: creator }]))[0]!;
    const siteName = (await archive.siteInfo()).name;
    const sites = [site(), site()];
    for (const app of sites) {
      const shown = await page(app, documentPath(doc.id));
      expect(shown).toContain(`<meta name="citation_author" content="${person.name}"/>`);
      expect(shown).toContain(`<meta name="citation_publisher" content="${siteName}"/>`);
      expect(await page(app, documentPath(doc.id))).toBe(shown);
    }

    // The record is read on every request: its edit shows in the next page at once.
    const translation = { ...doc.translations[0]!, html: `${doc.translations[0]!.html}<p>A sentence added after the first visit.</p>` };
    await archive.save({ ...doc, kind: 'document', summary: 'A summary written after the first visit.', translations: [translation, ...doc.translations.slice(1)] }, { actor: 'test' });
    for (const app of sites) {
      const shown = await page(app, documentPath(doc.id));
      expect(shown).toContain('A sentence added after the first visit.');
      expect(shown).toContain('<p class="document__summary">A summary written after the first visit.</p>');
      expect(shown).toContain('<meta name="DC.description" content="A summary written after the first visit."/>');
      expect(shown).toContain(`rft.description=${encodeURIComponent('A summary written after the first visit.')}`);
    }

    // Other records' names and the site's, at the change marker's next poll (within a second), as the frame's.
    await archive.save({ ...person, name: 'Person renamed after the first visit' }, { actor: 'test' });
    await archive.setSiteInfo({ name: 'Archive renamed after the first visit' });

    for (const app of sites) {
      const shown = await until('the edits on the page', async () => {
        const now = await page(app, documentPath(doc.id));
        // The frame and the kept parts each see the new version at their own next look at the marker: wait for both.
        const renamed = ['<meta name="citation_publisher" content="Archive renamed after the first visit"/>', '<meta name="citation_author" content="Person renamed after the first visit"/>', '<a class="site-name" href="/">Archive renamed after the first visit</a>'];
        return renamed.every((part) => now.includes(part)) && now;
      });
      // The texts, the metadata in <head>, people and places, COinS: each from the new version.
      expect(shown).toContain('A sentence added after the first visit.');
      expect(shown).toContain('<p class="document__summary">A summary written after the first visit.</p>');
      expect(shown).toContain('<meta name="DC.description" content="A summary written after the first visit."/>');
      expect(shown).toContain('<meta name="citation_author" content="Person renamed after the first visit"/>');
      expect(shown).toContain('<meta name="citation_publisher" content="Archive renamed after the first visit"/>');
      expect(shown).toContain('<meta property="og:site_name" content="Archive renamed after the first visit"/>');
      expect(shown).toMatch(/<section id="people-places"[\s\S]*>Person renamed after the first visit<\/a>[\s\S]*<\/section>/);
      expect(shown).toContain(`rft.creator=${encodeURIComponent('Person renamed after the first visit')}`);
      expect(shown).not.toContain(`content="${person.name}"`);
      expect(shown).not.toContain(`content="${siteName}"`);
      // The same bytes as a site that renders it all for the first time.
      expect(await page(site(), documentPath(doc.id))).toBe(shown);
    }
  });

  it('cite the day of access of each request, and an edited record at once', async () => {
    const { doc } = await chosen();
    const app = site();
    const cite = async (from: Hono<any>) => {
      const { status, html } = await get(from, documentPath(doc.id));
      expect(status).toBe(200);
      return /<section id="cite"[\s\S]*?<\/section>/.exec(html)![0];
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2031-05-06T23:59:00Z'));
      const first = await cite(app);
      expect(first).toContain(`today’s date, ${displayDay('2031-05-06')}, as`);
      expect(await cite(app)).toBe(first);
      // A minute later it is another day: the citations carry it, as a site that formats them afresh does.
      vi.setSystemTime(new Date('2031-05-07T00:00:30Z'));
      const next = await cite(app);
      expect(next).toContain(`today’s date, ${displayDay('2031-05-07')}, as`);
      expect(next).not.toContain('2031-05-06');
      expect(next).not.toContain('6 May 2031');
      expect(next).toBe(await cite(site()));
      // The record is read on every request: an edited title is cited at once.
      const current = (await archive.backend.store.getDocument(doc.id))!;
      await archive.save({ ...current, kind: 'document', title: 'A title given after the first visit' }, { actor: 'test' });
      const edited = await cite(app);
      expect(edited).toContain('A title given after the first visit');
      expect(edited).toBe(await cite(site()));
    } finally {
      vi.useRealTimers();
    }
  });

  it('never show a document made a draft, on its page or on the page that listed it', async () => {
    const { doc, listedBy } = await chosen();
    const sites = [site(), site()];
    for (const app of sites) {
      expect((await page(app, documentPath(listedBy))).includes(`href="${documentPath(doc.id)}"`)).toBe(true);
      await page(app, documentPath(doc.id));
    }
    const current = (await archive.backend.store.getDocument(doc.id))!;
    await archive.save({ ...current, kind: 'document', status: 'draft' }, { actor: 'test' });
    // At once: the record, and the related documents of a page, are read on every request.
    for (const app of sites) {
      const gone = await get(app, documentPath(doc.id));
      expect(gone.status).toBe(404);
      expect(gone.html).not.toContain(current.translations[0]!.html.slice(0, 60));
      const listing = await page(app, documentPath(listedBy));
      expect(listing).not.toContain(`href="${documentPath(doc.id)}"`);
      expect(listing).not.toContain(current.title);
    }
  });

  it('list a translation’s new version at once, and never a draft’s', async () => {
    const editor: Actor = { name: 'editor@example.org', role: 'editor', via: 'session' };
    const e = new Editorial(archive);
    const id = 'kept-translation-versions';
    const base = { id, title: 'Cable on the grain talks', date: '1979-06-02' };
    const en = (html: string) => ({ translations: [{ language: 'en', html, translators: [] as string[] }] });
    const created = await e.create(editor, { ...base, ...en('<p>First published wording.</p>') });
    const first = (await e.setStatus(editor, id, { status: 'published' }, created.revision)).revision;
    const sites = [site(), site()];
    const versionsOn = async (app: Hono<any>) => {
      const html = await page(app, documentPath(id));
      const list = /Versions of the translation:[\s\S]*?<\/p>/.exec(html)?.[0] ?? '';
      return { html, revisions: [...list.matchAll(/\/v\/(\d+)"/g)].map((m) => Number(m[1])) };
    };
    for (const app of sites) {
      // One version: no notice, asked twice (the second from what the site keeps).
      for (let i = 0; i < 2; i++) expect((await versionsOn(app)).html).not.toContain('Versions of the translation');
    }

    // A new wording published: listed on the next page of every site, with its note.
    const second = (await e.update(editor, id, { ...base, ...en('<p>Second published wording.</p>') }, first, 'Second wording published')).revision;
    for (const app of sites) {
      const shown = await versionsOn(app);
      expect(shown.html).toContain('Second published wording.');
      expect(shown.html).toContain('Second wording published.');
      expect(shown.revisions).toEqual([first]);
      expect((await versionsOn(app)).revisions).toEqual([first]);
    }

    // Made a draft with a new wording: gone at once; published again with another, which is listed, the draft's never.
    const current = (await archive.backend.store.getDocument(id))!;
    await archive.save({ ...current, kind: 'document', status: 'draft', ...en('<p>Draft wording never published.</p>') }, { actor: 'test' });
    for (const app of sites) expect((await get(app, documentPath(id))).status).toBe(404);
    const draft = (await archive.backend.store.listRevisions('document', id))[0]!.revision;
    await archive.save({ ...current, kind: 'document', status: 'published', ...en('<p>Third published wording.</p>') }, { actor: 'test', note: 'Third wording published' });
    const third = (await archive.backend.store.listRevisions('document', id))[0]!.revision;
    for (const app of sites) {
      const shown = await versionsOn(app);
      expect(shown.html).toContain('Third wording published.');
      expect(shown.revisions).toEqual([first, second]);
      expect(shown.revisions).not.toContain(draft);
      expect(shown.html).not.toContain('Draft wording never published.');
      expect(shown.html).toBe(await page(site(), documentPath(id)));
      expect((await get(app, `${documentPath(id)}/v/${draft}`)).status).toBe(404);
      expect((await page(app, `${documentPath(id)}/v/${second}`))).toContain('Second published wording.');
    }
    expect(third).toBeGreaterThan(draft);
  });
});
