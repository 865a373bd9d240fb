import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { runSearch } from '../../src/services/search.js';
import { parseSearchParams } from '../../src/search/search-state.js';
import { createWebApp } from '../../src/web/app.js';
import { createApiApp } from '../../src/web/api/api-app.js';
import { ENDPOINTS } from '../../src/web/api/openapi.js';
import { smallArchive } from '../helpers.js';
import { BASE } from './demo-site.js';
import { apiClient, type ApiClient } from './openapi-check.js';

let archive: Archive;
let app: Hono<any>;
let api: ApiClient;

beforeAll(async () => {
  archive = await smallArchive();
  app = createWebApp(archive, { log: 'silent', baseUrl: BASE });
  api = await apiClient(app);
});

async function allPages(first: string): Promise<any[]> {
  const items: any[] = [];
  let path: string | null = first;
  while (path) {
    const { res, body } = await api.get(path);
    expect(res.status).toBe(200);
    // The next page is also announced in a Link header (RFC 8288), for clients that page generically.
    expect(res.headers.get('link')).toBe(body.page.next ? `<${body.page.next}>; rel="next"` : null);
    items.push(...(body.items ?? body.documents ?? body.hits));
    path = body.page.next ? body.page.next.slice(BASE.length) : null;
  }
  return items;
}

describe('the OpenAPI description', () => {
  it('is a valid OpenAPI 3.1 document describing every endpoint', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(api.description));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(Object.keys(api.description.paths as object).sort()).toEqual(ENDPOINTS.map((e) => e.path).sort());
  });

  it('describes records with the domain schemas: a document record requires what import requires', () => {
    const record = (api.description.components as any).schemas.DocumentRecord;
    expect(record.required).toEqual(expect.arrayContaining(['id', 'title', 'translations', 'status']));
    expect(record.properties.translations.items.properties.html.type).toBe('string');
  });
});

describe('documents', () => {
  it('answers the full record with every reference resolved', async () => {
    const { res, body } = await api.get('/api/v1/documents/t-001');
    expect(res.status).toBe(200);
    expect(body.document).toMatchObject({ id: 't-001', status: 'published' });
    expect(body.agents.map((a: any) => a.authority.id)).toContain('zhou-enlai');
    expect(body.agents.find((a: any) => a.authority.id === 'zhou-enlai').authority.variants.length).toBeGreaterThan(0);
    expect(body.collections.map((c: any) => c.id)).toEqual(['test-cables']);
    expect(body.collections[0].api).toBe(`${BASE}/api/v1/collections/test-cables`);
    const stored = await archive.backend.store.getDocument('t-001');
    expect(body.funders.map((f: any) => f.id)).toEqual(stored!.funders);
    expect(body.rights?.id ?? null).toBe(stored!.rights ?? null);
    expect(body.places.map((p: any) => p.id)).toEqual(stored!.places.map((p) => p.id));
    expect(body.document.translations).toEqual(stored!.translations);
    expect(body.links.html).toBe(`${BASE}/documents/t-001`);
  });

  it('answers 404 for drafts and unknown ids, 410 for withdrawn documents, 400 for a malformed id', async () => {
    const draft = await api.get('/api/v1/documents/t-draft');
    expect(draft.res.status).toBe(404);
    expect(JSON.stringify(draft.body)).not.toContain('Secret draft');
    expect((await api.get('/api/v1/documents/nothing-here')).res.status).toBe(404);
    const gone = await api.get('/api/v1/documents/t-withdrawn');
    expect(gone.res.status).toBe(410);
    expect(gone.body.error.message).toContain('withdrawn');
    expect((await api.get('/api/v1/documents/t-draft?format=jsonld')).res.status).toBe(404);
    expect((await app.request(`${BASE}/api/v1/documents/t-draft`, { method: 'HEAD' })).status).toBe(404);
    expect((await api.get('/api/v1/documents/t-001?format=xml')).body.error.parameter).toBe('format');
    expect((await api.get('/api/v1/documents/t-001?format=json&format=jsonld')).body.error.parameter).toBe('format');
    const bad = await api.get('/api/v1/documents/..%2F..%2Fetc');
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.parameter).toBe('id');
  });

  it('lists the published documents page by page, drafts never', async () => {
    const ids = (await allPages('/api/v1/documents?limit=2')).map((d) => d.id);
    const published = (await archive.backend.store.listDocuments({ limit: 100 })).items.map((d) => d.id);
    expect(ids).toEqual(published);
    expect(ids).not.toContain('t-draft');
    expect(ids).not.toContain('t-withdrawn');
  });

  it('serves schema.org JSON-LD with format=jsonld', async () => {
    const { res, body } = await api.get('/api/v1/documents/t-001?format=jsonld');
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    expect(body).toMatchObject({ '@type': 'ArchiveComponent', '@id': `${BASE}/documents/t-001` });
  });
});

