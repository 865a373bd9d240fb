import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, SMALL_ARCHIVE, servedUrl, tempDir } from '../helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');

async function dossier(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}, 60_000);

describe('dossier CLI', () => {
  it.each(['init', 'import', 'export', 'serve', 'search', 'stats', 'reindex'])('%s --help explains the command', async (command) => {
    const { code, stdout } = await dossier([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: dossier ${command}`);
  });

  it('lists its commands and rejects an unknown one with exit code 2', async () => {
    expect((await dossier(['--help'])).stdout).toMatch(/import \[options\] <paths\.\.\.>/);
    const unknown = await dossier(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it('creates an archive, imports, searches, counts and exports it', async () => {
    const data = tempDir();
    const init = await dossier(['init', '--data', data, '--name', 'Test Archive']);
    expect(init.code).toBe(0);
    expect(existsSync(join(data, 'archive.sqlite'))).toBe(true);

    const imported = await dossier(['import', SMALL_ARCHIVE, '--data', data]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('15 created, 0 updated, 0 unchanged, 0 failed');

    const again = await dossier(['import', SMALL_ARCHIVE], { DOSSIER_DATA: data });
    expect(again.stdout).toContain('Nothing changed');

    const stats = JSON.parse((await dossier(['stats', '--json', '--data', data])).stdout);
    expect(stats).toMatchObject({ documents: 6, published: 4, drafts: 1, withdrawn: 1, collections: 2, people: 1, places: 2 });

    const search = await dossier(['search', 'fishing', 'quotas', '--json', '--limit', '1', '--data', data]);
    expect(search.code).toBe(0);
    const result = JSON.parse(search.stdout);
    expect(result.total).toBe(2);
    expect(result.hits).toHaveLength(1);
    expect(Object.keys(result.hits[0]).sort()).toEqual(['date', 'id', 'score', 'title']);
    expect(typeof result.hits[0].score).toBe('number');

    const out = join(tempDir(), 'export.jsonl');
    const exported = await dossier(['export', '--format', 'jsonl', '-o', out, '--data', data]);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(15);
  });

  it('exits 1 and names each failure when records fail to import', async () => {
    const data = tempDir();
    await dossier(['init', '--data', data]);
    const bad = join(tempDir(), 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ kind: 'document', id: 'x', title: 'X', date: 'yesterday' })}\n`);
    const result = await dossier(['import', bad, '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/bad\.jsonl:1 document "x": date: .*not an EDTF date/);
  });

  it('says clearly what is wrong with a missing file, an unknown format or bad options', async () => {
    const data = tempDir();
    const noArchive = await dossier(['import', SMALL_ARCHIVE, '--data', join(data, 'typo')]);
    expect(noArchive.code).toBe(1);
    expect(noArchive.stderr).toMatch(/no archive in .*typo .*dossier init/);
    expect(existsSync(join(data, 'typo'))).toBe(false);
    await dossier(['init', '--data', data]);
    const missing = await dossier(['import', '/no/such/file.json', '--data', data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('/no/such/file.json: no such file or folder');
    const csvWithoutMap = await dossier(['import', join(FIXTURES, 'csv', 'basic.csv'), '--data', data]);
    expect(csvWithoutMap.stderr).toContain('needs a field map');
    const badFormat = await dossier(['import', SMALL_ARCHIVE, '--format', 'docx', '--data', data]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/Allowed choices are json, jsonl, csv/);
    const badDate = await dossier(['search', 'x', '--from', 'soon', '--data', data]);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('from: a date bound is YYYY, YYYY-MM or YYYY-MM-DD');
  });

  it('serves the archive and prints its URL', async () => {
    const data = tempDir();
    await dossier(['init', '--data', data]);
    await dossier(['import', SMALL_ARCHIVE, '--data', data]);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], { cwd: ROOT });
    try {
      const url = await servedUrl(child);
      const res = await fetch(`${url}documents/t-001`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Cable on the fishing agreement');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
