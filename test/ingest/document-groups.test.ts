/**
 * An import writes its documents in groups (src/ingest/document-queue.ts): the
 * report must read as if every record had been written in turn — a document
 * naming a collection that comes after it still fails, a collection written
 * ahead of the queued documents keeps its place among the results, and the
 * documents of a volume-sized run all land.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths, openTestArchive, tempDir } from '../helpers.js';

function jsonl(lines: object[]): string {
  const file = join(tempDir(), 'records.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  return file;
}

describe('documents written in groups', () => {
  it('reports every record in source order, as if each had been written in turn', async () => {
    const archive = await openTestArchive();
    const file = jsonl([
      { kind: 'collection', id: 'first', title: 'First' },
      { kind: 'document', id: 'early', title: 'Names a later collection', collections: [{ id: 'later' }] },
      { kind: 'document', id: 'a', title: 'Same title', collections: [{ id: 'first' }] },
      { kind: 'collection', id: 'later', title: 'Later' },
      { kind: 'document', id: 'b', title: 'Same title', collections: [{ id: 'later' }], date: '1950-13' },
      { kind: 'document', id: 'c', title: 'Same title', collections: [{ id: 'later' }] },
      { kind: 'document', id: 'd', title: 'Names nobody', agents: [{ id: 'nobody' }] },
      // Collections no queued document names: written ahead of c and d, reported after them.
      { kind: 'collection', id: 'orphan', title: 'Orphan', parent: 'nowhere' },
      { kind: 'collection', id: 'extra', title: 'Extra', parent: 'first' },
      { kind: 'document', id: 'a', title: 'Same title, again', collections: [{ id: 'first' }] },
    ]);
    const report = await importPaths(archive, [file]);
    // The document naming `later` before it exists fails as it would alone; `later` is written all the same.
    expect(report.failures.map((f) => [f.id, f.locator.line])).toEqual([['early', 2], ['b', 5], ['d', 7], ['orphan', 8]]);
    expect(report.failures[0]!.issues).toEqual([{ path: 'collections.0.id', message: 'collection "later" does not exist' }]);
    expect(report.byKind.document).toEqual({ created: 2, updated: 1, unchanged: 0 });
    expect(report.byKind.collection).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const store = archive.backend.store;
    expect((await store.getDocument('a'))?.title).toBe('Same title, again');
    expect((await store.getDocument('c'))?.slug).toBe('same-title-2');
    expect((await store.listRevisions('document', 'a')).map((r) => r.revision)).toEqual([2, 1]);
    expect((await store.listDocuments({ collection: 'later', limit: 10 })).items.map((d) => d.id)).toEqual(['c']);
  });

  it('writes a run longer than one group whole', async () => {
    const archive = await openTestArchive();
    const docs = Array.from({ length: 230 }, (_, i) => ({ kind: 'document', id: `n${i}`, title: i % 2 ? 'Memorandum' : `Telegram ${i}`, summary: `word${i}` }));
    const report = await importPaths(archive, [jsonl([{ kind: 'collection', id: 'vol', title: 'Volume' }, ...docs.map((d) => ({ ...d, collections: [{ id: 'vol' }] }))])]);
    expect(report).toMatchObject({ created: 231, failed: 0 });
    expect((await archive.backend.store.getDocument('n229'))?.slug).toBe('memorandum-115');
    expect((await archive.stats()).documents).toBe(230);
  });
});
