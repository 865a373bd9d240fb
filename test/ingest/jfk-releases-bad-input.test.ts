/**
 * What the JFK importer reports about releases that do not fit, each by
 * name, losing nothing and merging nothing wrongly: a later release with
 * fewer pages, two files of one release with the same text, a text file no
 * spreadsheet lists, and the spreadsheet rows whose files are missing. The
 * fixture is a temporary folder: NARA's three spreadsheets beside a few text
 * files, some real and some altered. Skipped when ../shared/data is absent.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyReport, importItems } from '../../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../../src/ingest/sources.js';
import { openTestArchive, SHARED_DATA, tempDir } from '../helpers.js';

const ROOT = join(SHARED_DATA, 'jfk-records');
const present = existsSync(join(ROOT, 'xlsx'));

describe.skipIf(!present)('JFK releases that do not fit', () => {
  it('reports each by name and keeps every text', async () => {
    const dir = join(tempDir(), 'jfk-records');
    mkdirSync(join(dir, 'xlsx'), { recursive: true });
    for (const f of ['national-archives-jfk-assassination-records-2021-release.xlsx', 'national-archives-jfk-assassination-records-2023-release.xlsx', '2025-release.xlsx']) {
      copyFileSync(join(ROOT, 'xlsx', f), join(dir, 'xlsx', f));
    }
    mkdirSync(join(dir, 'releases', '2023'), { recursive: true });
    mkdirSync(join(dir, 'releases', '2025', '0318'), { recursive: true });
    const real = (p: string) => readFileSync(join(ROOT, 'releases', p), 'utf8');
    copyFileSync(join(ROOT, 'releases', '2023', '104-10009-10021.md'), join(dir, 'releases', '2023', '104-10009-10021.md'));
    // The 2025 re-release cut to its first page: fewer pages than 2023's.
    writeFileSync(join(dir, 'releases', '2025', '0318', '104-10009-10021.md'), real('2025/0318/104-10009-10021.md').split('## Page 2')[0]!);
    // Two PDFs of one record in one release, with the same text.
    const twin = real('2025/0318/104-10004-10143.md');
    writeFileSync(join(dir, 'releases', '2025', '0318', '104-10004-10143.md'), twin);
    writeFileSync(join(dir, 'releases', '2025', '0318', '104-10004-10143 (C06932208).md'), twin);
    // A text file that no release list names.
    writeFileSync(join(dir, 'releases', '2025', '0318', '999-99999-99999.md'), '# 999-99999-99999\n\n## Page 1\n\nA page that no spreadsheet lists.\n');

    const archive = await openTestArchive();
    const files = await findSourceFiles([dir], 'jfk-records');
    const report = await importItems(archive, readSources(files, undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
    expect(report.failures).toEqual([]);
    const messages = report.warnings.map((w) => w.message);

    const rereleased = (await archive.backend.store.getDocument('jfk/104-10009-10021'))!;
    expect(rereleased.releases.map((r) => [r.id, r.pageCount])).toEqual([['nara-jfk-2023-06-27', 2], ['nara-jfk-2025-03-18', 1]]);
    expect(messages).toContain('release "nara-jfk-2025-03-18" has fewer pages (1) than the earlier release "nara-jfk-2023-06-27" (2)');

    const pair = (await archive.backend.store.getDocument('jfk/104-10004-10143'))!;
    expect(pair.releases).toHaveLength(1);
    expect(pair.releases[0]!.sources.map((s) => s.file)).toEqual(['releases/2025/0318/104-10004-10143 (C06932208).md']);
    expect(messages).toContain('duplicate release: releases/2025/0318/104-10004-10143.md has the same text as releases/2025/0318/104-10004-10143 (C06932208).md in the 2025-03-18 release; kept once');

    const orphan = (await archive.backend.store.getDocument('jfk/999-99999-99999'))!;
    expect(orphan.releases.map((r) => r.id)).toEqual(['nara-jfk-2025']);
    expect(messages).toContain('text file without a spreadsheet row: releases/2025/0318/999-99999-99999.md is in no 2025 release list');

    // The rows of the 2023 and 2025 lists whose files are not here, named; 2021's folder was not imported.
    const missing = messages.filter((m) => m.startsWith('spreadsheet rows without a text file'));
    expect(missing).toHaveLength(2);
    expect(missing[0]).toMatch(/^spreadsheet rows without a text file: xlsx\/national-archives-jfk-assassination-records-2023-release\.xlsx lists \d+ files that are not in releases\/2023: 104-10105-10271 \(row 2\), /);
    // The 2025 list has 2,566 rows; three of its files are here (one of them kept once, as a duplicate).
    expect(missing[1]).toMatch(/^spreadsheet rows without a text file: xlsx\/2025-release\.xlsx lists 2563 files that are not in releases\/2025: 104-10003-10041 \(row 2\), /);
    expect(missing.join(' ')).not.toMatch(/104-10009-10021 \(row|104-10004-10143 \(row/);
  });
});
