/**
 * The CLI on PostgreSQL: with DATABASE_URL set, `init`, `import`, `search`,
 * `stats`, `serve` and `check` work on the database (and no archive file
 * appears in the data folder), and a second process sees what the first wrote.
 * @module
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_ARCHIVE, servedUrl, tempDir } from '../helpers.js';
import { postgresAvailable, startCluster, type PostgresCluster } from '../postgres-cluster.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');

describe.skipIf(!postgresAvailable())('dossier CLI on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let env: Record<string, string>;
  beforeAll(async () => {
    await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    cluster = await startCluster();
    env = { DATABASE_URL: await cluster.createDatabase() };
  }, 60_000);
  afterAll(async () => {
    await cluster?.destroy();
  });

  async function dossier(args: string[]) {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('creates the archive in the database, imports, searches, counts and serves it', async () => {
    const data = tempDir();
    const init = await dossier(['init', '--data', data, '--name', 'Test Archive']);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/Archive ready at postgres(ql)?:\/\/postgres@127\.0\.0\.1:\d+\/test_/);
    expect(existsSync(join(data, 'archive.sqlite'))).toBe(false);

    const imported = await dossier(['import', SMALL_ARCHIVE, '--data', data]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('15 created, 0 updated, 0 unchanged, 0 failed');
    expect((await dossier(['import', SMALL_ARCHIVE, '--data', data])).stdout).toContain('Nothing changed');

    const stats = JSON.parse((await dossier(['stats', '--json', '--data', data])).stdout);
    expect(stats).toMatchObject({ documents: 6, published: 4, drafts: 1, withdrawn: 1, collections: 2, people: 1, places: 2 });
    const search = JSON.parse((await dossier(['search', 'fishing', 'quotas', '--json', '--limit', '1', '--data', data])).stdout);
    expect(search.total).toBe(2);
    expect(search.hits).toHaveLength(1);

    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], { cwd: ROOT, env: { ...process.env, ...env } });
    try {
      const url = await servedUrl(child);
      const page = await fetch(`${url}documents/t-001`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Cable on the fishing agreement');
      const found = await fetch(`${url}search?q=fishing+quotas`);
      expect(found.status).toBe(200);
      expect(await found.text()).toContain('Cable on the fishing agreement');
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('checks the archive in the database: its tables, its indexes by amcheck once installed, and its records against their revisions', async () => {
    const data = tempDir();
    const url = await cluster.createDatabase();
    const at = { ...env, DATABASE_URL: url };
    const database = new URL(url).pathname.slice(1);
    const dossierAt = (args: string[]) => run(process.execPath, [BIN, ...args, '--data', data], { cwd: ROOT, env: { ...process.env, ...at } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect((await dossierAt(['init'])).code).toBe(0);
    expect((await dossierAt(['import', SMALL_ARCHIVE])).code).toBe(0);

    const sound = await dossierAt(['check', '--json']);
    expect(sound.code).toBe(0);
    const report = JSON.parse(sound.stdout);
    expect(report).toMatchObject({ documents: 6, published: 4, indexed: 4, revisionsChecked: 6, problems: [] });
    expect(report.integrity[0]).toMatch(/^tables: ok \(\d+ read whole, \d+ rows; data checksums (on|off)\)$/);
    expect(report.integrity[1]).toMatch(/^indexes: not verified \(the amcheck extension is not installed/);
    expect(existsSync(join(data, 'archive.sqlite'))).toBe(false);

    await cluster.query('create extension amcheck', [], database);
    const verified = JSON.parse((await dossierAt(['check', '--json'])).stdout);
    expect(verified.integrity[1]).toMatch(/^indexes: ok \((\d+) B-tree indexes verified by amcheck\)$/);
    expect(Number(/\((\d+)/.exec(verified.integrity[1])![1])).toBeGreaterThan(5);

    await cluster.query(`update documents set record = (record::jsonb || '{"summary": "changed behind the archive''s back"}')::text where id = 't-002'`, [], database);
    const damaged = await dossierAt(['check']);
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toMatch(/problem: document t-002: its latest revision \(\d+\) is not the stored record/);
    expect(damaged.stdout).toContain('1 problem(s) found.');
  }, 60_000);

  it('says that a database without an archive holds none, and checks nothing', async () => {
    const url = await cluster.createDatabase();
    const result = await run(process.execPath, [BIN, 'check', '--data', tempDir()], { cwd: ROOT, env: { ...process.env, ...env, DATABASE_URL: url } }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/holds no Dossier archive: it has no documents, collections, authorities, revisions, settings, kysely_migration tables/);
    // Nothing was created by looking.
    expect(await cluster.query("select tablename from pg_tables where schemaname = 'public'", [], new URL(url).pathname.slice(1))).toEqual([]);
  }, 60_000);
});