describe('collections and authorities', () => {
  it('answers a collection with its documents in the collection order, in pages', async () => {
    const docs = await allPages('/api/v1/collections/test-cables?limit=1');
    const expected = (await archive.collection('test-cables', 1, 100)).documents.items.map((d) => d.id);
    expect(docs.map((d) => d.id)).toEqual(expected);
    expect(docs.map((d) => d.id)).not.toContain('t-draft');
    const sub = await api.get('/api/v1/collections/test-sub');
    expect(sub.body.ancestors.map((a: any) => a.id)).toEqual(['test-cables']);
    expect((await api.get('/api/v1/collections?page=2')).body.error.parameter).toBe('page');
    const list = await api.get('/api/v1/collections');
    expect(list.body.items.map((i: any) => i.collection.id).sort()).toEqual(['test-cables', 'test-sub']);
    expect((await api.get('/api/v1/collections/none')).res.status).toBe(404);
  });

  it('answers authority records with their variants, and names a bad kind', async () => {
    const { body } = await api.get('/api/v1/authorities/person/zhou-enlai');
    expect(body.authority.name).toBe('Zhou Enlai');
    expect(body.authority.variants.map((v: any) => v.name)).toEqual((await archive.authority('person', 'zhou-enlai')).variants.map((v) => v.name));
    expect(body.url).toBe(`${BASE}/people/zhou-enlai`);
    const places = await allPages('/api/v1/authorities/place?limit=1');
    expect(places.map((p) => p.authority.id).sort()).toEqual(['china', 'lushun']);
    const bad = await api.get('/api/v1/authorities/wizard');
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.parameter).toBe('kind');
  });
});

