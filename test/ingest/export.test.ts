import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { exportRecords } from '../../src/ingest/export-service.js';
import type { Archive } from '../../src/services/archive.js';
import { FIXTURES, importPaths, openTestArchive, SMALL_ARCHIVE, tempDir } from '../helpers.js';

async function exportAll(archive: Archive): Promise<string[]> {
  const lines: string[] = [];
  for await (const record of exportRecords(archive)) lines.push(JSON.stringify(record));
  return lines;
}

describe('export to JSON Lines', () => {
  it('round-trips: importing an export into an empty archive reproduces every record exactly', async () => {
    const source = await openTestArchive();
    await importPaths(source, [SMALL_ARCHIVE]);
    await importPaths(source, [join(FIXTURES, 'csv', 'basic.csv')], join(FIXTURES, 'csv', 'basic-map.json'));
    const exported = await exportAll(source);
    expect(exported.length).toBe(15 + 1 + 3 + 2); // fixture, the map's collection, 3 rows, 2 new authorities named in them
    const file = join(tempDir(), 'export.jsonl');
    writeFileSync(file, `${exported.join('\n')}\n`);

    const copy = await openTestArchive({ file: true });
    const report = await importPaths(copy, [file]);
    expect(report.failures).toEqual([]);
    expect(report.created).toBe(exported.length);
    const reexported = await exportAll(copy);
    expect(reexported.map((l) => canonicalJson(JSON.parse(l)))).toEqual(exported.map((l) => canonicalJson(JSON.parse(l))));
    // Drafts and withdrawn documents travel too, with their status.
    expect(await copy.backend.store.getDocument('t-draft')).toMatchObject({ status: 'draft' });
    expect(await copy.stats()).toEqual(await source.stats());
    // The search index of the copy is built as records arrive.
    expect(await copy.backend.search.count()).toBe(await source.backend.search.count());

    const again = await importPaths(copy, [file]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: exported.length });
  });

  it('puts every record after the records it refers to', async () => {
    const source = await openTestArchive();
    await importPaths(source, [SMALL_ARCHIVE]);
    const kinds = (await exportAll(source)).map((l) => JSON.parse(l) as { kind: string; id: string });
    const position = (kind: string, id: string) => kinds.findIndex((r) => r.kind === kind && r.id === id);
    expect(position('place', 'china')).toBeLessThan(position('place', 'lushun'));
    expect(position('collection', 'test-cables')).toBeLessThan(position('collection', 'test-sub'));
    expect(position('person', 'zhou-enlai')).toBeLessThan(position('document', 't-001'));
    expect(kinds.at(-1)!.kind).toBe('document');
  });
});
