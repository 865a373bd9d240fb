/**
 * `npm run bench:cold-start [-- --dir /tmp/dossier-bench-web --runs 3]`
 *
 * How soon a freshly started server answers: starts `dossier serve` (the
 * built command, as deployed) on an archive built by `bench:web` (the demo
 * plus the FRUS volumes), and times, from the moment the process is spawned,
 * when it listens, when it has answered its first document page (a FRUS
 * document, not cached: nothing is yet), and how long the next few distinct
 * document pages take. Medians of `--runs` starts; the machine is shared.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openArchive } from '../src/open-archive.js';
import { documentPath } from '../src/web/urls.js';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/dossier-bench-web' },
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '3198' },
  },
});
const ROOT = new URL('..', import.meta.url).pathname;
const dir = args.dir!;
if (!existsSync(join(dir, 'archive.sqlite'))) throw new Error(`${dir} holds no archive: run npm run bench:web first (it builds one)`);
if (!existsSync(join(ROOT, 'dist/dossier.js'))) throw new Error('dist/dossier.js is missing: run npm run build first');

const archive = await openArchive({ dataDir: dir });
const ids = (await archive.backend.store.listDocuments({ limit: 100_000 })).items.map((d) => d.id).filter((id) => id.startsWith('frus'));
await archive.backend.close();

interface Start {
  listening: number;
  firstPage: number;
  firstLatency: number;
  nextLatency: number;
}

async function start(run: number): Promise<Start> {
  const port = Number(args.port);
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/dossier.js'), '--data', dir, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DOSSIER_LOG: 'error' },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('Open http') && resolve());
      child.once('exit', (code) => reject(new Error(`dossier serve exited with ${code}`)));
    });
    const listening = performance.now() - t0;
    // A different document each run, so no run finds what another warmed in the OS's file cache more than the archive's.
    const pick = (i: number) => ids[(run * 97 + i * 13) % ids.length]!;
    const t1 = performance.now();
    const first = await fetch(`http://127.0.0.1:${port}${documentPath(pick(0))}`, { headers: { 'accept-encoding': 'br, gzip' } });
    await first.arrayBuffer();
    if (first.status !== 200) throw new Error(`first page: ${first.status}`);
    const firstPage = performance.now() - t0;
    const firstLatency = performance.now() - t1;
    const next: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const t = performance.now();
      await (await fetch(`http://127.0.0.1:${port}${documentPath(pick(i))}`, { headers: { 'accept-encoding': 'br, gzip' } })).arrayBuffer();
      next.push(performance.now() - t);
    }
    return { listening, firstPage, firstLatency, nextLatency: median(next) };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const runs: Start[] = [];
for (let i = 0; i < Number(args.runs); i++) {
  const r = await start(i);
  runs.push(r);
  console.log(`run ${i + 1}: listening ${r.listening.toFixed(0)} ms, first document page answered ${r.firstPage.toFixed(0)} ms after start (the request itself ${r.firstLatency.toFixed(0)} ms), next pages ${r.nextLatency.toFixed(1)} ms`);
}
const m = (k: keyof Start) => median(runs.map((r) => r[k])).toFixed(k === 'nextLatency' ? 1 : 0);
console.log(`\nCold start on ${dir} (${ids.length} FRUS documents), medians of ${runs.length}: listening ${m('listening')} ms; first document page ${m('firstPage')} ms after start (its request ${m('firstLatency')} ms); the next pages ${m('nextLatency')} ms each`);
