/**
 * `npm run bench:catalog`: the catalog's write path alone, on both databases.
 * 2,000 documents (titles that repeat, people, collections, a few thousand
 * words of text) written in one transaction, first one at a time through
 * `putDocument`, then in groups of 100 through `putDocuments`, into a fresh
 * SQLite file and a fresh database on a throwaway PostgreSQL cluster
 * (test/postgres-cluster.ts). No search index: only the Store. On
 * PostgreSQL the groups are written twice, with COPY (as the Backend does
 * inside a transaction, postgres/copy-rows.ts) and with multi-row inserts
 * alone. Prints documents/s for each, medians of `--runs`, and the ratios.
 *
 *   npm run bench:catalog [-- --runs 3] [-- --documents 2000]
 *
 * `--grow N` instead writes N documents into one SQLite catalog (groups of
 * 100, a thousand to a transaction, a third of them of one title, as FRUS
 * repeats its titles) and prints documents/s as the catalog grows, each
 * 10,000 documents: a write that slows down as the catalog grows shows here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Backend } from '../src/backends/backend.js';
import { openPostgresBackend } from '../src/backends/postgres/postgres-backend.js';
import { openSqliteBackend } from '../src/backends/sqlite/sqlite-backend.js';
import { authoritySchema } from '../src/domain/authority.js';
import { collectionSchema } from '../src/domain/collection.js';
import { documentSchema, type Document } from '../src/domain/document.js';
import { postgresAvailable, startCluster } from '../test/postgres-cluster.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, documents: { type: 'string', default: '2000' }, grow: { type: 'string' } } });
const runs = Math.max(1, Number(values.runs));
const count = Math.max(1, Number(values.documents));
const GROUP = 100;
const change = { actor: 'bench', at: '2025-01-01T00:00:00.000Z' };

const paragraph = 'The Minister called this morning and read to me a telegram from his Government concerning the negotiations at Peking. ';
const documents: Document[] = Array.from({ length: count }, (_, i) =>
  documentSchema.parse({
    id: `bench/d${i}`,
    title: i % 3 === 0 ? 'The Secretary of State to the Minister in China' : `Telegram ${i}`,
    date: `19${String(10 + (i % 80)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
    agents: [{ id: `p${i % 50}`, role: 'creator' }, { id: `p${(i + 7) % 50}`, role: 'recipient' }],
    collections: [{ id: `c${i % 20}`, position: i }],
    transcripts: [{ language: 'en', html: `<p>${paragraph.repeat(20)}</p>` }],
  }),
);

async function prepare(backend: Backend): Promise<void> {
  await backend.transaction(async (tx) => {
    for (let c = 0; c < 20; c++) await tx.store.putCollection(collectionSchema.parse({ kind: 'collection', id: `c${c}`, title: `Chapter ${c}` }), change);
    for (let p = 0; p < 50; p++) await tx.store.putAuthority(authoritySchema.parse({ kind: 'person', id: `p${p}`, name: `Person ${p}` }), change);
  });
}

async function write(backend: Backend, grouped: boolean): Promise<number> {
  const started = performance.now();
  await backend.transaction(async (tx) => {
    if (!grouped) for (const d of documents) await tx.store.putDocument(d, change);
    else for (let i = 0; i < documents.length; i += GROUP) await tx.store.putDocuments(documents.slice(i, i + GROUP), change);
  });
  return performance.now() - started;
}

if (values.grow !== undefined) {
  const total = Number(values.grow);
  if (!(Number.isInteger(total) && total >= 10_000)) throw new Error(`--grow: a number of documents of at least 10000, not ${values.grow}`);
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-catalog-'));
  // The import's page cache (cli/import-worker.ts).
  const backend = await openSqliteBackend(join(dir, 'archive.sqlite'), { cacheMb: 16 });
  await prepare(backend);
  const doc = (i: number) => ({ ...documents[i % documents.length]!, id: `bench/g${i}`, title: i % 3 === 0 ? documents[0]!.title : `Telegram ${i}` });
  console.log(`Catalog growth: ${total.toLocaleString('en-US')} documents into one SQLite catalog (documents/s over each 10,000)`);
  let started = performance.now();
  for (let from = 0; from < total; from += 1000) {
    await backend.transaction(async (tx) => {
      for (let g = from; g < from + 1000; g += GROUP) await tx.store.putDocuments(Array.from({ length: GROUP }, (_, k) => doc(g + k)), change);
    });
    if ((from + 1000) % 10_000 === 0) {
      console.log(`  ${(from + 1000).toLocaleString('en-US').padStart(9)}: ${Math.round(10_000 / ((performance.now() - started) / 1000)).toLocaleString('en-US')}`);
      started = performance.now();
    }
  }
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cluster = postgresAvailable() ? await startCluster() : undefined;
const times: Record<string, number[]> = {};
try {
  for (let r = 0; r < runs; r++) {
    for (const grouped of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-catalog-'));
      const opened: [string, () => Promise<Backend>][] = [['SQLite', () => openSqliteBackend(join(dir, 'archive.sqlite'))]];
      if (cluster) opened.push(['PostgreSQL', async () => openPostgresBackend(await cluster.createDatabase())]);
      if (cluster && grouped) opened.push(['PostgreSQL inserts', async () => openPostgresBackend(await cluster.createDatabase(), { copy: false })]);
      for (const [name, open] of opened) {
        const backend = await open();
        await prepare(backend);
        (times[`${name} ${grouped ? 'groups' : 'one'}`] ??= []).push(await write(backend, grouped));
        await backend.close();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await cluster?.destroy();
}

const rate = (key: string) => (times[key] ? count / (median(times[key]!) / 1000) : NaN);
const lines = [`Catalog writes: ${count.toLocaleString('en-US')} documents in one transaction, median of ${runs} run${runs > 1 ? 's' : ''} (documents/s)`];
for (const name of ['SQLite', 'PostgreSQL']) {
  if (!times[`${name} one`]) continue;
  const one = rate(`${name} one`);
  const groups = rate(`${name} groups`);
  lines.push(`  ${name.padEnd(10)} one at a time: ${Math.round(one).toLocaleString('en-US').padStart(6)}   groups of ${GROUP}: ${Math.round(groups).toLocaleString('en-US').padStart(6)}   (${(groups / one).toFixed(2)}×)`);
}
if (times['PostgreSQL inserts groups']) {
  const inserts = rate('PostgreSQL inserts groups');
  lines.push(`  PostgreSQL groups of ${GROUP} in multi-row inserts alone: ${Math.round(inserts).toLocaleString('en-US')}   (COPY: ${(rate('PostgreSQL groups') / inserts).toFixed(2)}× the rate)`);
}
if (times['PostgreSQL groups']) lines.push(`  PostgreSQL / SQLite, groups: ${(rate('PostgreSQL groups') / rate('SQLite groups')).toFixed(2)}× the rate`);
console.log(lines.join('\n'));
