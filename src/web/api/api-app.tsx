/**
 * The JSON API (`/api/v1`), read side: a Hono sub-app over the same services
 * as the pages. Every parameter is validated against the schemas the OpenAPI
 * description is generated from; unknown parameters are refused by name, so a
 * misspelt filter is not silently ignored. Answers are cached per version of
 * the archive and carry ETag / Last-Modified (page-cache.ts); reads allow any
 * origin. Errors go through describeApiError (errors.ts). Write routes join
 * this app under the same prefix and description.
 * @module
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { zodIssues } from '../../domain/archive-record.js';
import { recordIdSchema } from '../../domain/ids.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Archive } from '../../services/archive.js';
import { authorities, documentChanges, publishedDocuments } from '../../services/catalog-lists.js';
import { runSearch } from '../../services/search.js';
import { translationVersionTexts } from '../../services/translation-versions.js';
import { parseSearchParams } from '../../search/search-state.js';
import { decodeId, type Env, type WebContext } from '../context.js';
import { describeApiError } from '../errors.js';
import { documentJsonLd } from '../linked-data.js';
import { PageCache, pageCache } from '../page-cache.js';
import { documentPath } from '../urls.js';
import { apiPaths } from './api-urls.js';
import { Cursors } from './cursor.js';
import { ENDPOINTS, openApiDocument } from './openapi.js';
import { ApiReferenceView } from './reference-page.js';
import { authorityResource, collectionResource, documentResource, linkedCollection, searchResource, summaryResource, type PageInfo } from './resources.js';
import { authorityKindSchema, changesQuerySchema, documentQuerySchema, listQuerySchema, SEARCH_FACET_PARAMETERS, searchQuerySchema } from './schemas.js';

export interface ApiOptions {
  /** Public origin for absolute links; the request's own when absent. */
  baseUrl?: string;
  /** Keep answers until the archive changes (default true). */
  cache?: boolean;
  /** Key that seals page cursors; several processes serving one archive share it. */
  cursorKey?: string;
  log?: 'silent' | 'error' | 'info' | 'debug';
  /** The site's page frame, for the reference page. */
  page: WebContext['page'];
  /**
   * Routes that join the API (the write side), registered before the read
   * routes: `GET /documents/{id}` takes the rest of the path (ids hold "/"),
   * so a longer GET route of theirs must come first.
   */
  routes?: (api: Hono<Env>) => void;
}

