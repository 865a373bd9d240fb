/**
 * `npm run bench:releases`: what keeping releases costs.
 *
 * 1. Comparing releases: the two largest releases of one record in the shared
 *    JFK corpus (a 2023 file and its 2025 re-release), compared word by word,
 *    p50 / p95 over many runs; and a 119-page record (`docid-32105805`, the
 *    largest file of the corpus) against an earlier release made from it —
 *    its lines re-flowed and one paragraph in ten withheld — compared alone
 *    and rendered as the `/documents/<id>/releases` page (through the web
 *    app, page cache off), repeatedly and as a fresh app's first request.
 *    Target: ≤ 50 ms for a 100-page record.
 * 2. Importing every JFK release (3,139 files) into a fresh archive file,
 *    documents/s, beside the same import keeping no releases (the map's
 *    `"releases": false`, every file a transcript), alternated, medians of
 *    `--runs` (default 3). Target: ≤ 1.3× the time.
 *
 *   npm run bench:releases [-- --runs 3] [-- --only compare|import] [-- --data <folder with jfk-records/>]
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareReleases } from '../src/domain/release-diff.js';
import { loadCorpusMap } from '../src/ingest/corpora/corpus-map.js';
import { emptyReport, importItems } from '../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../src/ingest/sources.js';
import { openArchive } from '../src/open-archive.js';
import { saveRecord } from '../src/services/records.js';
import { createWebApp } from '../src/web/app.js';
import { parseArchiveRecord } from '../src/domain/archive-record.js';
import { tempDir } from '../test/helpers.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, data: { type: 'string' }, only: { type: 'string' } } });
const dataDir = values.data ?? process.env.DOSSIER_TEST_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const root = join(dataDir, 'jfk-records');
if (!existsSync(join(root, 'releases'))) throw new Error(`${root} is absent: the JFK corpus is needed`);
const runs = Math.max(1, Number(values.runs));

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const median = (xs: number[]) => pct(xs, 50);
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

/** OCR Markdown → text per page (what the importer keeps, near enough for timing). */
function pagesOf(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/^## Page \d+\s*$/m)
    .slice(1)
    .map((p) => p.replace(/^---$/gm, '').trim());
}

/**
 * Wall-clock and CPU milliseconds of each run. On a shared machine the wall
 * clock also counts time spent waiting for a core; the process's CPU time
 * (its own threads, the collector's among them) is the steadier figure.
 */
async function time(fn: () => unknown, n: number): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall, cpu };
}
const figures = (t: { wall: number[]; cpu: number[] }) => `p50 ${fmt(median(t.wall))}, p95 ${fmt(pct(t.wall, 95))} (CPU p50 ${fmt(median(t.cpu))})`;

if (values.only !== 'import') await compareBench();
if (values.only !== 'compare') await importBench();

