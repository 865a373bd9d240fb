/**
 * The web application: public pages over the Archive service. Every route
 * validates its input at the edge, calls the service, and renders a view;
 * errors from anywhere reach one handler (errors.ts).
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { extname, join } from 'node:path';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { secureHeaders } from 'hono/secure-headers';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { ValidationError } from '../domain/errors.js';
import { zodIssues } from '../domain/archive-record.js';
import { ASSETS_DIR } from '../package-paths.js';
import type { Archive } from '../services/archive.js';
import { runSearch, searchParamsSchema } from '../services/search.js';
import { describeError } from './errors.js';
import { documentPath } from './urls.js';
import { CollectionView } from './views/collection.js';
import { CollectionsView } from './views/collections.js';
import { DocumentView } from './views/document.js';
import { ErrorView } from './views/error.js';
import { HomeView } from './views/home.js';
import { Layout, type LayoutProps } from './views/layout.js';
import { SearchView } from './views/search.js';

export interface WebOptions {
  /** Public address for canonical links; defaults to the request's own origin. */
  baseUrl?: string;
  log?: 'silent' | 'error' | 'info' | 'debug';
}

type Env = { Variables: { requestId: string } };

const pageSchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

export function createWebApp(archive: Archive, options: WebOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const assets = loadAssets();
  const log = options.log ?? 'info';

  app.use(async (c, next) => {
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) ?? randomUUID());
    await next();
    c.header('X-Request-Id', c.get('requestId'));
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    }),
  );
  app.use(compress());
  app.use(etag());

  const page = async (c: Context<Env>, props: Omit<LayoutProps, 'site' | 'assetVersion' | 'children'>, content: Child, status = 200) => {
    const site = await archive.siteInfo();
    const html = await (
      <Layout {...props} site={site} assetVersion={assets.version}>
        {content}
      </Layout>
    ).toString();
    return c.html(`<!DOCTYPE html>${html}`, status as 200);
  };
  const origin = (c: Context) => options.baseUrl ?? new URL(c.req.url).origin;

  app.get('/', async (c) => {
    const [home, site, demo] = await Promise.all([archive.home(), archive.siteInfo(), archive.backend.store.getSetting('demo.loaded')]);
    return page(c, { title: site.name, description: site.tagline, canonical: `${origin(c)}/` }, <HomeView home={home} siteName={site.name} tagline={site.tagline} demo={Boolean(demo)} />);
  });

  app.get('/collections', async (c) => {
    const collections = await archive.collections();
    return page(c, { title: 'Collections', canonical: `${origin(c)}/collections` }, <CollectionsView collections={collections} />);
  });

  app.get('/collections/:id{.+}', async (c) => {
    const { page: n } = parseQuery(pageSchema, c.req.query());
    const result = await archive.collection(decodeId(c.req.param('id')), n);
    if (n > 1 && result.documents.items.length === 0) throw new ValidationError([{ path: 'page', message: `this collection has no page ${n}` }]);
    const c0 = result.collection;
    return page(c, { title: c0.title, description: c0.shortDescription, canonical: `${origin(c)}/collections/${c0.id}` }, <CollectionView page={result} />);
  });

  app.get('/documents/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id').replace(/\/+$/, ''));
    const details = await archive.document(id);
    const url = `${origin(c)}${documentPath(id)}`;
    const doc = details.document;
    return page(c, { title: doc.title, description: doc.summary, canonical: url }, <DocumentView details={details} url={url} />);
  });

  app.get('/d/:slug', async (c) => c.redirect(documentPath(await archive.idForSlug(c.req.param('slug'))), 301));

  app.get('/search', async (c) => {
    const params = parseQuery(searchParamsSchema, c.req.query());
    const [result, collections] = await Promise.all([runSearch(archive, params), archive.collections()]);
    return page(c, { title: params.q ? `Search: ${params.q.slice(0, 80)}` : 'Search', query: params.q, head: <meta name="robots" content="noindex, follow" /> }, <SearchView result={result} collections={collections} />);
  });

  app.get('/assets/:name', (c) => {
    const asset = assets.files.get(c.req.param('name'));
    if (!asset) return c.notFound();
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', c.req.query('v') === assets.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    return c.body(asset.body);
  });

  app.get('/robots.txt', (c) => c.text('User-agent: *\nDisallow: /search\n'));

  app.notFound((c) =>
    renderError(c, { status: 404, title: 'Page not found', message: 'There is no page at this address. It may have moved, or the link may be mistyped.', internal: false }),
  );

  app.onError((error, c) => {
    const described = describeError(error);
    if (described.internal && log !== 'silent') {
      console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path}:`, error);
    }
    return renderError(c, described, described.internal ? c.get('requestId') : undefined);
  });

  async function renderError(c: Context<Env>, e: ReturnType<typeof describeError>, reference?: string) {
    try {
      return await page(c, { title: e.title }, <ErrorView status={e.status} title={e.title} message={e.message} details={e.details} reference={reference} />, e.status);
    } catch {
      // The archive itself is failing (e.g. the database is gone): answer without it.
      return c.text(`${e.title}. ${e.message}`, e.status);
    }
  }

  return app;
}

function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
  return parsed.data;
}

/** Route parameters arrive percent-encoded; record ids never contain encoded slashes. */
function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.js': 'text/javascript; charset=utf-8', '.png': 'image/png', '.ico': 'image/x-icon' };

/** The site's few static files, read once; their combined hash versions their URLs so browsers may cache them for good. */
function loadAssets(): { files: Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>; version: string } {
  const files = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>();
  const hash = createHash('sha256');
  for (const name of readdirSync(ASSETS_DIR).sort()) {
    const body = new Uint8Array(readFileSync(join(ASSETS_DIR, name)));
    files.set(name, { body, type: TYPES[extname(name)] ?? 'application/octet-stream' });
    hash.update(name).update(body);
  }
  return { files, version: hash.digest('hex').slice(0, 10) };
}