export function createApiApp(archive: Archive, options: ApiOptions): Hono<Env> {
  const api = new Hono<Env>();
  const cursors = new Cursors(options.cursorKey);
  const origin = (c: Context) => options.baseUrl ?? new URL(c.req.url).origin;

  api.use(corsForReads);
  // With the cache off, answers still get their validators; nothing is kept.
  const answers = new PageCache(() => archive.changeMarker(), options.cache === false ? { maxBytes: 0 } : {});
  archive.watchChanges(() => answers.invalidate());
  api.use(pageCache(answers, { keyHost: !options.baseUrl }));

  options.routes?.(api);

  api.get('/', (c) => {
    const o = origin(c);
    return c.json({
      name: 'Dossier JSON API',
      version: 'v1' as const,
      openapi: `${o}${apiPaths.openapi()}`,
      documentation: `${o}${apiPaths.reference()}`,
      endpoints: Object.fromEntries(ENDPOINTS.filter((e) => e.path !== '/').map((e) => [e.path, `${o}/api/v1${e.path}`])),
    });
  });
  api.get('/openapi.json', (c) => c.json(openApiDocument()));
  api.get('/reference', (c) =>
    options.page(c, { title: 'JSON API reference', canonical: `${origin(c)}${apiPaths.reference()}` }, <ApiReferenceView document={openApiDocument()} endpoints={ENDPOINTS} />),
  );

  api.get('/documents', async (c) => {
    const q = query(c, listQuerySchema);
    const offset = position('documents', q);
    const list = await publishedDocuments(archive, q.limit, offset);
    return c.json({ items: list.items.map((d) => summaryResource(d, origin(c))), page: pageInfo(c, 'documents', offset, q.limit, list.total) });
  });

  api.get('/documents/:id{.+}', async (c) => {
    const id = pathId(c);
    const { format } = query(c, documentQuerySchema);
    const details = await archive.document(id);
    if (format === 'jsonld') {
      const site = await archive.siteInfo();
      return c.body(JSON.stringify(documentJsonLd(details, `${origin(c)}${documentPath(id)}`, origin(c), site.name)), 200, { 'Content-Type': 'application/ld+json; charset=utf-8' });
    }
    const versions = details.document.translations.length > 0 ? await translationVersionTexts(archive, id) : [];
    return c.json(documentResource(details, origin(c), versions));
  });

  api.get('/collections', async (c) => {
    noQuery(c);
    const all = await archive.collections();
    return c.json({ items: all.map(({ count, ...collection }) => ({ collection, count, ...pick(linkedCollection(collection, origin(c)), 'url', 'api') })) });
  });

  api.get('/collections/:id{.+}', async (c) => {
    const id = pathId(c);
    const q = query(c, listQuerySchema);
    const offset = position(`collections/${id}`, q);
    const page = await archive.collection(id, Math.floor(offset / q.limit) + 1, q.limit);
    const count = (await archive.collections()).find((x) => x.id === id)?.count ?? page.documents.total;
    return c.json(collectionResource(page, count, pageInfo(c, `collections/${id}`, offset, q.limit, page.documents.total), origin(c)));
  });

  api.get('/authorities/:kind', async (c) => {
    const kind = authorityKind(c);
    const q = query(c, listQuerySchema);
    const offset = position(`authorities/${kind}`, q);
    const list = await authorities(archive, kind, q.limit, offset);
    return c.json({ items: list.items.map((a) => authorityResource(a, origin(c))), page: pageInfo(c, `authorities/${kind}`, offset, q.limit, list.total) });
  });

  api.get('/authorities/:kind/:id{.+}', async (c) => {
    const kind = authorityKind(c);
    noQuery(c);
    return c.json(authorityResource(await archive.authority(kind, pathId(c)), origin(c)));
  });

  api.get('/search', async (c) => {
    const q = query(c, searchQuerySchema, SEARCH_FACET_PARAMETERS);
    const queries = c.req.queries();
    const scope = `search?${new URLSearchParams(Object.entries(queries).filter(([k]) => k !== 'cursor' && k !== 'limit').sort(([a], [b]) => a.localeCompare(b)).flatMap(([k, vs]) => vs.map((v) => [k, v]))).toString()}`;
    const offset = position(scope, q);
    const { cursor: _cursor, limit: _limit, facets: _facets, total: _total, ...rest } = queries;
    const params = parseSearchParams({ ...rest, perPage: [String(q.limit)], page: [String(offset / q.limit + 1)] });
    const result = await runSearch(archive, params, { facets: q.facets === 'all', ...(q.total === 'exact' ? {} : { totalUpTo: Number(q.total) }) });
    return c.json(searchResource(result, pageInfo(c, scope, offset, q.limit, result.total), origin(c)));
  });

  api.get('/changes', async (c) => {
    const q = query(c, changesQuerySchema);
    const { changes, next, more } = await documentChanges(archive, q.since, q.limit);
    const o = origin(c);
    return c.json({
      changes: changes.map((ch) => ({ ...ch, url: `${o}${documentPath(ch.id)}`, api: ch.action === 'upsert' ? `${o}${apiPaths.document(ch.id)}` : null })),
      since: q.since,
      next,
      more,
      nextUrl: `${o}${apiPaths.changes()}?since=${next}${q.limit !== 100 ? `&limit=${q.limit}` : ''}`,
    });
  });

  api.all('*', (c) => {
    throw new NotFoundError('API endpoint', `${c.req.method} ${c.req.path}`);
  });

  api.onError((error, c) => {
    const described = describeApiError(error, c.get('requestId'));
    if (described.internal && options.log !== 'silent') console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path}:`, error);
    return c.json(described.body, described.status);
  });

  /** Where a page starts. Pages are whole multiples of the limit (the services count pages), so a cursor keeps its first page's limit. */
  function position(scope: string, q: { cursor?: string; limit: number }): number {
    const offset = cursors.decode(scope, q.cursor);
    if (offset % q.limit !== 0) throw new ValidationError([{ path: 'limit', message: 'keep the limit of the first page when following its cursor' }]);
    return offset;
  }

  function pageInfo(c: Context, scope: string, offset: number, limit: number, total: number): PageInfo {
    if (offset + limit >= total) return { limit, total, nextCursor: null, next: null };
    const nextCursor = cursors.encode(scope, offset + limit);
    const url = new URL(c.req.url);
    url.searchParams.set('cursor', nextCursor);
    const next = `${origin(c)}${url.pathname}${url.search}`;
    c.header('Link', `<${next}>; rel="next"`);
    return { limit, total, nextCursor, next };
  }

  return api;
}

/** Validates the query string against an endpoint's schema, refusing parameters it does not have by name. */
function query<T extends z.ZodObject>(c: Context, schema: T, extra: readonly string[] = []): z.output<T> {
  const raw = c.req.queries();
  const known = Object.keys(schema.shape);
  const takes = `it takes ${[...known, ...(extra.length ? ['f.<facet>'] : [])].join(', ') || 'no parameters'}`;
  const issues = Object.keys(raw)
    .filter((k) => !known.includes(k) && !extra.includes(k))
    .map((k) => ({ path: k, message: `is not a parameter of this endpoint (${takes})` }));
  for (const [k, values] of Object.entries(raw)) if (known.includes(k) && values.length > 1) issues.push({ path: k, message: 'is given more than once' });
  if (issues.length) throw new ValidationError(issues);
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v[0]])));
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
  return parsed.data;
}

function noQuery(c: Context): void {
  query(c, EMPTY);
}
const EMPTY = z.object({});

function pathId(c: Context): string {
  const id = decodeId(c.req.param('id')!.replace(/\/+$/, ''));
  const ok = recordIdSchema.safeParse(id);
  if (!ok.success) throw new ValidationError(zodIssues(ok.error).map((i) => ({ ...i, path: 'id' })));
  return id;
}

function authorityKind(c: Context) {
  const parsed = authorityKindSchema.safeParse(c.req.param('kind'));
  if (!parsed.success) throw new ValidationError([{ path: 'kind', message: `is one of ${authorityKindSchema.options.join(', ')}` }]);
  return parsed.data;
}

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

/**
 * CORS for reads: any origin may GET the API (it is public), without
 * credentials. Headers are set after the answer is made, so answers served
 * from the cache carry them too.
 */
const corsForReads: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'OPTIONS') {
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': c.req.header('access-control-request-headers')?.slice(0, 500) ?? 'If-None-Match, If-Modified-Since',
      'Access-Control-Max-Age': '86400',
    });
  }
  await next();
  c.res.headers.set('Access-Control-Allow-Origin', '*');
  c.res.headers.set('Access-Control-Expose-Headers', 'ETag, Last-Modified, Link, X-Request-Id');
};
