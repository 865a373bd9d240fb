/**
 * OAI-PMH 2.0 at /oai on the demo archive: every verb and every error the
 * protocol names, each response validated by xmllint against the published
 * schemas (OAI-PMH.xsd, oai_dc.xsd, oai-identifier.xsd) and Dossier's own
 * record schema; resumption tokens across changes, forgeries and expiry;
 * datestamps and their granularity; withdrawn records as deletions; drafts never.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { makeCollection, makeDocument } from '../../src/backends/store.contract.js';
import { OaiRepository } from '../../src/web/protocols/oai-pmh/repository.js';
import { createWebApp } from '../../src/web/app.js';
import { openTestArchive } from '../helpers.js';
import { BASE, demoSite } from './demo-site.js';
import { schemaErrors, SCHEMAS } from './xml-schemas.js';

const ID = (id: string) => `oai:archive.example.org:${id}`;
const PAGE = 4;

async function oai(app: Hono<any>, query: string, init?: RequestInit): Promise<string> {
  const res = await app.request(init ? '/oai' : `/oai?${query}`, init);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
  const xml = await res.text();
  expect(schemaErrors(xml, SCHEMAS.oaiPmh)).toEqual([]);
  return xml;
}
const errorCodes = (xml: string) => [...xml.matchAll(/<error code="(\w+)">/g)].map((m) => m[1]);
const identifiers = (xml: string) => [...xml.matchAll(/<identifier>([^<]+)<\/identifier>/g)].map((m) => m[1]!);
const tokenOf = (xml: string) => /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
const publishedIds = async (archive: Archive) => {
  const ids: string[] = [];
  for await (const d of archive.backend.store.scanDocuments({ status: 'published' })) ids.push(d.id);
  return ids.sort();
};

/** Follows resumption tokens to the end; returns every page. */
async function harvest(app: Hono<any>, first: string, between?: (page: number) => Promise<void>): Promise<string[]> {
  const pages = [await oai(app, first)];
  const verb = /verb=(\w+)/.exec(first)![1];
  for (let token = tokenOf(pages[0]!); token; token = tokenOf(pages[pages.length - 1]!)) {
    await between?.(pages.length);
    pages.push(await oai(app, `verb=${verb}&resumptionToken=${encodeURIComponent(token)}`));
    expect(pages.length).toBeLessThan(100);
  }
  return pages;
}

