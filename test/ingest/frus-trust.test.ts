/**
 * FRUS as historians cite and date it, on seven shared volumes of different
 * eras and header conventions (1861 message, 1864 papers, 1870, 1872
 * arbitration, 1901 China, 1918 Russia, 1936 Near East): the volume each
 * document knows, its number and pages, the breadcrumb, the citations in
 * every format, the Highwire tags, titles supplied for "[Untitled]"
 * documents, implausible dates kept out, closing datelines read, and every
 * undated document reported. Skipped when ../shared/data is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../src/domain/document.js';
import type { ImportReport } from '../../src/ingest/import-service.js';
import type { Archive } from '../../src/services/archive.js';
import { cslItem, exportCitation, formatCitations } from '../../src/services/citations.js';
import { createWebApp } from '../../src/web/app.js';
import { importPaths, openTestArchive, SHARED_DATA } from '../helpers.js';

const FRUS = join(SHARED_DATA, 'frus');
const VOLUMES = ['frus1861', 'frus1864p3', 'frus1870', 'frus1872p2v4', 'frus1901China', 'frus1918Russiav03', 'frus1936v03'];
const present = existsSync(FRUS);
if (!present) console.warn(`Skipping the FRUS citation tests: ${FRUS} is absent (set DOSSIER_TEST_DATA to the shared data folder).`);

describe.skipIf(!present)('FRUS documents cited as the Office of the Historian cites them', () => {
  let archive: Archive;
  let app: Hono<any>;
  let report: ImportReport;
  const accessed = new Date('2026-03-04T12:00:00Z');
  const item = async (id: string) => cslItem(await archive.document(id), { url: `https://archive.example.org/documents/${id}`, siteName: 'Dossier', accessed });
  const doc = async (id: string) => (await archive.backend.store.getDocument(id)) as Document;

  beforeAll(async () => {
    archive = await openTestArchive();
    report = await importPaths(archive, VOLUMES.map((v) => join(FRUS, `${v}.xml`)));
    expect(report.failures).toEqual([]);
    app = createWebApp(archive, { log: 'silent', baseUrl: 'https://archive.example.org' });
  }, 120_000);

  it('knows each volume by rule from its header: series, year, subject, volume number, publication', async () => {
    expect((await doc('frus1918Russiav03/d10')).publishedIn).toEqual({
      title: 'Foreign Relations of the United States, 1918, Russia, Volume III',
      series: 'Foreign Relations of the United States',
      year: '1918',
      subseries: 'Russia',
      volume: 'Volume III',
      document: '10',
      pages: '7–8',
      editors: [],
      publisher: 'United States Government Printing Office',
      place: 'Washington',
      issued: '1932',
    });
    // "Foreign Relations of the United States Diplomatic Papers, 1936" and a sub-series holding the year.
    expect((await doc('frus1936v03/d5')).publishedIn).toMatchObject({ title: 'Foreign Relations of the United States, 1936, The Near East and Africa, Volume III', year: '1936', document: '5', pages: '7' });
    // No series, no volume number: the year comes from the volume id; an enclosure printed in the front matter has no number.
    expect((await doc('frus1861/d12')).publishedIn).toMatchObject({ title: 'Foreign Relations of the United States, 1861', year: '1861', document: '12', pages: '45–46' });
    expect((await doc('frus1872p2v4/d1')).publishedIn).toMatchObject({
      title: 'Foreign Relations of the United States, 1872, Papers Relating to the Treaty of Washington, Part II, Volume IV',
      volume: 'Part II, Volume IV',
      pages: '1–14',
    });
    // "Papers Relating to Foreign Affairs, 1864": the series name the Office of the Historian uses, the year from the sub-series.
    expect((await doc('frus1864p3/d2')).publishedIn).toMatchObject({ title: 'Foreign Relations of the United States, 1864, Part III', volume: 'Part III' });
    expect((await doc('frus1918Russiav03/d10')).source.publishedAt).toBe('1932');
  });

  it('cites a document in Chicago, MLA and APA with the volume and the document number, never the chapter heading', async () => {
    const c = formatCitations(await item('frus1918Russiav03/d10'));
    const cited = 'Foreign Relations of the United States, 1918, Russia, Volume III, Document 10, pp. 7–8';
    for (const style of [c.chicagoNote, c.chicago, c.mla, c.apa]) expect(style.text).toContain(cited);
    expect(c.chicago.html).toContain('<i>Foreign Relations of the United States, 1918, Russia, Volume III</i>');
    expect(c.chicago.text).toMatch(/^Secretary of State\. “The Secretary of State to the Ambassador in Russia \(Francis\)\.” May 7, 1917\./);
    const chapter = (await archive.document('frus1918Russiav03/d10')).collections[0]!.title;
    for (const style of [c.chicagoNote, c.chicago, c.mla, c.apa]) expect(style.text).not.toContain(chapter);
    // An 1872 chapter heading runs to several lines; it stays out of the citation.
    const arbitration = formatCitations(await item('frus1872p2v4/d1'));
    expect(arbitration.chicago.text).toContain('Foreign Relations of the United States, 1872, Papers Relating to the Treaty of Washington, Part II, Volume IV, Document 1, pp. 1–14');
    expect(arbitration.chicagoNote.text).toContain('“Mr. Davis to Mr. Fish,”');
  });

  it('gives every document its volume, and cites one numbered document in seven of every volume with its volume and number, in each style', async () => {
    let checked = 0;
    for await (const x of archive.backend.store.scanDocuments({ status: 'any' })) {
      const p = x.publishedIn;
      expect(p, x.id).toBeDefined();
      expect(p!.title.startsWith('Foreign Relations of the United States, ')).toBe(true);
      if (!p!.document || checked % 7 !== 0) {
        if (p!.document) checked++;
        continue;
      }
      checked++;
      const c = formatCitations(await item(x.id));
      const cited = `${p!.title}, Document ${p!.document}`;
      for (const style of [c.chicagoNote, c.chicago, c.mla, c.apa]) expect(style.text, x.id).toContain(cited);
    }
    expect(checked).toBeGreaterThan(2500);
  });

  it('exports BibTeX, RIS and CSL-JSON with the book, series, volume, document and pages', async () => {
    const i = await item('frus1936v03/d5');
    const bib = exportCitation(i, 'bib');
    expect(bib).toMatch(/^@inbook\{/);
    expect(bib).toContain('booktitle = {Foreign {Relations} of the {United} {States}, 1936, {The} {Near} {East} and {Africa}, {Volume} {III}}');
    expect(bib).toContain('chapter = {Document 5}');
    expect(bib).toContain('month = mar,');
    expect(bib).toContain('date = {1936-03-26}');
    expect(bib).toContain('archive_location = {711.90H/54}');
    expect(bib).not.toMatch(/month = \{/);
    const ris = exportCitation(i, 'ris');
    for (const line of ['TY  - CHAP', 'T2  - Foreign Relations of the United States, 1936, The Near East and Africa, Volume III', 'T3  - Foreign Relations of the United States', 'VL  - Volume III', 'SE  - Document 5', 'SP  - 7', 'AN  - 711.90H/54']) {
      expect(ris).toContain(`${line}\n`);
    }
    const json = JSON.parse(exportCitation(await item('frus1861/d12'), 'json'))[0];
    expect(json).toMatchObject({ type: 'chapter', 'container-title': 'Foreign Relations of the United States, 1861', 'collection-title': 'Foreign Relations of the United States', 'collection-number': '1861', section: 'Document 12', page: '45–46' });
  });

  it('shows volume › chapter › document in the breadcrumb and carries the volume in Highwire tags', async () => {
    const res = await app.request('/documents/frus1918Russiav03/d10');
    expect(res.status).toBe(200);
    const html = await res.text();
    const crumbs = /<nav class="breadcrumbs"[\s\S]*?<\/nav>/.exec(html)![0];
    const labels = [...crumbs.matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
    expect(labels[0]).toBe('/');
    expect(labels[1]).toBe('/collections/frus1918Russiav03');
    expect(labels.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('<meta name="citation_book_title" content="Foreign Relations of the United States, 1918, Russia, Volume III"/>');
    expect(html).toContain('<meta name="citation_volume" content="Volume III"/>');
    expect(html).toContain('<meta name="citation_series_title" content="Foreign Relations of the United States"/>');
    expect(html).toContain('<meta name="citation_firstpage" content="7"/>');
    expect(html).toContain('<meta name="citation_lastpage" content="8"/>');
    expect(html).toMatch(/Published in[\s\S]{0,80}Foreign Relations of the United States, 1918, Russia, Volume III, Document 10, pages 7–8/);
    expect(html).toMatch(/Original uploaded date[\s\S]{0,60}1932/);
  });

  it('gives an "[Untitled]" document a title from its first line, in brackets, and reports it', async () => {
    const d = await doc('frus1864p3/d17');
    expect(d.title).toBe('[M. Supervielle, who has just arrived in Paris, in the character of special envoy from the…]');
    const d3 = await doc('frus1864p3/d3');
    expect(d3.title).toMatch(/^\[Monsieur le Ministre: Herewith I enclose/);
    let untitled = 0;
    for await (const x of archive.backend.store.scanDocuments({ status: 'any' })) {
      expect(x.title).not.toMatch(/^\[?untitled\]?$/i);
      if (x.id.startsWith('frus1864p3/') && x.title.startsWith('[')) untitled++;
    }
    expect(untitled).toBeGreaterThanOrEqual(170);
  });

  it('publishes no date outside the volume\'s span: frus1870 prints "November 1, 1670"', async () => {
    for (const id of ['frus1870/d200', 'frus1870/d368']) {
      const d = await doc(id);
      expect(d.date, id).toBeUndefined();
      expect(d.dateText, id).toMatch(/1670/);
      expect(d.notes, id).toContain("more than 100 years before the volume's year (1870)");
      expect(report.warnings.some((w) => w.locator.path === `//div[@xml:id="${id.split('/')[1]}"]` && w.message.includes('1670'))).toBe(true);
    }
    let outside = 0;
    for await (const x of archive.backend.store.scanDocuments({ status: 'any' })) {
      const volumeYear = Number(/^frus(\d{4})/.exec(x.id)![1]);
      if (x.date && Number(x.date.slice(0, 4)) < volumeYear - 100) outside++;
    }
    expect(outside).toBe(0);
  });

  it('reads the dateline a document signs off with: "White House, Washington, December 11, 1901"', async () => {
    expect(await doc('frus1901China/d1')).toMatchObject({ date: '1901-12-11', placeWritten: 'White House, Washington' });
    expect(await doc('frus1901China/d18')).toMatchObject({ date: '1900-09-11', placeWritten: 'Department of State, Washington' });
  });

  it('reports every undated document, and only those', async () => {
    const undated: string[] = [];
    for await (const x of archive.backend.store.scanDocuments({ status: 'any' })) if (!x.date) undated.push(x.id);
    expect(undated.length).toBeGreaterThan(0);
    expect(report.undated.map((u) => u.id).sort()).toEqual(undated.sort());
  });
});
