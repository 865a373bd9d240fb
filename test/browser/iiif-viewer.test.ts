/// <reference lib="dom" />
/**
 * IIIF in a real viewer: Mirador (from its npm package, served by the test on
 * another origin, so CORS is exercised as on a real reader's site) opens a
 * document's manifest from the demo archive in Chromium and draws its scan
 * from the level 0 tiles; the document page's own OpenSeadragon viewer opens
 * the same tiles through their info.json. "Drew" is checked twice: the tile
 * requests the viewer made answered 200 with JPEGs, and a screenshot of the
 * viewer holds the page's dark type on its light paper, not an empty canvas.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths, tempDir } from '../helpers.js';
import { HAVE_CHROMIUM, launch, runAxe, startSite, type Site } from './browser.js';

const MIRADOR = readFileSync(join(createRequire(import.meta.url).resolve('mirador/package.json'), '..', 'dist', 'mirador.min.js'), 'utf8');
const SHOTS = join(process.cwd(), 'screenshots');

/**
 * A page with Mirador opening `?manifest=`, and Mirador's script from its npm
 * package, on a port of its own: another origin than the site's, as a
 * reader's viewer would be.
 */
function startViewer(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/mirador.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(MIRADOR);
      return;
    }
    const manifest = JSON.stringify(url.searchParams.get('manifest') ?? '').replace(/</g, '\\u003c');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Mirador</title></head>
      <body style="margin:0"><div id="mirador" style="position:absolute;inset:0"></div>
      <script src="/mirador.min.js"></script>
      <script>Mirador.viewer({ id: 'mirador', windows: [{ manifestId: ${manifest}, thumbnailNavigationPosition: 'far-bottom' }],
        window: { allowClose: false, sideBarOpenByDefault: true, defaultSideBarPanel: 'info' }, workspaceControlPanel: { enabled: false } });</script>
      </body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The share of a picture's pixels that are dark (type) and light (paper). */
async function inkAndPaper(png: Buffer): Promise<{ dark: number; light: number }> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  let light = 0;
  for (const v of data) {
    if (v < 90) dark++;
    else if (v > 180) light++;
  }
  const n = info.width * info.height;
  return { dark: dark / n, light: light / n };
}

/** Records the IIIF tile and size requests a page makes, with their status and type. */
function watchTiles(page: Page): { url: string; status: number; type: string | null }[] {
  const seen: { url: string; status: number; type: string | null }[] = [];
  page.on('response', (r) => {
    if (/\/iiif\/documents\/.+\/images\/[^/]+\/[^/]+\/[^/]+\/0\/default\.jpg$/.test(r.url())) seen.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? null });
  });
  return seen;
}