async function compareBench(): Promise<void> {
  // 1a. The two largest releases of one record in the corpus.
  const later = join(root, 'releases', '2025', '0318');
  const earlierDirs = [join(root, 'releases', '2023'), join(root, 'releases', '2023', '08')];
  let best: { name: string; a: string[]; b: string[]; size: number } | undefined;
  for (const f of readdirSync(later)) {
    const prev = earlierDirs.map((d) => join(d, f)).find(existsSync);
    if (!prev) continue;
    const a = pagesOf(prev);
    const b = pagesOf(join(later, f));
    const size = a.join(' ').length + b.join(' ').length;
    if (!best || size > best.size) best = { name: f.replace(/\.md$/, ''), a, b, size };
  }
  const pair = best!;
  const pairTimes = await time(() => compareReleases({ pages: pair.a }, { pages: pair.b }), 200);
  const pairResult = compareReleases({ pages: pair.a }, { pages: pair.b });
  console.log(`Largest release pair in the corpus: ${pair.name} (2023: ${pair.a.length} pages, 2025: ${pair.b.length} pages, ${(pair.size / 1024).toFixed(1)} KB)`);
  console.log(`  compare: ${figures(pairTimes)} (200 runs); ${pairResult.addedWords} words added, ${pairResult.passages.length} passages`);

  // 1b. A 119-page record against an earlier release made from it.
  const bigPages = pagesOf(join(root, 'releases', '2021', 'docid-32105805.md'));
  const withheld = bigPages.map((p) =>
    p
      .split(/\n\s*\n/)
      .filter((_, i) => i % 10 !== 3)
      .join('\n\n')
      // Re-flowed: every line break moved, as a second OCR pass of a re-scan does.
      .replace(/\n\n/g, ' \n')
      .replace(/ (\S+) (\S+) /g, ' $1\n$2 '),
  );
  const bigTimes = await time(() => compareReleases({ pages: withheld }, { pages: bigPages }), 30);
  const bigResult = compareReleases({ pages: withheld }, { pages: bigPages });
  console.log(`119-page record (docid-32105805) against a re-flowed earlier release with 1 paragraph in 10 withheld:`);
  console.log(`  compare: ${figures(bigTimes)} (30 runs); ${bigResult.addedWords} words added in ${bigResult.passages.length} passages`);

  const archive = await openArchive({ dataDir: ':memory:' });
  const doc = parseArchiveRecord({
    kind: 'document', id: 'bench/big', title: 'Benchmark record', collections: [],
    releases: [
      { id: 'earlier', date: '2017-10-26', name: 'Earlier release', pages: withheld },
      { id: 'later', date: '2021-12-15', name: 'Later release', pages: bigPages },
    ],
  });
  if (!doc.ok) throw new Error(JSON.stringify(doc.issues));
  await archive.backend.transaction((tx) => saveRecord(tx, doc.record, { actor: 'bench' }));
  const app = createWebApp(archive, { log: 'silent', cache: false });
  const renders = await time(async () => {
    const res = await app.request('/documents/bench/big/releases');
    await res.text();
    if (res.status !== 200) throw new Error(`page answered ${res.status}`);
  }, 30);
  console.log(`  page /documents/<id>/releases: ${figures(renders)} (30 requests, cache off) — target ≤ 50 ms`);
  // The first request of a process compares the texts and formats the citation; later ones reuse both.
  const firsts = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < 10; i++) {
    const fresh = createWebApp(archive, { log: 'silent', cache: false });
    const t = await time(async () => {
      const res = await fresh.request('/documents/bench/big/releases');
      await res.text();
    }, 1);
    firsts.wall.push(...t.wall);
    firsts.cpu.push(...t.cpu);
  }
  console.log(`  the same page, first request of a fresh web app: ${figures(firsts)} (10 apps)`);
  await archive.backend.close();
}

// 2. Importing every JFK release, with and without releases.
async function importJfk(keep: boolean): Promise<{ ms: number; documents: number; failed: number }> {
  loadCorpusMap('jfk-records').options.releases = keep;
  const dir = tempDir('dossier-bench-');
  const target = await openArchive({ dataDir: dir });
  const files = await findSourceFiles([root], 'jfk-records');
  const report = await importItems(target, readSources(files, undefined, { bytesRead: 0 }), { actor: 'bench' }, emptyReport());
  await target.backend.close();
  rmSync(dir, { recursive: true, force: true });
  return { ms: report.durationMs, documents: report.byKind.document?.created ?? 0, failed: report.failed };
}

async function importBench(): Promise<void> {
  const withTimes: number[] = [];
  const withoutTimes: number[] = [];
  let documents = 0;
  for (let r = 0; r < runs; r++) {
    const without = await importJfk(false);
    const kept = await importJfk(true);
    if (without.failed || kept.failed) throw new Error('the import failed');
    documents = kept.documents;
    withoutTimes.push(without.ms);
    withTimes.push(kept.ms);
    console.log(`  run ${r + 1}: without releases ${(without.ms / 1000).toFixed(1)} s, with ${(kept.ms / 1000).toFixed(1)} s`);
  }
  const w = median(withTimes);
  const wo = median(withoutTimes);
  console.log(`Import of every JFK release (${documents} documents), medians of ${runs}:`);
  console.log(`  without releases: ${(wo / 1000).toFixed(1)} s, ${(documents / (wo / 1000)).toFixed(0)} documents/s`);
  console.log(`  with releases:    ${(w / 1000).toFixed(1)} s, ${(documents / (w / 1000)).toFixed(0)} documents/s`);
  console.log(`  ratio: ${(w / wo).toFixed(2)}× the time (target ≤ 1.3×)`);
}
