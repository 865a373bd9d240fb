/**
 * The editors' services on a real archive: roles checked in the service
 * (not only in routes), the workflow and its public line, stale revisions,
 * restore, scheduled publication and the audit entries each write leaves.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, GoneError, NotFoundError, StaleRevisionError, ValidationError } from '../../src/domain/errors.js';
import type { Actor, Role } from '../../src/domain/roles.js';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { runSearch } from '../../src/services/search.js';
import { searchParamsSchema } from '../../src/search/search-state.js';
import { openTestArchive } from '../helpers.js';

const as = (role: Role): Actor => ({ name: `${role}@example.org`, role, via: 'session', userId: role });
const draft = {
  id: 'cable-1984',
  title: 'Cable from the Ambassador in Beijing on the Zhongnanhai meeting',
  date: '1984-03-25',
  summary: 'Report of a conversation about fishing quotas.',
  translations: [{ language: 'en', html: '<p>The ambassador met the premier about fishing quotas.</p>' }],
};

let archive: Archive;
let editorial: Editorial;
const searchFor = async (q: string) => (await runSearch(archive, searchParamsSchema.parse({ q }))).hits.map((h) => h.id);
const counts = async () => ({ revisions: (await archive.backend.store.listRevisions('document', draft.id)).length, stats: await archive.stats() });

beforeEach(async () => {
  archive = await openTestArchive();
  editorial = new Editorial(archive);
});

describe('roles, checked in the service', () => {
  it('let only editors and admins create documents; anyone else gets ForbiddenError and nothing is written', async () => {
    for (const role of ['viewer', 'reviewer', 'translator'] as const) {
      await expect(editorial.create(as(role), draft)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await archive.stats()).documents).toBe(0);
    expect((await archive.backend.editors.listAudit({ limit: 10 })).total).toBe(0);
    await editorial.create(as('editor'), draft);
    await editorial.create(as('admin'), { ...draft, id: 'other' });
    expect((await archive.stats()).drafts).toBe(2);
  });

  it('let a translator change translations and transcripts of an unpublished document, and nothing else', async () => {
    const { revision } = await editorial.create(as('editor'), draft);
    const before = await counts();
    const retitled = editorial.update(as('translator'), draft.id, { ...draft, title: 'Another title' }, revision);
    await expect(retitled).rejects.toThrow(/only translations and transcripts, not title/);
    expect(await counts()).toEqual(before);
    const saved = await editorial.update(as('translator'), draft.id, { ...draft, transcripts: [{ language: 'ja', html: '<p>大使は首相と会談した。</p>' }] }, revision);
    expect(saved.document.transcripts[0]!.language).toBe('ja');
    await editorial.setStatus(as('editor'), draft.id, { status: 'published' });
    const published = await editorial.document(as('viewer'), draft.id);
    await expect(editorial.update(as('translator'), draft.id, { ...draft, translations: [] }, published.revision)).rejects.toThrow(/only before publication/);
  });

  it('let viewers read drafts but change nothing; reviewers review but do not edit or withdraw', async () => {
    const { revision } = await editorial.create(as('editor'), draft);
    expect((await editorial.document(as('viewer'), draft.id)).document.status).toBe('draft');
    await expect(editorial.update(as('viewer'), draft.id, draft, revision)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(editorial.update(as('reviewer'), draft.id, draft, revision)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(editorial.setStatus(as('viewer'), draft.id, { status: 'review' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(editorial.setStatus(as('reviewer'), draft.id, { status: 'published' })).rejects.toBeInstanceOf(ForbiddenError);
    await editorial.setStatus(as('translator'), draft.id, { status: 'review' });
    await editorial.setStatus(as('reviewer'), draft.id, { status: 'published' });
    await expect(editorial.setStatus(as('reviewer'), draft.id, { status: 'withdrawn', reason: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await editorial.document(as('viewer'), draft.id)).document.status).toBe('published');
  });
});

describe('the workflow', () => {
  it('keeps drafts and documents in review off the public side until published, then sets the uploaded date once', async () => {
    await editorial.create(as('editor'), { ...draft, status: 'published', uploadedAt: '1999-01-01' });
    const check = async (visible: boolean) => {
      if (visible) expect((await archive.document(draft.id)).document.id).toBe(draft.id);
      else await expect(archive.document(draft.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await searchFor('fishing quotas')).toEqual(visible ? [draft.id] : []);
      expect((await archive.stats()).published).toBe(visible ? 1 : 0);
      expect((await archive.publishedDocuments([draft.id])).length).toBe(visible ? 1 : 0);
    };
    const created = (await editorial.document(as('editor'), draft.id)).document;
    expect(created.status).toBe('draft');
    expect(created.uploadedAt).toBeUndefined();
    await check(false);
    await editorial.setStatus(as('editor'), draft.id, { status: 'review' });
    await check(false);
    const sentBack = editorial.setStatus(as('reviewer'), draft.id, { status: 'draft' });
    await expect(sentBack).rejects.toThrow(/comment: say what needs to change/);
    await editorial.setStatus(as('reviewer'), draft.id, { status: 'draft', comment: 'Check the date of the meeting.' });
    expect((await archive.backend.store.listRevisions('document', draft.id))[0]!.note).toBe('Check the date of the meeting.');
    await editorial.setStatus(as('editor'), draft.id, { status: 'review' });
    await editorial.setStatus(as('reviewer'), draft.id, { status: 'published' });
    await check(true);
    const first = (await archive.document(draft.id)).document.uploadedAt!;
    expect(Date.now() - Date.parse(first)).toBeLessThan(60_000);
    await expect(editorial.setStatus(as('editor'), draft.id, { status: 'withdrawn' })).rejects.toThrow(/reason/);
    await editorial.setStatus(as('editor'), draft.id, { status: 'withdrawn', reason: 'Rights holder asked us to.' });
    await expect(archive.document(draft.id)).rejects.toSatisfy((e) => e instanceof GoneError && e.reason === 'Rights holder asked us to.');
    expect(await searchFor('fishing quotas')).toEqual([]);
    await editorial.setStatus(as('editor'), draft.id, { status: 'published' });
    expect((await archive.document(draft.id)).document.uploadedAt).toBe(first);
    await expect(editorial.setStatus(as('editor'), draft.id, { status: 'review' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('publishes a scheduled document when its time comes, not before', async () => {
    await editorial.create(as('editor'), draft);
    await editorial.setStatus(as('editor'), draft.id, { status: 'review' });
    const at = new Date(Date.now() + 3600_000).toISOString();
    const scheduled = await editorial.setStatus(as('reviewer'), draft.id, { status: 'published', publishAt: at });
    expect(scheduled.document.status).toBe('review');
    expect(scheduled.schedule?.publishAt).toBe(at);
    expect(await editorial.publishDue(new Date())).toBe(0);
    await expect(archive.document(draft.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await editorial.publishDue(new Date(Date.now() + 2 * 3600_000))).toBe(1);
    expect((await archive.document(draft.id)).document.status).toBe('published');
    expect(await searchFor('fishing quotas')).toEqual([draft.id]);
  });
});

describe('revisions', () => {
  it('refuse a save started from an older revision and write nothing', async () => {
    const { revision } = await editorial.create(as('editor'), draft);
    await editorial.update(as('editor'), draft.id, { ...draft, title: 'First editor’s title' }, revision);
    const before = await counts();
    const late = editorial.update(as('admin'), draft.id, { ...draft, title: 'Second editor’s title' }, revision);
    await expect(late).rejects.toBeInstanceOf(StaleRevisionError);
    expect(await counts()).toEqual(before);
    expect((await editorial.document(as('viewer'), draft.id)).document.title).toBe('First editor’s title');
  });

  it('restore an earlier version as a new revision, keeping the status', async () => {
    const created = await editorial.create(as('editor'), draft);
    const changed = await editorial.update(as('editor'), draft.id, { ...draft, summary: 'A wrong summary.' }, created.revision);
    const published = await editorial.setStatus(as('editor'), draft.id, { status: 'published' }, changed.revision);
    const restored = await editorial.restore(as('editor'), draft.id, created.revision, published.revision);
    expect(restored.revision).toBe(published.revision + 1);
    expect(restored.document).toMatchObject({ summary: draft.summary, status: 'published' });
    expect((await archive.backend.store.listRevisions('document', draft.id))[0]!.note).toBe(`Restored revision ${created.revision}`);
    await expect(editorial.restore(as('translator'), draft.id, created.revision, restored.revision)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('validation and audit', () => {
  it('names every bad field, writes nothing, and audits every write with its actor', async () => {
    const bad = editorial.create(as('editor'), { ...draft, date: 'sometime', translations: [{ language: 'xx-!!', html: '' }] });
    await expect(bad).rejects.toSatisfy((e) => e instanceof ValidationError && e.issues.some((i) => i.path === 'date') && e.issues.some((i) => i.path.startsWith('translations.0.language')));
    expect((await archive.stats()).documents).toBe(0);
    const { revision } = await editorial.create(as('editor'), draft);
    await editorial.update(as('editor'), draft.id, { ...draft, summary: 'Changed.' }, revision, 'Fixed summary');
    await editorial.setStatus(as('editor'), draft.id, { status: 'review' });
    const { items } = await archive.backend.editors.listAudit({ action: 'document', limit: 10 });
    expect(items.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['editor@example.org', 'document.status', `document:${draft.id}`],
      ['editor@example.org', 'document.update', `document:${draft.id}`],
      ['editor@example.org', 'document.create', `document:${draft.id}`],
    ]);
  });

  it('renders hostile HTML harmless as it is saved', async () => {
    await editorial.create(as('editor'), {
      ...draft,
      translations: [{ language: 'en', html: '<p onclick="alert(1)">Text<script>alert(2)</script><a href="javascript:alert(3)">link</a><img src=x onerror=alert(4)></p>' }],
    });
    const html = (await editorial.document(as('viewer'), draft.id)).document.translations[0]!.html;
    expect(html).not.toMatch(/script|onclick|onerror|javascript:/i);
    expect(html).toContain('Text');
  });
});
