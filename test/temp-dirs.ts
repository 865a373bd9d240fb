/**
 * Temporary folders for tests, removed when the test file is done
 * (test/remove-temp-dirs.ts, a setup file of every project): thousands of
 * runs otherwise fill the system's temporary directory. A test that needs a
 * folder to outlive its file has none: each file runs in a process of its own.
 * A run cut short (a timeout's kill) leaves its folders; they carry the
 * process's id, and the next test process to make one with the same prefix
 * removes them (src/process-temp-folder.ts).
 * @module
 */
import { rmSync } from 'node:fs';
import { processTempFolder } from '../src/process-temp-folder.js';

const made: string[] = [];

export function tempDir(prefix = 'dossier-test-'): string {
  const dir = processTempFolder(prefix);
  made.push(dir);
  return dir;
}

/** Removes every folder {@link tempDir} made in this process. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
