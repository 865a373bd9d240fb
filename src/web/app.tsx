/**
 * The web application: public pages over the Archive service. Every route
 * validates its input at the edge, calls the service, and renders a view;
 * errors from anywhere reach one handler (errors.ts).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Child } from 'hono/jsx';
import { ValidationError } from '../domain/errors.js';
import { ASSETS_DIR, DEMO_MEDIA_DIR } from '../package-paths.js';
import type { Archive } from '../services/archive.js';
import { datePage } from '../services/browse-dates.js';
import { runSearch } from '../services/search.js';
import { parseSearchParams } from '../search/search-state.js';
import { decodeId, pageSchema, parseQuery, setResponseHeader, type Env, type PageProps, type WebContext } from './context.js';
import { mountApi } from './api/mount-api.js';
import { BulkDownloads } from './bulk-downloads.js';
import { queueBulkFiles } from '../ingest/bulk-files-job.js';
import { createAdminApp } from './admin/admin-app.js';
import { carriesCredentials } from './admin/admin-request.js';
import { registerWriteRoutes } from './api/write-routes.js';
import { ArchiveVersion } from './archive-version.js';
import { compressResponses } from './compress.js';
import { describeError } from './errors.js';
import { collectionJsonLd, jsonForScript } from './linked-data.js';
import { protect, SEARCH_RATE_LIMIT } from './http-hygiene.js';
import { SharedRateLimit } from '../services/rate-limits.js';
import { respondCached } from './http-cache.js';
import { renderedResponse } from './rendered-body.js';
import { respondMedia } from './byte-ranges.js';
import { respondStoredMedia } from './stored-media.js';
import { FilesystemMediaStorage, type MediaStorage } from '../services/media-storage.js';
import { PageCache, pageCache } from './page-cache.js';
import { registerBrowseRoutes } from './routes/browse.js';
import { iiifRoutes } from './protocols/iiif/routes.js';
import { registerDataRoutes } from './routes/data-downloads.js';
import { registerDocumentRoutes } from './routes/documents.js';
import { FeedLink, feedPaths } from './protocols/feeds/feed-link.js';
import { registerOpenInterfaces, type OpenInterfaceOptions } from './protocols/open-interfaces.js';
import { registerReleaseRoutes } from './routes/releases.js';
import { loadAssets, readMedia } from './static-files.js';
import { CollectionView } from './views/collection.js';
import { ErrorView } from './views/error.js';
import { HomeView } from './views/home.js';
import { renderPage } from './views/layout.js';
import { SearchView } from './views/search.js';
import { SearchHelpView } from './views/search-help.js';

export interface WebOptions {
  /** Public address for canonical links; defaults to the request's own origin. */
  baseUrl?: string;
  log?: 'silent' | 'error' | 'info' | 'debug';
  /** Folders that `/media/…` is served from, first match wins; the demo's media always come last. */
  mediaDirs?: string[];
  /** Keep rendered pages until the archive changes (default true); tests and benchmarks may turn it off. */
  cache?: boolean;
  /** OAI-PMH, sitemaps and feeds (src/web/protocols/). */
  interfaces?: OpenInterfaceOptions;
  /** Where IIIF image derivatives are kept (default: `iiif/` beside the archive file). */
  iiifDir?: string;
  /** Folder for the bulk downloads (/data); a temporary one when absent. */
  bulkDir?: string;
  /** Seals the JSON API's page cursors; processes serving one archive share it (a random key per process otherwise). */
  cursorKey?: string;
  /** Behind a reverse proxy: take the client's address and scheme from X-Forwarded-For / -Proto. */
  trustProxy?: boolean;
  /** Where search requests are counted: in this process (default), or in the archive's database, shared by every process serving it. */
  rateLimits?: 'process' | 'archive';
  /** Where scans uploaded in the workspace are kept and served from (`/media/…`); `media/` beside the archive file unless given. */
  uploadDir?: string;
  /** Keeps the uploads instead of `uploadDir` (an S3 bucket: media/open-media-storage.ts); served after `mediaDirs`, before the demo's. */
  media?: MediaStorage;
  /**
   * Who runs queued jobs (docs/deploy.md); `nudge` after queueing one. `workers`: other processes
   * (`dossier worker`), so a scan's derivatives and the bulk files are queued for them rather than made here.
   */
  jobs?: { nudge(): void; workers?: boolean };
}


