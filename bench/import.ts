/**
 * `npm run bench:import`: imports every FRUS volume of ../shared/data/frus
 * into a fresh archive with the real command (`dossier import --format tei`,
 * built first, in a process of its own) and prints documents/s, MB/s, the
 * command's peak RSS and the final database size, beside a parse-only
 * baseline measured in the same run (the same streaming TEI reader producing
 * the same items, in this process, with no validation and no storage) and the
 * ratio between the two; and a peer: the same reader feeding a plain SQLite
 * FTS5 table (title and text of each document, one transaction per volume),
 * the least an import into a full-text index can do with this parser, and
 * Dossier's import time over the peer's.
 *
 * With `--backend postgres` each run imports into a throwaway PostgreSQL
 * cluster too (test/postgres-cluster.ts, Debian's binaries), and both
 * databases' figures are printed side by side.
 *
 * With `--before <folder>` (a copy of another commit's `dist/`, e.g. main's
 * built and copied aside) each run also imports with that build, by turns with
 * this one, and its figures are printed beside this build's: a change to the
 * import is measured against the code before it in the same runs. With
 * `--backend postgres` too, that build also imports into PostgreSQL by turns.
 *
 *   npm run bench:import [-- --runs 3] [-- --data <folder with frus/>] [-- --backend postgres] [-- --before <dist folder>]
 */
import { spawn, execFileSync } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ImportReport } from '../src/ingest/import-service.js';
import { htmlToText } from '../src/domain/rich-text.js';
import { readTeiFile } from '../src/ingest/tei/tei-reader.js';
import { ARCHIVE_FILE } from '../src/open-archive.js';
import { startCluster, type PostgresCluster } from '../test/postgres-cluster.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, data: { type: 'string' }, backend: { type: 'string', default: 'sqlite' }, before: { type: 'string' } },
});
const dataDir = values.data ?? process.env.DOSSIER_TEST_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const frus = join(dataDir, 'frus');
const files = readdirSync(frus).filter((f) => f.endsWith('.xml')).sort().map((f) => join(frus, f));
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
const MB = 1024 * 1024;

const BIN = fileURLToPath(new URL('../dist/dossier.js', import.meta.url));
if (!existsSync(BIN)) throw new Error('build Dossier first (npm run build)');
const BEFORE = values.before === undefined ? undefined : join(values.before, 'dossier.js');
if (BEFORE !== undefined && !existsSync(BEFORE)) throw new Error(`--before: no dossier.js in ${values.before} (copy a built dist/ there)`);

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

/**
 * The peer: the same streaming TEI reader, each document's title and text (its transcripts' HTML as
 * plain text) inserted into a plain FTS5 table through one prepared statement, one transaction per
 * volume, in a fresh SQLite file with the archive's journal settings.
 */
