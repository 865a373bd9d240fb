/**
 * The bulk downloads: `/data` (a page listing the files), `/data/manifest.json`
 * (counts, sizes, SHA-256 checksums, when they were generated) and the files
 * themselves, streamed from disk. Each answer carries its own validators
 * (the generation and checksum), so the page cache leaves it alone and a
 * client re-downloads only what changed.
 * @module
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import type { BulkManifest } from '../../ingest/bulk-files.js';
import type { BulkDownloads } from '../bulk-downloads.js';
import type { Env, WebContext } from '../context.js';
import { DataDownloadsView } from '../views/data-downloads.js';

export function registerDataRoutes(app: Hono<Env>, ctx: WebContext, bulk: BulkDownloads): void {
  const withUrls = (m: BulkManifest, origin: string) => ({ ...m, files: m.files.map((f) => ({ ...f, url: `${origin}/data/${f.name}` })) });

  app.get('/data', async (c) => {
    const manifest = await bulk.current(ctx.origin(c));
    const etag = `W/"${manifest.generation}"`;
    if (notModified(c, etag)) return c.body(null, 304, { ETag: etag });
    const res = await ctx.page(c, { title: 'Download the archive', canonical: `${ctx.origin(c)}/data` }, <DataDownloadsView manifest={manifest} />);
    res.headers.set('ETag', etag);
    res.headers.set('Last-Modified', new Date(manifest.generatedAt).toUTCString());
    return res;
  });

  app.get('/data/manifest.json', async (c) => {
    const manifest = await bulk.current(ctx.origin(c));
    const etag = `"${manifest.generation}"`;
    if (notModified(c, etag)) return c.body(null, 304, { ETag: etag });
    return c.json(withUrls(manifest, ctx.origin(c)), 200, { ETag: etag, 'Last-Modified': new Date(manifest.generatedAt).toUTCString(), 'Access-Control-Allow-Origin': '*' });
  });

  app.get('/data/:name', async (c) => {
    const manifest = await bulk.current(ctx.origin(c));
    const file = manifest.files.find((f) => f.name === c.req.param('name'));
    if (!file) return c.notFound();
    const etag = `"${file.sha256}"`;
    const headers = {
      ETag: etag,
      'Last-Modified': new Date(manifest.generatedAt).toUTCString(),
      'Cache-Control': 'public, no-cache',
      'Access-Control-Allow-Origin': '*',
    };
    if (notModified(c, etag)) return c.body(null, 304, headers);
    const path = `${bulk.folder(manifest)}/${file.name}`;
    // Already compressed: sent as the gzip file it is (Content-Encoding would make clients unpack it on the fly).
    const body = c.req.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(path)) as ReadableStream);
    return new Response(body, {
      headers: { ...headers, 'Content-Type': file.mediaType, 'Content-Length': String(file.bytes), 'Content-Disposition': `attachment; filename="${file.name}"` },
    });
  });
}

function notModified(c: Context, etag: string): boolean {
  const given = c.req.header('if-none-match');
  return given !== undefined && given.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.replace(/^W\//, ''));
}
