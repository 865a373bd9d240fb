/**
 * The JFK corpus through its importer, for its releases: every file of the
 * 2021, 2023 and 2025 releases lands in one release of one record, the
 * releases of a record are linked by record number, and each release agrees
 * with the row NARA's own spreadsheet gives for its file (read here
 * independently). Skipped when ../shared/data is absent.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../src/domain/document.js';
import { compareReleases } from '../../src/domain/release-diff.js';
import { emptyReport, importItems, type ImportReport } from '../../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../../src/ingest/sources.js';
import type { Archive } from '../../src/services/archive.js';
import { openTestArchive, SHARED_DATA } from '../helpers.js';

const ROOT = join(SHARED_DATA, 'jfk-records');
const present = existsSync(join(ROOT, 'releases'));
if (!present) console.warn(`Skipping the JFK release tests: ${ROOT} is absent (set DOSSIER_TEST_DATA to the shared data folder).`);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
}

async function load(archive: Archive): Promise<ImportReport> {
  const files = await findSourceFiles([ROOT], 'jfk-records');
  return importItems(archive, readSources(files, undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
}

describe.skipIf(!present)('JFK releases', () => {
  let archive: Archive;
  let report: ImportReport;
  const docs: Document[] = [];
  beforeAll(async () => {
    archive = await openTestArchive();
    report = await load(archive);
    for await (const d of archive.backend.store.scanDocuments()) docs.push(d);
  }, 300_000);

  it('puts every text file of the three releases in one release of one record', () => {
    expect(report.failures).toEqual([]);
    const files = walk(join(ROOT, 'releases')).map((f) => f.slice(ROOT.length + 1)).sort();
    const sources = docs.flatMap((d) => d.releases.flatMap((r) => r.sources.map((s) => s.file)));
    const duplicates = report.warnings.filter((w) => w.message.startsWith('duplicate release: releases/')).length;
    expect(sources.length + duplicates).toBe(files.length);
    expect(new Set(sources).size).toBe(sources.length);
    expect(docs.length).toBe(2820);
  });

  it('links the releases of a record by record number, oldest first, the latest as its text', () => {
    const reReleased = docs.filter((d) => d.releases.length > 1);
    // 314 records of 2023 re-released in 2025, and one 2021 record re-released in 2023.
    expect(reReleased.length).toBe(315);
    for (const d of reReleased) {
      const record = d.identifiers.find((i) => i.scheme === 'nara-record-number')!.value;
      for (const r of d.releases) for (const s of r.sources) expect(basename(s.file).toLowerCase()).toMatch(/^(docid-\d+|[\d-]+)/);
      expect(d.id).toBe(`jfk/${record}`);
      expect(d.releases.map((r) => r.date)).toEqual([...d.releases.map((r) => r.date)].sort());
      const latest = d.releases[d.releases.length - 1]!;
      expect(d.transcripts.every((t) => t.release === latest.id)).toBe(true);
    }
    const pair = docs.find((d) => d.id === 'jfk/104-10004-10143')!;
    expect(pair.releases.at(-1)!.sources.map((s) => basename(s.file))).toEqual(['104-10004-10143 (C06932208).md', '104-10004-10143.md']);
  });

  it('agrees with the spreadsheets: each release is its file\'s row, dated as NARA dated it, counted as the sheet counts', async () => {
    const sheets = new Map<string, unknown[][]>();
    for (const d of docs) for (const r of d.releases) for (const s of r.sources) if (s.sheet && !sheets.has(s.sheet)) sheets.set(s.sheet, (await readSheet(join(ROOT, s.sheet))) as unknown[][]);
    const perYear = new Map<string, number>();
    let checked = 0;
    let pagesAgree = 0;
    let pagesCounted = 0;
    const mismatches: string[] = [];
    for (const d of docs) {
      for (const r of d.releases) {
        for (const s of r.sources) {
          perYear.set(r.date.slice(0, 4), (perYear.get(r.date.slice(0, 4)) ?? 0) + 1);
          if (!s.sheet) continue;
          const rows = sheets.get(s.sheet)!;
          const titles = rows[0]!.map(String);
          const row = rows[s.row! - 1]!;
          const cell = (t: string) => row[titles.indexOf(t)];
          const name = String(cell('File Title') ?? cell('File Name') ?? cell('Record Number'));
          expect(name.replace(/^.*\//, '').replace(/\.pdf$/i, '').toLowerCase()).toBe(basename(s.file, '.md').toLowerCase());
          const day = cell('NARA Release Date');
          const iso = day instanceof Date ? day.toISOString().slice(0, 10) : String(day).replace(/^(\d\d)\/(\d\d)\/(\d{4})$/, '$3-$1-$2');
          expect(r.date).toBe(iso);
          const sheetPages = Number(cell('Pages Released') ?? cell('Document Pages in PDF') ?? NaN);
          if (r.sources.length === 1 && Number.isFinite(sheetPages)) {
            pagesCounted++;
            // The 2023 sheet counts the pages of the PDF; the 2021 sheet counts the document's pages, which
            // leaves out NARA's identification form and other sheets the PDF adds, so there it is a floor.
            if (s.sheet.includes('2021') ? r.pageCount! >= sheetPages : r.pageCount === sheetPages) pagesAgree++;
            else mismatches.push(`${s.file}: ${r.pageCount} pages, sheet ${sheetPages}`);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
    // The OCR keeps every page of the PDF: its page count is the sheet's wherever the sheet gives one.
    // Where they disagree, the import report says so, file by file.
    const reported = report.warnings.filter((w) => w.message.startsWith('page count disagrees')).map((w) => w.message.split(' ')[3]);
    expect(mismatches.map((m) => m.split(':')[0]).sort()).toEqual(reported.sort());
    expect(pagesAgree).toBe(pagesCounted - mismatches.length);
    expect(mismatches.length).toBeLessThan(pagesCounted / 100);
    expect(perYear.get('2025')).toBe(walk(join(ROOT, 'releases', '2025')).length);
  });

  it('reports the release lists\' rows without a file and the files without a row, by name', () => {
    const lists = report.warnings.filter((w) => w.message.startsWith('spreadsheet rows without a text file'));
    expect(lists.map((w) => w.message.split(':')[1]!.trim().split(' lists')[0])).toEqual(expect.arrayContaining(['xlsx/2025-release.xlsx']));
    expect(lists.find((w) => w.message.includes('2025-release'))!.message).toMatch(/104-\d{5}-\d{5} \(row \d+\)/);
    const duplicateRows = report.warnings.filter((w) => /^duplicate release: xlsx\/.*2021.* lists docid-\d+ again/.test(w.message));
    expect(duplicateRows.length).toBeGreaterThanOrEqual(5);
  });

  it('marks what a real re-release newly revealed', () => {
    const d = docs.find((x) => x.id === 'jfk/104-10009-10021')!;
    const c = compareReleases(d.releases[0]!, d.releases[1]!);
    const added = c.segments.filter((s) => s.kind === 'added').flatMap((s) => s.tokens.map((t) => t.text));
    expect(added).toContain('Johannesburg');
    // OCR readings of the same word in the two releases are not changes.
    expect(added).not.toContain('Santiago');
    expect(c.addedWords).toBeLessThan(60);
  });

  it('changes nothing when the 2025 release is imported again', async () => {
    const files = await findSourceFiles([join(ROOT, 'releases', '2025')], 'jfk-records');
    const again = await importItems(archive, readSources(files, undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(again.unchanged).toBeGreaterThan(300);
  });
});
