/**
 * The site in a process of its own for the benchmarks (bench/web-server.ts), so load and server do not
 * share one event loop: started on a port, answered once it says "ready", stopped with SIGTERM.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

export async function startBenchServer(dir: string, port: number, cache = true): Promise<ChildProcess> {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'bench/web-server.ts'), dir, String(port), ...(cache ? [] : ['--no-cache'])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return child;
}

export function stopBenchServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
