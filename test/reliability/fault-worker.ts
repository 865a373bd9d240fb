/**
 * Work for the crash-fault tests to be killed in the middle of, in a process
 * of its own: `tsx fault-worker.ts <save|merge> <data-dir> <n>`.
 *
 * - `save`: editors' work through the real editorial services — for each of
 *   n documents: create the draft, save a revised text, then move it to its
 *   final status (a third each: published, in review, draft). Each step is
 *   skipped when already done, so a run after a kill ends in the same state
 *   as one uninterrupted run.
 * - `merge`: n documents rewritten in transactions of 60 (each a new search
 *   segment, so a run of eight of a size class queues a merge, run here as
 *   a worker would after each transaction), three passes, then every
 *   segment merged into one; every document ends with the third pass's text.
 *
 * Prints "done" at the end.
 */
import { parseArchiveRecord } from '../../src/domain/archive-record.js';
import type { DocumentStatus } from '../../src/domain/document.js';
import type { Actor } from '../../src/domain/roles.js';
import { openArchive } from '../../src/open-archive.js';
import type { EngineSearchIndex } from '../../src/search/engine-search-index.js';
import { Editorial } from '../../src/services/editorial.js';
import { runQueuedMerges } from '../../src/services/jobs/merge-index-job.js';
import { saveRecord } from '../../src/services/records.js';

const [task, dataDir, count] = process.argv.slice(2);
const n = Number(count);
const archive = await openArchive({ dataDir: dataDir! });
const editor: Actor = { name: 'editor@example.org', role: 'admin', via: 'session', userId: 'editor' };

const FINAL_STATUS = (i: number): DocumentStatus => (['published', 'review', 'draft'] as const)[i % 3]!;

async function saves(): Promise<void> {
  const editorial = new Editorial(archive);
  for (let i = 0; i < n; i++) {
    const id = `edit-${i}`;
    const revised = { title: `Edited cable ${i}`, date: '1962-10-2' + (i % 9), translations: [{ language: 'en', html: `<p>Revised text ${i}: the quarantine line holds.</p>` }] };
    let current = (await archive.backend.store.getDocument(id)) ? await editorial.document(editor, id) : undefined;
    current ??= await editorial.create(editor, { id, title: `Edited cable ${i}`, translations: [{ language: 'en', html: `<p>First text ${i}.</p>` }] });
    if (!current.document.translations[0]?.html.includes('Revised')) current = await editorial.update(editor, id, revised, current.revision, 'revised');
    const target = FINAL_STATUS(i);
    if (current.document.status !== target) await editorial.setStatus(editor, id, { status: target }, current.revision);
  }
}

async function merges(): Promise<void> {
  const search = archive.backend.search as EngineSearchIndex;
  for (let pass = 1; pass <= 3; pass++) {
    for (let start = 0; start < n; start += 60) {
      await archive.backend.transaction(async (tx) => {
        for (let i = start; i < Math.min(n, start + 60); i++) {
          const parsed = parseArchiveRecord({ kind: 'document', id: `merge-${i}`, title: `Merged cable ${i} pass${pass}`, date: '1970', summary: `Rewritten in pass${pass}.` });
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
          await saveRecord(tx, parsed.record, { actor: 'merge' });
        }
      });
      await runQueuedMerges(archive);
    }
  }
  await archive.backend.transaction(async () => search.optimize());
}

if (task === 'save') await saves();
else if (task === 'merge') await merges();
else throw new Error(`unknown task ${task}`);
await archive.backend.close();
process.stdout.write('done\n');
