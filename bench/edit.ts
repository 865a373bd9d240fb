/**
 * `npm run bench:edit [-- --docs 100000 --runs 40 --dir /tmp/dossier-bench-edit]`
 *
 * The editors' side on a large archive. Builds (once, reused) an archive of
 * `--docs` synthetic published documents made from the shared corpora
 * (bench/lib/synthetic.ts; their references to people and places dropped,
 * since those records do not exist), saved through the same services as an
 * import. Then, through the editorial service an editor's form and the write
 * API call, measures p50/p95 of:
 *
 * - saving a draft (validation, revision check, revision, audit entry) —
 *   beside a baseline in the same run: the Store's bare putDocument of the
 *   same document, no services;
 * - publishing a draft until a search for a word only it has finds it;
 * - restoring an earlier revision.
 *
 * Targets: save p95 ≤ 150 ms; a published document found by search within 1 s.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Document } from '../src/domain/document.js';
import type { Actor } from '../src/domain/roles.js';
import { openArchive } from '../src/open-archive.js';
import type { Archive } from '../src/services/archive.js';
import { Editorial } from '../src/services/editorial.js';
import { saveDocument } from '../src/services/records.js';
import { runSearch } from '../src/services/search.js';
import { searchParamsSchema } from '../src/search/search-state.js';
import { loadCorpora } from './lib/corpus.js';
import { SyntheticArchive } from './lib/synthetic.js';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '40' },
    dir: { type: 'string', default: '/tmp/dossier-bench-edit' },
  },
});
const DOCS = Number(args.docs);
const RUNS = Number(args.runs);
const DIR = `${args.dir}-${DOCS}`;
const editor: Actor = { name: 'bench@example.org', role: 'editor', via: 'session' };

async function build(): Promise<Archive> {
  mkdirSync(DIR, { recursive: true });
  const archive = await openArchive({ dataDir: DIR });
  const have = (await archive.stats()).documents;
  if (have >= DOCS) return archive;
  const synthetic = new SyntheticArchive(loadCorpora(DIR));
  console.log(`building ${DOCS.toLocaleString()} documents (resuming at ${have.toLocaleString()}; once, kept in ${DIR})…`);
  const started = performance.now();
  for (let i = have; i < DOCS; i += 500) {
    await archive.backend.transaction(async (tx) => {
      for (let k = i; k < Math.min(DOCS, i + 500); k++) {
        const d = synthetic.doc(k).entry.document;
        const doc = { ...d, type: undefined, agents: [], places: [], subjects: [], funders: [], collections: [], source: { obtainedBy: [], translatedBy: [] } } as Document;
        await saveDocument(tx, doc, { actor: 'bench' });
      }
    });
    if ((i / 500) % 20 === 0) console.log(`  ${i.toLocaleString()} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  return archive;
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `p50 ${at(0.5).toFixed(1).padStart(7)} ms   p95 ${at(0.95).toFixed(1).padStart(7)} ms   max ${s[s.length - 1]!.toFixed(1).padStart(7)} ms`;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const archive = await build();
const editorial = new Editorial(archive);
console.log(`archive: ${(await archive.stats()).documents.toLocaleString()} documents in ${DIR}`);
const text = (n: number) => `<p>Draft ${n}: the delegation discussed fishing quotas near Port Arthur and the normalization of relations, paragraph by paragraph.</p>`.repeat(20);

// Saving a draft, and the bare store write of the same document as a baseline.
const draftId = `bench-draft-${Date.now().toString(36)}`;
let base = (await editorial.create(editor, { id: draftId, title: 'A draft cable under revision', date: '1984-03-25', translations: [{ language: 'en', html: text(0) }] })).revision;
const save: number[] = [];
const bare: number[] = [];
for (let n = 1; n <= RUNS; n++) {
  const input = { id: draftId, title: 'A draft cable under revision', date: '1984-03-25', summary: `Revision ${n}`, translations: [{ language: 'en', html: text(n) }] };
  save.push(await time(async () => (base = (await editorial.update(editor, draftId, input, base, `edit ${n}`)).revision)));
  const doc = (await archive.backend.store.getDocument(draftId))!;
  bare.push(await time(() => archive.backend.transaction((tx) => tx.store.putDocument({ ...doc, summary: `Bare ${n}` }, { actor: 'bench' }))));
  base = (await archive.backend.store.listRevisions('document', draftId))[0]!.revision;
}

// Publishing a draft until search finds it by a word only it has.
const publish: number[] = [];
for (let n = 0; n < Math.max(10, RUNS / 2); n++) {
  const word = `zqx${Date.now().toString(36)}${n}`;
  const id = `bench-publish-${word}`;
  await editorial.create(editor, { id, title: `Cable ${word}`, translations: [{ language: 'en', html: `<p>The word ${word} appears here only.</p>` }] });
  publish.push(
    await time(async () => {
      await editorial.setStatus(editor, id, { status: 'published' });
      for (;;) {
        const found = await runSearch(archive, searchParamsSchema.parse({ q: word }));
        if (found.hits.some((h) => h.id === id)) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    }),
  );
}

// Restoring revision 1 of the draft (as a new revision), again and again.
const restore: number[] = [];
for (let n = 0; n < RUNS; n++) {
  const current = (await archive.backend.store.listRevisions('document', draftId))[0]!.revision;
  restore.push(await time(() => editorial.restore(editor, draftId, 1, current)));
}

console.log(`\nOn ${DOCS.toLocaleString()} documents, ${RUNS} runs each:`);
console.log(`save a draft (service)        ${stats(save)}   target p95 ≤ 150 ms`);
console.log(`  baseline: bare putDocument  ${stats(bare)}`);
console.log(`publish until search finds it ${stats(publish)}   target ≤ 1,000 ms`);
console.log(`restore a revision            ${stats(restore)}`);
await archive.backend.close();
