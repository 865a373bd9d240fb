import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/services/archive.js';
import type { ImportReport } from '../../src/ingest/import-service.js';
import { importPaths, openTestArchive, SHARED_DATA } from '../helpers.js';

const CSV = join(SHARED_DATA, 'wilson-center', 'scrape-csv', 'wilson_archive_first_page.csv');
const present = existsSync(CSV);
if (!present) console.warn(`Skipping the Wilson Center import tests: ${CSV} is absent (set DOSSIER_TEST_DATA to the shared corpora).`);

describe.skipIf(!present)('Wilson Center scraped rows through maps/wilson-center-scrape.json', () => {
  let archive: Archive;
  let report: ImportReport;
  beforeAll(async () => {
    archive = await openTestArchive();
    report = await importPaths(archive, [CSV], 'wilson-center-scrape');
  });

  it('imports all 9 rows without a failure or warning', () => {
    expect(report.failures).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.byKind.document).toEqual({ created: 9, updated: 0, unchanged: 0 });
  });

  it('accounts for every word of the CSV: unmapped columns, links and dates left out by rule, none unexplained', () => {
    expect(report.texts).toHaveLength(1);
    expect(report.texts[0]).toMatchObject({ unexplained: 0 });
    const rules = report.texts[0]!.leftOut.map((r) => r.rule);
    expect(rules).toContain('column "scraped_at": not mapped to any field');
    console.log(`wilson-center-scrape: ${JSON.stringify(report.texts[0])}`);
  });

  it('reads free-text dates at their own precision', async () => {
    const dates = Object.fromEntries(
      (await archive.backend.store.listDocuments({ limit: 20 })).items.map((d) => [d.id, d.date]),
    );
    expect(dates).toEqual({
      'wcda-300653': '1949-04-01',
      'wcda-300641': '1967-11-24',
      'wcda-300640': '1967-11-18',
      'wcda-300638': '1967-11', // "November 1967": a month, not a day
      'wcda-300242': '1997-10-31',
      'wcda-300241': '1997-10-22',
      'wcda-300239': '1997-05-12',
      'wcda-300238': '1997-04-23',
      'wcda-300237': '1996-09-12',
    });
  });

  it('splits the multi-valued columns into linked authority records', async () => {
    const doc = (await archive.backend.store.getDocument('wcda-300638'))!;
    expect(doc.agents).toEqual([
      { id: 'nakajima-kenzo', role: 'creator' },
      { id: 'japan-china-cultural-exchange-association', role: 'creator' },
      { id: 'chiang-ching-kuo', role: 'mentioned' },
      { id: 'chiang-kai-shek', role: 'mentioned' },
      { id: 'sato-eisaku', role: 'mentioned' },
    ]);
    expect(await archive.backend.store.getAuthority('organization', 'japan-china-cultural-exchange-association')).toBeDefined();
    // "Chiang, Kai-shek (Jiang Jieshi)": the parenthesized romanization becomes a variant, found by name.
    expect(await archive.backend.store.getAuthority('person', 'chiang-kai-shek')).toMatchObject({
      name: 'Chiang, Kai-shek',
      variants: [{ name: 'Jiang Jieshi' }],
    });
    expect((await archive.backend.store.findAuthoritiesByName('person', 'Jiang Jieshi')).map((p) => p.id)).toEqual(['chiang-kai-shek']);
    expect(doc.places.map((p) => p.id)).toEqual(['japan', 'taiwan', 'china', 'united-states']);
    expect(doc.subjects).toContain('taiwan-international-status');
    expect(doc.languages).toEqual(['ja']);
    expect(doc.translations.map((t) => t.language)).toEqual(['en']);
    expect(doc.transcripts).toEqual([]);
  });

  it('credits the donors as funders and keeps the rights statement with its contact', async () => {
    const funded = (await archive.backend.store.getDocument('wcda-300641'))!;
    expect(funded.funders).toEqual(['chun-jane-chiu-family-foundation']);
    expect(await archive.backend.store.getAuthority('funder', 'chun-jane-chiu-family-foundation')).toMatchObject({ name: 'Chun & Jane Chiu Family Foundation' });
    const rights = await archive.backend.store.getAuthority('rights', funded.rights!);
    expect(rights?.statement).toMatch(/^The History and Public Policy Program welcomes reuse/);
    expect(rights?.contact).toEqual({ email: 'HAPP@wilsoncenter.org' });
    expect((await archive.backend.store.getDocument('wcda-300653'))!.funders).toEqual([]);
  });

  it('reads the source: citation, repository, who contributed and who translated', async () => {
    const japan = (await archive.backend.store.getDocument('wcda-300640'))!;
    expect(japan.source).toMatchObject({
      citation: 'Diplomatic Archives of the Ministry of Foreign Affairs of Japan, File A’0392 (Microfilm). Contributed by Robert Hoppens and translated by Stephen Mercado.',
      repository: 'diplomatic-archives-of-the-ministry-of-foreign-affairs-of-japan',
      obtainedBy: ['Robert Hoppens'],
      translatedBy: ['Stephen Mercado'],
    });
    const kohl = (await archive.backend.store.getDocument('wcda-300242'))!;
    expect(kohl.source).toMatchObject({ obtainedBy: ['Stephan Kieninger'], translatedBy: ['Stephan Kieninger'] });
    expect(kohl.languages).toEqual(['de']);
    expect(kohl.agents).toContainEqual({ id: 'blair-anthony-charles-lynton-tony', role: 'participant' });
    expect(await archive.backend.store.getAuthority('repository', 'nehru-memorial-museum-and-library-nmml')).toMatchObject({ name: 'Nehru Memorial Museum and Library (NMML)' });
  });

  it('keeps an English original as the original text, not a translation, with its classification', async () => {
    const nehru = (await archive.backend.store.getDocument('wcda-300653'))!;
    expect(nehru.languages).toEqual(['en']);
    expect(nehru.translations).toEqual([]);
    expect(nehru.transcripts[0]!.html).toMatch(/^<p>Secret\.<\/p>\n<p>F\.N\.33\.<\/p>/);
    expect(nehru.classification).toEqual(['Secret']);
    expect(nehru.uploadedAt).toBe('2023-10-10');
    // The Wilson Center's own upload date is the source's publication date: shown as the original uploaded date.
    expect(nehru.source.publishedAt).toBe('2023-10-10');
  });

  it('finds the rows by full-text search, and reports a second import as unchanged', async () => {
    const hits = await archive.backend.search.search({ query: { type: 'phrase', text: 'yen loan' }, filters: {}, sort: 'relevance', limit: 10, offset: 0 });
    expect(hits.hits.map((h) => h.id)).toContain('wcda-300641');
    const again = await importPaths(archive, [CSV], 'wilson-center-scrape');
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 10, failed: 0, derivedCreated: 0 });
  });
});