describe.skipIf(!HAVE_CHROMIUM)('IIIF in a viewer', () => {
  let site: Site;
  let browser: Browser;
  let viewer: Server;
  let viewerOrigin: string;
  beforeAll(async () => {
    [site, browser, viewer] = await Promise.all([startSite(), launch(), startViewer()]);
    viewerOrigin = `http://127.0.0.1:${(viewer.address() as AddressInfo).port}`;
    // A document whose only scan is a PDF (the demo's), for the page viewer's PDF path.
    const records = join(tempDir(), 'pdf-only.jsonl');
    writeFileSync(records, JSON.stringify({ id: 'pdf-only', title: 'A PDF-only scan', date: '1957-05-21', sample: true, media: [{ kind: 'pdf', url: 'media/demo-0039.pdf', label: 'Typescript' }] }));
    expect((await importPaths(site.archive, [records])).failed).toBe(0);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await new Promise((resolve) => viewer?.close(resolve));
  });

  it('Mirador, on another origin, opens a manifest and draws the scan from the tiles', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const manifest = `${site.url}/iiif/documents/demo-0039/manifest.json`;
    const tiles = watchTiles(page);
    await page.goto(`${viewerOrigin}/?manifest=${encodeURIComponent(manifest)}`);

    // Mirador shows the manifest's label and metadata, read from our JSON.
    await page.waitForSelector('text=Record of conversation with First Secretary Morioka', { timeout: 30_000 });
    await expect.poll(() => tiles.filter((t) => t.status === 200).length, { timeout: 30_000 }).toBeGreaterThan(2);
    await page.waitForTimeout(1500);
    expect(tiles.every((t) => t.status === 200 && t.type === 'image/jpeg'), JSON.stringify(tiles.filter((t) => t.status !== 200))).toBe(true);
    expect(tiles.some((t) => /\/images\/demo-0039-p1\.jpg\//.test(t.url))).toBe(true);
    // Mirador's information panel lists what it read from the manifest: metadata, the PDF (rendering), the JSON record (seeAlso).
    const panel = (await page.textContent('body')) ?? '';
    for (const shown of ['Example Foundation for Translation (fictional)', 'Record IDdemo-0039', 'The whole record (PDF)', 'The record in JSON (application/json)', '1 of 2 • Page 1 (l. 77)']) {
      expect(panel).toContain(shown);
    }

    const canvas = page.locator('.openseadragon-canvas').first();
    const shot = await canvas.screenshot();
    await page.screenshot({ path: join(SHOTS, 'iiif-mirador.png') });
    const { dark, light } = await inkAndPaper(shot);
    expect(light).toBeGreaterThan(0.1);
    expect(dark).toBeGreaterThan(0.002);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the document page opens its scans in OpenSeadragon from the IIIF info.json and tiles', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const infos: number[] = [];
    page.on('response', (r) => r.url().endsWith('/info.json') && infos.push(r.status()));
    const tiles = watchTiles(page);
    await page.goto(`${site.url}/documents/demo-0039#scans`);
    await page.click('.scan-page__link >> nth=0');
    await page.waitForSelector('#scan-viewer:not([hidden]) .openseadragon-canvas canvas');
    await expect.poll(() => tiles.filter((t) => t.status === 200).length, { timeout: 20_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1000);
    expect(infos.length).toBeGreaterThan(0);
    expect(infos.every((s) => s === 200)).toBe(true);
    expect(tiles.every((t) => t.status === 200 && t.type === 'image/jpeg')).toBe(true);
    // The site's own CSP allows it: the viewer drew on its canvas (same origin, so its pixels can be read).
    const drawn = await page.evaluate(() => {
      const c = document.querySelector('#scan-viewer .openseadragon-canvas canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 0 && d[i]! < 90) dark++;
      return dark / (c.width * c.height);
    });
    expect(drawn).toBeGreaterThan(0.002);
    await page.locator('#scan-viewer').screenshot({ path: join(SHOTS, 'iiif-document-viewer.png') });
    await page.close();
  });

  it('a document with only a PDF opens its pages in the viewer, read from the manifest', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const tiles = watchTiles(page);
    await page.goto(`${site.url}/documents/pdf-only`);
    expect(await runAxe(page)).toEqual([]);
    await page.click('.scan-open');
    await page.waitForSelector('#scan-viewer:not([hidden]) .openseadragon-canvas canvas');
    await expect.poll(() => tiles.filter((t) => t.url.includes('/images/demo-0039.pdf~page-1/')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.textContent('.scan-viewer__status')).toBe('Page 1 of 2');
    await page.click('button[data-action="next"]');
    await expect.poll(() => tiles.filter((t) => t.url.includes('/images/demo-0039.pdf~page-2/')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.textContent('.scan-viewer__status')).toBe('Page 2 of 2');
    await page.waitForTimeout(1000);
    expect(tiles.every((t) => t.status === 200 && t.type === 'image/jpeg')).toBe(true);
    const { dark, light } = await inkAndPaper(await page.locator('.scan-viewer__canvas').screenshot());
    expect(light).toBeGreaterThan(0.1);
    expect(dark).toBeGreaterThan(0.002);
    await page.locator('#scan-viewer').screenshot({ path: join(SHOTS, 'iiif-pdf-viewer.png') });
    expect(await runAxe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
