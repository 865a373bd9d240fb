/**
 * All 16 shared FRUS volumes, imported once: counts, chosen documents checked
 * field by field, the anomalies the report lists, search, and a re-import
 * that changes nothing. Skipped when ../shared/data is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/cli/print-report.js';
import { emptyReport, importItems, type ImportReport } from '../../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../../src/ingest/sources.js';
import type { Archive } from '../../src/services/archive.js';
import { runSearch, searchParamsSchema } from '../../src/services/search.js';
import { openTestArchive, SHARED_DATA } from '../helpers.js';

const FRUS = join(SHARED_DATA, 'frus');
const present = existsSync(FRUS);
if (!present) console.warn(`Skipping the FRUS corpus tests: ${FRUS} is absent (set DOSSIER_TEST_DATA to the shared data folder).`);

async function importFrus(archive: Archive): Promise<ImportReport> {
  const files = await findSourceFiles([FRUS], 'tei');
  return importItems(archive, readSources(files, undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
}

describe.skipIf(!present)('FRUS: the 16 shared volumes', () => {
  let archive: Archive;
  let report: ImportReport;

  beforeAll(async () => {
    archive = await openTestArchive();
    report = await importFrus(archive);
  }, 300_000);

  it('imports every volume with no failure: the 7,875 documents and the 89 texts printed in sections outside any document', async () => {
    expect(report.failures).toEqual([]);
    expect(report.byKind.document).toEqual({ created: 7964, updated: 0, unchanged: 0 });
    const stats = await archive.stats();
    expect(stats.documents).toBe(7964);
    expect(stats.published).toBe(7964);
    let sectionTexts = 0;
    for await (const d of archive.backend.store.scanDocuments()) if (/-text\d*$/.test(d.id)) sectionTexts++;
    expect(sectionTexts).toBe(7964 - 7875);
    // 16 volumes and their compilations, chapters and subchapters.
    const volumes = (await archive.backend.store.listCollections()).filter((c) => !c.parent);
    expect(volumes.map((c) => c.id).sort()).toHaveLength(16);
    expect(await archive.backend.search.count()).toBe(7964);
  });

  it('reads a 1918 telegram: title, number, date and time, place, source note, footnote with its link, page anchors, people', async () => {
    const d = await archive.backend.store.getDocument('frus1918Russiav03/d4');
    expect(d).toMatchObject({
      title: 'The Ambassador in Russia (Francis) to the Secretary of State',
      date: '1917-04-20',
      dateText: 'April 20, 1917, 2 p.m.',
      placeWritten: 'Petrograd',
      identifiers: [{ scheme: 'frus-document-number', value: '4' }],
      source: { citation: 'File No. 861.51/134 [Telegram]', fileNumber: '861.51/134' },
      cable: { sent: { dateTime: '1917-04-20T14:00:00' }, from: 'Francis', to: ['Secretary of State'] },
      collections: [{ id: 'frus1918Russiav03/ch1subch1' }],
    });
    const html = d!.transcripts[0]!.html;
    expect(html).toContain('indebtedness <span class="page-break" id="pg_4" data-page="4"></span> to England');
    expect(html).toContain('<span class="footnote" id="d4fn1" data-n="1">[Footnote 1: Cf. <a href="https://history.state.gov/historicaldocuments/frus1918Russiav01/pg_135" rel="nofollow noopener">vol. i, p. 135</a>.]</span>');
    expect(d!.agents).toEqual([
      { id: 'frus1918Russiav03/p_FDR1', role: 'creator' },
      { id: 'frus1918Russiav03/office-secretary-of-state', role: 'recipient' },
      { id: 'frus1918Russiav03/p_FDR1', role: 'signer' },
    ]);
    expect(await archive.backend.store.getAuthority('person', 'frus1918Russiav03/p_FDR1')).toMatchObject({ name: 'Francis, David R.' });
  });

  it('builds the volume with its sections in printed order', async () => {
    const page = await archive.collection('frus1918Russiav03');
    expect(page.collection).toMatchObject({
      title: 'Papers Relating to the Foreign Relations of the United States, 1918, Russia, Volume III',
      shortDescription: 'United States Government Printing Office, Washington, 1932. Documents dated 1917–1919.',
      order: 'manual',
    });
    // The front matter's list of papers (its synopses are text of their own) comes first, as printed.
    expect(page.children.slice(0, 2)).toMatchObject([
      { id: 'frus1918Russiav03/papers', title: 'List of Papers', count: 1 },
      { id: 'frus1918Russiav03/comp1', title: 'Russia — Economic Relations', count: 478 },
    ]);
    const chapter = await archive.collection('frus1918Russiav03/ch1subch1');
    expect(chapter.documents.items.slice(0, 3).map((d) => d.id)).toEqual(['frus1918Russiav03/d1', 'frus1918Russiav03/d2', 'frus1918Russiav03/d3']);
  });

  it('keeps enclosures printed as documents as documents of their own (frus1861)', async () => {
    const all = await archive.backend.store.listDocuments({ collection: 'frus1861/ch1', limit: 1000 });
    const enclosures = all.items.filter((d) => /-att\d+$/.test(d.id));
    expect(enclosures.length).toBeGreaterThan(0);
    const first = await archive.backend.store.getDocument(enclosures[0]!.id);
    expect(first!.related[0]).toMatchObject({ relation: 'enclosure to' });
  });

  it('lists dirty dates and missing datelines as anomalies with their file and line, and stores no false date', async () => {
    const dirty = report.warnings.filter((w) => w.message.startsWith('dirty date'));
    expect(dirty.map((w) => w.locator.path)).toEqual(expect.arrayContaining(['//div[@xml:id="d56"]', '//div[@xml:id="d411"]']));
    const d56 = dirty.find((w) => w.locator.file.endsWith('frus1870.xml') && w.locator.path === '//div[@xml:id="d56"]')!;
    expect(d56.locator.line).toBeGreaterThan(6000);
    expect(d56.message).toContain('0201-07-04');
    expect(await archive.backend.store.getDocument('frus1870/d56')).toMatchObject({ dateText: 'July —, 1870. (Received July 21, 1870.)', notes: expect.stringContaining('0201-07-04') });
    expect((await archive.backend.store.getDocument('frus1870/d56'))!.date).toBeUndefined();
    expect((await archive.backend.store.getDocument('frus1864p4/d411'))!.date).toBeUndefined();
    const undated = report.warnings.filter((w) => w.message === 'no dateline: undated');
    expect(undated.length).toBeGreaterThan(100);
    expect(formatReport(report)).toMatch(/frus\/frus1\d+\w*\.xml:\d+:\d+ \/\/div\[@xml:id="d\d+"\]: /);
  });

  it('accounts for every word of every volume: none lost beyond the rules', () => {
    expect(report.texts).toHaveLength(16);
    for (const account of report.texts) {
      expect(account, account.file).toMatchObject({ unexplained: 0 });
      expect(account.sourceWords).toBeGreaterThan(100_000);
      expect(account.leftOut.map((r) => r.rule).join('; ')).toMatch(/TEI header/);
    }
    expect(formatReport(report)).toMatch(/Text accounting: 16 files, [\d,]+ words in the sources, [\d,]+ left out by rule, 0 unexplained/);
  });

  it('imports the memorials printed as chapter text (frus1872p2v2), with marginal numbers out of titles and head footnotes kept', async () => {
    const memorial = await archive.backend.store.getDocument('frus1872p2v2/ch1subch1-text');
    expect(memorial?.title).toBe('1.—FRANCE.');
    const d4 = await archive.backend.store.getDocument('frus1872p2v2/d4');
    expect(d4!.title).not.toMatch(/\[\d+\]|^\*/);
    expect(d4!.transcripts[0]!.html).toContain('[288]');
    const hits = await runSearch(archive, searchParamsSchema.parse({ q: '"in such shape as to leave no doubt"' }));
    expect(hits.total).toBeGreaterThan(0);
  });

  it('finds documents by a word of their body and by a word of their title', async () => {
    const body = await runSearch(archive, searchParamsSchema.parse({ q: 'Revelstoke' }));
    expect(body.hits.map((h) => h.id)).toContain('frus1918Russiav03/d4');
    const title = await runSearch(archive, searchParamsSchema.parse({ q: 'title:Bakhmeteff' }));
    expect(title.total).toBeGreaterThan(0);
    expect(title.hits.every((h) => /Bakhmeteff/i.test(h.title))).toBe(true);
  });

  it('changes nothing when imported again, and says so', async () => {
    const again = await importFrus(archive);
    expect(again.failed).toBe(0);
    expect(again.created + again.updated).toBe(0);
    expect(again.byKind.document!.unchanged).toBe(7964);
    expect(formatReport(again)).toContain('Nothing changed');
  }, 180_000);
});
