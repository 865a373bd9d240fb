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
      // Inside a collection that was refused, and a loop: each refused alone.
      { kind: 'collection', id: 'inside-orphan', title: 'Inside the orphan', parent: 'orphan' },
      { kind: 'collection', id: 'first', title: 'First', parent: 'extra' },
    ]);
    const report = await importPaths(archive, [file]);
    // The document naming `later` before it exists fails as it would alone; `later` is written all the same.
    expect(report.failures.map((f) => [f.id, f.locator.line])).toEqual([['early', 2], ['b', 5], ['d', 7], ['orphan', 8], ['inside-orphan', 11], ['first', 12]]);
    expect(report.failures[0]!.issues).toEqual([{ path: 'collections.0.id', message: 'collection "later" does not exist' }]);
    expect(report.failures.slice(4).map((f) => [f.kind, f.issues])).toEqual([
      ['collection', [{ path: 'parent', message: 'collection "orphan" does not exist' }]],
      ['collection', [{ path: 'parent', message: 'collection "extra" is inside "first"; that would make a loop' }]],
    ]);
    expect(report.byKind.document).toEqual({ created: 2, updated: 1, unchanged: 0 });
    expect(report.byKind.collection).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const store = archive.backend.store;
    expect((await store.getDocument('a'))?.title).toBe('Same title, again');
    expect((await store.getDocument('c'))?.slug).toBe('same-title-2');
    expect((await store.listRevisions('document', 'a')).map((r) => r.revision)).toEqual([2, 1]);
    expect((await store.listDocuments({ collection: 'later', limit: 10 })).items.map((d) => d.id)).toEqual(['c']);
  });

  it('writes authorities with the documents, as if each record had been written in turn', async () => {
    const archive = await openTestArchive();
    const file = jsonl([
      { kind: 'person', id: 'acheson', name: 'Acheson, Dean' },
      { kind: 'document', id: 'one', title: 'Names Acheson and a later person', agents: [{ id: 'acheson' }, { id: 'later' }] },
      { kind: 'document', id: 'two', title: 'Names Acheson', agents: [{ id: 'acheson', role: 'creator' }] },
      // Named by a queued document before it exists: that document fails, as it would alone.
      { kind: 'person', id: 'later', name: 'Later, Person' },
      { kind: 'organization', id: 'state', name: 'Department of State' },
      { kind: 'document', id: 'three', title: 'Names both', agents: [{ id: 'later' }, { id: 'state' }] },
      // The same id again: compared with what the first wrote.
      { kind: 'person', id: 'acheson', name: 'Acheson, Dean', variants: [{ name: 'Dean Gooderham Acheson' }] },
      { kind: 'person', id: 'acheson', name: 'Acheson, Dean', variants: [{ name: 'Dean Gooderham Acheson' }] },
      // A parent: written in turn, after the queue.
      { kind: 'organization', id: 'bureau', name: 'Bureau of Far Eastern Affairs', parent: 'state' },
      { kind: 'organization', id: 'orphan', name: 'Nowhere Office', parent: 'nowhere' },
    ]);
    const report = await importPaths(archive, [file]);
    expect(report.failures.map((f) => [f.id, f.locator.line])).toEqual([['one', 2], ['orphan', 10]]);
    expect(report.failures[0]!.issues).toEqual([{ path: 'agents.1.id', message: 'person or organization "later" does not exist' }]);
    expect(report.byKind.person).toEqual({ created: 2, updated: 1, unchanged: 1 });
    expect(report.byKind.organization).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(report.byKind.document).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const store = archive.backend.store;
    expect((await store.listRevisions('person', 'acheson')).map((r) => r.revision)).toEqual([2, 1]);
    expect((await store.findAuthoritiesByName('person', 'Dean Gooderham Acheson')).map((a) => a.id)).toEqual(['acheson']);
    expect((await store.getDocument('three'))?.agents.map((a) => a.id)).toEqual(['later', 'state']);
    expect(await store.getDocument('one')).toBeUndefined();
    // The updated person's documents are indexed again: its new name finds them.
    const found = await archive.backend.search.search({ query: { type: 'term', text: 'gooderham' }, filters: {}, sort: 'relevance', limit: 10, offset: 0 });
    expect(found.hits.map((h) => h.id)).toEqual(['two']);
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
