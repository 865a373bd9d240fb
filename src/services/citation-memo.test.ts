import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPaths, openTestArchive, SHARED_DATA } from '../../test/helpers.js';
import { loadDemo } from '../ingest/demo.js';
import type { Archive } from './archive.js';
import { CitationMemo, citationKey } from './citation-memo.js';
import { PageParts } from './page-parts.js';
import { Cite, plugins } from '@citation-js/core';
import { htmlToText } from '../domain/rich-text.js';
import { cslItem, formatCitations, type Citations, type CslItem } from './citations.js';
import { APA, CHICAGO, MLA } from './citation-styles.js';

const FRUS = join(SHARED_DATA, 'frus');
const frusPresent = existsSync(join(FRUS, 'frus1918Russiav03.xml'));
if (!frusPresent) console.warn(`FRUS citation comparison skipped: ${FRUS} is absent (set DOSSIER_TEST_DATA)`);

let archive: Archive;
beforeAll(async () => {
  archive = await openTestArchive();
  await loadDemo(archive);
  if (frusPresent) await importPaths(archive, [join(FRUS, 'frus1918Russiav03.xml'), join(FRUS, 'frus1861.xml')]);
}, 120_000);

async function items(ids: string[], url: (id: string) => string, accessed: Date, siteName = 'Dossier Demonstration Archive'): Promise<CslItem[]> {
  return Promise.all(ids.map(async (id) => cslItem(await archive.document(id), { url: url(id), siteName, accessed })));
}

async function publishedIds(prefix: string, every = 1): Promise<string[]> {
  const docs = (await archive.backend.store.listDocuments({ limit: 100_000 })).items;
  return docs.filter((d) => d.id.startsWith(prefix)).filter((_, i) => i % every === 0).map((d) => d.id);
}

/** The citations as citation-js's own `Cite.format` gives them (its engines, reset for every call): the reference. */
function citeJs(item: CslItem): Citations {
  const cite = new Cite(item);
  const render = (template: string, kind: 'bibliography' | 'citation') => {
    const html = cite
      .format(kind, { template, lang: 'en-US', format: 'html' })
      .replace(/^\s*<div class="csl-bib-body">\s*<div[^>]*class="csl-entry"[^>]*>/, '')
      .replace(/<\/div>\s*<\/div>\s*$/, '')
      .trim();
    return { text: htmlToText(html), html };
  };
  return { chicagoNote: render('dossier-chicago', 'citation'), chicago: render('dossier-chicago', 'bibliography'), mla: render('dossier-mla', 'bibliography'), apa: render('dossier-apa', 'bibliography') };
}

