/**
 * Crash faults: a child process doing real work on an archive (an import
 * with the built `dossier import`, editors' saves through the editorial
 * services, `dossier reindex`, segment merges) is killed with SIGKILL after a
 * random delay. After each kill the archive must pass `dossier check` (the
 * database's integrity check and the archive's own consistency check), and
 * running the same work again to the end must give exactly the counts of a
 * run that was never interrupted.
 *
 * Delays are drawn from a seeded generator (the seed is printed; set
 * DOSSIER_FAULT_SEED to draw the same delays again) over the working part
 * of an uninterrupted run of the same work, measured first: from the time
 * the same program takes to start and open the archive to its end. Timing on a busy
 * machine varies, so a replay kills at the same delays, not necessarily at
 * the same statement.
 *
 * The command is built from the source first (built-dossier.ts), and the
 * uninterrupted run must itself pass the check: a failure then can only be
 * the kill's, never a stale build's or the harness's.
 * @module
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkArchiveFolder } from '../../src/check-archive.js';
import { openArchive } from '../../src/open-archive.js';
import { searchParamsSchema } from '../../src/search/search-state.js';
import { runSearch } from '../../src/services/search.js';
import { buildDossier, DOSSIER_BIN } from '../built-dossier.js';
import { tempDir } from '../helpers.js';
import { rng } from '../../bench/lib/synthetic.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DOSSIER = DOSSIER_BIN;
const WORKER = join(ROOT, 'test', 'reliability', 'fault-worker.ts');

export interface Counts {
  documents: number;
  published: number;
  drafts: number;
  indexed: number;
  /** Hits for the word the work's last step writes (0 when it writes none). */
  finalWord: number;
}

export interface FaultOutcome {
  scenario: string;
  run: number;
  delayMs: number;
  /** False when the work finished before the kill landed. */
  killed: boolean;
  problems: string[];
  countsMatch: boolean;
}

interface Scenario {
  name: string;
  /** Prepares the archive every run starts from (a copy of it), once. */
  prepare(dir: string): Promise<void>;
  command(dir: string): [string, string[]];
  /** The same program doing no work (opening the archive and closing it): how long starting takes. */
  idle(dir: string): [string, string[]];
  /** A word every document ends with, searched to prove the finished work is what search sees. */
  finalWord?: string;
}