describe('search', () => {
  it('answers what the search page finds: the same hits, total and facet counts', async () => {
    const { body } = await api.get('/api/v1/search?q=fishing&limit=20');
    const page = await runSearch(archive, parseSearchParams({ q: ['fishing'] }));
    expect(body.total).toBe(page.total);
    expect(body.hits.map((h: any) => h.id)).toEqual(page.hits.map((h) => h.id));
    expect(body.facets).toEqual(page.facets.map((f) => ({ id: f.id, label: f.label, more: f.more, values: f.values })));
    expect(body.total).toBeGreaterThan(0);
  });

  it('filters by facets, pages with cursors and never finds a draft', async () => {
    const all = await allPages('/api/v1/search?q=&limit=1&sort=date');
    expect(all.map((h) => h.id)).not.toContain('t-draft');
    expect(all.length).toBe((await api.get('/api/v1/search?limit=100')).body.total);
    const { body } = await api.get('/api/v1/search?f.collection=test-sub');
    expect(body.hits.map((h: any) => h.id)).toEqual(['t-002']);
    expect(body.facets.find((f: any) => f.id === 'collection').values.find((v: any) => v.value === 'test-sub').selected).toBe(true);
    expect((await api.get(`/api/v1/search?q=${encodeURIComponent('"never to be seen"')}`)).body.total).toBe(0);
  });

  it('refuses a cursor from another query, a forged cursor, a huge page and unknown parameters, naming each', async () => {
    const first = await api.get('/api/v1/search?q=&limit=1');
    const cursor = first.body.page.nextCursor as string;
    expect(cursor).toBeTruthy();
    const other = await api.get(`/api/v1/search?q=fishing&limit=1&cursor=${encodeURIComponent(cursor)}`);
    expect(other.res.status).toBe(400);
    expect(other.body.error).toMatchObject({ parameter: 'cursor' });
    expect(other.body.error.message).toContain('another query');
    const elsewhere = await api.get(`/api/v1/documents?limit=1&cursor=${encodeURIComponent(cursor)}`);
    expect(elsewhere.body.error.parameter).toBe('cursor');
    const forged = await api.get(`/api/v1/search?q=&limit=1&cursor=${encodeURIComponent(`${Buffer.from('9999.x').toString('base64url')}.${cursor.split('.')[1]}`)}`);
    expect(forged.res.status).toBe(400);
    expect(forged.body.error.parameter).toBe('cursor');
    expect((await api.get('/api/v1/search?cursor=garbage')).body.error.parameter).toBe('cursor');
    const huge = await api.get('/api/v1/search?q=x&limit=100000');
    expect(huge.res.status).toBe(400);
    expect(huge.body.error.parameter).toBe('limit');
    const unknown = await api.get('/api/v1/search?qq=x');
    expect(unknown.body.error.parameter).toBe('qq');
    const badDate = await api.get('/api/v1/search?from=June');
    expect(badDate.body.error.parameter).toBe('from');
    expect((await api.get('/api/v1/search?f.nonsense=1')).body.error.parameter).toBe('f.nonsense');
  });

  it('counts the total only up to a bound when asked, without facet counts when asked, and refuses a bad bound', async () => {
    const exact = await api.get('/api/v1/search?q=fishing&limit=1');
    expect(exact.body.totalRelation).toBe('eq');
    const bounded = await api.get('/api/v1/search?q=fishing&limit=1&facets=none&total=1');
    expect(bounded.res.status).toBe(200);
    expect(bounded.body.facets).toEqual([]);
    expect(bounded.body.hits.map((h: any) => [h.id, h.score])).toEqual(exact.body.hits.map((h: any) => [h.id, h.score]));
    // At least the page's end and one more are counted, so a bounded total still says whether another page follows.
    expect(bounded.body.total).toBeLessThanOrEqual(exact.body.total);
    expect(bounded.body.total === exact.body.total || bounded.body.totalRelation === 'gte').toBe(true);
    const pages = await allPages('/api/v1/search?q=fishing&limit=1&facets=none&total=1');
    expect(pages.map((h) => h.id)).toEqual((await api.get('/api/v1/search?q=fishing&limit=100')).body.hits.map((h: any) => h.id));
    for (const bad of ['0', '-3', '2.5', 'lots', '1000001']) {
      const refused = await api.get(`/api/v1/search?q=fishing&total=${bad}`);
      expect(refused.res.status).toBe(400);
      expect(refused.body.error.parameter).toBe('total');
    }
    expect((await api.get('/api/v1/search?q=fishing&facets=some')).body.error.parameter).toBe('facets');
  });
});

describe('changes for mirrors', () => {
  it('lists published documents as upserts and withdrawn ones as deletions, never drafts, and continues from next', async () => {
    const first = await api.get('/api/v1/changes?since=0');
    const actions = Object.fromEntries(first.body.changes.map((c: any) => [c.id, c.action]));
    expect(actions['t-withdrawn']).toBe('delete');
    expect(actions['t-001']).toBe('upsert');
    expect(Object.keys(actions)).not.toContain('t-draft');
    expect(first.body.more).toBe(false);

    const doc = (await archive.backend.store.getDocument('t-002'))!;
    await archive.save({ ...doc, kind: 'document', title: 'Reply on fishing quotas (revised)' }, { actor: 'test' });
    const next = await api.get(`/api/v1/changes?since=${first.body.next}`);
    expect(next.body.changes.map((c: any) => [c.id, c.action])).toEqual([['t-002', 'upsert']]);
    await archive.save({ ...doc, kind: 'document', status: 'draft' }, { actor: 'test' });
    const after = await api.get(`/api/v1/changes?since=${next.body.next}`);
    expect(after.body.changes.map((c: any) => [c.id, c.action])).toEqual([['t-002', 'delete']]);
    expect(after.body.changes[0].api).toBeNull();
    await archive.save({ ...doc, kind: 'document' }, { actor: 'test' });

    const paged = await api.get('/api/v1/changes?since=0&limit=2');
    expect(paged.body.changes).toHaveLength(2);
    expect(paged.body.more).toBe(true);
    expect((await api.get('/api/v1/changes?since=-1')).body.error.parameter).toBe('since');
    expect((await api.get('/api/v1/changes?since=abc')).body.error.parameter).toBe('since');
  });
});

