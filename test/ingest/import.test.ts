import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, importPaths, openTestArchive, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { formatReport } from '../../src/cli/print-report.js';
import { emptyReport } from '../../src/ingest/import-service.js';
import { findSourceFiles } from '../../src/ingest/sources.js';

describe('importing Dossier JSON Lines', () => {
  it('creates every record, then reports a second run as unchanged', async () => {
    const archive = await openTestArchive();
    const first = await importPaths(archive, [SMALL_ARCHIVE]);
    expect(first.failures).toEqual([]);
    expect(first).toMatchObject({ created: 15, updated: 0, unchanged: 0, failed: 0 });
    expect(first.byKind.document).toEqual({ created: 6, updated: 0, unchanged: 0 });
    expect(first.byKind.collection).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const second = await importPaths(archive, [SMALL_ARCHIVE]);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 15, failed: 0 });
    expect(formatReport(second)).toContain('Nothing changed');
    const stats = await archive.stats();
    expect(stats).toMatchObject({ documents: 6, published: 4, drafts: 1, withdrawn: 1, collections: 2 });
  });

  it('updates a changed record in place and keeps its history', async () => {
    const archive = await openTestArchive();
    await importPaths(archive, [SMALL_ARCHIVE]);
    const dir = tempDir();
    const file = join(dir, 'change.jsonl');
    writeFileSync(file, `${JSON.stringify({ kind: 'document', id: 't-004', title: 'Year-only report of 1955 (corrected)', date: '1955', collections: [{ id: 'test-cables' }], sample: true })}\n`);
    const report = await importPaths(archive, [file]);
    expect(report).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const doc = await archive.backend.store.getDocument('t-004');
    expect(doc?.title).toBe('Year-only report of 1955 (corrected)');
    expect(doc?.slug).toBe('year-only-report-of-1955');
    expect((await archive.backend.store.listRevisions('document', 't-004')).length).toBe(2);
    expect((await archive.stats()).documents).toBe(6);
  });

  it('names the file, line, record, field and reason of every failure, writes nothing of a failed record, and goes on', async () => {
    const archive = await openTestArchive();
    await importPaths(archive, [SMALL_ARCHIVE]);
    const file = join(tempDir(), 'bad.jsonl');
    const lines = [
      { kind: 'document', id: 'ok-1', title: 'Fine', date: '1950' },
      { kind: 'document', id: 'bad-date', title: 'Bad date', date: '1950-13' },
      'this is not json',
      { kind: 'document', id: 'bad-ref', title: 'Dangling', agents: [{ id: 'nobody' }], collections: [{ id: 'test-cables' }, { id: 'no-such-collection' }] },
      { kind: 'document', id: 'bad id!', title: '' },
      { kind: 'document', id: 'typo', title: 'Typo', sumary: 'misspelt field' },
      { kind: 'spaceship', id: 'x' },
      { kind: 'document', id: 'ok-2', title: 'Also fine', translations: [{ language: 'en', html: '<p>x</p>' }] },
    ];
    writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    const report = await importPaths(archive, [file]);
    expect(report).toMatchObject({ created: 2, failed: 6 });
    const byId = Object.fromEntries(report.failures.map((f) => [f.id ?? `line ${f.locator.line}`, f]));
    expect(byId['bad-date']!.locator).toEqual({ file: expect.stringContaining('bad.jsonl'), line: 2 });
    expect(byId['bad-date']!.issues).toEqual([{ path: 'date', message: expect.stringContaining('month 13') }]);
    expect(byId['line 3']!.issues[0]!.message).toMatch(/not valid JSON/);
    expect(byId['bad-ref']!.issues).toEqual([
      { path: 'agents.0.id', message: 'person or organization "nobody" does not exist' },
      { path: 'collections.1.id', message: 'collection "no-such-collection" does not exist' },
    ]);
    expect(byId['bad id!']!.issues.map((i) => i.path)).toEqual(['id', 'title']);
    expect(byId['typo']!.issues[0]).toEqual({ path: 'sumary', message: 'is not a field of this record (misspelt?)' });
    expect(byId['x']!.kind).toBe('spaceship');
    expect(await archive.backend.store.getDocument('bad-ref')).toBeUndefined();
    expect(await archive.backend.store.getDocument('ok-2')).toBeDefined();
    const text = formatReport(report);
    expect(text).toContain('bad.jsonl:4 document "bad-ref": agents.0.id: person or organization "nobody" does not exist');
    expect(text).toContain('6 failed');
  });

  it('reports a malformed JSON file with its line and column and imports nothing from it', async () => {
    const archive = await openTestArchive();
    const file = join(tempDir(), 'broken.json');
    writeFileSync(file, '[\n  {"kind": "document", "id": "a", "title": "A"},\n  {"kind": "document", "id": "b" "title": "B"}\n]');
    const report = await importPaths(archive, [file]);
    expect(report.failed).toBe(1);
    expect(report.created).toBe(0);
    expect(report.failures[0]!.locator).toMatchObject({ line: 3 });
    expect(report.failures[0]!.locator.column).toBeGreaterThan(20);
    expect((await archive.stats()).documents).toBe(0);
  });

  it('reads a folder in file-name order so that records come after what they refer to', async () => {
    const archive = await openTestArchive();
    const dir = tempDir();
    writeFileSync(join(dir, '10-documents.json'), JSON.stringify([{ kind: 'document', id: 'd', title: 'D', agents: [{ id: 'p' }] }]));
    writeFileSync(join(dir, '01-people.json'), JSON.stringify({ records: [{ kind: 'person', id: 'p', name: 'P' }] }));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const report = await importPaths(archive, [dir]);
    expect(report).toMatchObject({ created: 2, failed: 0 });
  });

  it('follows links in a folder to files and folders, walks a folder linked twice once, and names a link to nothing', async () => {
    const real = tempDir();
    writeFileSync(join(real, '01-people.json'), JSON.stringify({ records: [{ kind: 'person', id: 'p', name: 'P' }] }));
    mkdirSync(join(real, 'more'));
    writeFileSync(join(real, 'more', 'd.json'), JSON.stringify([{ kind: 'document', id: 'd', title: 'D', agents: [{ id: 'p' }] }]));
    const picked = tempDir();
    symlinkSync(join(real, '01-people.json'), join(picked, '01-people.json'));
    symlinkSync(join(real, 'more'), join(picked, '10-more'));
    symlinkSync(picked, join(picked, '20-loop')); // a link back up
    const files = await findSourceFiles([picked]);
    expect(files.map((f) => f.path)).toEqual([join(picked, '01-people.json'), join(picked, '10-more', 'd.json')]);
    expect(await importPaths(await openTestArchive(), [picked])).toMatchObject({ created: 2, failed: 0 });
    symlinkSync(join(real, 'gone.json'), join(picked, '30-gone.json'));
    await expect(findSourceFiles([picked])).rejects.toThrow(/30-gone\.json: a link to a file or folder that does not exist/);
  });

  it('keeps drafts and withdrawn documents out of search', async () => {
    const archive = await openTestArchive();
    await importPaths(archive, [SMALL_ARCHIVE]);
    const hits = await archive.backend.search.search({ query: { type: 'term', text: 'submarines' }, filters: {}, sort: 'relevance', limit: 10, offset: 0 });
    expect(hits.total).toBe(0);
    expect(await archive.backend.search.count()).toBe(4);
  });
});

