/**
 * The `dossier` command as built from this source (bin/dossier.js runs the
 * bundle in dist/), for tests that run it in a process of its own and check
 * its work with the source they import. Built once per test file: a dist/
 * left from before a change writes archives the source reads as another
 * version's (after a change of the search index's layout, every archive it
 * touches is "not marked complete for this version"), a failure that looks
 * like the test's and is the build's. The build renames finished bundles
 * into place, so files built at once by several test files never load half a bundle.
 * @module
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..');

/** The command's entry point; run it with `process.execPath`. */
export const DOSSIER_BIN = join(ROOT, 'bin', 'dossier.js');

let built: Promise<string> | undefined;

/** Builds dist/ from the source (once per process) and gives the command's path. */
export function buildDossier(): Promise<string> {
  built ??= promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT }).then(() => DOSSIER_BIN);
  return built;
}
