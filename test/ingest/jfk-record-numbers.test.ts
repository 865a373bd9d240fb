/**
 * Releases that disagree on the record number. The shared JFK corpus has no
 * such case, so one is built in a temporary folder from its real files: the
 * text files of a few records and their rows of NARA's 2023 and 2025 release
 * lists, written again as spreadsheets (write-excel-file) with one number
 * changed the ways the sources could disagree — a 2023 row giving another
 * record's number, a 2023 file misnamed, a 2023 row with a mistyped number.
 * Each is reported by name; no release is lost, none is merged into another
 * record. Skipped when ../shared/data is absent.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import type { Document } from '../../src/domain/document.js';
import { emptyReport, importItems } from '../../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../../src/ingest/sources.js';
import { openTestArchive, SHARED_DATA, tempDir } from '../helpers.js';

const ROOT = join(SHARED_DATA, 'jfk-records');
const present = existsSync(join(ROOT, 'xlsx')) && existsSync(join(ROOT, 'releases'));
if (!present) console.warn(`Skipping the JFK record-number test: ${ROOT} is absent (set DOSSIER_TEST_DATA to the shared data folder).`);

const SHEET_2023 = 'xlsx/national-archives-jfk-assassination-records-2023-release.xlsx';
const SHEET_2025 = 'xlsx/2025-release.xlsx';

type Cell = string | number | boolean | Date | null;

/** Writes a release list: the real list's header and the rows given, in that order (row 2 is the first). */
async function writeList(path: string, header: Cell[], rows: Cell[][]): Promise<void> {
  const cell = (v: Cell) => (v instanceof Date ? { value: v, format: 'mm/dd/yyyy' } : v === null ? null : { value: v });
  await writeExcelFile([header, ...rows].map((r) => r.map(cell))).toFile(path);
}

