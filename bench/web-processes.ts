/**
 * bench:web's rows for several web processes behind the load balancer
 * (deploy/haproxy.cfg, run unchanged by Debian's haproxy): uncached search
 * pages, a different word per request, through HAProxy in front of one
 * process and then of two (target: two ≥ 1.6× one on two cores), and a run
 * in which one of the two is killed (SIGKILL) a third of the way through,
 * counting the requests that failed against those that could have been in
 * flight (one per connection). The processes read one archive: the
 * embedded file in WAL mode, which several processes may read at once.
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { haproxyAvailable, startBalancer } from '../test/haproxy.js';
import { freePort } from '../test/postgres-cluster.js';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

/**
 * bench/web-server.ts as one process (tsx as a loader, not tsx's launcher): a kill must reach the web
 * process itself, not a wrapper that leaves it running.
 */
async function startWebProcess(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/web-server.ts'), dir, String(port), '--no-cache'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`web process exited with ${code}`)));
  });
  return child;
}

function stopWebProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface ProcessRowsOptions {
  dir: string;
  /** Two ports for the web processes. */
  ports: [number, number];
  /** Search paths, each asked once in turn. */
  searches: string[];
  connections: number;
  durationS: number;
}

interface Run { rps: number; p50: number; p99: number; total: number; failed: number }

async function drive(url: string, paths: string[], options: ProcessRowsOptions, during?: (started: number) => void): Promise<Run> {
  let i = 0;
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: options.durationS,
    headers: { 'accept-encoding': 'br' },
    requests: [{ method: 'GET', setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  during?.(Date.now());
  const result = await instance;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    failed: result.errors + result.timeouts + result.non2xx,
  };
}

function line(label: string, r: Run): string {
  return `${label.padEnd(46)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${String(r.failed).padStart(6)}`;
}

/** Prints the rows; returns without measuring (and says why) when HAProxy is not installed. */
export async function measureProcesses(options: ProcessRowsOptions): Promise<void> {
  console.log(`\nWeb processes behind HAProxy (deploy/haproxy.cfg): uncached search pages, a different word per request, ${options.connections} connections, ${options.durationS} s each`);
  if (!haproxyAvailable()) return;
  console.log(`${'row'.padEnd(46)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'failed'.padStart(6)}`);
  const [p1, p2] = options.ports;
  const servers: ChildProcess[] = [];
  const rotate = (from: number) => [...options.searches.slice(from), ...options.searches.slice(0, from)];
  try {
    servers.push(await startWebProcess(options.dir, p1));
    // Warm: the process has searched before (its index loaded), as one serving for a while has.
    for (const p of rotate(0).slice(0, 20)) await fetch(`http://127.0.0.1:${p1}${p}`).then((r) => r.arrayBuffer());
    // One process: the balancer's second server is a port nothing listens on, taken out by the health checks.
    let balancer = await startBalancer(`127.0.0.1:${p1}`, `127.0.0.1:${await freePort()}`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const one = await drive(balancer.url, rotate(Math.floor(options.searches.length / 5)), options);
    console.log(line('one process behind HAProxy', one));
    await balancer.stop();

    servers.push(await startWebProcess(options.dir, p2));
    for (const p of rotate(20).slice(0, 20)) await fetch(`http://127.0.0.1:${p2}${p}`).then((r) => r.arrayBuffer());
    balancer = await startBalancer(`127.0.0.1:${p1}`, `127.0.0.1:${p2}`);
    const two = await drive(balancer.url, rotate(Math.floor((2 * options.searches.length) / 5)), options);
    console.log(line('two processes behind HAProxy', two));
    console.log(`two / one: ${(two.rps / Math.max(one.rps, 1)).toFixed(2)}× (target ≥ 1.6× on two cores; the load tool and HAProxy share those cores)`);

    let killedAt = 0;
    const killed = await drive(balancer.url, rotate(Math.floor((3 * options.searches.length) / 5)), options, (started) => {
      setTimeout(() => {
        killedAt = Date.now() - started;
        servers[0]!.kill('SIGKILL');
      }, (options.durationS * 1000) / 3).unref();
    });
    console.log(line(`two, one killed at ${(killedAt / 1000).toFixed(1)} s`, killed));
    console.log(`kill run: ${killed.failed} of ${killed.total} requests failed; at most ${options.connections} were in flight at the kill, so ${Math.max(0, killed.failed - options.connections)} failed beyond those in flight`);
    await balancer.stop();
  } finally {
    for (const server of servers) if (server.exitCode === null && server.signalCode === null) await stopWebProcess(server);
  }
}
