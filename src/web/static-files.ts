/**
 * Static files: the site's own assets (stylesheet, script, icon), the
 * OpenSeadragon viewer from its npm package, and the archive's media (page
 * scans and PDFs under `media/`). Assets are read once and versioned by a
 * hash so browsers keep them for good; media are read from disk with their
 * modification time as validator, so repeat visits get 304.
 * @module
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { makeCachedBody, type CachedBody } from './http-cache.js';

export const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface Assets {
  files: Map<string, CachedBody>;
  /** Hash of every asset: their URLs carry it (`?v=`), so a new release is fetched anew. */
  version: string;
}

/** The viewer's script, shipped by the `openseadragon` package (no copy is kept in the repository). */
function openSeadragonScript(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('openseadragon')), 'openseadragon.min.js');
}

export function loadAssets(dir: string): Assets {
  const files = new Map<string, CachedBody>();
  const hash = createHash('sha256');
  const sources: [string, string][] = readdirSync(dir).sort().map((name) => [name, join(dir, name)]);
  sources.push(['openseadragon.min.js', openSeadragonScript()]);
  const loadedAt = Date.now();
  for (const [name, path] of sources) {
    const body = readFileSync(path);
    files.set(name, makeCachedBody(body, { 'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream' }, loadedAt));
    hash.update(name).update(body);
  }
  return { files, version: hash.digest('hex').slice(0, 10) };
}

/** A file under one of the media folders, by its `media/…` path; undefined when absent or outside them. */
export async function readMedia(dirs: readonly string[], path: string): Promise<CachedBody | undefined> {
  // Plain names only: no dot-segments, no backslashes, no hidden files.
  if (!/^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*[A-Za-z0-9][A-Za-z0-9._-]*$/.test(path) || path.includes('..')) return undefined;
  const type = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!type) return undefined;
  for (const dir of dirs) {
    const root = resolve(dir);
    const full = resolve(root, path);
    if (!full.startsWith(root + sep)) continue;
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) continue;
    return makeCachedBody(await readFile(full), { 'content-type': type }, info.mtimeMs);
  }
  return undefined;
}