describe.skipIf(!present)('JFK releases that disagree on the record number', () => {
  it('reports each disagreement by name, keeps every release, and merges none into another record', async () => {
    // Records with a 2023 release and its 2025 re-release, and one released only in 2023.
    const X = '104-10009-10021';
    const Z = '104-10009-10222';
    const Y = '104-10012-10076';
    const V = '104-10003-10193';
    const list2023 = (await readSheet(join(ROOT, SHEET_2023))) as Cell[][];
    const list2025 = (await readSheet(join(ROOT, SHEET_2025))) as Cell[][];
    const row2023 = (record: string) => [...list2023.find((r) => r[0] === `2023/${record}.pdf`)!];
    const row2025 = (record: string) => [...list2025.find((r) => r[0] === `${record}.pdf`)!];

    const dir = join(tempDir(), 'jfk-records');
    for (const d of ['xlsx', 'releases/2023', 'releases/2025/0318']) mkdirSync(join(dir, d), { recursive: true });
    const copy = (from: string, to = from) => copyFileSync(join(ROOT, 'releases', from), join(dir, 'releases', to));
    for (const r of [X, Z, Y]) copy(`2025/0318/${r}.md`);
    copy(`2023/${X}.md`);
    copy(`2023/${Z}.md`);
    copy(`2023/${V}.md`);
    // The misnamed file: Y's 2023 PDF under a name with two digits swapped, listed under that name with Y's number.
    const misnamed = '104-10012-10067';
    copy(`2023/${Y}.md`, `2023/${misnamed}.md`);
    const xRow = row2023(X);
    xRow[1] = Z; // X's row gives Z's number: Z has files of its own, X's file has its 2025 re-release.
    const yRow = row2023(Y);
    yRow[0] = `2023/${misnamed}.pdf`;
    const typo = '104-10003-10139';
    const vRow = row2023(V);
    vRow[1] = typo; // a mistyped number that no file bears.
    await writeList(join(dir, SHEET_2023), list2023[0]!, [xRow, row2023(Z), yRow, vRow]);
    await writeList(join(dir, SHEET_2025), list2025[0]!, [X, Z, Y].map(row2025));

    const archive = await openTestArchive();
    const files = await findSourceFiles([dir], 'jfk-records');
    const report = await importItems(archive, readSources(files, undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
    expect(report.failures).toEqual([]);
    const messages = report.warnings.map((w) => w.message);
    const docs: Document[] = [];
    for await (const d of archive.backend.store.scanDocuments()) docs.push(d);
    const doc = (record: string) => docs.find((d) => d.id === `jfk/${record}`);
    const sources = (d: Document | undefined) => d?.releases.map((r) => [r.id, r.sources.map((s) => s.file)]);

    // X's 2023 file stays with its own 2025 re-release; Z's record holds Z's files and nothing else.
    expect(sources(doc(X))).toEqual([
      ['nara-jfk-2023-06-27', [`releases/2023/${X}.md`]],
      ['nara-jfk-2025-03-18', [`releases/2025/0318/${X}.md`]],
    ]);
    expect(doc(X)!.identifiers.find((i) => i.scheme === 'nara-record-number')?.value).toBe(X);
    expect(sources(doc(Z))).toEqual([
      ['nara-jfk-2023-06-27', [`releases/2023/${Z}.md`]],
      ['nara-jfk-2025-03-18', [`releases/2025/0318/${Z}.md`]],
    ]);
    expect(messages).toContain(`record numbers disagree: releases/2023/${X}.md is named for record ${X} but ${SHEET_2023} row 2 says ${Z}; filed under ${X}, whose other files it goes with`);

    // The misnamed file is filed under the number its row gives, beside the 2025 re-release of that record.
    expect(sources(doc(Y))).toEqual([
      ['nara-jfk-2023-06-27', [`releases/2023/${misnamed}.md`]],
      ['nara-jfk-2025-03-18', [`releases/2025/0318/${Y}.md`]],
    ]);
    expect(doc(misnamed)).toBeUndefined();
    expect(messages).toContain(`record numbers disagree: releases/2023/${misnamed}.md is named for record ${misnamed} but ${SHEET_2023} row 4 says ${Y}; filed under ${Y}`);

    // A mistyped number that nothing else bears: NARA's list is the catalogue, so the record is filed as it says, and reported.
    expect(sources(doc(typo))).toEqual([['nara-jfk-2023-04-27', [`releases/2023/${V}.md`]]]);
    expect(messages).toContain(`record numbers disagree: releases/2023/${V}.md is named for record ${V} but ${SHEET_2023} row 5 says ${typo}; filed under ${typo}`);

    // Nothing lost: every text file is the source of exactly one release, in four documents.
    const all = docs.flatMap((d) => d.releases.flatMap((r) => r.sources.map((s) => s.file))).sort();
    expect(all).toEqual([`releases/2023/${misnamed}.md`, `releases/2023/${V}.md`, `releases/2023/${X}.md`, `releases/2023/${Z}.md`, ...[X, Z, Y].map((r) => `releases/2025/0318/${r}.md`)].sort());
    expect(docs.map((d) => d.id).sort()).toEqual([X, typo, Z, Y].map((r) => `jfk/${r}`).sort());
  });

  it('does not make a file half of another record\'s release when its row gives that record\'s number', async () => {
    // Z's 2023 row in place of X's: both 2023 files would be one release of Z. X has no other release here to go with.
    const X = '104-10009-10021';
    const Z = '104-10009-10222';
    const list2023 = (await readSheet(join(ROOT, SHEET_2023))) as Cell[][];
    const row = (record: string) => [...list2023.find((r) => r[0] === `2023/${record}.pdf`)!];
    const dir = join(tempDir(), 'jfk-records');
    for (const d of ['xlsx', 'releases/2023']) mkdirSync(join(dir, d), { recursive: true });
    for (const r of [X, Z]) copyFileSync(join(ROOT, 'releases', '2023', `${r}.md`), join(dir, 'releases', '2023', `${r}.md`));
    const xRow = row(X);
    xRow[1] = Z;
    await writeList(join(dir, SHEET_2023), list2023[0]!, [xRow, row(Z)]);

    const archive = await openTestArchive();
    const report = await importItems(archive, readSources(await findSourceFiles([dir], 'jfk-records'), undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
    expect(report.failures).toEqual([]);
    const x = (await archive.backend.store.getDocument(`jfk/${X}`))!;
    const z = (await archive.backend.store.getDocument(`jfk/${Z}`))!;
    expect(x.releases.map((r) => r.sources.map((s) => s.file))).toEqual([[`releases/2023/${X}.md`]]);
    expect(z.releases.map((r) => r.sources.map((s) => s.file))).toEqual([[`releases/2023/${Z}.md`]]);
    expect(report.warnings.map((w) => w.message)).toContain(
      `record numbers disagree: releases/2023/${X}.md is named for record ${X} but ${SHEET_2023} row 2 says ${Z}; filed under ${X}: ${Z} has its own file in the 2023 release`,
    );
  });
});