async function peerFts5(): Promise<{ ms: number; documents: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-fts5-'));
  const db = new BetterSqlite3(join(dir, 'peer.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')`);
  const insert = db.prepare('INSERT INTO docs (id, title, body) VALUES (?, ?, ?)');
  const started = performance.now();
  let documents = 0;
  const progress = { bytesRead: 0 };
  for (const path of files) {
    db.exec('BEGIN');
    for await (const item of readTeiFile({ path, display: path }, progress)) {
      const raw = item.raw as { kind?: string; id?: string; title?: string; transcripts?: { html?: string }[] } | undefined;
      if (raw?.kind !== 'document') continue;
      insert.run(raw.id, raw.title ?? '', (raw.transcripts ?? []).map((t) => htmlToText(t.html ?? '')).join('\n'));
      documents++;
    }
    db.exec('COMMIT');
  }
  const ms = performance.now() - started;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { ms, documents };
}

/**
 * The real command, `dossier import --format tei`, in a process of its own (built first by
 * `npm run bench:import`): its own timing from the report, and its peak RSS (VmHWM) read from /proc.
 */
async function importAll(databaseUrl?: string, bin = BIN): Promise<{ ms: number; documents: number; failed: number; dbBytes: number; peakRss?: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-'));
  const env = databaseUrl ? { ...process.env, DATABASE_URL: databaseUrl } : process.env;
  execFileSync(process.execPath, [bin, 'init', '--data', dir], { stdio: 'ignore', env }); // import never creates an archive
  const child = spawn(process.execPath, [bin, 'import', '--format', 'tei', frus, '--data', dir, '--json'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  let childPeak: number | undefined;
  const watch = setInterval(() => {
    let status = '';
    try {
      status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    } catch {
      return; // not Linux, or the process has just ended
    }
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    if (hwm) childPeak = Math.max(childPeak ?? 0, Number(hwm[1]) * 1024);
  }, 25);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(watch);
  if (code !== 0 && code !== 1) throw new Error(`dossier import exited with ${code}`);
  const report = JSON.parse(out) as ImportReport;
  const dbBytes = databaseUrl
    ? Number((await postgres!.query<{ n: string }>('select pg_database_size(current_database()) as n', [], new URL(databaseUrl).pathname.slice(1)))[0]!.n)
    : ['', '-wal', '-shm'].reduce((n, s) => n + (statSync(join(dir, ARCHIVE_FILE + s), { throwIfNoEntry: false })?.size ?? 0), 0);
  rmSync(dir, { recursive: true, force: true });
  return { ms: report.durationMs, documents: report.byKind.document?.created ?? 0, failed: report.failed, dbBytes, peakRss: childPeak };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rss = (xs: number[]) => (xs.length ? `${Math.round(median(xs) / MB)} MB${xs.length > 1 ? ` (each run: ${xs.map((p) => Math.round(p / MB)).join(', ')} MB)` : ''}` : 'not measured (no /proc)');
const runs = Math.max(1, Number(values.runs));
if (!['sqlite', 'postgres'].includes(values.backend!)) throw new Error('--backend is sqlite or postgres');
const postgres: PostgresCluster | undefined = values.backend === 'postgres' ? await startCluster() : undefined;
const parses: number[] = [];
const imports: number[] = [];
const pgImports: number[] = [];
const peers: number[] = [];
const peaks: number[] = [];
const beforeImports: number[] = [];
const beforePeaks: number[] = [];
const pgBeforeImports: number[] = [];
let last: Awaited<ReturnType<typeof importAll>> | undefined;
let pgLast: Awaited<ReturnType<typeof importAll>> | undefined;
let parsedDocs = 0;
try {
  for (let i = 0; i < runs; i++) {
    const p = await parseOnly();
    parses.push(p.ms);
    parsedDocs = p.documents;
    peers.push((await peerFts5()).ms);
    if (BEFORE !== undefined) {
      const before = await importAll(undefined, BEFORE);
      beforeImports.push(before.ms);
      if (before.peakRss) beforePeaks.push(before.peakRss);
    }
    last = await importAll();
    imports.push(last.ms);
    if (last.peakRss) peaks.push(last.peakRss);
    if (postgres) {
      if (BEFORE !== undefined) pgBeforeImports.push((await importAll(await postgres.createDatabase(), BEFORE)).ms);
      pgLast = await importAll(await postgres.createDatabase());
      pgImports.push(pgLast.ms);
    }
  }
} finally {
  await postgres?.destroy();
}

const parseMs = median(parses);
const importMs = median(imports);
const peerMs = median(peers);
const lines = [
  `FRUS import benchmark: ${files.length} files, ${(bytes / MB).toFixed(1)} MB, ${last!.documents} documents (${last!.failed} failed), median of ${runs} run${runs > 1 ? 's' : ''}`,
  `  import:      ${(importMs / 1000).toFixed(2)} s   ${Math.round(last!.documents / (importMs / 1000)).toLocaleString('en-US')} documents/s   ${(bytes / MB / (importMs / 1000)).toFixed(1)} MB/s`,
  `  parse only:  ${(parseMs / 1000).toFixed(2)} s   ${Math.round(parsedDocs / (parseMs / 1000)).toLocaleString('en-US')} documents/s   ${(bytes / MB / (parseMs / 1000)).toFixed(1)} MB/s`,
  `  peer (same reader + plain FTS5 insert): ${(peerMs / 1000).toFixed(2)} s   ${Math.round(parsedDocs / (peerMs / 1000)).toLocaleString('en-US')} documents/s`,
  `  ratio import / parse-only: ${(importMs / parseMs).toFixed(2)}×`,
  `  ratio Dossier / peer (time): ${(importMs / peerMs).toFixed(2)}×`,
  `  peak RSS of dossier import: ${rss(peaks)}`,
  `  database size: ${(last!.dbBytes / MB).toFixed(1)} MB`,
  `  targets: ≥ 2,000 documents/s, import / parse-only ≤ 2×, Dossier / peer ≤ 1.0×, peak RSS ≤ 300 MB`,
];
if (BEFORE !== undefined) {
  const beforeMs = median(beforeImports);
  lines.push(
    `  before (${values.before}, by turns in the same runs): ${(beforeMs / 1000).toFixed(2)} s   ${Math.round(last!.documents / (beforeMs / 1000)).toLocaleString('en-US')} documents/s   ` +
      `import / parse-only ${(beforeMs / parseMs).toFixed(2)}×, Dossier / peer ${(beforeMs / peerMs).toFixed(2)}×, peak RSS ${rss(beforePeaks)}; this build's time / before's: ${(importMs / beforeMs).toFixed(2)}× (each run: ${imports.map((ms, i) => (ms / beforeImports[i]!).toFixed(2)).join(', ')})`,
  );
}
if (pgLast) {
  const pgMs = median(pgImports);
  lines.push(
    `  PostgreSQL (same run, throwaway cluster on loopback): ${(pgMs / 1000).toFixed(2)} s   ${Math.round(pgLast.documents / (pgMs / 1000)).toLocaleString('en-US')} documents/s   ` +
      `(${(pgMs / importMs).toFixed(2)}× SQLite's time), ${pgLast.failed} failed, peak RSS ${pgLast.peakRss ? `${Math.round(pgLast.peakRss / MB)} MB` : 'not measured'}, database ${(pgLast.dbBytes / MB).toFixed(1)} MB`,
  );
  if (pgBeforeImports.length) {
    const pgBeforeMs = median(pgBeforeImports);
    lines.push(
      `  PostgreSQL before (${values.before}, by turns in the same runs): ${(pgBeforeMs / 1000).toFixed(2)} s   ${Math.round(pgLast.documents / (pgBeforeMs / 1000)).toLocaleString('en-US')} documents/s; ` +
        `this build's time / before's: ${(pgMs / pgBeforeMs).toFixed(2)}× (each run: ${pgImports.map((ms, i) => (ms / pgBeforeImports[i]!).toFixed(2)).join(', ')})`,
    );
  }
}
console.log(lines.join('\n'));