describe('OAI-PMH on the demo archive', () => {
  let app: Hono<any>;
  let archive: Archive;
  beforeAll(async () => {
    ({ app, archive } = await demoSite({ interfaces: { oaiPageSize: PAGE } }));
  });

  it('xmllint rejects what the schemas forbid, so a passing validation means something', async () => {
    const xml = await oai(app, 'verb=GetRecord&metadataPrefix=oai_dc&identifier=' + ID('demo-0001'));
    expect(schemaErrors(xml.replace('<dc:title>', '<dc:heading>').replace('</dc:title>', '</dc:heading>'), SCHEMAS.oaiPmh)).not.toEqual([]);
    expect(schemaErrors(xml.replace(/<datestamp>[^<]+/, '<datestamp>6 December'), SCHEMAS.oaiPmh)).not.toEqual([]);
    const own = await oai(app, 'verb=GetRecord&metadataPrefix=dossier&identifier=' + ID('demo-0001'));
    expect(schemaErrors(own.replace('<title>', '<titel>').replace('</title>', '</titel>'), SCHEMAS.oaiPmh)).not.toEqual([]);
  });

  it('Identify declares second granularity, persistent deletions, the earliest datestamp and its identifiers', async () => {
    const xml = await oai(app, 'verb=Identify');
    expect(xml).toContain('<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>');
    expect(xml).toContain('<deletedRecord>persistent</deletedRecord>');
    expect(xml).toContain(`<baseURL>${BASE}/oai</baseURL>`);
    expect(xml).toContain('<repositoryIdentifier>archive.example.org</repositoryIdentifier>');
    // The compressions it declares are the ones it sends.
    for (const encoding of ['gzip', 'deflate']) {
      expect(xml).toContain(`<compression>${encoding}</compression>`);
      const res = await app.request('/oai?verb=ListRecords&metadataPrefix=dossier', { headers: { 'accept-encoding': encoding } });
      expect(res.headers.get('content-encoding')).toBe(encoding);
    }
    const earliest = /<earliestDatestamp>([^<]+)</.exec(xml)![1]!;
    const first = await archive.backend.store.listChanges({ statuses: ['published', 'withdrawn'], limit: 1 });
    expect(earliest).toBe(`${first[0]!.changedAt.slice(0, 19)}Z`);
  });

  it('ListRecords harvests every published document once, in both formats, through resumption tokens; never a draft', async () => {
    const published = await publishedIds(archive);
    for (const prefix of ['oai_dc', 'dossier']) {
      const pages = await harvest(app, `verb=ListRecords&metadataPrefix=${prefix}`);
      expect(pages.length).toBe(Math.ceil((published.length + 1) / PAGE));
      const records = pages.flatMap((p) => [...p.matchAll(/<record><header>[\s\S]*?<\/record>/g)].map((m) => m[0]));
      const live = records.flatMap((r) => identifiers(r).slice(0, 1));
      expect(live.map((i) => i.slice(ID('').length)).sort()).toEqual(published);
      expect(pages.join('')).not.toContain('demo-0032'); // a draft
      expect(pages.join('')).not.toContain('demo-0043'); // a draft
      // The last page closes the list with an empty token and the full count.
      expect(pages.at(-1)).toMatch(new RegExp(`<resumptionToken completeListSize="${published.length + 1}" cursor="${(pages.length - 1) * PAGE}"/>`));
    }
  });

  it('reports a withdrawn document as deleted (header only), in lists and GetRecord', async () => {
    const pages = await harvest(app, 'verb=ListIdentifiers&metadataPrefix=oai_dc');
    const headers = pages.flatMap((p) => [...p.matchAll(/<header( status="deleted")?>[\s\S]*?<\/header>/g)]);
    expect(headers.filter((h) => h[1]).map((h) => identifiers(h[0])[0])).toEqual([ID('demo-0036')]);
    const record = await oai(app, `verb=GetRecord&metadataPrefix=dossier&identifier=${ID('demo-0036')}`);
    expect(record).toContain('<header status="deleted">');
    expect(record).not.toContain('<metadata>');
  });

  it('GetRecord of a draft, an unknown id or another repository’s identifier is idDoesNotExist', async () => {
    for (const identifier of [ID('demo-0032'), ID('no-such-document'), 'oai:elsewhere.org:demo-0001', 'demo-0001']) {
      expect(errorCodes(await oai(app, `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifier)}`))).toEqual(['idDoesNotExist']);
      expect(errorCodes(await oai(app, `verb=ListMetadataFormats&identifier=${encodeURIComponent(identifier)}`))).toEqual(['idDoesNotExist']);
    }
  });

  it('the dossier format carries every value of the record; oai_dc carries the resolved names', async () => {
    const doc = (await archive.backend.store.getDocument('demo-0029'))!;
    const xml = await oai(app, `verb=GetRecord&metadataPrefix=dossier&identifier=${ID(doc.id)}`);
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const leaves: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      else if (v !== undefined) leaves.push(String(v));
    };
    walk(doc);
    expect(leaves.length).toBeGreaterThan(40);
    for (const leaf of leaves) expect(xml.includes(escape(leaf)) || xml.includes(escape(leaf).replace(/"/g, '&quot;')), leaf.slice(0, 80)).toBe(true);
    const dc = await oai(app, `verb=GetRecord&metadataPrefix=oai_dc&identifier=${ID(doc.id)}`);
    const creator = (await archive.backend.store.getAuthorities(doc.agents.filter((a) => a.role === 'creator').map((a) => ({ kind: 'person' as const, id: a.id }))))[0];
    if (creator) expect(dc).toContain(`<dc:creator>${escape(creator.name)}</dc:creator>`);
    expect(dc).toContain(`<dc:identifier>${BASE}/documents/${doc.id}</dc:identifier>`);
  });

  it('sets are collections, nested with ":"; a set takes the records of its subsets', async () => {
    const sets = await oai(app, 'verb=ListSets');
    expect(sets).toContain('<setSpec>sino-japanese-relations:japan-china-normalization</setSpec>');
    const inChild = identifiers(await oai(app, 'verb=ListIdentifiers&metadataPrefix=oai_dc&set=sino-japanese-relations:japan-china-normalization'));
    const inParent = (await harvest(app, 'verb=ListIdentifiers&metadataPrefix=oai_dc&set=sino-japanese-relations')).flatMap(identifiers);
    expect(inChild.length).toBeGreaterThan(0);
    for (const id of inChild) expect(inParent).toContain(id);
    const { documents } = await archive.collection('sino-japanese-relations', 1, 500);
    for (const d of documents.items) expect(inParent).toContain(ID(d.id));
    expect(errorCodes(await oai(app, 'verb=ListRecords&metadataPrefix=oai_dc&set=no-such-set'))).toEqual(['noRecordsMatch']);
  });

  it('honours from and until at both granularities, and refuses mixed or finer ones', async () => {
    const all = (await harvest(app, 'verb=ListIdentifiers&metadataPrefix=oai_dc')).flatMap((p) => [...p.matchAll(/<datestamp>([^<]+)</g)].map((m) => m[1]!));
    const stamp = all[0]!;
    const day = stamp.slice(0, 10);
    expect(identifiers(await oai(app, `verb=ListIdentifiers&metadataPrefix=oai_dc&from=${stamp}&until=${stamp}`)).length).toBe(all.filter((s) => s === stamp).length > PAGE ? PAGE : all.filter((s) => s === stamp).length);
    expect((await harvest(app, `verb=ListIdentifiers&metadataPrefix=oai_dc&from=${day}&until=${day}`)).flatMap(identifiers).length).toBe(all.length);
    const nextDay = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    expect(errorCodes(await oai(app, `verb=ListRecords&metadataPrefix=oai_dc&from=${nextDay}`))).toEqual(['noRecordsMatch']);
    expect(errorCodes(await oai(app, `verb=ListRecords&metadataPrefix=oai_dc&until=1999-12-31`))).toEqual(['noRecordsMatch']);
    expect(identifiers(await oai(app, `verb=ListIdentifiers&metadataPrefix=oai_dc&from=0001-01-01&until=9999-12-31`)).length).toBe(PAGE);
    for (const bad of [`from=${day}&until=${stamp}`, 'from=2025-02-30', 'from=2025-01-01T10:00Z', 'from=2025-01-01T10:00:00.000Z', 'until=yesterday', 'from=2025-01-02&until=2025-01-01']) {
      expect(errorCodes(await oai(app, `verb=ListRecords&metadataPrefix=oai_dc&${bad}`)), bad).toEqual(['badArgument']);
    }
  });

  it('answers every malformed request with the protocol’s own error', async () => {
    const cases: [string, string[]][] = [
      ['', ['badVerb']],
      ['verb=ListAll', ['badVerb']],
      ['verb=Identify&verb=ListSets', ['badVerb']],
      ['verb=Identify&metadataPrefix=oai_dc', ['badArgument']],
      ['verb=ListRecords', ['badArgument']],
      ['verb=GetRecord&identifier=' + ID('demo-0001'), ['badArgument']],
      ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=dossier', ['badArgument']],
      ['verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc', ['badArgument']],
      ['verb=ListRecords&metadataPrefix=marc21', ['cannotDisseminateFormat']],
      ['verb=GetRecord&metadataPrefix=a%20b&identifier=' + ID('demo-0001'), ['cannotDisseminateFormat']],
      ['verb=ListRecords&resumptionToken=not-a-token', ['badResumptionToken']],
      ['verb=ListSets&resumptionToken=anything', ['badResumptionToken']],
    ];
    for (const [query, codes] of cases) {
      const xml = await oai(app, query);
      expect(errorCodes(xml), query).toEqual(codes);
      // §3.2: after badVerb or badArgument the request is echoed without arguments.
      if (codes[0] === 'badVerb' || codes[0] === 'badArgument') expect(xml).toContain(`<request>${BASE}/oai</request>`);
    }
  });

  it('refuses forged, edited, expired and cross-verb resumption tokens', async () => {
    const first = await oai(app, 'verb=ListRecords&metadataPrefix=oai_dc');
    const token = tokenOf(first)!;
    const [body, mac] = token.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const edited = `${Buffer.from(JSON.stringify({ ...payload, a: 0, m: 'dossier' })).toString('base64url')}.${mac}`;
    for (const bad of [edited, `${body}.${'A'.repeat(22)}`, token.slice(0, -1)]) {
      expect(errorCodes(await oai(app, `verb=ListRecords&resumptionToken=${encodeURIComponent(bad)}`))).toEqual(['badResumptionToken']);
    }
    expect(errorCodes(await oai(app, `verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`))).toEqual(['badResumptionToken']);
    const repository = new OaiRepository(archive, { pageSize: PAGE });
    const later = new Date(Date.now() + 25 * 3600_000);
    const expired = await repository.respond({ verb: ['ListRecords'], resumptionToken: [token] }, { origin: BASE, name: 'x' }, later);
    expect(errorCodes(expired)).toEqual(['badResumptionToken']);
    expect(expired).toContain('expired');
  });

  it('POST with a form body answers as GET does; any other body is badArgument', async () => {
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'verb=ListRecords&metadataPrefix=oai_dc' };
    const posted = await oai(app, '', form);
    const got = await oai(app, 'verb=ListRecords&metadataPrefix=oai_dc');
    expect(identifiers(posted)).toEqual(identifiers(got));
    const json = await oai(app, '', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"verb":"Identify"}' });
    expect(errorCodes(json)).toEqual(['badArgument']);
  });
});

describe('OAI-PMH while the archive changes', () => {
  it('a harvest resumed after changes misses no record: changed ones come again, new ones come, drafts never', async () => {
    const { app, archive } = await demoSite({ interfaces: { oaiPageSize: PAGE } });
    const before = await publishedIds(archive);
    const change = { actor: 'test' };
    const pages = await harvest(app, 'verb=ListIdentifiers&metadataPrefix=oai_dc', async (n) => {
      if (n !== 2) return;
      // Revise a record harvested already and one still ahead; add a new one and a draft; withdraw one.
      const revise = async (id: string) => archive.save({ kind: 'document', ...(await archive.backend.store.getDocument(id))!, summary: `Revised ${id}` }, change);
      await revise(before[0]!);
      await revise(before[before.length - 1]!);
      await archive.save({ kind: 'document', ...makeDocument({ id: 'added-midway', title: 'Added during the harvest' }) }, change);
      await archive.save({ kind: 'document', ...makeDocument({ id: 'draft-midway', status: 'draft' }) }, change);
      await archive.save({ kind: 'document', ...(await archive.backend.store.getDocument(before[1]!))!, status: 'withdrawn' }, change);
    });
    const seen = pages.flatMap(identifiers).map((i) => i.slice(ID('').length));
    for (const id of [...before, 'added-midway']) expect(seen, id).toContain(id);
    expect(seen).not.toContain('draft-midway');
    const deleted = pages.flatMap((p) => [...p.matchAll(/<header status="deleted"><identifier>([^<]+)</g)].map((m) => m[1]));
    expect(deleted).toContain(ID(before[1]!));
  });

  it('an archive without collections answers set requests with noSetHierarchy; Identify names the configured contact', async () => {
    const archive = await openTestArchive();
    await archive.save({ kind: 'document', ...makeDocument({ id: 'lonely' }) }, { actor: 'test' });
    const app = createWebApp(archive, { log: 'silent', baseUrl: BASE, interfaces: { adminEmail: 'reading-room@archive.example.org' } });
    expect(await oai(app, 'verb=Identify')).toContain('<adminEmail>reading-room@archive.example.org</adminEmail>');
    expect(errorCodes(await oai(app, 'verb=ListSets'))).toEqual(['noSetHierarchy']);
    expect(errorCodes(await oai(app, 'verb=ListRecords&metadataPrefix=oai_dc&set=any'))).toEqual(['noSetHierarchy']);
    expect(identifiers(await oai(app, 'verb=ListRecords&metadataPrefix=oai_dc'))).toEqual([ID('lonely')]);
    await archive.save(makeCollection({ id: 'c' }), { actor: 'test' });
    expect(errorCodes(await oai(app, 'verb=ListSets'))).toEqual([]);
  });
});
