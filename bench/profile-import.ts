/**
 * `npx tsx bench/profile-import.ts`: which thread of `dossier import` limits
 * it. Runs the built command (`dist/dossier.js import --format tei`) on FRUS
 * volumes with `node --cpu-prof`, which writes one profile per thread (the
 * command's main thread, the import thread that writes, the reading thread),
 * and prints for each thread its time busy, idle (waiting for the other
 * thread or for input) and collecting garbage, then its busy time by step:
 * each sample counted under the first step, in the order listed below, found
 * anywhere on its stack.
 *
 * A thread idle a few percent of its time while the other waits a fifth of
 * its own is the one that limits the import. A profile slows every thread
 * alike, by a few percent; compare shares, not milliseconds.
 *
 *   npx tsx bench/profile-import.ts [--data <folder with frus/>] [--volumes frus1870,frus1897] [--dist <folder>] [--keep <folder for the .cpuprofile files>]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { data: { type: 'string' }, volumes: { type: 'string' }, dist: { type: 'string' }, keep: { type: 'string' } } });
const dataDir = values.data ?? process.env.DOSSIER_TEST_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const frus = join(dataDir, 'frus');
if (!existsSync(frus)) throw new Error(`no FRUS volumes in ${frus} (give --data)`);
const bin = join(resolve(values.dist ?? fileURLToPath(new URL('../dist/', import.meta.url))), 'dossier.js');
if (!existsSync(bin)) throw new Error(`${bin} not found: build Dossier first (npm run build)`);

/** A step of a thread's work: the first whose function names appear on a sample's stack takes the sample. */
interface Step {
  label: string;
  functions: string[];
}

const READER_STEPS: Step[] = [
  { label: 'validation and sanitizing (zod, sanitize-html)', functions: ['validateItem'] },
  { label: "text accounting: the records' words", functions: ['recordWords'] },
  { label: "text accounting: the source's words", functions: ['addWords'] },
  { label: 'TEI → records (documents, HTML, dates, pages)', functions: ['buildDocuments', 'pageSpans', 'handle'] },
  { label: 'TEI prescan', functions: ['prescanTeiFile'] },
  { label: 'TEI parse (saxes, element trees, UTF-8 decoding)', functions: ['streamTeiFile', 'readableAddChunkPushByteMode'] },
  { label: 'runs to the writer (sizing, structured clone)', functions: ['send', 'wireBytes'] },
];

const WRITER_STEPS: Step[] = [
  { label: 'search index: text from HTML', functions: ['indexFields'] },
  { label: 'search index: analysis and postings', functions: ['analyzeWith'] },
  { label: 'search index: segments encoded and written', functions: ['flushDeferred', 'putTerms'] },
  { label: "search index: each document's columns and rows", functions: ['#addTo'] },
  { label: "text accounting: records' words added on commit", functions: ['mergeBag'] },
  { label: 'catalog: rows, links, revisions, hashes, authorities', functions: ['writeDocuments', 'saveDocuments', 'writeItem', 'link'] },
  { label: 'SQLite: commits and other statements', functions: ['commitTransaction', 'executeQuery'] },
  { label: 'items received from the reading thread', functions: ['decode'] },
];

/** Loading the bundle's modules, in every thread. */
const LOADING: Step = { label: 'loading code', functions: ['loadAndTranslate', 'compileSourceTextModule', 'compileForInternalLoader'] };

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface ThreadTimes {
  totalMs: number;
  idleMs: number;
  gcMs: number;
  steps: Map<string, number>;
}

function analyse(profile: Profile, steps: Step[]): ThreadTimes {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const times = new Map<number, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    times.set(id, (times.get(id) ?? 0) + ms);
  });
  const out: ThreadTimes = { totalMs, idleMs: 0, gcMs: 0, steps: new Map() };
  for (const [id, ms] of times) {
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf === '(idle)') out.idleMs += ms;
    else if (leaf === '(garbage collector)') out.gcMs += ms;
    else {
      const names = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) names.add(byId.get(at)!.callFrame.functionName);
      const label = [...steps, LOADING].find((s) => s.functions.some((f) => names.has(f)))?.label ?? 'the rest';
      out.steps.set(label, (out.steps.get(label) ?? 0) + ms);
    }
  }
  return out;
}

/** Which thread a profile is: the reading thread's bundle is read-thread.js, the import thread's import-thread.js. */
function threadOf(profile: Profile): 'reading thread' | 'import thread' | 'main thread' {
  const urls = new Set(profile.nodes.map((n) => n.callFrame.url.split('/').pop()));
  if (urls.has('read-thread.js')) return 'reading thread';
  if (urls.has('import-thread.js')) return 'import thread';
  return 'main thread';
}

const work = mkdtempSync(join(tmpdir(), 'dossier-profile-import-'));
try {
  let source = frus;
  if (values.volumes) {
    source = join(work, 'volumes');
    mkdirSync(source);
    for (const v of values.volumes.split(',')) symlinkSync(join(frus, `${v}.xml`), join(source, `${v}.xml`));
  }
  const profiles = values.keep ? resolve(values.keep) : join(work, 'profiles');
  const archive = join(work, 'archive');
  execFileSync(process.execPath, [bin, 'init', '--data', archive], { stdio: 'ignore' });
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profiles, bin, 'import', '--format', 'tei', source, '--data', archive, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`dossier import exited with ${run.status}: ${run.stderr}`);
  const wallMs = performance.now() - started;
  const report = JSON.parse(run.stdout) as { byKind: Record<string, { created?: number }> };
  console.log(`dossier import --format tei, ${values.volumes ?? 'every FRUS volume'}: ${report.byKind.document?.created ?? 0} documents, ${(wallMs / 1000).toFixed(1)} s with --cpu-prof`);
  const pct = (ms: number, of: number) => `${((100 * ms) / of).toFixed(1).padStart(5)}%`;
  for (const file of readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile')).sort()) {
    const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8')) as Profile;
    const thread = threadOf(profile);
    const t = analyse(profile, thread === 'reading thread' ? READER_STEPS : thread === 'import thread' ? WRITER_STEPS : []);
    const busy = t.totalMs - t.idleMs;
    console.log(`\n${thread}: ${(t.totalMs / 1000).toFixed(1)} s profiled, busy ${pct(busy, t.totalMs)}, idle ${pct(t.idleMs, t.totalMs)}, garbage collection ${pct(t.gcMs, t.totalMs)}`);
    if (thread === 'main thread') continue;
    for (const [label, ms] of [...t.steps].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(ms, t.totalMs)}  ${label}`);
  }
  if (values.keep) console.log(`\nprofiles kept in ${profiles}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