describe('HTTP behaviour', () => {
  it('carries ETag and Last-Modified and answers 304 to a client that holds the answer', async () => {
    const { res } = await api.get('/api/v1/documents/t-001');
    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(res.headers.get('last-modified')).toBeTruthy();
    expect((await api.get('/api/v1/documents/t-001', { 'If-None-Match': etag })).res.status).toBe(304);
    expect((await api.get('/api/v1/documents/t-001', { 'If-Modified-Since': res.headers.get('last-modified')! })).res.status).toBe(304);
  });

  it('allows reads from any origin, including preflight', async () => {
    const { res } = await api.get('/api/v1/search?q=fishing', { Origin: 'https://elsewhere.example' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const cached = await api.get('/api/v1/search?q=fishing', { Origin: 'https://elsewhere.example' });
    expect(cached.res.headers.get('x-cache')).toBe('hit');
    expect(cached.res.headers.get('access-control-allow-origin')).toBe('*');
    const pre = await app.request(`${BASE}/api/v1/documents/t-001`, { method: 'OPTIONS', headers: { Origin: 'https://x.example', 'Access-Control-Request-Method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    const { res, body } = await api.get('/api/v1/nothing');
    expect(res.status).toBe(404);
    expect(body.error.message).toContain('/api/v1/nothing');
  });

  it('lets the write side join under the same prefix, ahead of the read routes', async () => {
    const joined = createApiApp(archive, {
      log: 'silent',
      page: async (c) => c.text('page'),
      routes: (sub) => {
        sub.post('/documents', (c) => c.json({ created: true }, 201));
        // Ids hold "/", so a route under a document takes the whole rest and passes on what is not its own.
        sub.get('/documents/:id{.+}', async (c, next) => {
          const m = /^(.+)\/revisions$/.exec(c.req.param('id'));
          if (!m) return next();
          return c.json({ revisions: [m[1]] });
        });
      },
    });
    expect((await joined.request('/documents', { method: 'POST' })).status).toBe(201);
    expect(await (await joined.request('/documents/t-001/revisions')).json()).toEqual({ revisions: ['t-001'] });
    expect((await joined.request('/documents/t-001')).status).toBe(200);
    expect((await joined.request('/collections', { method: 'POST' })).status).toBe(404);
  });

  it('has a readable reference page listing every endpoint', async () => {
    const res = await app.request(`${BASE}/api/v1/reference`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const e of ENDPOINTS) expect(html).toContain(`GET /api/v1${e.path === '/' ? '' : e.path}`);
    expect(html).not.toMatch(/<script(?! type="application\/ld\+json")[^>]*>[^<]/);
  });
});

describe('content negotiation on document URLs', () => {
  it('answers JSON-LD, the API record or the page as the Accept header asks, varying on it', async () => {
    const ld = await app.request(`${BASE}/documents/t-001`, { headers: { Accept: 'application/ld+json' } });
    expect(ld.status).toBe(200);
    expect(ld.headers.get('content-type')).toContain('application/ld+json');
    expect(ld.headers.get('vary')).toContain('Accept');
    expect(((await ld.json()) as any)['@id']).toBe(`${BASE}/documents/t-001`);
    const json = await app.request(`${BASE}/documents/t-001`, { headers: { Accept: 'application/json' } });
    expect(((await json.json()) as any).document.id).toBe('t-001');
    expect(json.headers.get('content-location')).toBe('/api/v1/documents/t-001');
    const page = await app.request(`${BASE}/documents/t-001`, { headers: { Accept: 'text/html,*/*;q=0.8' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('vary')).toContain('Accept');
  });

  it('never fails on a malformed Accept header, and never leaks a draft', async () => {
    for (const accept of ['garbage', ';;', 'application/json;q=zz', '*/html', '\t', 'a/b/c, ,']) {
      const res = await app.request(`${BASE}/documents/t-001`, { headers: { Accept: accept } });
      expect(res.status, accept).toBe(200);
    }
    for (const accept of ['application/json', 'application/ld+json', 'text/html']) {
      const res = await app.request(`${BASE}/documents/t-draft`, { headers: { Accept: accept } });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('Secret draft');
      expect((await app.request(`${BASE}/documents/t-withdrawn`, { headers: { Accept: accept } })).status).toBe(410);
    }
  });

  it('checked every API answer of this file against the description', () => {
    expect(api.checked).toBeGreaterThan(40);
  });
});