function jsonlFixture(dir: string, n: number): string {
  const file = join(dir, 'records.jsonl');
  const lines = [JSON.stringify({ kind: 'collection', id: 'fault-cables', title: 'Cables written under fire' })];
  for (let i = 0; i < n; i++) {
    lines.push(JSON.stringify({
      kind: 'document', id: `cable-${i}`, title: `Cable ${i} on the harbour blockade`, date: `19${40 + (i % 50)}-0${1 + (i % 9)}`,
      summary: `Imported record ${i}; the consul reports the steamer held at the bar.`, collections: [{ id: 'fault-cables' }],
      translations: [{ language: 'en', html: `<p>Text of cable ${i}: ${'the blockade holds and the consul waits. '.repeat(1 + (i % 7))}</p>` }],
    }));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export function scenarios(size: number): Scenario[] {
  const fixtures = tempDir('dossier-fault-fixtures-');
  const records = jsonlFixture(fixtures, size);
  const init = (dir: string) => run(process.execPath, [DOSSIER, '--data', dir, 'init']);
  return [
    {
      name: 'import',
      prepare: init,
      command: (dir) => [process.execPath, [DOSSIER, '--data', dir, 'import', '--batch-size', '25', records]],
      idle: (dir) => [process.execPath, [DOSSIER, '--data', dir, 'stats']],
      finalWord: 'blockade',
    },
    {
      name: 'editor save',
      prepare: init,
      command: (dir) => [process.execPath, ['--import', 'tsx', WORKER, 'save', dir, String(Math.round(size / 8))]],
      idle: (dir) => [process.execPath, ['--import', 'tsx', WORKER, 'save', dir, '0']],
      finalWord: 'quarantine',
    },
    {
      name: 'reindex',
      prepare: async (dir) => {
        await init(dir);
        await run(process.execPath, [DOSSIER, '--data', dir, 'import', records]);
      },
      command: (dir) => [process.execPath, [DOSSIER, '--data', dir, 'reindex']],
      idle: (dir) => [process.execPath, [DOSSIER, '--data', dir, 'stats']],
      finalWord: 'blockade',
    },
    {
      name: 'segment merge',
      prepare: init,
      command: (dir) => [process.execPath, ['--import', 'tsx', WORKER, 'merge', dir, String(Math.round(size / 2))]],
      idle: (dir) => [process.execPath, ['--import', 'tsx', WORKER, 'merge', dir, '0']],
      finalWord: 'pass3',
    },
  ];
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}: ${err.slice(-2000)}`))));
  });
}

/** Runs the work; kills it with SIGKILL after `killAfterMs` unless it ends first. */
function runKilled(cmd: string, args: string[], killAfterMs?: number): Promise<{ killed: boolean; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (signal === 'SIGKILL') resolve({ killed: true, ms });
      else if (code === 0) resolve({ killed: false, ms });
      else reject(new Error(`${args.join(' ')} exited with ${code ?? signal}: ${err.slice(-2000)}`));
    });
  });
}

function copyArchive(from: string, to: string): void {
  for (const suffix of ['', '-wal']) if (existsSync(join(from, `archive.sqlite${suffix}`))) copyFileSync(join(from, `archive.sqlite${suffix}`), join(to, `archive.sqlite${suffix}`));
}

async function counts(dir: string, word?: string): Promise<Counts> {
  const archive = await openArchive({ dataDir: dir });
  try {
    const stats = await archive.stats();
    const indexed = await archive.backend.search.count();
    let finalWord = 0;
    if (word) finalWord = (await runSearch(archive, searchParamsSchema.parse({ q: word }))).total;
    return { documents: stats.documents, published: stats.published, drafts: stats.drafts, indexed, finalWord };
  } finally {
    await archive.backend.close();
  }
}

/**
 * Runs every scenario `runs` times: one uninterrupted run for the reference
 * counts and the length of the work, then `runs` kills, each followed by the
 * check and a run to the end. Calls `log` with a line per kill.
 */
export async function runCrashFaults(options: { runs: number; seed: number; size: number; log: (line: string) => void }): Promise<FaultOutcome[]> {
  const random = rng(options.seed);
  const outcomes: FaultOutcome[] = [];
  options.log(`crash faults: ${options.runs} kill(s) per scenario, seed ${options.seed}`);
  await buildDossier();
  for (const scenario of scenarios(options.size)) {
    const template = tempDir('dossier-fault-template-');
    await scenario.prepare(template);
    const reference = tempDir('dossier-fault-reference-');
    copyArchive(template, reference);
    const [cmd, args] = scenario.command(reference);
    const full = await runKilled(cmd, args);
    const sound = await checkArchiveFolder(reference);
    if (sound.problems.length > 0) {
      throw new Error(`${scenario.name}: a run that was never killed fails the check, so no kill can be judged (is dist/ built from this source?):\n  ${sound.problems.join('\n  ')}`);
    }
    const expected = await counts(reference, scenario.finalWord);
    // Starting node and opening the archive takes much of a short run: kills are spread over the rest.
    const idleDir = tempDir('dossier-fault-idle-');
    copyArchive(template, idleDir);
    const startup = Math.min((await runKilled(...scenario.idle(idleDir))).ms, full.ms * 0.9);
    options.log(`  ${scenario.name}: an uninterrupted run takes ${(full.ms / 1000).toFixed(1)} s (starting ${(startup / 1000).toFixed(1)} s of it) and ends with ${JSON.stringify(expected)}`);
    for (let i = 1; i <= options.runs; i++) {
      const dir = tempDir('dossier-fault-');
      copyArchive(template, dir);
      const delayMs = Math.round(startup + random() * (full.ms - startup));
      const [c, a] = scenario.command(dir);
      const { killed } = await runKilled(c, a, delayMs);
      const report = await checkArchiveFolder(dir);
      const problems = report.problems.map((p) => `after the kill: ${p}`);
      await runKilled(...scenario.command(dir));
      const after = await checkArchiveFolder(dir);
      problems.push(...after.problems.map((p) => `after the re-run: ${p}`));
      const got = await counts(dir, scenario.finalWord);
      const countsMatch = JSON.stringify(got) === JSON.stringify(expected);
      if (!countsMatch) problems.push(`after the re-run: counts ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
      outcomes.push({ scenario: scenario.name, run: i, delayMs, killed, problems, countsMatch });
      const state = `${report.documents} documents, ${report.indexed} indexed at the kill`;
      options.log(`  ${scenario.name} #${i}: ${killed ? `killed at ${delayMs} ms` : `finished before ${delayMs} ms`} (${state}); check ${report.problems.length ? `FAILED (${report.problems.length} problem(s))` : 'ok'}; re-run counts ${countsMatch ? 'exact' : 'DIFFER'}${problems.length ? `\n    ${problems.join('\n    ')}` : ''}`);
    }
  }
  const failed = outcomes.filter((o) => o.problems.length > 0).length;
  const killed = outcomes.filter((o) => o.killed).length;
  options.log(`crash faults: ${outcomes.length} runs (${killed} killed mid-work), ${failed} failed (seed ${options.seed})`);
  return outcomes;
}
