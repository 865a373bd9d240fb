import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/open-archive.js';
import { Sessions } from '../../src/services/sessions.js';
import { SMALL_ARCHIVE, tempDir } from '../helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');

/** Runs the built command, writing `stdin` to it. */
function dossier(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DOSSIER_BASE_URL: 'https://archive.example.org' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** A fresh, empty archive: commands other than `init` refuse a folder that holds none. */
async function newArchive(): Promise<string> {
  const data = tempDir();
  await run(process.execPath, [BIN, 'init', '--data', data], { cwd: ROOT });
  return data;
}

beforeAll(async () => {
  await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}, 60_000);

describe('dossier user', () => {
  it('adds the first admin from a password on standard input, who can then sign in', async () => {
    const data = await newArchive();
    const added = await dossier(['user', 'add', 'You@Example.org', '--role', 'admin', '--password-stdin', '--data', data], 'a long admin passphrase\n');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Added you@example.org (admin)');
    expect(added.stdout + added.stderr).not.toContain('a long admin passphrase');
    const archive = await openArchive({ dataDir: data });
    const { session } = await new Sessions(archive).signIn({ email: 'you@example.org', password: 'a long admin passphrase', ip: '127.0.0.1' });
    expect(session.user.role).toBe('admin');
    await archive.backend.close();
  }, 30_000);

  it('lists, changes roles, disables, and prints one-time links; bad input exits 1 naming the problem', async () => {
    const data = await newArchive();
    const invited = await dossier(['user', 'add', 'tr@example.org', '--role', 'translator', '--data', data]);
    expect(invited.stdout).toMatch(/https:\/\/archive\.example\.org\/admin\/reset\/[\w-]{40,}/);
    expect((await dossier(['user', 'list', '--data', data])).stdout).toMatch(/tr@example\.org\s+translator\s+no password yet/);
    expect((await dossier(['user', 'set-role', 'tr@example.org', 'reviewer', '--data', data])).stdout).toContain('now reviewer');
    expect((await dossier(['user', 'disable', 'tr@example.org', '--data', data])).stdout).toContain('disabled');
    const listed = JSON.parse((await dossier(['user', 'list', '--json', '--data', data])).stdout);
    expect(listed[0]).toMatchObject({ email: 'tr@example.org', role: 'reviewer', disabled: true, hasPassword: false });
    expect(JSON.stringify(listed)).not.toContain('passwordHash');
    const reset = await dossier(['user', 'reset', 'tr@example.org', '--data', data]);
    expect(reset.stdout).toContain('/admin/reset/');

    const badRole = await dossier(['user', 'add', 'x@example.org', '--role', 'superuser', '--data', data]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('role: expected one of admin, editor, reviewer, translator, viewer');
    const weak = await dossier(['user', 'add', 'y@example.org', '--role', 'editor', '--password-stdin', '--data', data], 'short');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('password: a password needs at least 12 characters');
    const twice = await dossier(['user', 'add', 'tr@example.org', '--role', 'editor', '--data', data]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already exists');
    const audit = await openArchive({ dataDir: data });
    const actions = (await audit.backend.editors.listAudit({ limit: 50 })).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.add', 'user.role', 'user.disable', 'user.reset']));
    await audit.backend.close();
  }, 60_000);
});

describe('dossier audit', () => {
  it('prints the log filtered by account and time, as text or JSON Lines', async () => {
    const data = await newArchive();
    await dossier(['user', 'add', 'a@example.org', '--role', 'admin', '--password-stdin', '--data', data], 'a long admin passphrase');
    await dossier(['user', 'set-role', 'a@example.org', 'editor', '--data', data]);
    const archive = await openArchive({ dataDir: data });
    await expect(new Sessions(archive).signIn({ email: 'a@example.org', password: 'not the password', ip: '192.0.2.7' })).rejects.toThrow();
    await archive.backend.close();

    const text = await dossier(['audit', '--data', data]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/a@example\.org\s+signin\.failed\s+user:a@example\.org \[192\.0\.2\.7\]/);
    const json = (await dossier(['audit', '--json', '--user', 'cli', '--since', '1h', '--data', data])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(json.map((e) => e.action)).toEqual(['user.role', 'user.add']);
    expect(json[0].detail).toEqual({ from: 'admin', to: 'editor' });
    expect((await dossier(['audit', '--since', '2999-01-01', '--data', data])).stdout).toContain('No entries.');
    const bad = await dossier(['audit', '--since', 'last tuesday', '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a date');
  }, 60_000);
});

describe('dossier token', () => {
  it('prints a token once, lists tokens without secrets, and revokes them', async () => {
    const data = await newArchive();
    await dossier(['user', 'add', 'bot@example.org', '--role', 'editor', '--data', data]);
    const created = await dossier(['token', 'create', 'bot@example.org', '--name', 'nightly import', '--data', data]);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^dossier_[\w-]{43}$/);
    expect(created.stderr).toContain('will not be shown again');
    const list = await dossier(['token', 'list', '--data', data]);
    expect(list.stdout).toMatch(/bot@example\.org\s+nightly import\s+last used never/);
    expect(list.stdout).not.toContain(secret.slice(8));
    const archive = await openArchive({ dataDir: data });
    const { Tokens } = await import('../../src/services/tokens.js');
    expect(await new Tokens(archive).authenticate(secret)).toMatchObject({ name: 'bot@example.org', role: 'editor', via: 'token' });
    await archive.backend.close();
    const id = list.stdout.trim().split(/\s+/)[0]!;
    expect((await dossier(['token', 'revoke', id, '--data', data])).stdout).toContain('revoked');
    expect((await dossier(['token', 'revoke', id, '--data', data])).code).toBe(1);
    const after = await openArchive({ dataDir: data });
    expect(await new Tokens(after).authenticate(secret)).toBeUndefined();
    await after.backend.close();
    expect((await dossier(['token', 'create', 'nobody@example.org', '--data', data])).stderr).toContain('Account "nobody@example.org" was not found');
  }, 60_000);
});

describe('dossier import in the audit log', () => {
  it('leaves one entry per run with what it did', async () => {
    const data = await newArchive();
    expect((await dossier(['import', SMALL_ARCHIVE, '--data', data])).code).toBe(0);
    const entries = (await dossier(['audit', '--json', '--action', 'import', '--data', data])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'cli', action: 'import', detail: { created: 15, updated: 0, failed: 0 } });
  }, 60_000);
});
