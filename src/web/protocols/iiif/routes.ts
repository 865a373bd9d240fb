/**
 * The IIIF edge, mounted at `/iiif` ahead of the site's page middleware:
 * manifests, collections and level 0 image services. IIIF viewers run on
 * other sites, so every answer (errors included) carries
 * `Access-Control-Allow-Origin: *` and `Cross-Origin-Resource-Policy:
 * cross-origin`; errors are mapped by web/errors.ts like every other edge and
 * written as JSON naming the parameter at fault.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { NotFoundError, ValidationError } from '../../../domain/errors.js';
import { IiifImageStore } from '../../../media/iiif-images.js';
import { parseImageId } from '../../../media/image-ids.js';
import type { Archive } from '../../../services/archive.js';
import type { MediaStorage } from '../../../services/media-storage.js';
import { decodeId } from '../../context.js';
import { describeError } from '../../errors.js';
import { scratchFolder } from '../../scratch-folder.js';
import { buildCollection } from './collection.js';
import { IIIF_IMAGE_CONTEXT, IMAGE_INFO_TYPE, imageServicePath, PRESENTATION_TYPE } from './iiif-urls.js';
import { parseImageRequest } from './image-request.js';
import { buildManifest } from './manifest.js';

export interface IiifOptions {
  baseUrl?: string;
  log?: 'silent' | 'error' | 'info' | 'debug';
  mediaDirs: readonly string[];
  /** Where uploaded scans are kept when not in a folder of `mediaDirs` (an S3 bucket). */
  media?: MediaStorage;
  /** Where derivatives are kept; defaults to `iiif/` beside the archive file (a temporary folder, removed with the archive, for an in-memory archive). */
  iiifDir?: string;
}

/** Where an archive keeps its IIIF derivatives unless told otherwise. */
export function defaultIiifDir(archive: Archive): string {
  const folder = archive.folder;
  return folder === undefined ? scratchFolder(archive, 'dossier-iiif-') : join(folder, 'iiif');
}

const MANIFEST = /^(.+)\/manifest\.json$/;
const INFO = /^(.+)\/images\/([^/]+)\/info\.json$/;
const SERVICE = /^(.+)\/images\/([^/]+)$/;
const IMAGE = /^(.+)\/images\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/;

