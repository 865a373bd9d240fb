/**
 * IIIF over HTTP (app.request, no server), checked by clients written
 * elsewhere: every manifest and collection of the demo archive (plus a PDF-only
 * document and a draft and withdrawn one with scans) is read by @iiif/parser
 * (upgraded and normalized) and by manifesto.js; every tile and size an
 * info.json promises is fetched and decoded with sharp at the size it must
 * have; bad image requests answer 400 naming the parameter, and nothing
 * answers 500.
 * @module
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '@iiif/parser';
import { isImageService, isLevel0, parseImageServiceRequest } from '@iiif/parser/image-3';
import { presentation3StrictUpgrade } from '@iiif/parser/strict';
import { upgrade } from '@iiif/parser/upgrader';
import * as manifesto from 'manifesto.js';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEDIA_DIR } from '../../src/package-paths.js';
import { importPaths, tempDir } from '../helpers.js';
import { BASE, demoSite } from './demo-site.js';

type Json = Record<string, any>;
let app: Awaited<ReturnType<typeof demoSite>>['app'];
let archive: Awaited<ReturnType<typeof demoSite>>['archive'];
const media = tempDir('dossier-iiif-media-');

/** A PNG whose header claims `w` × `h` pixels around a tiny picture: a decompression bomb's shape. */
async function bombPng(w: number, h: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } }).png().toBuffer();
  const ihdr = png.subarray(12, 29); // type + 13 bytes of data
  ihdr.writeUInt32BE(w, 4);
  ihdr.writeUInt32BE(h, 8);
  const { crc32 } = await import('node:zlib');
  png.writeUInt32BE((crc32 as (b: Buffer) => number)(ihdr) >>> 0, 29);
  return png;
}

