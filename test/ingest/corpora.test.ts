/**
 * Every other shared corpus through the general corpus importer and its map:
 * documented counts, languages, dates read in their own conventions,
 * translations with their originals, anomalies with their file, and re-imports
 * that change nothing. Skipped when ../shared/data is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/cli/print-report.js';
import { sumAccounts } from '../../src/ingest/accounting/text-account.js';
import { emptyReport, importItems, type ImportReport } from '../../src/ingest/import-service.js';
import { findSourceFiles, readSources, type ImportFormat } from '../../src/ingest/sources.js';
import type { Archive } from '../../src/services/archive.js';
import { runSearch, searchParamsSchema } from '../../src/services/search.js';
import { openTestArchive, SHARED_DATA } from '../helpers.js';

const present = existsSync(join(SHARED_DATA, 'udhr'));
if (!present) console.warn(`Skipping the corpus tests: ${SHARED_DATA} is absent (set DOSSIER_TEST_DATA to the shared data folder).`);

async function load(archive: Archive, format: ImportFormat, ...paths: string[]): Promise<ImportReport> {
  const files = await findSourceFiles(paths.map((p) => join(SHARED_DATA, p)), format);
  return importItems(archive, readSources(files, undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
}

function corpus(format: ImportFormat, path: string, body: (get: () => { archive: Archive; report: ImportReport }) => void) {
  describe.skipIf(!present)(`${format} (${path})`, () => {
    let archive: Archive;
    let report: ImportReport;
    beforeAll(async () => {
      archive = await openTestArchive();
      report = await load(archive, format, path);
      // A whole corpus: some 20 s each on a quiet machine, several times that on a busy one.
    }, 300_000);
    it('accounts for every word of every file: none lost beyond the listed rules', () => {
      expect(report.texts.length).toBeGreaterThan(0);
      const lost = report.texts.filter((a) => a.unexplained > 0 || a.error);
      expect(lost).toEqual([]);
      const sum = sumAccounts(report.texts);
      expect(sum.sourceWords).toBeGreaterThan(sum.leftOut.reduce((n, r) => n + r.words, 0));
      // Printed so the figures can be quoted (docs/importers.md).
      console.log(`${format}: ${JSON.stringify(sum)}`);
    });
    body(() => ({ archive, report }));
  });
}

corpus('stalin-works', 'stalin-works', (get) => {
  it('imports the 805 documents, Russian, dated by year or by the day the title names, 63 of them Russian translations of Georgian originals', async () => {
    const { archive, report } = get();
    expect(report.failures).toEqual([]);
    expect(report.byKind.document).toEqual({ created: 805, updated: 0, unchanged: 0 });
    const doc = await archive.backend.store.getDocument('stalin-works/v4-1');
    // "…в Гельсингфорсе 14 ноября 1917 г." in a work of the Year 1917.
    expect(doc).toMatchObject({ date: '1917-11-14', languages: ['ru'], source: { citation: 'Газета "Правда" № 191' }, notes: 'Genre: Выступление' });
    expect(doc!.title).toMatch(/^Речь на съезде Финляндской/);
    let translated = 0;
    for await (const d of archive.backend.store.scanDocuments()) if (d.languages[0] === 'ka') translated++;
    expect(translated).toBe(63);
    const georgian = await archive.backend.store.getDocument('stalin-works/v1-1');
    expect(georgian).toMatchObject({ languages: ['ka'], transcripts: [], translations: [{ language: 'ru' }] });
  });

  it('finds a Russian word', async () => {
    const page = await runSearch(get().archive, searchParamsSchema.parse({ q: 'Гельсингфорсе' }));
    expect(page.hits.map((h) => h.id)).toContain('stalin-works/v4-1');
  });

  it('changes nothing when a volume is imported again', async () => {
    const again = await load(get().archive, 'stalin-works', 'stalin-works/volume_1');
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: 62 + 1 });
    expect(formatReport(again)).toContain('Nothing changed');
  });
});

corpus('udhr', 'udhr', (get) => {
  it('imports the 17 languages, each with its language and direction-bearing tag', async () => {
    const { archive, report } = get();
    expect(report.failures).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.byKind.document!.created).toBe(17);
    const langs = [];
    for await (const d of archive.backend.store.scanDocuments()) langs.push(d.languages[0]);
    expect(langs.sort()).toEqual(['ar', 'be', 'bg', 'de', 'en', 'es', 'fi', 'fr', 'he', 'hi', 'ja', 'ko', 'ru', 'th', 'uk', 'zh-Hans', 'zh-Hant']);
    expect(await archive.backend.store.getDocument('udhr/eng')).toMatchObject({ title: 'Universal Declaration of Human Rights', date: '1948-12-10' });
  });

  it('changes nothing when imported again', async () => {
    expect(await load(get().archive, 'udhr', 'udhr')).toMatchObject({ created: 0, updated: 0, unchanged: 18 });
  });
});

corpus('wilson-api', 'wilson-center/api-records', (get) => {
  it('makes the API collection a collection and the transcript a Russian document, noting the wrong xml:lang', async () => {
    const { archive, report } = get();
    expect(report.failures).toEqual([]);
    expect(report.byKind).toMatchObject({ collection: { created: 2 }, document: { created: 1 } });
    expect(await archive.backend.store.getCollection('wcda-collection-491')).toMatchObject({ title: '“Local Nationalism" in Xinjiang, 1957-1958', parent: 'wcda-api' });
    const doc = await archive.backend.store.getDocument('wcda-transcript-33548');
    expect(doc).toMatchObject({ languages: ['ru'], transcripts: [{ language: 'ru' }] });
    // The API gives only a file name ("TranscriptFile_110404.html"): the title is supplied from the text, in brackets.
    expect(doc!.title).toMatch(/^\[По указанию министра иностранных дел СССР тов\. Вышинского .*…\]$/);
    expect(report.warnings.map((w) => w.message)).toEqual([
      'the transcript declares xml:lang="en" but is written in Russian (Cyrillic)',
      `title "Transcript TranscriptFile_110404.html" is a file name: supplied from the text as ${doc!.title}`,
    ]);
  });

  it('changes nothing when imported again', async () => {
    expect(await load(get().archive, 'wilson-api', 'wilson-center/api-records')).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });
});

corpus('prc-laws', 'prc-laws', (get) => {
  it('imports the 630 documents in Simplified Chinese, dated from the first history line, in one sub-collection per category', async () => {
    const { archive, report } = get();
    expect(report.failures).toEqual([]);
    expect(report.byKind.document!.created).toBe(630);
    expect(report.byKind.collection!.created).toBe(1 + 12);
    let undated = 0;
    let first: { date?: string; title: string } | undefined;
    for await (const d of archive.backend.store.scanDocuments()) {
      if (!d.date) undated++;
      if (d.title === '中华人民共和国非机动船舶海上安全航行暂行规则') first = d;
      expect(d.languages).toEqual(['zh-Hans']);
    }
    expect(first).toMatchObject({ date: '1958-03-17' });
    expect(undated).toBe(46);
  });

  it('finds a two-character Chinese word inside a sentence', async () => {
    const page = await runSearch(get().archive, searchParamsSchema.parse({ q: '航运' }));
    expect(page.total).toBeGreaterThan(0);
  });
});

corpus('roc-laws', 'roc-laws', (get) => {
  it('imports 1,228 laws in Traditional Chinese, 643 with their official English translation, dated in Minguo years', async () => {
    const { archive, report } = get();
    expect(report.failures).toEqual([]);
    expect(report.byKind.document!.created).toBe(1228);
    let translated = 0;
    for await (const d of archive.backend.store.scanDocuments()) if (d.translations.length) translated++;
    expect(translated).toBe(643);
    const act = await archive.backend.store.getDocument('roc-laws/A0030028');
    expect(act).toMatchObject({
      title: '國家安全法', date: '1987-07-01', languages: ['zh-Hant'],
      translations: [{ language: 'en', title: 'National Security Act' }],
    });
    expect(act!.transcripts[0]!.html).toContain('<strong>第 1 條</strong> 為確保國家安全');
    expect(await archive.backend.store.getDocument('roc-laws/A0000015')).toMatchObject({ date: '1949-07-07' });
  });

  it('lists the translations older than their Chinese text as anomalies', () => {
    const older = get().report.warnings.filter((w) => w.message.includes('older version'));
    expect(older).toHaveLength(10);
    expect(older[0]!.locator.file).toMatch(/FalVMingLing\/\w+\.json$/);
  });

  it('changes nothing when imported again', async () => {
    const again = await load(get().archive, 'roc-laws', 'roc-laws/FalVMingLing/A0030028.json', 'roc-laws/FalVMingLing/A0000015.json');
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });
});

corpus('japan-laws', 'japan-laws-2013', (get) => {
  it('imports the 754 Shift_JIS laws, dated from era years in either numeral style', async () => {
    const { archive, report } = get();
    expect(report.failures).toEqual([]);
    expect(report.byKind.document!.created).toBe(754);
    let constitution;
    let undated = 0;
    for await (const d of archive.backend.store.scanDocuments()) {
      if (d.title === '日本国憲法') constitution = d;
      if (!d.date) undated++;
    }
    expect(constitution).toMatchObject({ date: '1946-11-03', languages: ['ja'] });
    expect(undated).toBe(0);
  });
});

corpus('jfk-records', 'jfk-records', (get) => {
  it('joins every text file to its record: one document per record number, re-releases as its later releases', async () => {
    const { archive, report } = get();
    expect(report.failures).toEqual([]);
    const docs = report.byKind.document!.created;
    let sources = 0;
    for await (const d of archive.backend.store.scanDocuments()) sources += d.releases.reduce((n, r) => n + r.sources.length, 0);
    expect(sources).toBe(3139);
    // 3,139 files: 314 re-releases of 2023 records, two 2023 records with two PDFs, one 2025 record with two,
    // and one 2021 record re-released in 2023.
    expect(docs).toBe(2820);
    const pair = await archive.backend.store.getDocument('jfk/104-10004-10143');
    expect(pair!.transcripts.map((t) => t.title).sort()).toEqual(['104-10004-10143 (2025 release)', '104-10004-10143 (C06932208) (2025 release)']);
    // A 2023 record re-released in 2025: the newer text is the document's, the older kept as its first release.
    const rereleased = await archive.backend.store.getDocument('jfk/104-10009-10021');
    expect(rereleased!.transcripts.map((t) => t.title)).toEqual(['104-10009-10021 (2025 release)']);
    expect(rereleased!.releases.map((r) => r.id)).toEqual(['nara-jfk-2023-06-27', 'nara-jfk-2025-03-18']);
  });

  it('reads Excel serial dates and treats 00/00/0000 as unknown', async () => {
    const { archive } = get();
    expect(await archive.backend.store.getDocument('jfk/104-10001-10008')).toMatchObject({ date: '1964-03-26', title: expect.stringContaining('WARREN COMMISSION') });
  });
});
