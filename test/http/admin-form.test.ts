/**
 * The document form: it round-trips every document of the demo archive
 * without losing a field, creates and edits documents with names typed in any
 * script, keeps what was typed when a save is refused, shows both versions
 * when someone else saved first, and renders hostile text harmless.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { documentSchema } from '../../src/domain/document.js';
import type { Archive } from '../../src/services/archive.js';
import { documentToForm, formToInput } from '../../src/web/admin/document-form-data.js';
import { Client, editorsSite, formValues, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ cache: false }));
});

const MANAGED = ['status', 'withdrawnReason', 'uploadedAt', 'publishedAt', 'updatedAt'];
const strip = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k]) => !MANAGED.includes(k)));

describe('the form’s fields', () => {
  it('carry every field of every demo document through a save unchanged', async () => {
    let n = 0;
    for await (const doc of archive.backend.store.scanDocuments({ status: 'any' })) {
      const again = documentSchema.parse({ ...formToInput(documentToForm(doc)), status: doc.status, withdrawnReason: doc.withdrawnReason });
      expect(strip(again), doc.id).toEqual(strip(doc as never));
      n++;
    }
    expect(n).toBeGreaterThan(20);
  });

  it('ignore field names that could reach an object’s prototype', () => {
    const input = formToInput({ title: 'x', '__proto__.polluted': 'yes', 'constructor.prototype.polluted': 'yes', 'a.__proto__': 'y' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(input.title).toBe('x');
  });
});

describe('creating a document through the form', () => {
  const fields = {
    id: 'form-cable-1',
    title: 'Cable from the Ambassador in Beijing',
    date: 'June 1948',
    type: 'Cable',
    'cable.number': '1234',
    'cable.sent.dateTime': '1948-06-03T19:45',
    'cable.sent.timeZone': 'Asia/Tokyo',
    'cable.to': 'Foreign Minister\nVice Minister',
    'cable.precedence': 'Urgent',
    'source.repository': 'Diplomatic Record Office of the Ministry of Example Affairs (fictional)',
    'agents.0.id': 'Chou En-lai',
    'agents.0.role': 'recipient',
    'agents.1.id': '周恩来',
    'agents.1.role': 'mentioned',
    'places.0.id': '',
    'places.0.role': 'mentioned',
    'translations.0.language': 'en',
    'translations.0.html': '<p>The premier received the ambassador.</p>',
    'translations.0.translators': 'A. Translator',
    'transcripts.0.language': 'ja',
    'transcripts.0.html': '<p>首相は大使を迎えた。</p>',
    note: 'First entry',
  };

  it('checks without saving: shows how the date reads and writes nothing', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    await client.get('/admin/new');
    const { res, html } = await client.post('/admin/new', { ...fields, _action: 'check', 'agents.1.id': '' });
    expect(res.status).toBe(200);
    expect(html).toContain('Shows as “June 1948” (EDTF 1948-06); covers 1948-06-01 to 1948-06-30');
    expect(html).toContain('Nothing is saved until you press Save');
    expect(await archive.backend.store.getDocument(fields.id)).toBeUndefined();
  });

  it('saves names typed in any script as the record they name (two roles of one person are both kept)', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    await client.get('/admin/new');
    const twice = await client.post('/admin/new', fields);
    expect(twice.res.status).toBe(303); // two roles for one person are two references, both allowed
    const doc = (await archive.backend.store.getDocument(fields.id))!;
    expect(doc).toMatchObject({
      status: 'draft',
      date: '1948-06',
      type: 'cable',
      cable: { number: '1234', sent: { dateTime: '1948-06-03T19:45', timeZone: 'Asia/Tokyo' }, to: ['Foreign Minister', 'Vice Minister'], precedence: 'Urgent' },
      source: { repository: 'example-diplomatic-record-office' },
      agents: [{ id: 'zhou-enlai', role: 'recipient' }, { id: 'zhou-enlai', role: 'mentioned' }],
    });
    expect(doc.translations[0]).toMatchObject({ language: 'en', translators: ['A. Translator'] });
    expect(doc.transcripts[0]!.language).toBe('ja');
    expect((await archive.backend.store.listRevisions('document', fields.id))[0]!.note).toBe('First entry');
  });

  it('refuses bad input with each issue beside its field, keeping everything typed, and saves nothing', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    await client.get('/admin/new');
    const bad = { ...fields, id: 'form-bad', date: 'early spring 1948', 'translations.0.language': 'not a language!', 'agents.0.id': 'Nobody Atall', 'agents.1.id': '' };
    const { res, html } = await client.post('/admin/new', bad);
    expect(res.status).toBe(422);
    expect(html).toContain('no person or organization is called “Nobody Atall”');
    expect(html).toContain('value="Nobody Atall"');
    const withName = await client.post('/admin/new', { ...bad, 'agents.0.id': 'Zhou Enlai' });
    expect(withName.res.status).toBe(422);
    expect(withName.html).toMatch(/id="f-date"[^>]*aria-invalid="true"/);
    expect(withName.html).toMatch(/id="f-translations-0-language"[^>]*aria-invalid="true"/);
    expect(withName.html).toContain('value="early spring 1948"');
    expect(withName.html).toContain('首相は大使を迎えた。');
    expect(await archive.backend.store.getDocument('form-bad')).toBeUndefined();
  });

  it('creates a missing person inline when asked, with the document', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    await client.get('/admin/new');
    const { res } = await client.post('/admin/new', { ...fields, id: 'form-new-person', 'agents.0.id': 'Ivan Quaggavich', 'agents.1.id': '', createMissing: 'on' });
    expect(res.status).toBe(303);
    expect((await archive.backend.store.getDocument('form-new-person'))!.agents).toEqual([{ id: 'ivan-quaggavich', role: 'recipient' }]);
    expect(await archive.backend.store.getAuthority('person', 'ivan-quaggavich')).toMatchObject({ name: 'Ivan Quaggavich' });
  });
});

describe('editing', () => {
  it('shows both versions when someone saved first, keeps the edit, and saves it only when sent again', async () => {
    const a = new Client(app);
    const b = new Client(app);
    await a.signIn(ROLE_USERS.editor);
    await b.signIn(ROLE_USERS.admin);
    const formA = await a.get('/admin/edit/form-cable-1');
    const formB = await b.get('/admin/edit/form-cable-1');
    expect(formA.html).toContain('name="revision" value="1"');
    const aFields = { ...formValues(formA.html), title: 'Cable from the Ambassador in Peking' };
    const bFields = { ...formValues(formB.html), title: 'Telegram from the Ambassador in Beijing' };
    expect((await a.post('/admin/edit/form-cable-1', aFields)).res.status).toBe(303);
    const conflict = await b.post('/admin/edit/form-cable-1', bFields);
    expect(conflict.res.status).toBe(409);
    expect(conflict.html).toContain('Someone else saved this document while you were editing');
    expect(conflict.html).toContain('Cable from the Ambassador in Peking');
    expect(conflict.html).toContain('value="Telegram from the Ambassador in Beijing"');
    expect(conflict.html).toContain('name="revision" value="2"');
    expect((await archive.backend.store.getDocument('form-cable-1'))!.title).toBe('Cable from the Ambassador in Peking');
    expect((await b.post('/admin/edit/form-cable-1', { ...bFields, revision: '2' })).res.status).toBe(303);
    const saved = (await archive.backend.store.getDocument('form-cable-1'))!;
    expect(saved.title).toBe('Telegram from the Ambassador in Beijing');
    expect(saved.transcripts[0]!.html).toContain('首相は大使を迎えた'); // a save through the rendered form loses nothing
    expect(saved.cable!.sent).toEqual({ dateTime: '1948-06-03T19:45', timeZone: 'Asia/Tokyo' });
  });

  it('lets a translator save the texts through the form, but not other fields', async () => {
    const t = new Client(app);
    await t.signIn(ROLE_USERS.translator);
    const page = await t.get('/admin/edit/form-cable-1');
    expect(page.html).toContain('As a translator you may change the translations');
    const revision = (await archive.backend.store.listRevisions('document', 'form-cable-1'))[0]!.revision;
    const base = formValues(page.html);
    expect(base.revision).toBe(String(revision));
    const ok = await t.post('/admin/edit/form-cable-1', { ...base, 'translations.0.html': '<p>The premier warmly received the ambassador.</p>' });
    expect(ok.res.status, ok.html.match(/field-error[^<]*<\/?[^<]*/g)?.join(' ')).toBe(303);
    const refused = await t.post('/admin/edit/form-cable-1', { ...base, revision: String(revision + 1), title: 'Retitled' });
    expect(refused.res.status).toBe(403);
    expect(refused.html).toContain('not title');
  });

  it('renders hostile text in every field harmless, on the form and the public page', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    await client.get('/admin/new');
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const { res } = await client.post('/admin/new', {
      id: 'form-evil', title: `Evil ${evil}`, summary: evil, 'cable.number': evil, 'source.citation': evil, notes: evil, 'translations.0.language': 'en',
      'translations.0.html': `<p onclick="alert(3)">Hi<script>alert(4)</script><a href="javascript:alert(5)">x</a></p>`, 'identifiers.0.scheme': 'x', 'identifiers.0.value': evil,
    });
    expect(res.status).toBe(303);
    const form = (await client.get('/admin/edit/form-evil')).html;
    const overview = (await client.get('/admin/documents/form-evil')).html;
    await client.get('/admin/documents/form-evil');
    const revision = (await archive.backend.store.listRevisions('document', 'form-evil'))[0]!.revision;
    await client.post('/admin/status/form-evil', { status: 'published', revision: String(revision) });
    const publicPage = await (await app.request('/documents/form-evil')).text();
    for (const html of [form, overview, publicPage]) {
      expect(html).not.toMatch(/<script>alert|<img src=x|onclick="alert|href="javascript:/);
    }
    expect(publicPage).toContain('Evil &quot;&gt;&lt;script&gt;');
  });

  it('keeps what was typed when the CSRF token is stale, ready to send again', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.editor);
    const { res, html } = await client.post('/admin/new', { _csrf: 'stale', id: 'form-csrf', title: 'A long careful description' });
    expect(res.status).toBe(403);
    expect(html).toContain('A long careful description');
    expect(html).toContain('action="/admin/new"');
    expect(await archive.backend.store.getDocument('form-csrf')).toBeUndefined();
  });
});

describe('suggestions for authority fields', () => {
  it('answer by any name or variant, in any script, to signed-in editors only', async () => {
    const client = new Client(app);
    await client.signIn(ROLE_USERS.viewer);
    const chou = await (await client.request('/admin/lookup?kinds=person,organization&q=chou')).json();
    expect(chou.suggestions[0]).toEqual({ kind: 'person', id: 'zhou-enlai', name: 'Zhou Enlai', matched: 'Chou En-lai' });
    const han = await (await client.request(`/admin/lookup?kinds=person&q=${encodeURIComponent('周恩')}`)).json();
    expect(han.suggestions.map((s: { id: string }) => s.id)).toContain('zhou-enlai');
    expect((await client.request('/admin/lookup?kinds=dragons&q=x')).status).toBe(400);
    const anonymous = await app.request('/admin/lookup?kinds=person&q=chou');
    expect(anonymous.status).toBe(303);
  });
});
