import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { FIXTURES } from '../helpers.js';
import { BASE, demoSite } from './demo-site.js';

const SCHEMA = 'http://schema.org/';
const CONTEXT = JSON.parse(readFileSync(join(FIXTURES, 'jsonld', 'schema-org-context.jsonld'), 'utf8'));

/** Offline: schema.org's context comes from the fixture; any other remote document is an error. */
const documentLoader = async (url: string) => {
  if (/^https?:\/\/schema\.org\/?(?:docs\/jsonldcontext\.jsonld)?$/.test(url)) return { contextUrl: undefined, documentUrl: url, document: CONTEXT };
  throw new Error(`no remote documents in tests: ${url}`);
};

async function expand(doc: object): Promise<any[]> {
  return (await jsonld.expand(doc as any, { documentLoader: documentLoader as any, safe: true } as any)) as unknown as any[];
}

function embedded(html: string): any {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'the page embeds JSON-LD').toBeTruthy();
  return JSON.parse(m![1]!);
}

/** Every property of the compact form survives expansion (none is an unknown term that jsonld drops). */
function expectNothingDropped(compact: Record<string, unknown>, expanded: Record<string, unknown>) {
  const terms = Object.keys(compact).filter((k) => !k.startsWith('@'));
  expect(Object.keys(expanded).filter((k) => !k.startsWith('@')).length).toBe(terms.length);
}

let app: Hono<any>;
let archive: Archive;

beforeAll(async () => {
  ({ app, archive } = await demoSite());
});

describe('schema.org JSON-LD', () => {
  it('on a document page expands to an ArchiveComponent with its translator, creators and collections', async () => {
    const html = await (await app.request(`${BASE}/documents/demo-0029`)).text();
    const compact = embedded(html);
    const [node] = await expand(compact);
    expect(node['@id']).toBe(`${BASE}/documents/demo-0029`);
    expect(node['@type']).toEqual([`${SCHEMA}ArchiveComponent`]);
    const details = await archive.document('demo-0029');
    expect(node[`${SCHEMA}name`][0]['@value']).toBe(details.document.title);
    expect(node[`${SCHEMA}translator`][0][`${SCHEMA}name`][0]['@value']).toBe('Kenji Ota');
    expect(node[`${SCHEMA}creator`].length).toBe(details.agents.filter((a) => a.role === 'creator').length);
    expect(node[`${SCHEMA}isPartOf`].map((c: any) => c['@id'])).toEqual(details.collections.map((c) => `${BASE}/collections/${c.id}`));
    expect(node[`${SCHEMA}associatedMedia`][0][`${SCHEMA}contentUrl`][0]['@id']).toBe(`${BASE}/media/demo-0029-p1.jpg`);
    expectNothingDropped(compact, node);
  });

  it('on a collection page expands to a Collection whose parts are its documents', async () => {
    const html = await (await app.request(`${BASE}/collections/sample-embassy-cables`)).text();
    const compact = embedded(html);
    const [node] = await expand(compact);
    expect(node['@type']).toEqual([`${SCHEMA}Collection`]);
    const page = await archive.collection('sample-embassy-cables');
    const parts = node[`${SCHEMA}hasPart`].map((p: any) => p['@id']);
    for (const d of page.documents.items) expect(parts).toContain(`${BASE}/documents/${d.id}`);
    expect(node[`${SCHEMA}collectionSize`][0]['@value']).toBe(page.documents.total);
    expectNothingDropped(compact, node);
  });

  it('is what a document URL answers to Accept: application/ld+json', async () => {
    const res = await app.request(`${BASE}/documents/demo-0029`, { headers: { Accept: 'application/ld+json' } });
    const [node] = await expand((await res.json()) as object);
    expect(node['@id']).toBe(`${BASE}/documents/demo-0029`);
  });
});

describe('citation metadata in the page', () => {
  it('keeps Highwire and Dublin Core tags complete: title, authors, date, translator, version date', async () => {
    const html = await (await app.request(`${BASE}/documents/demo-0029`)).text();
    const meta = (name: string) => [...html.matchAll(new RegExp(`<meta name="${name.replace('.', '\\.')}" content="([^"]*)"`, 'g'))].map((m) => m[1]);
    const details = await archive.document('demo-0029');
    expect(meta('citation_title')).toEqual([details.document.title.replace(/&/g, '&amp;')]);
    expect(meta('citation_author').length).toBe(details.agents.filter((a) => a.role === 'creator').length);
    expect(meta('citation_date')[0]).toMatch(/^\d{4}(\/\d{2}){0,2}$/);
    expect(meta('citation_online_date')[0]).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
    expect(meta('DC.contributor')).toEqual(['Kenji Ota']);
    expect(meta('DC.date.modified')[0]).toBe(details.document.updatedAt!.slice(0, 10));
    expect(meta('DC.identifier')).toEqual([`${BASE}/documents/demo-0029`]);
    // Linked-data clients find the other representations from the page.
    const alternate = /<link rel="alternate" type="application\/ld\+json" href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const ld = await app.request(alternate);
    expect(((await ld.json()) as any)['@id']).toBe(`${BASE}/documents/demo-0029`);
  });

  it('carries a COinS span that an OpenURL reader can parse', async () => {
    const html = await (await app.request(`${BASE}/documents/demo-0029`)).text();
    const m = /<span class="Z3988" title="([^"]+)"><\/span>/.exec(html);
    expect(m).toBeTruthy();
    const kev = new URLSearchParams(m![1]!.replace(/&amp;/g, '&'));
    const details = await archive.document('demo-0029');
    expect(kev.get('ctx_ver')).toBe('Z39.88-2004');
    expect(kev.get('rft_val_fmt')).toBe('info:ofi/fmt:kev:mtx:dc');
    expect(kev.get('rft.title')).toBe(details.document.title);
    expect(kev.getAll('rft.creator')).toEqual(details.agents.filter((a) => a.role === 'creator').map((a) => a.authority.name));
    expect(kev.getAll('rft.contributor')).toEqual(['Kenji Ota']);
    expect(kev.get('rft.identifier')).toBe(`${BASE}/documents/demo-0029`);
    expect(kev.get('rft.date')).toBe(details.document.date);
  });
});
