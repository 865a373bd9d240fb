/**
 * Items read in one thread and written in another (item-wire.ts) must import
 * as items read in the writing thread do: the same report (outcomes, errors
 * per record, warnings, a volume rolled back whole, the text accounting) and
 * the same catalog. The items here cross as a thread would send them, through
 * V8's structured clone, between two readings of real sources.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { FIXTURES, openTestArchive, SMALL_ARCHIVE, tempDir } from '../../test/helpers.js';
import type { Archive } from '../services/archive.js';
import { emptyReport, importItems } from './import-service.js';
import { ItemDecoder, ItemEncoder, type WireItem } from './item-wire.js';
import type { SourceItem } from './source-item.js';
import { findSourceFiles, loadFieldMap, readSources } from './sources.js';

const TEI_NS = 'xmlns="http://www.tei-c.org/ns/1.0"';

function sources(): { paths: string[]; map: string } {
  const dir = tempDir();
  const lines = join(dir, 'mixed.jsonl');
  writeFileSync(
    lines,
    [
      JSON.stringify({ kind: 'document', id: 'ok-1', title: 'A memorandum', date: '1950-02-14', transcripts: [{ language: 'en', html: '<p>Talks <b>resumed</b> today.</p>' }] }),
      '{ not json',
      JSON.stringify({ kind: 'document', id: 'bad date', title: 'No id like this', date: 'sometime' }),
      JSON.stringify({ kind: 'document', id: 'ok-2', title: 'A memorandum', transcripts: [{ language: 'en', html: '<p onclick="x()">Undated <script>alert(1)</script>text.</p>' }] }),
    ].join('\n'),
  );
  // A volume that breaks off: everything of it is rolled back and reported as one failure.
  const broken = join(dir, 'broken.xml');
  writeFileSync(broken, `<TEI ${TEI_NS}><teiHeader><fileDesc><titleStmt><title>Broken</title></titleStmt></fileDesc></teiHeader><text><body><div type="document" xml:id="d1"><head>One</head><p>Text</div></body></text></TEI>`);
  return { paths: [SMALL_ARCHIVE, lines, join(FIXTURES, 'csv', 'basic.csv'), broken], map: join(FIXTURES, 'csv', 'basic-map.json') };
}

async function read(paths: string[], map: string): Promise<AsyncIterable<SourceItem>> {
  return readSources(await findSourceFiles(paths), await loadFieldMap(map), { bytesRead: 0 });
}

/** The items as a reading thread sends them: encoded, copied in runs of 32 by structured clone, decoded. */
async function* acrossThreads(items: AsyncIterable<SourceItem>): AsyncGenerator<SourceItem> {
  const encoder = new ItemEncoder();
  const decoder = new ItemDecoder();
  let run: WireItem[] = [];
  const flush = function* () {
    for (const wire of deserialize(serialize(run)) as WireItem[]) yield decoder.decode(wire);
    run = [];
  };
  for await (const item of items) {
    run.push(encoder.encode(item));
    if (run.length === 32) yield* flush();
  }
  yield* flush();
}

async function catalog(archive: Archive) {
  const { items } = await archive.backend.store.listDocuments({ status: 'any', limit: 100 });
  const docs = await archive.backend.store.getDocuments(items.map((d) => d.id));
  // The clock's fields differ between two imports; everything else must not.
  return items.map((d) => ({ ...docs.get(d.id), updatedAt: undefined, uploadedAt: undefined, publishedAt: undefined }));
}

describe('items across threads', () => {
  it('import as items read in the writing thread do: report, accounting, failures and catalog', async () => {
    const { paths, map } = sources();
    const here = await openTestArchive();
    const there = await openTestArchive();
    try {
      const direct = await importItems(here, await read(paths, map), { actor: 'test' }, emptyReport());
      const wired = await importItems(there, acrossThreads(await read(paths, map)), { actor: 'test' }, emptyReport());
      // What the comparison rests on: records written, records failed alone, a volume failed whole, words accounted.
      expect(direct.created).toBeGreaterThan(15);
      expect(direct.failures.map((f) => f.issues[0]?.message)).toEqual(expect.arrayContaining([expect.stringMatching(/JSON/), expect.stringMatching(/XML|closing|tag/i)]));
      expect(direct.failed).toBeGreaterThanOrEqual(3);
      expect(direct.texts.length).toBeGreaterThanOrEqual(3);
      expect(direct.texts.some((t) => t.wordsInRecords > 0)).toBe(true);
      expect({ ...wired, durationMs: 0 }).toEqual({ ...direct, durationMs: 0 });
      const written = await catalog(here);
      expect(written.filter((d) => d.title).length).toBeGreaterThan(8);
      expect(await catalog(there)).toEqual(written);
      // Sanitized where it was read: nothing of the script crossed.
      expect(JSON.stringify((await there.backend.store.getDocument('ok-2'))?.transcripts)).not.toMatch(/script|onclick/);
    } finally {
      await here.close();
      await there.close();
    }
  });

  it('sends the validated record and only the kind and id of the raw one', () => {
    const encoder = new ItemEncoder();
    const account = { words: new Map<string, number>() };
    const raw = { kind: 'document', id: 'x', title: 'T', transcripts: [{ language: 'en', html: '<p>Hello</p>' }] };
    const wire = encoder.encode({ locator: { file: 'f.jsonl', line: 1 }, raw, words: new Map([['t', 1]]), account });
    expect(wire.raw).toEqual({ kind: 'document', id: 'x' });
    expect(wire.checked?.parsed.ok).toBe(true);
    const end = encoder.encode({ locator: { file: 'f.jsonl' }, accountEnd: { file: 'f.jsonl', records: [account] } });
    expect(end.accountEnd?.records).toEqual([wire.account]);
    // The writer's account object is the same for the record and for the file's end, so committed words reach the settlement.
    const decoder = new ItemDecoder();
    const item = decoder.decode(deserialize(serialize(wire)));
    const settled = decoder.decode(deserialize(serialize(end)));
    expect(settled.accountEnd?.records[0]).toBe(item.account);
  });
});