beforeAll(async () => {
  ({ app, archive } = await demoSite({ iiifDir: tempDir('dossier-iiif-'), mediaDirs: [media] }));
  copyFileSync(join(DEMO_MEDIA_DIR, 'demo-0039.pdf'), join(media, 'record.pdf'));
  copyFileSync(join(DEMO_MEDIA_DIR, 'demo-0029-p1.jpg'), join(media, 'page.jpg'));
  writeFileSync(join(media, 'not-an-image.jpg'), 'plain text with a .jpg name');
  copyFileSync(join(DEMO_MEDIA_DIR, 'demo-0039.pdf'), join(media, 'pdf-named.jpg'));
  writeFileSync(join(media, 'bomb.png'), await bombPng(60_000, 60_000));
  const dir = tempDir('dossier-iiif-records-');
  mkdirSync(dir, { recursive: true });
  const doc = (id: string, extra: Json) => ({ id, title: `Test scan ${id}`, date: '1957-05-21', rights: 'sample-cc0', funders: [], collections: [{ id: 'sample-soviet-memoranda' }], sample: true, ...extra });
  const records = [
    doc('iiif-pdf-only', { media: [{ kind: 'pdf', url: 'media/record.pdf', label: 'Typescript' }] }),
    doc('iiif-draft', { status: 'draft', media: [{ kind: 'image', url: 'media/page.jpg' }] }),
    doc('iiif-withdrawn', { status: 'withdrawn', withdrawnReason: 'Test', media: [{ kind: 'image', url: 'media/page.jpg' }] }),
    doc('iiif-remote', { media: [{ kind: 'image', url: 'https://images.example.org/scan-1.jpg', width: 1000, height: 1400 }, { kind: 'image', url: 'https://images.example.org/no-size.jpg' }] }),
    doc('iiif-bad-files', {
      media: [
        { kind: 'image', url: 'media/not-an-image.jpg' },
        { kind: 'image', url: 'media/pdf-named.jpg' },
        { kind: 'image', url: 'media/bomb.png' },
        { kind: 'image', url: 'media/missing.jpg' },
      ],
    }),
  ];
  writeFileSync(join(dir, 'iiif-test.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
  const report = await importPaths(archive, [dir]);
  expect(report.failed, JSON.stringify(report.failures)).toBe(0);
}, 60_000);

async function get(path: string): Promise<{ status: number; headers: Headers; json: Json }> {
  const res = await app.request(path);
  return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
}

/** Published documents with scans, and what their canvases must be. */
async function scannedDocuments() {
  const docs = [];
  for await (const d of archive.scannedDocumentsAll()) docs.push(d);
  return docs;
}

const local = (url: string) => url.replace(BASE, '');

describe('manifests', () => {
  it('parse with @iiif/parser and manifesto.js for every published document with scans, one canvas per page', { timeout: 60_000 }, async () => {
    const docs = await scannedDocuments();
    expect(docs.map((d) => d.id)).toEqual(expect.arrayContaining(['demo-0029', 'demo-0039', 'demo-0044', 'iiif-pdf-only']));
    for (const doc of docs.filter((d) => d.id !== 'iiif-bad-files' && d.id !== 'iiif-remote')) {
      const { status, headers, json } = await get(`/iiif/documents/${doc.id}/manifest.json`);
      expect(status, doc.id).toBe(200);
      expect(headers.get('access-control-allow-origin')).toBe('*');
      expect(headers.get('content-type')).toContain('application/ld+json');

      // @iiif/parser: the upgrader and the strict upgrade (which repairs and reports what breaks the
      // specification) leave a conforming Presentation 3 manifest as it is; normalizing finds every resource.
      expect(upgrade(structuredClone(json))).toEqual(json);
      const strict = { warnings: [] as string[] };
      expect(presentation3StrictUpgrade(structuredClone(json) as never, strict)).toEqual(json);
      expect(strict.warnings, doc.id).toEqual([]);
      const { entities, resource } = normalize(structuredClone(json));
      expect(resource.id).toBe(`${BASE}/iiif/documents/${doc.id}/manifest.json`);
      const m = (entities.Manifest as Record<string, Json>)[resource.id]!;
      expect(m.label).toEqual({ en: [doc.title] });
      const images = doc.media.filter((x) => x.kind === 'image');
      const expectedPages = images.length > 0 ? images.length : (doc.media.find((x) => x.kind === 'pdf')?.pages ?? 2);
      expect(m.items, doc.id).toHaveLength(expectedPages);
      expect(m.homepage[0]).toMatchObject({ id: `${BASE}/documents/${doc.id}` });
      expect(m.seeAlso[0]).toMatchObject({ id: `${BASE}/api/v1/documents/${doc.id}` });

      // manifesto.js, the library Universal Viewer reads manifests with.
      const parsed = manifesto.parseManifest(JSON.stringify(json)) as manifesto.Manifest;
      expect(parsed.getDefaultLabel()).toBe(doc.title);
      const canvases = parsed.getSequences()[0]!.getCanvases();
      expect(canvases).toHaveLength(expectedPages);
      for (const canvas of canvases) {
        expect(canvas.getContent(), doc.id).toHaveLength(1);
        const image = canvas.getContent()[0]!.getBody()[0]!;
        const service = image.getServices()[0]!;
        expect(service.getProfile()).toBe('level0');
        const info = await get(`${local(service.id)}/info.json`);
        expect(info.status).toBe(200);
        expect([info.json.width, info.json.height]).toEqual([canvas.getWidth(), canvas.getHeight()]);
        expect(info.json.id).toBe(service.id);
      }
      const required = parsed.getRequiredStatement();
      expect(required?.getValue()).toContain('Published by');
    }
  });

  it('carries the rights URI, the funder credit, the PDF as a rendering and the collections as partOf', async () => {
    const { json } = await get('/iiif/documents/demo-0039/manifest.json');
    const details = await archive.document('demo-0039');
    expect(json.rights).toBe(details.rights!.uri!.replace('https://', 'http://'));
    expect(json.requiredStatement.value.en[0]).toContain(`made possible with support from ${details.funders[0]!.name}`);
    expect(json.rendering).toEqual([expect.objectContaining({ id: `${BASE}/media/demo-0039.pdf`, format: 'application/pdf' })]);
    expect(json.partOf).toEqual([expect.objectContaining({ id: `${BASE}/iiif/collections/sample-soviet-memoranda`, type: 'Collection' })]);
    const labels = json.metadata.map((row: Json) => row.label.en[0]);
    expect(labels).toEqual(expect.arrayContaining(['Date', 'Source', 'Repository', 'Rights', 'Funders', 'Record ID']));
    const thumb = await app.request(local(json.thumbnail[0].id));
    expect(thumb.status).toBe(200);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([json.thumbnail[0].width, json.thumbnail[0].height]);
  });

  it('shows a PDF-only document as one canvas per PDF page, drawn from the PDF', { timeout: 30_000 }, async () => {
    const { json } = await get('/iiif/documents/iiif-pdf-only/manifest.json');
    expect(json.items.map((c: Json) => c.label.none[0])).toEqual(['Typescript, page 1', 'Typescript, page 2']);
    const service = json.items[1].items[0].items[0].body.service[0].id as string;
    expect(service).toBe(`${BASE}/iiif/documents/iiif-pdf-only/images/record.pdf~page-2`);
    const full = await app.request(`${local(service)}/full/max/0/default.jpg`);
    const image = sharp(Buffer.from(await full.arrayBuffer()));
    const meta = await image.metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', json.items[1].width, json.items[1].height]);
    // A drawn page, not a blank one: the facsimile's dark type makes the page far from uniform.
    const stats = await image.stats();
    expect(stats.channels[0]!.min).toBeLessThan(100);
    expect(stats.channels[0]!.max).toBeGreaterThan(200);
  });

  it('shows a remote image whole, without a service, when the record gives its size', async () => {
    const { json } = await get('/iiif/documents/iiif-remote/manifest.json');
    expect(json.items).toHaveLength(1);
    expect(json.items[0]).toMatchObject({ width: 1000, height: 1400 });
    const body = json.items[0].items[0].items[0].body;
    expect(body).toEqual({ id: 'https://images.example.org/scan-1.jpg', type: 'Image', format: 'image/jpeg', width: 1000, height: 1400 });
  });

  it('leaves out scans that are missing, not what they claim to be by content, or decompression bombs', async () => {
    const res = await app.request('/iiif/documents/iiif-bad-files/manifest.json');
    expect(res.status).toBe(404);
    for (const id of ['not-an-image.jpg', 'pdf-named.jpg', 'bomb.png', 'missing.jpg']) {
      const info = await app.request(`/iiif/documents/iiif-bad-files/images/${id}/info.json`);
      expect(info.status, id).toBe(404);
    }
  });

  it('answers 404 for documents without scans and unknown ones, 404 for drafts and 410 for withdrawn documents, manifests and tiles alike', async () => {
    expect((await app.request('/iiif/documents/demo-0001/manifest.json')).status).toBe(404);
    expect((await app.request('/iiif/documents/no-such-record/manifest.json')).status).toBe(404);
    for (const [id, status] of [
      ['iiif-draft', 404],
      ['iiif-withdrawn', 410],
    ] as const) {
      for (const path of ['manifest.json', 'images/page.jpg/info.json', 'images/page.jpg/full/max/0/default.jpg', 'images/page.jpg/0,0,512,512/512,512/0/default.jpg']) {
        const res = await app.request(`/iiif/documents/${id}/${path}`);
        expect(res.status, `${id}/${path}`).toBe(status);
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(JSON.stringify(await res.json())).not.toContain('Test scan');
      }
    }
    // A published document's service does not serve another document's scan.
    expect((await app.request('/iiif/documents/demo-0029/images/page.jpg/info.json')).status).toBe(404);
    expect((await app.request('/iiif/documents/demo-0029/images/demo-0039-p1.jpg/info.json')).status).toBe(404);
  });
});

describe('image services', () => {
  it('serve every tile and size their info.json lists, as JPEGs of exactly the size asked for', { timeout: 60_000 }, async () => {
    const { json: info } = await get('/iiif/documents/demo-0029/images/demo-0029-p1.jpg/info.json');
    expect(info).toMatchObject({ '@context': 'http://iiif.io/api/image/3/context.json', type: 'ImageService3', protocol: 'http://iiif.io/api/image', profile: 'level0' });
    expect(isImageService(info)).toBe(true);
    expect(isLevel0(info as never)).toBe(true);
    const base = local(info.id);
    const { width: W, height: H } = info as { width: number; height: number };
    const urls: [string, number, number][] = [];
    for (const s of info.sizes) urls.push([`${base}/full/${s.width === W && s.height === H ? 'max' : `${s.width},${s.height}`}/0/default.jpg`, s.width, s.height]);
    // Tiles as OpenSeadragon and Mirador ask for them (Image API §5.6): each scale factor, the grid over the whole image.
    const t = info.tiles[0];
    for (const f of t.scaleFactors as number[]) {
      const step = t.width * f;
      for (let y = 0; y < H; y += step) {
        for (let x = 0; x < W; x += step) {
          const [rw, rh] = [Math.min(step, W - x), Math.min(step, H - y)];
          const [sw, sh] = [Math.ceil(rw / f), Math.ceil(rh / f)];
          const region = rw === W && rh === H ? 'full' : `${x},${y},${rw},${rh}`;
          urls.push([`${base}/${region}/${region === 'full' && sw === W ? 'max' : `${sw},${sh}`}/0/default.jpg`, sw, sh]);
          if (region !== 'full') urls.push([`${base}/${region}/${sw},/0/default.jpg`, sw, sh]);
        }
      }
    }
    expect(urls.length).toBeGreaterThan(15);
    for (const [url, w, h] of urls) {
      // @iiif/parser reads each address as an image request of this service.
      const parsed = parseImageServiceRequest(`${BASE}${url}`, '/iiif/documents/demo-0029/images');
      expect(parsed).toMatchObject({ type: 'image', identifier: 'demo-0029-p1.jpg', quality: 'default', format: 'jpg' });
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.format, meta.width, meta.height], url).toEqual(['jpeg', w, h]);
    }
  });

  it('answers HEAD and a CORS preflight, so any IIIF client may ask', async () => {
    const head = await app.request('/iiif/documents/demo-0029/images/demo-0029-p1.jpg/info.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await app.request('/iiif/documents/demo-0029/manifest.json', {
      method: 'OPTIONS',
      headers: { Origin: 'https://viewer.example.org', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-requested-with' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('redirects the service address to its info.json', async () => {
    const res = await app.request('/iiif/documents/demo-0029/images/demo-0029-p1.jpg');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${BASE}/iiif/documents/demo-0029/images/demo-0029-p1.jpg/info.json`);
  });

  const image = '/iiif/documents/demo-0029/images/demo-0029-p1.jpg';
  const cases: [string, number, string][] = [
    ['-1,0,10,10/max/0/default.jpg', 400, 'region'],
    ['5000,0,10,10/max/0/default.jpg', 400, 'region'],
    ['0,0,0,10/max/0/default.jpg', 400, 'region'],
    ['pct:0,0,150,10/max/0/default.jpg', 400, 'region'],
    ['left/max/0/default.jpg', 400, 'region'],
    ['full/0,/0/default.jpg', 400, 'size'],
    ['full/5000,/0/default.jpg', 400, 'size'],
    ['full/pct:200/0/default.jpg', 400, 'size'],
    ['full/huge/0/default.jpg', 400, 'size'],
    ['full/max/361/default.jpg', 400, 'rotation'],
    ['full/max/-90/default.jpg', 400, 'rotation'],
    ['full/max/sideways/default.jpg', 400, 'rotation'],
    ['full/max/0/sepia.jpg', 400, 'quality'],
    ['full/max/0/default', 400, 'quality'],
    ['full/max/0/default.bmp', 400, 'format'],
    // Valid requests a level 0 service does not offer (Image API §7: 404).
    ['full/max/90/default.jpg', 404, 'rotation'],
    ['full/max/!0/default.jpg', 404, 'rotation'],
    ['full/max/0/gray.jpg', 404, 'quality'],
    ['full/max/0/default.png', 404, 'format'],
    ['full/^2000,/0/default.jpg', 404, 'size'],
    ['full/333,/0/default.jpg', 404, 'size'],
    ['10,10,100,100/max/0/default.jpg', 404, 'size'],
  ];
  it.each(cases)('%s → %i naming %s', async (path, status, parameter) => {
    const res = await app.request(`${image}/${path}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as Json;
    expect(body.issues?.[0]?.parameter).toBe(parameter);
  });

  it('never answers 500 to odd addresses', async () => {
    const paths = [
      '/iiif/documents/demo-0029/images/..~..~package.json/info.json',
      '/iiif/documents/demo-0029/images/%2e%2e/info.json',
      '/iiif/documents/demo-0029/images/demo-0029-p1.jpg~page-1/info.json',
      '/iiif/documents/demo-0029/images/demo-0029-p1.jpg/full/max/0/default.jpg/extra',
      '/iiif/documents/demo-0029/images/demo-0029-p1.jpg/%ZZ/max/0/default.jpg',
      '/iiif/documents/demo-0029',
      '/iiif/documents/demo-0029/canvas/1',
      '/iiif/collections/no-such-collection',
      '/iiif/nothing-here',
    ];
    for (const path of paths) {
      const res = await app.request(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

describe('collections', () => {
  it('every collection, nested, parses with @iiif/parser and lists the manifests of its documents with scans', async () => {
    const root = await get('/iiif/collections');
    expect(root.status).toBe(200);
    const seen = new Set<string>();
    const walk = async (json: Json): Promise<void> => {
      const { entities, resource } = normalize(structuredClone(json));
      expect((entities.Collection as Record<string, Json>)[resource.id]).toBeDefined();
      for (const item of json.items as Json[]) {
        if (item.type === 'Collection') {
          const child = await get(local(item.id));
          expect(child.status, item.id).toBe(200);
          expect(child.json.partOf[0].id).toBe(json.id);
          await walk(child.json);
        } else {
          expect(item.type).toBe('Manifest');
          const m = await app.request(local(item.id));
          expect(m.status, item.id).toBe(200);
          seen.add(item.id);
        }
      }
    };
    await walk(root.json);
    const all = (await archive.collections()).length;
    expect(all).toBeGreaterThan(3);
    // Every published document with scans that sits in a collection is reached from the root.
    for (const doc of await scannedDocuments()) {
      if (doc.id === 'iiif-bad-files' || doc.collections.length === 0) continue;
      expect(seen.has(`${BASE}/iiif/documents/${doc.id}/manifest.json`), doc.id).toBe(true);
    }
    const memoranda = await get('/iiif/collections/sample-soviet-memoranda');
    const ids = memoranda.json.items.map((i: Json) => i.id);
    expect(ids).toContain(`${BASE}/iiif/documents/demo-0039/manifest.json`);
    expect(ids.join(' ')).not.toMatch(/iiif-draft|iiif-withdrawn/);
  });
});

describe('the document page', () => {
  it('links the manifest and opens its viewer on the IIIF tiles', async () => {
    const html = await (await app.request('/documents/demo-0039')).text();
    expect(html).toContain('<a href="/iiif/documents/demo-0039/manifest.json" type="application/ld+json">IIIF manifest</a>');
    const pages = JSON.parse(/data-pages="([^"]*)"/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as Json[];
    expect(pages.map((p) => p.info)).toEqual(['/iiif/documents/demo-0039/images/demo-0039-p1.jpg/info.json', '/iiif/documents/demo-0039/images/demo-0039-p2.jpg/info.json']);
  });
});
