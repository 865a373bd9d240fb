/**
 * `dossier import` reads and validates its sources in a thread of its own
 * while the import thread writes (cli/read-ahead.ts). The real command, run
 * both ways on a FRUS volume and on sources with bad records, must report the
 * same: records, failures, warnings, the text accounting; and a source that
 * cannot be read stops it with the same error.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, SHARED_DATA, SMALL_ARCHIVE, tempDir } from '../helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');
const VOLUME = join(SHARED_DATA, 'frus', 'frus1861.xml');

async function dossier(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The report of importing `paths` into a new archive, read in a thread (`readHeapMb` > 0) or in the import thread (0). */
async function report(paths: string[], readHeapMb: number, extra: string[] = []) {
  const data = tempDir();
  await dossier(['init', '--data', data]);
  const out = await dossier(['import', ...paths, ...extra, '--data', data, '--json'], { DOSSIER_IMPORT_READ_HEAP_MB: String(readHeapMb) });
  const parsed = JSON.parse(out.stdout) as { durationMs: number };
  return { ...parsed, durationMs: 0 };
}

beforeAll(async () => {
  await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}, 60_000);

describe('dossier import on two threads', () => {
  it('reports as reading in the import thread does: records, failures per record, the text accounting', async () => {
    const paths = [SMALL_ARCHIVE, join(FIXTURES, 'csv', 'basic.csv')];
    const map = ['--map', join(FIXTURES, 'csv', 'basic-map.json')];
    const threaded = await report(paths, 256, map);
    expect(threaded).toMatchObject({ created: expect.any(Number), failed: 2 });
    expect(threaded).toEqual(await report(paths, 0, map));
  }, 60_000);

  it.skipIf(!existsSync(VOLUME))('imports a FRUS volume whole, with the same report both ways', async () => {
    const threaded = (await report([VOLUME], 256)) as unknown as { created: number; failed: number; texts: { unexplained: number }[] };
    expect(threaded.created).toBeGreaterThan(400);
    expect(threaded.failed).toBe(0);
    expect(threaded.texts.map((t) => t.unexplained)).toEqual([0]);
    expect(threaded).toEqual(await report([VOLUME], 0));
  }, 120_000);

  it('stops with the reader\'s error, and refuses a reading heap too small to mean anything', async () => {
    const data = tempDir();
    await dossier(['init', '--data', data]);
    const csv = join(FIXTURES, 'csv', 'basic.csv');
    const threaded = await dossier(['import', csv, '--data', data]);
    const here = await dossier(['import', csv, '--data', data], { DOSSIER_IMPORT_READ_HEAP_MB: '0' });
    expect(threaded.code).not.toBe(0);
    expect(threaded.stderr).toContain('needs a field map');
    expect(threaded.stderr).toBe(here.stderr);
    const small = await dossier(['import', SMALL_ARCHIVE, '--data', data], { DOSSIER_IMPORT_READ_HEAP_MB: '8' });
    expect(small.code).not.toBe(0);
    expect(small.stderr).toMatch(/DOSSIER_IMPORT_READ_HEAP_MB/);
  }, 60_000);
});
