/**
 * `npm run bench:import`: imports every FRUS volume of ../shared/data/frus
 * into a fresh archive and prints documents/s, MB/s, peak RSS and the final
 * database size, beside a parse-only baseline measured in the same run (the
 * same streaming TEI reader producing the same items, with no validation and
 * no storage) and the ratio between the two.
 *
 *   npm run bench:import [-- --runs 3] [-- --data <folder with frus/>]
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { emptyReport, importItems } from '../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../src/ingest/sources.js';
import { readTeiFile } from '../src/ingest/tei/tei-reader.js';
import { ARCHIVE_FILE, openArchive } from '../src/open-archive.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, data: { type: 'string' } },
});
const dataDir = values.data ?? process.env.DOSSIER_TEST_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const frus = join(dataDir, 'frus');
const files = readdirSync(frus).filter((f) => f.endsWith('.xml')).sort().map((f) => join(frus, f));
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
const MB = 1024 * 1024;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

async function parseOnly(): Promise<{ ms: number; documents: number }> {
  const started = performance.now();
  let documents = 0;
  const progress = { bytesRead: 0 };
  for (const path of files) {
    for await (const item of readTeiFile({ path, display: path }, progress)) {
      if ((item.raw as { kind?: string } | undefined)?.kind === 'document') documents++;
    }
  }
  return { ms: performance.now() - started, documents };
}

async function importAll(): Promise<{ ms: number; documents: number; failed: number; dbBytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-'));
  const archive = await openArchive({ dataDir: dir });
  const started = performance.now();
  const sources = await findSourceFiles([frus], 'tei');
  const report = await importItems(archive, readSources(sources, undefined, { bytesRead: 0 }), { actor: 'bench' }, emptyReport());
  const ms = performance.now() - started;
  await archive.backend.close();
  const dbBytes = ['', '-wal', '-shm'].reduce((n, s) => n + (statSync(join(dir, ARCHIVE_FILE + s), { throwIfNoEntry: false })?.size ?? 0), 0);
  rmSync(dir, { recursive: true, force: true });
  return { ms, documents: report.byKind.document?.created ?? 0, failed: report.failed, dbBytes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs = Math.max(1, Number(values.runs));
const parses: number[] = [];
const imports: number[] = [];
let last: Awaited<ReturnType<typeof importAll>> | undefined;
let parsedDocs = 0;
for (let i = 0; i < runs; i++) {
  const p = await parseOnly();
  parses.push(p.ms);
  parsedDocs = p.documents;
  last = await importAll();
  imports.push(last.ms);
}
clearInterval(sampler);

const parseMs = median(parses);
const importMs = median(imports);
const lines = [
  `FRUS import benchmark: ${files.length} files, ${(bytes / MB).toFixed(1)} MB, ${last!.documents} documents (${last!.failed} failed), median of ${runs} run${runs > 1 ? 's' : ''}`,
  `  import:      ${(importMs / 1000).toFixed(2)} s   ${Math.round(last!.documents / (importMs / 1000)).toLocaleString('en-US')} documents/s   ${(bytes / MB / (importMs / 1000)).toFixed(1)} MB/s`,
  `  parse only:  ${(parseMs / 1000).toFixed(2)} s   ${Math.round(parsedDocs / (parseMs / 1000)).toLocaleString('en-US')} documents/s   ${(bytes / MB / (parseMs / 1000)).toFixed(1)} MB/s`,
  `  ratio import / parse-only: ${(importMs / parseMs).toFixed(2)}×`,
  `  peak RSS: ${Math.round(peakRss / MB)} MB`,
  `  database size: ${(last!.dbBytes / MB).toFixed(1)} MB`,
  `  targets: ≥ 5,000 documents/s, ratio ≤ 2×, peak RSS ≤ 300 MB`,
];
console.log(lines.join('\n'));
