/**
 * Releases through Dossier's own import format: a document's `releases`
 * list, and `release` records that add a release to a document any source
 * created. Re-importing is idempotent, a release that adds nothing is said
 * to, bad release lists are reported by name, and export → import carries
 * every release unchanged.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRecords } from '../../src/ingest/export-service.js';
import { importPaths, openTestArchive, tempDir } from '../helpers.js';

const cable = {
  kind: 'document',
  id: 'cia/cable-1',
  title: 'Cable from Mexico City station',
  date: '1963-10-09',
  languages: ['en'],
  releases: [
    {
      id: 'nara-2017-10-26', date: '2017-10-26', name: 'NARA JFK release, October 2017',
      pages: ['SECRET\n\n1. SUBJECT CONTACTED [WITHHELD] ON 1 OCTOBER.', 'STATION HAS NO FURTHER TRACES.'],
      classification: ['Secret'], restrictions: ['Postponed in part'], sources: [{ file: '2017/cable-1.pdf', sheet: '2017.xlsx', row: 4 }],
    },
  ],
};

function jsonl(records: unknown[]): string {
  const file = join(tempDir(), 'records.jsonl');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  return file;
}

const release2025 = {
  kind: 'release', document: 'cia/cable-1', id: 'nara-2025-03-18', date: '2025-03-18', name: 'NARA JFK release, March 2025',
  pages: ['SECRET\n\n1. SUBJECT CONTACTED VALERIY KOSTIKOV OF THE SOVIET CONSULATE ON 1 OCTOBER.', 'STATION HAS NO FURTHER TRACES.'],
  restrictions: ['Released in full'], sources: [{ file: '2025/cable-1.pdf', sheet: '2025.xlsx', row: 9 }],
};

describe('releases in the import format', () => {
  it('adds a release to an existing document, makes it the current text, and is unchanged the second time', async () => {
    const archive = await openTestArchive();
    expect((await importPaths(archive, [jsonl([cable])])).failures).toEqual([]);
    const added = await importPaths(archive, [jsonl([release2025])]);
    expect(added).toMatchObject({ updated: 1, failed: 0 });
    expect(added.byKind.release).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const doc = (await archive.backend.store.getDocument('cia/cable-1'))!;
    expect(doc.releases.map((r) => r.id)).toEqual(['nara-2017-10-26', 'nara-2025-03-18']);
    expect(doc.transcripts).toHaveLength(1);
    expect(doc.transcripts[0]).toMatchObject({ release: 'nara-2025-03-18', language: 'en' });
    expect(doc.transcripts[0]!.html).toContain('VALERIY KOSTIKOV');
    const again = await importPaths(archive, [jsonl([release2025])]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1, failed: 0 });
  });

  it('reports a release that adds nothing new, one with fewer pages, and one dated before the document, by name', async () => {
    const archive = await openTestArchive();
    const report = await importPaths(archive, [
      jsonl([
        { ...cable, releases: [{ id: 'early', date: '1962', name: 'Early', pages: ['a', 'b'] }, cable.releases[0], { ...cable.releases[0], id: 'same-again', date: '2023-06-27', name: 'Same again', pages: ['SECRET 1. SUBJECT CONTACTED [WITHHELD]\nON 1 OCTOBER.', 'STATION HAS NO FURTHER TRACES.'] }] },
      ]),
    ]);
    expect(report.failures).toEqual([]);
    const messages = report.warnings.map((w) => w.message);
    expect(messages).toContain('release "early" is dated 1962, before the document itself (1963-10-09)');
    expect(messages).toContain('release "same-again" adds nothing new to "nara-2017-10-26": unchanged text');
    const fewer = await importPaths(archive, [jsonl([{ ...release2025, pages: ['one page only'] }])]);
    expect(fewer.warnings.map((w) => w.message)).toContain('release "nara-2025-03-18" has fewer pages (1) than the earlier release "same-again" (2)');
  });

  it('refuses duplicate releases and a release of a document that does not exist, writing nothing', async () => {
    const archive = await openTestArchive();
    const report = await importPaths(archive, [
      jsonl([
        { ...cable, releases: [cable.releases[0], cable.releases[0]] },
        { ...release2025, document: 'cia/no-such-cable' },
      ]),
    ]);
    expect(report.failed).toBe(2);
    expect(report.failures[0]!.issues).toContainEqual({ path: 'releases.1.id', message: 'release "nara-2017-10-26" is listed twice' });
    expect(report.failures[1]!.issues).toContainEqual({ path: 'document', message: 'document "cia/no-such-cable" does not exist' });
    expect(await archive.backend.store.getDocument('cia/cable-1')).toBeUndefined();
  });

  it('exports releases with their document, and an export imports back unchanged', async () => {
    const archive = await openTestArchive();
    await importPaths(archive, [jsonl([cable])]);
    await importPaths(archive, [jsonl([release2025])]);
    const records: unknown[] = [];
    for await (const r of exportRecords(archive)) records.push(r);
    const doc = records.find((r) => (r as { id: string }).id === 'cia/cable-1') as { releases: { id: string; sources: unknown[] }[] };
    expect(doc.releases.map((r) => r.id)).toEqual(['nara-2017-10-26', 'nara-2025-03-18']);
    expect(doc.releases[0]!.sources).toEqual([{ file: '2017/cable-1.pdf', sheet: '2017.xlsx', row: 4 }]);
    const copy = await openTestArchive();
    const file = jsonl(records);
    expect((await importPaths(copy, [file])).failures).toEqual([]);
    expect(await copy.backend.store.getDocument('cia/cable-1')).toEqual(await archive.backend.store.getDocument('cia/cable-1'));
    expect(await importPaths(copy, [file])).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });
});
