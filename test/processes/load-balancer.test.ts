/**
 * The shipped load balancer configuration (deploy/haproxy.cfg), run
 * unchanged in front of two `dossier serve` processes on one PostgreSQL
 * database with a streaming replica: while visitors search and read, one
 * process is killed (SIGKILL, no goodbye) and no request fails beyond those
 * it held at that instant — HAProxy sends those again to the other process
 * and its health checks take the dead one out. And `serve --workers 2`
 * starts a new web process on the same port when one dies, the site
 * answering throughout.
 * @module
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/ingest/demo.js';
import { openArchive } from '../../src/open-archive.js';
import { haproxyAvailable, startBalancer, stopChild, type Balancer } from '../haproxy.js';
import { servedUrl, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { freePort, postgresAvailable, replicaOf, startCluster, type PostgresCluster } from '../postgres-cluster.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');
const WORDS = ['treaty', 'fishing', 'minister', 'cable', 'embassy', 'trade', 'peace', 'railway', 'consul', 'telegram', 'harbor', 'loan'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function serveProcess(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: { ...process.env, DOSSIER_LOG: 'error', ...env } });
}

/**
 * Eight visitors asking through `url`, each a different search or document, never a cached page, until `ms` have
 * passed or, given `enough`, that many requests have been answered (so a slow machine runs longer rather than less).
 */
async function visitors(url: string, ms: number, onTick: (inFlight: number, elapsed: number, ok: number) => void, enough = Infinity) {
  const failures: string[] = [];
  let ok = 0;
  let inFlight = 0;
  let n = 0;
  const start = Date.now();
  const timer = setInterval(() => onTick(inFlight, Date.now() - start, ok), 20);
  const one = async () => {
    while (Date.now() - start < ms && ok < enough) {
      const i = n++;
      const path = i % 3 === 2 ? `documents/demo-00${String(29 + (i % 15)).padStart(2, '0')}` : `search?q=${WORDS[i % WORDS.length]}+${i}`;
      inFlight++;
      try {
        const res = await fetch(url + path, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        if (res.status === 200 || res.status === 404) ok++;
        else failures.push(`${path}: ${res.status}`);
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, one));
  clearInterval(timer);
  return { ok, failures };
}

describe.skipIf(!haproxyAvailable() || !postgresAvailable())('web processes behind HAProxy', () => {
  let primary: PostgresCluster;
  let replica: PostgresCluster;
  let env: Record<string, string>;
  const web: ChildProcessWithoutNullStreams[] = [];
  let balancer: Balancer | undefined;

  beforeAll(async () => {
    const built = run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    primary = await startCluster();
    const url = await primary.createDatabase();
    const setup = await openArchive({ dataDir: tempDir(), databaseUrl: url });
    await loadDemo(setup);
    await setup.close();
    replica = await replicaOf(primary);
    env = { DATABASE_URL: url, DATABASE_READ_URL: replica.url(new URL(url).pathname.slice(1)), DOSSIER_CURSOR_KEY: 'one key for every web process' };
    await built;
  }, 90_000);

  afterAll(async () => {
    await balancer?.stop();
    for (const child of web) await stopChild(child);
    await replica?.destroy();
    await primary?.destroy();
  });

  it('loses no request but those in flight when one of two processes is killed mid-way', async () => {
    const ports = [await freePort(), await freePort()];
    for (const port of ports) web.push(serveProcess(['--port', String(port), '--data', tempDir()], env));
    const direct = await Promise.all(web.map((child) => servedUrl(child)));
    // Each process has searched once (its index loaded), as a process serving for a while has.
    for (const url of direct) await fetch(`${url}search?q=treaty`).then((r) => r.arrayBuffer());
    balancer = await startBalancer(`127.0.0.1:${ports[0]}`, `127.0.0.1:${ports[1]}`);

    let killedWith: number | undefined;
    // Killed once 60 requests are answered, and the visitors go on until 160 are (4 s on a quiet machine).
    const { ok, failures } = await visitors(
      balancer.url,
      40_000,
      (inFlight, _elapsed, answered) => {
        if (killedWith === undefined && answered >= 60) {
          killedWith = inFlight;
          web[0]!.kill('SIGKILL');
        }
      },
      160,
    );
    console.log(`behind HAProxy: ${ok} answered, ${failures.length} failed (${failures.join('; ')}), ${killedWith} in flight when one of two processes was killed`);
    expect(killedWith).toBeDefined();
    expect(web[0]!.signalCode).toBe('SIGKILL');
    expect(ok).toBeGreaterThanOrEqual(160);
    expect(failures.length).toBeLessThanOrEqual(killedWith!);
    // Afterwards every request is answered by the survivor.
    const after = await visitors(balancer.url, 500, () => {});
    expect(after.failures).toEqual([]);
  }, 90_000);

  it('serve --workers 2 starts a new web process on the same port when one dies, answering throughout', async () => {
    const data = tempDir();
    await run(process.execPath, [BIN, 'init', '--data', data], { cwd: ROOT });
    await run(process.execPath, [BIN, 'import', SMALL_ARCHIVE, '--data', data], { cwd: ROOT });
    const child = serveProcess(['--port', '0', '--data', data, '--workers', '2'], {});
    web.push(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await servedUrl(child);
    const workers = async () => (await run('pgrep', ['-P', String(child.pid)]).catch(() => ({ stdout: '' }))).stdout.trim().split('\n').filter(Boolean).map(Number);
    let pids = await workers();
    for (let i = 0; i < 50 && pids.length < 2; i++, pids = await workers()) await sleep(100);
    expect(pids).toHaveLength(2);

    process.kill(pids[0]!, 'SIGKILL');
    const during = await visitors(url, 2_000, () => {});
    expect(during.failures.length).toBeLessThanOrEqual(8); // at most what the dead process held, one per visitor
    expect(during.ok).toBeGreaterThan(0);
    expect(stderr).toMatch(new RegExp(`web process ${pids[0]} stopped \\(SIGKILL\\); starting another`));
    const replaced = /web process (\d+) is answering/;
    for (let i = 0; i < 100 && !replaced.test(stderr); i++) await sleep(100);
    const now = await workers();
    expect(now).toHaveLength(2);
    expect(now).not.toContain(pids[0]);
    expect(now).toContain(Number(replaced.exec(stderr)?.[1]));
    // The other first process goes too: the one started in its place answers on the same port.
    const exited = new Promise<void>((resolve) => child.stderr.on('data', () => stderr.includes(`web process ${pids[1]} stopped`) && resolve()));
    process.kill(pids[1]!, 'SIGKILL');
    await exited;
    const res = await fetch(`${url}documents/t-001`);
    expect(res.status).toBe(200);
    await stopChild(child);
    expect(child.exitCode).toBe(0);
    // Three commands, two rounds of restarts and a graceful stop that may wait 10 s for a process still starting: slow beside other test files.
  }, 60_000);
});