export function createWebApp(archive: Archive, options: WebOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const assets = loadAssets(ASSETS_DIR);
  const log = options.log ?? 'info';
  const uploadDir = options.uploadDir ?? (archive.folder === undefined ? undefined : join(archive.folder, 'media'));
  const media = options.media ?? (uploadDir ? new FilesystemMediaStorage(uploadDir) : undefined);
  const localDirs = [...(options.mediaDirs ?? []), ...(uploadDir && !options.media ? [uploadDir] : [])];
  const mediaDirs = [...localDirs, DEMO_MEDIA_DIR];

  app.use(async (c, next) => {
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) ?? randomUUID());
    await next();
    setResponseHeader(c, 'X-Request-Id', c.get('requestId'));
  });
  const searchLimiter = options.rateLimits === 'archive' ? new SharedRateLimit(archive, SEARCH_RATE_LIMIT) : undefined;
  protect(app, (c, e) => renderError(c, e), { limiter: searchLimiter, trustProxy: options.trustProxy });
  // An editor's requests read the primary: a save made through one web process is there in the next, whichever answers.
  app.use((c, next) => (carriesCredentials(c) ? archive.onPrimary(next) : next()));
  // IIIF answers other sites' viewers: mounted before the page middleware (CSP, same-origin CORP, page cache).
  app.route('/iiif', iiifRoutes(archive, { baseUrl: options.baseUrl, log, mediaDirs, media: options.media, iiifDir: options.iiifDir }));
  app.use(
    secureHeaders({
      // `no-referrer` would make browsers send `Origin: null` with the workspace's forms, which its CSRF check refuses.
      referrerPolicy: 'same-origin',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        // The hash is that of an empty <style>: the marker site.js sets so OpenSeadragon does not inject one.
        styleSrc: ["'self'", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    }),
  );
  // Cached pages arrive here compressed already (left alone); what is not cached (error pages, pages
  // rendered with the cache off) is compressed per response at the dynamic levels (compress.ts).
  app.use(compressResponses());
  // What every page needs from the archive is read once per version of it (archive-version.ts).
  const version = new ArchiveVersion(() => archive.changeMarker());
  const siteInfo = () => version.memo('site', () => archive.siteInfo());
  mountApi(app, archive, {
    baseUrl: options.baseUrl,
    cache: options.cache,
    log,
    cursorKey: options.cursorKey,
    page: (...a) => page(...a),
    // The write side (tokens, drafts) joins ahead of the read routes and passes on what is not its own.
    routes: (api) => void registerWriteRoutes(api, archive, { trustProxy: options.trustProxy }),
  });
  const pages = options.cache !== false ? new PageCache(() => version.marker()) : undefined;
  if (pages) app.use(pageCache(pages, { keyHost: !options.baseUrl, private: carriesCredentials }));
  // Another process's commit, announced by the database (PostgreSQL), reaches this process's caches at once; the poll remains.
  archive.watchChanges(() => {
    version.invalidate();
    pages?.invalidate();
  });

  const page = async (c: Context<Env>, props: PageProps, content: Child, status = 200) => {
    const site = await siteInfo();
    // The frame around the page is rendered once per site record (layout.tsx); the page's own parts per request.
    const html = await renderPage({ ...props, site, assetVersion: assets.version }, content);
    const body = `<!DOCTYPE html>${html}`;
    return renderedResponse(c.html(body, status as 200), body);
  };
  const origin = (c: Context) => options.baseUrl ?? new URL(c.req.url).origin;
  const ctx: WebContext = { archive, page, origin, siteInfo, collectionRecords: () => version.memo('collection-records', () => archive.collectionRecords()), marker: async () => (await version.marker()).marker };

  app.get('/', async (c) => {
    const [home, site, demo, dates] = await Promise.all([archive.home(), siteInfo(), archive.demoLoaded(), datePage(archive, { kind: 'all' }, 1)]);
    return page(c, { title: site.name, description: site.tagline, canonical: `${origin(c)}/`, head: <FeedLink href={feedPaths.archive()} title={`${site.name}: new and revised documents`} /> }, <HomeView home={home} siteName={site.name} tagline={site.tagline} demo={Boolean(demo)} dates={dates} />);
  });

  app.get('/collections/:id{.+}', async (c) => {
    const { page: n } = parseQuery(pageSchema, c.req.query());
    const result = await archive.collection(decodeId(c.req.param('id')), n);
    if (n > 1 && result.documents.items.length === 0) throw new ValidationError([{ path: 'page', message: `this collection has no page ${n}` }]);
    const c0 = result.collection;
    const url = `${origin(c)}/collections/${c0.id}`;
    const ld = jsonForScript(collectionJsonLd(result, url, origin(c), (await archive.siteInfo()).name));
    const head = (
      <>
        <FeedLink href={feedPaths.collection(c0.id)} title={`${c0.title}: new and revised documents`} />
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: ld }} />
      </>
    );
    return page(c, { title: c0.title, description: c0.shortDescription, canonical: url, section: 'collections', head }, <CollectionView page={result} />);
  });

  app.route('/admin', createAdminApp(archive, { baseUrl: options.baseUrl, trustProxy: options.trustProxy, assetVersion: assets.version, log, media, jobs: options.jobs }));
  registerReleaseRoutes(app, ctx);
  registerDocumentRoutes(app, ctx);
  registerBrowseRoutes(app, ctx);
  registerOpenInterfaces(app, ctx, options.interfaces);
  registerDataRoutes(app, ctx, new BulkDownloads(archive, { dir: options.bulkDir, origin: () => options.baseUrl, log: (m, e) => log !== 'silent' && console.error(m, e), queue: options.jobs?.workers ? async (marker, origin) => (await queueBulkFiles(archive, marker, origin), options.jobs!.nudge()) : undefined }));

  app.get('/search/help', (c) => page(c, { title: 'How to search', canonical: `${origin(c)}/search/help` }, <SearchHelpView />));

  app.get('/search', async (c) => {
    // Facet selections are repeated keys (f.person=a&f.person=b); unknown keys are dropped.
    const params = parseSearchParams(c.req.queries());
    const [result, collections] = await Promise.all([runSearch(archive, params, { collections: () => version.memo('collection-records', () => archive.collectionRecords()) }), version.memo('collections', () => archive.collections())]);
    return page(c, { title: params.q ? `Search: ${params.q.slice(0, 80)}` : 'Search', query: params.q, head: <><meta name="robots" content="noindex, follow" /><FeedLink href={feedPaths.search(params)} title="New and revised documents in this search" /></> }, <SearchView result={result} collections={collections} />);
  });

  app.get('/assets/:name', (c) => {
    const asset = assets.files.get(c.req.param('name'));
    if (!asset) return c.notFound();
    return respondCached(asset, validators(c), c.req.query('v') === assets.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
  });

  app.get('/media/:path{.+}', async (c) => {
    const path = c.req.param('path');
    const req = { ...validators(c), range: c.req.header('range'), ifRange: c.req.header('if-range') };
    const file = await readMedia(localDirs, path);
    if (file) return respondMedia(file, req, 'public, max-age=86400');
    // A bucket's files stream from it (stored-media.ts); the folder's were found just above.
    const stored = options.media && (await respondStoredMedia(options.media, path, req, 'public, max-age=86400'));
    if (stored) return stored;
    const demo = await readMedia([DEMO_MEDIA_DIR], path);
    return demo ? respondMedia(demo, req, 'public, max-age=86400') : c.notFound();
  });

  app.get('/robots.txt', (c) => c.text(`User-agent: *\nDisallow: /search\n\nSitemap: ${origin(c)}/sitemap.xml\n`));

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
    if (e.retryAfterSeconds) c.header('Retry-After', String(e.retryAfterSeconds));
    try {
      return await page(c, { title: e.title }, <ErrorView status={e.status} title={e.title} message={e.message} details={e.details} reference={reference} />, e.status);
    } catch {
      // The archive itself is failing (e.g. the database is gone): answer without it.
      return c.text(`${e.title}. ${e.message}`, e.status);
    }
  }

  return app;
}

function validators(c: Context) {
  return {
    method: c.req.method,
    acceptEncoding: c.req.header('accept-encoding'),
    ifNoneMatch: c.req.header('if-none-match'),
    ifModifiedSince: c.req.header('if-modified-since'),
  };
}