describe('citations formatted once per record', () => {
  it('formats with warm citeproc engines exactly as citation-js formats, for every demo document and a sample of FRUS', async () => {
    const accessed = new Date('2026-03-04T12:00:00Z');
    const ids = [...(await publishedIds('demo-')), ...(frusPresent ? await publishedIds('frus', 4) : [])];
    const styles = plugins.config.get('@csl')!.styles;
    for (const [name, xml] of Object.entries({ 'dossier-chicago': CHICAGO, 'dossier-mla': MLA, 'dossier-apa': APA })) if (!styles.has(name)) styles.add(name, xml);
    for (const item of await items(ids, (id) => `https://archive.example.org/documents/${id}`, accessed)) expect(formatCitations(item), item.id).toEqual(citeJs(item));
    // The same record formatted again with other values is formatted anew, not taken from citeproc's registry.
    const again = (await items(ids.slice(0, 5), (id) => `https://other.example.org/${id}`, new Date('2027-01-02T00:00:00Z'), 'Another Archive'))!;
    for (const item of again) expect(formatCitations(item), item.id).toEqual(citeJs(item));
    expect(formatCitations(again[0]!).chicago.text).toContain('Another Archive');
  }, 60_000);

  it('gives the text citeproc gives, for every demo document, on several days and hosts, first from citeproc and then from memory', async () => {
    const memo = new CitationMemo();
    const ids = await publishedIds('demo-');
    expect(ids.length).toBeGreaterThan(20);
    const days = ['2026-03-04T12:00:00Z', '2026-05-01T00:00:00Z', '2027-12-31T23:59:59Z', '2026-09-09T08:00:00Z'].map((d) => new Date(d));
    const hosts = [(id: string) => `https://archive.example.org/documents/${id}`, (id: string) => `http://localhost:3000/documents/${id}?view=parallel&x=1`];
    for (const accessed of days) {
      for (const url of hosts) {
        for (const item of await items(ids, url, accessed)) expect(await memo.format(item), item.id).toEqual(formatCitations(item));
      }
    }
    // One record per document, whatever the day and the host.
    expect(memo.size).toBe(ids.length);
  });

  it('gives the text citeproc gives for FRUS documents printed in an edition', async () => {
    if (!frusPresent) return;
    const memo = new CitationMemo();
    const ids = [...(await publishedIds('frus1918Russiav03', 3)), ...(await publishedIds('frus1861', 5))];
    expect(ids.length).toBeGreaterThan(100);
    const accessed = new Date('2026-06-05T10:00:00Z');
    for (const item of await items(ids, (id) => `https://history.example.org/documents/${id}`, accessed)) {
      const direct = formatCitations(item);
      expect(await memo.format(item), item.id).toEqual(direct);
      expect(direct.chicago.text).toContain('Accessed June 5, 2026.');
    }
  }, 60_000);

  it('formats a record again when anything cited in it changes, and a URL citeproc might rewrite directly', async () => {
    const memo = new CitationMemo();
    const accessed = new Date('2026-03-04T12:00:00Z');
    const [item] = await items(['demo-0029'], (id) => `https://archive.example.org/documents/${id}`, accessed);
    const first = await memo.format(item!);
    const renamed = { ...item!, publisher: 'Another Archive' };
    expect((await memo.format(renamed)).chicago.text).toContain('Another Archive');
    expect(await memo.format(renamed)).toEqual(formatCitations(renamed));
    expect((await memo.format({ ...item!, title: 'A new title' })).mla.text).toContain('A new title');
    expect(await memo.format(item!)).toEqual(first);
    const quoted = { ...item!, URL: "https://archive.example.org/documents/o'brien 1" };
    expect(await memo.format(quoted)).toEqual(formatCitations(quoted));
  });

  it('forgets the least recently used records beyond its bound, and still answers them', async () => {
    const memo = new CitationMemo(4000);
    const accessed = new Date('2026-03-04T12:00:00Z');
    const all = await items(await publishedIds('demo-'), (id) => `https://archive.example.org/documents/${id}`, accessed);
    for (const item of all) await memo.format(item);
    expect(memo.size).toBeGreaterThan(0);
    expect(memo.size).toBeLessThan(all.length);
    expect(await memo.format(all[0]!)).toEqual(formatCitations(all[0]!));
  });

  it('keeps the citations in the catalog for the next process, under a key that changes with the record and the site name', async () => {
    const { store } = archive.backend;
    const accessed = new Date('2026-03-04T12:00:00Z');
    const url = (id: string) => `https://archive.example.org/documents/${id}`;
    const [item] = await items(['demo-0031'], url, accessed);
    expect(await store.getPagePart('demo-0031', 'citations', citationKey(item!))).toBeUndefined();
    const parts = new PageParts(archive);
    expect(await new CitationMemo(undefined, parts).format(item!)).toEqual(formatCitations(item!));
    // Written a moment later, with the other parts made meanwhile.
    expect(await store.getPagePart('demo-0031', 'citations', citationKey(item!))).toBeUndefined();
    await parts.flush();
    const kept = await store.getPagePart('demo-0031', 'citations', citationKey(item!));
    expect(JSON.parse(kept!).mla.html).toContain('https://cited-url.invalid/x');

    // Another process (a memo with nothing in memory) reads the kept row rather than running citeproc: a row
    // marked here shows through, with the day and the URL of its own request put in.
    const marked = kept!.replaceAll('Demonstration Archive', 'Kept Archive');
    await archive.backend.transaction((tx) => tx.store.putPagePart('demo-0031', 'citations', citationKey(item!), marked));
    const [later] = await items(['demo-0031'], (id) => `https://other.example.org/d/${id}`, new Date('2027-01-02T00:00:00Z'));
    const read = await new CitationMemo(undefined, new PageParts(archive)).format(later!);
    expect(read.chicago.text).toContain('Kept Archive');
    expect(read.chicago.text).toContain('https://other.example.org/d/demo-0031');
    expect(read.chicago.text).toContain('2027');

    // The site renamed: another key, formatted afresh and kept in the row's place.
    const [renamed] = await items(['demo-0031'], url, accessed, 'Renamed Archive');
    expect(citationKey(renamed!)).not.toBe(citationKey(item!));
    const renaming = new PageParts(archive);
    const fresh = await new CitationMemo(undefined, renaming).format(renamed!);
    await renaming.flush();
    expect(fresh).toEqual(formatCitations(renamed!));
    expect(fresh.chicago.text).not.toContain('Kept Archive');
    expect(await store.getPagePart('demo-0031', 'citations', citationKey(item!))).toBeUndefined();

    // The record edited: its citations follow the new title in every process.
    const doc = (await store.getDocument('demo-0031'))!;
    await archive.save({ kind: 'document', ...doc, title: 'A title edited after citing' }, { actor: 'test' });
    const [edited] = await items(['demo-0031'], url, accessed, 'Renamed Archive');
    expect(citationKey(edited!)).not.toBe(citationKey(renamed!));
    expect((await new CitationMemo(undefined, new PageParts(archive)).format(edited!)).apa.text).toContain('A title edited after citing');
  });
});
