/**
 * Forms for collections and authority records: every demo record goes
 * through its form unchanged; name variants made in the form are found by
 * the document form; bad input, stale edits and roles are refused with
 * nothing written; a collection's documents are put in order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { authoritySchema, AUTHORITY_KINDS } from '../../src/domain/authority.js';
import { collectionSchema } from '../../src/domain/collection.js';
import type { Archive } from '../../src/services/archive.js';
import { recordFormToInput, recordToForm } from '../../src/web/admin/record-fields.js';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ cache: false }));
});

describe('record forms', () => {
  it('carry every demo collection and authority record through unchanged', async () => {
    const { store } = archive.backend;
    let n = 0;
    for (const c of await store.listCollections()) {
      const { createdAt: _a, updatedAt: _b, ...rest } = c;
      expect(collectionSchema.parse({ ...recordFormToInput('collection', recordToForm('collection', c)), kind: 'collection' }), c.id).toEqual(collectionSchema.parse(rest));
      n++;
    }
    for (const kind of AUTHORITY_KINDS) {
      for (const a of (await store.listAuthorities(kind, { limit: 1000 })).items) {
        expect(authoritySchema.parse({ ...recordFormToInput(kind, recordToForm(kind, a)), kind }), `${kind} ${a.id}`).toEqual(a);
        n++;
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it('create a person with variants in other scripts, whom the document form then finds by any of them', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await editor.get('/admin/records/person/new');
    const { res } = await editor.post('/admin/records/person/new', {
      id: 'tanaka-kakuei-test', name: 'Tanaka Kakuei (test)', born: '1918-05-04',
      'variants.0.name': '田中角栄テスト', 'variants.0.language': 'ja', 'variants.0.type': 'script', 'variants.1.name': '', note: 'New person',
    });
    expect(res.status).toBe(303);
    expect(await archive.backend.store.getAuthority('person', 'tanaka-kakuei-test')).toMatchObject({ name: 'Tanaka Kakuei (test)', born: '1918-05-04', variants: [{ name: '田中角栄テスト', language: 'ja', type: 'script' }] });
    await editor.get('/admin/new');
    expect((await editor.post('/admin/new', { id: 'rec-doc', title: 'A note', 'agents.0.id': '田中角栄テスト', 'agents.0.role': 'creator' })).res.status).toBe(303);
    expect((await archive.backend.store.getDocument('rec-doc'))!.agents).toEqual([{ id: 'tanaka-kakuei-test', role: 'creator' }]);
  });

  it('refuse bad values beside their fields, keep what was typed, and write nothing', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await editor.get('/admin/records/place/new');
    const place = await editor.post('/admin/records/place/new', { id: 'atlantis', name: 'Atlantis <script>alert(1)</script>', latitude: '200', longitude: 'east' });
    expect(place.res.status).toBe(422);
    expect(place.html).toMatch(/id="f-latitude"[^>]*aria-invalid="true"/);
    expect(place.html).toMatch(/id="f-longitude"[^>]*aria-invalid="true"/);
    expect(place.html).toContain('value="Atlantis &lt;script&gt;alert(1)&lt;/script&gt;"');
    const rights = await editor.post('/admin/records/rights/new', { id: 'r1', name: 'Some rights' });
    expect(rights.res.status).toBe(422);
    expect(rights.html).toMatch(/id="f-statement"[^>]*aria-invalid="true"/);
    const dup = await editor.post('/admin/records/person/new', { id: 'zhou-enlai', name: 'Another Zhou' });
    expect(dup.html).toContain('person &quot;zhou-enlai&quot; already exists');
    expect((await editor.get('/admin/records/dragon')).res.status).toBe(400);
    expect(await archive.backend.store.getAuthority('place', 'atlantis')).toBeUndefined();
    expect((await archive.backend.store.getAuthority('person', 'zhou-enlai'))!.name).toBe('Zhou Enlai');
  });

  it('refuse a stale edit with both kept, and a role without the right', async () => {
    const a = new Client(app);
    const b = new Client(app);
    await a.signIn(ROLE_USERS.editor);
    await b.signIn(ROLE_USERS.admin);
    const formA = await a.get('/admin/records/funder/edit/harbour-light-trust');
    await b.get('/admin/records/funder/edit/harbour-light-trust');
    const revision = /name="revision" value="(\d+)"/.exec(formA.html)![1]!;
    expect((await a.post('/admin/records/funder/edit/harbour-light-trust', { name: 'Harbour Light Trust (renamed)', revision })).res.status).toBe(303);
    const stale = await b.post('/admin/records/funder/edit/harbour-light-trust', { name: 'Harbour Light Archival Trust, Inc.', revision });
    expect(stale.res.status).toBe(409);
    expect(stale.html).toContain('value="Harbour Light Archival Trust, Inc."');
    expect((await archive.backend.store.getAuthority('funder', 'harbour-light-trust'))!.name).toBe('Harbour Light Trust (renamed)');
    const viewer = new Client(app);
    await viewer.signIn(ROLE_USERS.viewer);
    expect((await viewer.get('/admin/records/funder')).res.status).toBe(200);
    await viewer.get('/admin/records/funder/edit/harbour-light-trust');
    expect((await viewer.post('/admin/records/funder/edit/harbour-light-trust', { name: 'Viewer was here', revision: String(Number(revision) + 1) })).res.status).toBe(403);
    expect((await archive.backend.store.getAuthority('funder', 'harbour-light-trust'))!.name).toBe('Harbour Light Trust (renamed)');
  });

  it('put a collection’s documents in the editor’s order, shown so on the public page', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    const page = await editor.get('/admin/records/collection/edit/sino-japanese-relations');
    const ids = /name="documents"[^>]*>([^<]*)<\/textarea>/.exec(page.html)![1]!.trim().split('\n');
    expect(ids.length).toBeGreaterThan(2);
    const reversed = [...ids].reverse();
    const bad = await editor.post('/admin/records/collection/order/sino-japanese-relations', { documents: [...reversed, 'demo-0001-nope'].join('\n') });
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('is not a document of this collection');
    expect((await editor.post('/admin/records/collection/order/sino-japanese-relations', { documents: reversed.join('\n') })).res.status).toBe(303);
    const publicIds = [...(await (await app.request('/collections/sino-japanese-relations')).text()).matchAll(/class="doc-item__title"><a href="\/documents\/([^"]+)"/g)].map((m) => m[1]);
    expect(publicIds.length).toBeGreaterThan(2);
    expect(publicIds).toEqual(reversed.filter((id) => publicIds.includes(id)));
    expect((await archive.backend.store.getCollection('sino-japanese-relations'))!.order).toBe('manual');
  });
});