describe('importing CSV through a field map', () => {
  const csv = join(FIXTURES, 'csv', 'basic.csv');
  const map = join(FIXTURES, 'csv', 'basic-map.json');

  it('maps columns, splits lists, reads free-text dates, links names to existing authorities and reports bad rows by line', async () => {
    const archive = await openTestArchive();
    await importPaths(archive, [SMALL_ARCHIVE]);
    const report = await importPaths(archive, [csv], map);
    expect(report.byKind.document).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(report.failed).toBe(2);
    expect(report.failures.map((f) => [f.locator.line, f.issues[0]!.path])).toEqual([
      [6, 'id'],
      [7, 'languages.0'],
    ]);
    expect(report.warnings).toEqual([
      { locator: { file: expect.stringContaining('basic.csv'), line: 5 }, message: expect.stringContaining('sometime in the fifties') },
    ]);

    const first = await archive.backend.store.getDocument('sheet-1');
    expect(first).toMatchObject({ title: 'First letter', date: '1949-04-01', languages: ['en'], collections: [{ id: 'sheet' }] });
    // English text in an English document is the original, not a translation; its line break survives.
    expect(first?.transcripts).toEqual([{ language: 'en', html: '<p>Dear premier,<br />I write again.</p>' }]);
    // "Chou En-lai" is a variant of the existing Zhou Enlai: one link, no new person.
    expect(first?.agents).toEqual([{ id: 'zhou-enlai', role: 'mentioned' }]);
    expect(first?.funders).toEqual(['test-fund']);

    const second = await archive.backend.store.getDocument('sheet-2');
    expect(second).toMatchObject({ date: '1967-11', languages: ['ja'], translations: [{ language: 'en', html: '<p>Translated text.</p>' }] });
    expect(second?.agents.map((a) => a.id)).toEqual(['japan-ministry-of-foreign-affairs', 'sato-eisaku']);
    expect(await archive.backend.store.getAuthority('organization', 'japan-ministry-of-foreign-affairs')).toBeDefined();
    expect(await archive.backend.store.getAuthority('person', 'sato-eisaku')).toMatchObject({ name: 'Sato Eisaku', variants: [{ name: '佐藤栄作' }] });

    const third = await archive.backend.store.getDocument('sheet-3');
    expect(third?.date).toBeUndefined();
    expect(third?.dateText).toBe('sometime in the fifties');

    const again = await importPaths(archive, [csv], map);
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 2 });
    expect(again.unchanged).toBe(4); // the map's collection and the three rows
  });

  it('refuses an invalid field map with the reason', async () => {
    const archive = await openTestArchive();
    const bad = join(tempDir(), 'map.json');
    writeFileSync(bad, JSON.stringify({ format: 'dossier-field-map/1', name: 'x', rules: [{ to: 'title', from: 'T', pattern: '([' }] }));
    await expect(importPaths(archive, [csv], bad)).rejects.toThrow(/not a valid regular expression/);
    writeFileSync(bad, JSON.stringify({ format: 'dossier-field-map/1', name: 'x', rules: [{ to: 'nonsense', from: 'T' }] }));
    await expect(importPaths(archive, [csv], bad)).rejects.toThrow(/not a valid field map.*rules\.0\.to/);
  });

  it('fails a row whose list column is not a list, naming the column, and keeps the other rows', async () => {
    const archive = await openTestArchive();
    const dir = tempDir();
    const map = join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({
      format: 'dossier-field-map/1', name: 'x',
      rules: [{ to: 'id', from: 'Ref', prefix: 'r-' }, { to: 'title', from: 'Title' }, { to: 'subjects', from: 'Subjects', list: 'json', authority: 'subject' }],
    }));
    const file = join(dir, 'rows.csv');
    writeFileSync(file, 'Ref,Title,Subjects\n1,Good,"[""Trade""]"\n2,Bad,[not json\n');
    const report = await importPaths(archive, [file], map);
    expect(report).toMatchObject({ created: 1, derivedCreated: 1 }); // the good row and its subject
    expect(report.failures).toEqual([
      { locator: { file: expect.stringContaining('rows.csv'), line: 3 }, issues: [{ path: 'Subjects', message: expect.stringContaining('column "Subjects" should hold a JSON list') }] },
    ]);
    expect(await archive.backend.store.getDocument('r-2')).toBeUndefined();
  });

  it('fails a CSV missing a column the map reads, naming the column', async () => {
    const archive = await openTestArchive();
    const file = join(tempDir(), 'rows.csv');
    writeFileSync(file, 'Ref,Title,When,About,Language,Text,People\n1,A,1949,x,English,t,Zhou Enlai\n');
    const report = await importPaths(archive, [file], map);
    expect(report.failed).toBe(1);
    expect(formatReport(report)).toMatch(/column "Funded by" is read by the field map but missing from the header/);
    expect(report.byKind.document).toBeUndefined();
    expect(report.created).toBe(0); // not even the map's collection
    expect(await archive.backend.store.getCollection('sheet')).toBeUndefined();
  });

  it('writes the map\'s collection with the first row written, and not at all when every row fails', async () => {
    const archive = await openTestArchive();
    const dir = tempDir();
    const bad = join(dir, 'bad.csv');
    // Rows that read but fail validation: ids no record may have.
    writeFileSync(bad, 'Ref,Title,When,About,Language,Text,People,Funded by\nno good,A,1949,x,English,t,,\n<2>,B,1950,x,English,t,,\n');
    const failed = await importPaths(archive, [bad], map);
    expect(failed.failed).toBe(2);
    expect(failed.created).toBe(0);
    expect(await archive.backend.store.getCollection('sheet')).toBeUndefined();
    // A bad row, then a good one: the collection lands with the good row.
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, 'Ref,Title,When,About,Language,Text,People,Funded by\nno good,A,1949,x,English,t,,\n2,B,1950,x,English,t,,\n');
    const report = await importPaths(archive, [mixed], map);
    expect(report.failed).toBe(1);
    expect(report.byKind.collection?.created).toBe(1);
    expect(report.byKind.document?.created).toBe(1);
    expect(await archive.backend.store.getCollection('sheet')).toBeDefined();
  });

  it('lists the files of a folder it skipped', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jsonl'), '');
    writeFileSync(join(dir, 'notes.txt'), 'not a record');
    const skipped: string[] = [];
    const files = await findSourceFiles([dir], undefined, skipped);
    expect(files.map((f) => f.format)).toEqual(['jsonl']);
    expect(skipped).toEqual([expect.stringMatching(/notes\.txt$/)]);
    expect(formatReport({ ...emptyReport(), skipped })).toMatch(/Skipped 1 file .*\n {2}.*notes\.txt/);
  });

  it('needs a field map for CSV', async () => {
    const archive = await openTestArchive();
    await expect(importPaths(archive, [csv])).rejects.toThrow(/needs a field map/);
  });
});
