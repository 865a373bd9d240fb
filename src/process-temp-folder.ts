/**
 * Temporary folders that belong to the process that made them: each name
 * carries the process's id (`<prefix><pid>-XXXXXX`), so that what a process
 * killed outright leaves behind (SIGKILL, a test run cut short: no exit hook
 * runs) can be told from what a running one uses. The first folder a
 * process makes with a prefix removes that prefix's folders of processes
 * that no longer run. A running process's folder is never touched; one whose
 * id a new process has taken stays until that one ends too.
 * @module
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temporary directories and prefixes this process has swept already. */
const swept = new Set<string>();

/** Makes `<prefix><pid>-XXXXXX` in the system's temporary directory, first removing those of dead processes. */
export function processTempFolder(prefix: string): string {
  const dir = tmpdir();
  removeOrphans(dir, prefix);
  return mkdtempSync(join(dir, `${prefix}${process.pid}-`));
}

function removeOrphans(dir: string, prefix: string): void {
  const key = `${dir}\u0000${prefix}`;
  if (swept.has(key)) return;
  swept.add(key);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) ? /^(\d+)-/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid === undefined || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
