/**
 * HAProxy for tests and benchmarks: Debian's binary running the shipped
 * `deploy/haproxy.cfg` unchanged, its addresses given through the variables
 * the file reads, in the foreground on loopback. Absent, the tests that need
 * it skip with a message — except in CI, where `.ci/run` installs it.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './postgres-cluster.js';

export const HAPROXY = process.env.HAPROXY ?? '/usr/sbin/haproxy';
export const HAPROXY_CONFIG = join(import.meta.dirname, '..', 'deploy', 'haproxy.cfg');

export function haproxyAvailable(): boolean {
  const found = existsSync(HAPROXY);
  if (!found && process.env.CI) throw new Error(`HAProxy is not at ${HAPROXY}; .ci/run installs it (apt-get install haproxy)`);
  if (!found) console.warn(`Load balancer tests skipped: no HAProxy at ${HAPROXY} (apt-get install -y haproxy, or set HAPROXY)`);
  return found;
}

export interface Balancer {
  /** The site's address through the balancer, ending in `/`. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts HAProxy in front of two web processes (`host:port` each; one
 * process named twice is "one process behind the balancer") and resolves
 * once a page comes back through it.
 */
export async function startBalancer(web1: string, web2: string): Promise<Balancer> {
  const port = await freePort();
  const child = spawn(HAPROXY, ['-db', '-f', HAPROXY_CONFIG], {
    env: { ...process.env, DOSSIER_LB_BIND: `127.0.0.1:${port}`, DOSSIER_WEB1: web1, DOSSIER_WEB2: web2 },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => stopChild(child);
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${stderr}`);
    const ok = await fetch(`${url}robots.txt`).then((r) => r.ok, () => false);
    if (ok) return { url, stop };
    if (i > 100) {
      await stop();
      throw new Error(`haproxy did not answer on ${url}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