export function iiifRoutes(archive: Archive, options: IiifOptions): Hono {
  const app = new Hono();
  const log = options.log ?? 'info';
  const images = new IiifImageStore({
    dir: options.iiifDir ?? defaultIiifDir(archive),
    mediaDirs: options.mediaDirs,
    media: options.media,
    warn: (m) => log !== 'silent' && log !== 'error' && console.warn(m),
  });
  const origin = (c: Context) => options.baseUrl ?? new URL(c.req.url).origin;
  const siteName = async () => (await archive.siteInfo()).name;

  app.use(async (c, next) => {
    await next();
    crossOrigin(c.res.headers);
  });
  app.use(compress());
  // Viewers that send other headers (or the Fetch standard's preflight) ask first.
  app.options('*', (c) => c.body(null, 204, { 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Allow-Headers': '*', 'Access-Control-Max-Age': '86400' }));

  app.get('/collections', async (c) => {
    const home = await archive.home();
    return json(c, buildCollection({ children: home.collections, documents: [] }, { origin: origin(c), siteName: await siteName() }), PRESENTATION_TYPE);
  });

  // A collection reads every document in it to find those with scans (a FRUS volume: hundreds), so its
  // JSON is kept until the archive changes, like the site's pages.
  const collections = new Map<string, { marker: string; body: unknown }>();
  app.get('/collections/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id'));
    const { marker } = await archive.changeMarker();
    const key = `${origin(c)} ${id}`;
    const cached = collections.get(key);
    if (cached?.marker === marker) return json(c, cached.body, PRESENTATION_TYPE);
    const page = await archive.collection(id, 1, 1);
    // Only documents whose scans can be shown, so that every manifest listed answers.
    const scanned = await archive.scannedDocuments(id);
    const usable = await Promise.all(scanned.map(async (d) => (await images.pages(d.media)).length > 0));
    const documents = scanned.filter((_, i) => usable[i]);
    const parent = page.ancestors[page.ancestors.length - 1];
    const body = buildCollection({ collection: page.collection, parent, children: page.children, documents }, { origin: origin(c), siteName: await siteName() });
    if (collections.size >= 1000) collections.delete(collections.keys().next().value!);
    collections.set(key, { marker, body });
    return json(c, body, PRESENTATION_TYPE);
  });

  app.get('/documents/:rest{.+}', async (c) => {
    const rest = c.req.param('rest');
    let m: RegExpExecArray | null;
    if ((m = MANIFEST.exec(rest))) {
      const details = await archive.document(decodeId(m[1]!));
      const pages = await images.pages(details.document.media);
      if (pages.length === 0) throw new NotFoundError('IIIF manifest of document', details.document.id);
      return json(c, buildManifest(details, pages, { origin: origin(c), siteName: await siteName() }), PRESENTATION_TYPE);
    }
    if ((m = INFO.exec(rest))) {
      const { documentId, imageId, info } = await imageOf(m[1]!, m[2]!);
      const body = { '@context': IIIF_IMAGE_CONTEXT, id: `${origin(c)}${imageServicePath(documentId, imageId)}`, type: 'ImageService3', protocol: 'http://iiif.io/api/image', profile: 'level0', ...info };
      return json(c, body, IMAGE_INFO_TYPE);
    }
    if ((m = SERVICE.exec(rest))) {
      // §2.2: the base URI of an image service redirects to its info.json.
      await imageOf(m[1]!, m[2]!);
      return c.redirect(`${origin(c)}${imageServicePath(decodeId(m[1]!), decodeId(m[2]!))}/info.json`, 303);
    }
    if ((m = IMAGE.exec(rest))) {
      const { imageId, info } = await imageOf(m[1]!, m[2]!);
      const request = parseImageRequest({ region: decodeId(m[3]!), size: decodeId(m[4]!), rotation: decodeId(m[5]!), quality: decodeId(m[6]!) }, info.width, info.height);
      if (request.unsupported) throw new UnsupportedImageRequest(imageId, request.unsupported.parameter, request.unsupported.message);
      const file = await images.file(imageId, request.region, [request.size, ...request.sizeAlternatives]);
      if (!file) {
        throw new UnsupportedImageRequest(imageId, 'size', `region ${request.region} at size ${request.size} is not among the sizes and tiles this level 0 service's info.json lists`);
      }
      return c.body(new Uint8Array(await readFile(file)), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'public, max-age=86400' });
    }
    throw new NotFoundError('IIIF resource', `/iiif/documents/${rest}`);
  });

  /** A published document's scan by its identifier; 404 when the document has no such scan, 410 when withdrawn. */
  async function imageOf(rawDocumentId: string, rawImageId: string) {
    const documentId = decodeId(rawDocumentId);
    const imageId = decodeId(rawImageId);
    const doc = await archive.publicDocument(documentId);
    const ref = parseImageId(imageId);
    const uses = ref && doc.media.some((m) => m.url === ref.mediaPath && m.kind === (ref.page ? 'pdf' : 'image'));
    const info = uses ? await images.info(imageId) : undefined;
    if (!info) throw new NotFoundError('Image', imageId);
    return { documentId, imageId, info };
  }

  app.onError((error, c) => {
    const e = describeError(error);
    if (e.internal && log !== 'silent') console.error(`${c.req.method} ${c.req.path}:`, error);
    const issues =
      error instanceof ValidationError
        ? error.issues.map((i) => ({ parameter: i.path, message: i.message }))
        : error instanceof UnsupportedImageRequest
          ? [{ parameter: error.parameter, message: error.reason }]
          : undefined;
    const res = c.json({ status: e.status, error: e.title, message: error instanceof NotFoundError ? error.message : e.message, ...(issues ? { issues } : {}) }, e.status);
    crossOrigin(res.headers);
    return res;
  });

  return app;
}

/** A valid request a level 0 service cannot answer: 404, as Image API §7 allows ("not supported for this image resource"). */
class UnsupportedImageRequest extends NotFoundError {
  constructor(
    imageId: string,
    readonly parameter: string,
    readonly reason: string,
  ) {
    super('Image derivative', imageId);
    this.message = `${parameter}: ${reason}`;
  }
}

function json(c: Context, body: unknown, type: string) {
  return c.body(JSON.stringify(body), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' });
}

function crossOrigin(headers: Headers) {
  headers.set('Access-Control-Allow-Origin', '*');
  headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  headers.set('X-Content-Type-Options', 'nosniff');
}
