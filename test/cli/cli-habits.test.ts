/**
 * What a script expects of a command line: `--json` output that parses when
 * the command runs from `npm run -s` or from the bin as npm installs it (a
 * link in a bin folder), option errors that name the option as typed, an
 * unknown `--collection` refused, and docs/import-format.md's examples
 * importing into a fresh archive as the page says.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { SMALL_ARCHIVE, tempDir } from '../helpers.js';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
let bin: string;

async function run(file: string, args: string[]) {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let data: string;
beforeAll(async () => {
  await exec(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
  // As `npm install -g` or `npm link` installs it: a link to bin/dossier.js in a bin folder.
  bin = join(tempDir(), 'dossier');
  symlinkSync(join(ROOT, 'bin', 'dossier.js'), bin);
  data = tempDir();
  await run(bin, ['init', '--data', data]);
  await run(bin, ['import', SMALL_ARCHIVE, '--data', data]);
}, 60_000);

describe('--json output is pipeable', () => {
  it('from the installed bin: stdout is exactly one JSON document', async () => {
    for (const args of [['stats', '--json'], ['search', 'fishing', '--json'], ['authority', 'list', '--json'], ['authority', 'duplicates', '--json']]) {
      const { code, stdout } = await run(bin, [...args, '--data', data]);
      expect(code, args.join(' ')).toBe(0);
      expect(() => JSON.parse(stdout), `${args.join(' ')}: ${stdout.slice(0, 80)}`).not.toThrow();
    }
    const imported = await run(bin, ['import', SMALL_ARCHIVE, '--json', '--data', data]);
    expect(JSON.parse(imported.stdout)).toMatchObject({ unchanged: 15, failed: 0 });
  });

  it('from `npm run -s dossier --`, which builds first without a word on stdout', async () => {
    const { code, stdout } = await run('npm', ['run', '-s', 'dossier', '--', 'search', 'fishing', '--json', '--data', data]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).total).toBe(2);
  }, 60_000);
});

describe('a reader that stops early', () => {
  it('ends the command quietly with exit code 0 when the pipe closes (`dossier export | head`)', async () => {
    const demo = tempDir();
    await run(bin, ['init', '--demo', '--data', demo]);
    const child = spawn(bin, ['export', '--data', demo], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read one chunk, then close the pipe, as `head -c` does; the export is far larger than a pipe's buffer.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});

describe('option errors', () => {
  it('name the option as typed, never the field behind it', async () => {
    for (const [args, option] of [
      [['search', 'x', '--limit', 'abc'], '--limit'],
      [['search', 'x', '-n', '0'], '--limit'],
      [['search', 'x', '--page', 'two'], '--page'],
      [['search', 'x', '--from', 'soon'], '--from'],
      [['search', 'x', '--facet', 'colour=red'], '--facet'],
      [['import', SMALL_ARCHIVE, '--batch-size', 'many'], '--batch-size'],
    ] as const) {
      const { code, stderr } = await run(bin, [...args, '--data', data]);
      expect(code, args.join(' ')).not.toBe(0);
      expect(stderr, args.join(' ')).toContain(option);
      expect(stderr).not.toMatch(/perPage|NaN/);
    }
  });

  it('refuse an unknown --collection instead of searching the whole archive', async () => {
    const unknown = await run(bin, ['search', 'fishing', '--collection', 'no-such-collection', '--json', '--data', data]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('--collection: there is no collection "no-such-collection"');
    const stats = JSON.parse((await run(bin, ['stats', '--json', '--data', data])).stdout) as { collections: number };
    expect(stats.collections).toBeGreaterThan(0);
  });
});

describe('docs/import-format.md', () => {
  it('has examples that import into a fresh archive in the order the page gives', async () => {
    const page = readFileSync(join(ROOT, 'docs', 'import-format.md'), 'utf8');
    const section = (heading: string) => page.split(/^## /m).find((s) => s.startsWith(heading))!;
    const blocks = (text: string) => [...text.matchAll(/```(json|jsonl)\n([\s\S]*?)```/g)].map((m) => ({ ext: m[1]!, body: m[2]! }));
    // The Documents section says: authority records and collections first, then the document.
    expect(section('Documents')).toMatch(/import the records of \[Authority records\][\s\S]*and \[Collections\][\s\S]*first/);
    const ordered = [...blocks(section('Authority records')), ...blocks(section('Collections')), ...blocks(section('Documents'))];
    expect(ordered.length).toBe(3);
    const dir = tempDir();
    const files = ordered.map((b, i) => {
      const file = join(dir, `${String(i + 1).padStart(2, '0')}-example.${b.ext}`);
      writeFileSync(file, b.body);
      return file;
    });
    const fresh = tempDir();
    await run(bin, ['init', '--data', fresh]);
    const { code, stdout, stderr } = await run(bin, ['import', ...files, '--json', '--data', fresh]);
    const report = JSON.parse(stdout) as { failed: number; failures: unknown[]; byKind: Record<string, { created: number }> };
    expect(report.failures, stderr).toEqual([]);
    expect(code).toBe(0);
    expect(report.byKind.document!.created).toBe(1);
    expect(report.byKind.collection!.created).toBe(2);
  });
});
