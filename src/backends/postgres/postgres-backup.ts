/**
 * Backup and restore of an archive on PostgreSQL with the server's own
 * tools: `pg_dump --format=custom` (one repeatable-read snapshot, so the
 * copy is consistent while the site serves and editors write; nothing is
 * locked against them) and `pg_restore --single-transaction --clean` (the
 * target ends as the backup, or, if anything fails, as it was). As with
 * SQLite, the backup is written beside its destination and renamed into
 * place once `pg_restore --list` reads it back, so a backup file is whole or
 * absent. What goes wrong is said plainly: the tools missing, a pg_dump
 * older than the server, a file that is not a backup of a Dossier archive.
 * The password never reaches a command line: it travels in PGPASSWORD.
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { fileHead } from '../file-head.js';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { DossierError } from '../../domain/errors.js';
import { redactPostgresUrl } from './postgres-url.js';
import { ARCHIVE_TABLES } from '../archive-tables.js';

const run = promisify(execFile);

export interface PostgresBackupOptions {
  /** Where pg_dump and pg_restore are (found on PATH unless given). */
  binDir?: string;
}

export interface PostgresBackupResult {
  bytes: number;
  /** The server's major version, which the dump was taken from. */
  serverVersion: number;
}

const CUSTOM_MAGIC = 'PGDMP';
const SQLITE_MAGIC = 'SQLite format 3';

export async function backupPostgres(url: string, destination: string, options: PostgresBackupOptions = {}): Promise<PostgresBackupResult> {
  const target = resolve(destination);
  if (!existsSync(dirname(target))) throw new DossierError(`cannot write the backup ${destination}: its folder does not exist`);
  const pgDump = tool('pg_dump', options);
  const serverVersion = await serverMajor(url);
  const clientVersion = await toolMajor(pgDump);
  if (clientVersion < serverVersion) {
    throw new DossierError(
      `${pgDump} is PostgreSQL ${clientVersion}'s, older than the server (${serverVersion}), which it cannot dump; ` +
        `install postgresql-client-${serverVersion} (Debian) and put its pg_dump first on PATH`,
    );
  }
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    await runTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${withoutPassword(url)}`], url);
    await readDumpTables(partial, destination, options);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return { bytes: statSync(target).size, serverVersion };
}

/** Replaces the archive in the database at `url` with the backup `file`, all at once or not at all. */
export async function restorePostgres(file: string, url: string, options: PostgresBackupOptions = {}): Promise<{ bytes: number }> {
  await readDumpTables(file, file, options);
  await runTool(
    tool('pg_restore', options),
    ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${withoutPassword(url)}`, file],
    url,
  );
  return { bytes: statSync(file).size };
}

/** Throws unless `file` is a pg_dump custom-format file of a Dossier archive (the tables it holds, listed by pg_restore). */
async function readDumpTables(file: string, label: string, options: PostgresBackupOptions): Promise<void> {
  const magic = fileHead(file, 16, label).toString('latin1');
  if (magic.startsWith(SQLITE_MAGIC)) {
    throw new DossierError(`${label} is a backup of an embedded (SQLite) archive, not of a PostgreSQL one: restore it without DATABASE_URL, then \`dossier migrate --to\` moves it into PostgreSQL`);
  }
  if (!magic.startsWith(CUSTOM_MAGIC)) throw new DossierError(`${label} is not a Dossier backup: not a pg_dump custom-format file`);
  const { stdout } = await runTool(tool('pg_restore', options), ['--list', file]);
  const tables = new Set([...stdout.matchAll(/^\d+; \d+ \d+ TABLE \S+ (\S+) /gm)].map((m) => m[1]));
  const missing = ARCHIVE_TABLES.filter((t) => !tables.has(t));
  if (missing.length) throw new DossierError(`${label} is not a backup of a Dossier archive: it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}`);
}

function tool(name: 'pg_dump' | 'pg_restore', options: PostgresBackupOptions): string {
  const dirs = options.binDir ? [options.binDir] : (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const found = dirs.map((d) => join(d, name)).find((p) => existsSync(p));
  if (!found) {
    throw new DossierError(`${name} was not found ${options.binDir ? `in ${options.binDir}` : 'on PATH'}: install PostgreSQL's client tools (Debian: apt-get install postgresql-client)`);
  }
  return found;
}

async function toolMajor(path: string): Promise<number> {
  const { stdout } = await runTool(path, ['--version']);
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
  if (!match) throw new DossierError(`${path} --version said "${stdout.trim()}", not a PostgreSQL version`);
  return Number(match[1]);
}

async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
    const version = Math.floor(Number(rows[0]?.v) / 10_000);
    if (!Number.isFinite(version) || version <= 0) throw new Error(`it reports no version (${rows[0]?.v})`);
    return version;
  } catch (error) {
    throw new DossierError(`PostgreSQL at ${redactPostgresUrl(url)} cannot be reached: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs a client tool with the URL's password in its environment; its own message, not a stack, when it fails. */
async function runTool(path: string, args: string[], url?: string): Promise<{ stdout: string }> {
  const password = url ? decodeURIComponent(new URL(url).password) : '';
  try {
    const { stdout } = await run(path, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } });
    return { stdout };
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    const said = (e.stderr || e.message).trim().split('\n').slice(0, 5).join('; ');
    throw new DossierError(`${basename(path)} failed: ${url ? said.replaceAll(url, redactPostgresUrl(url)) : said}`, { cause: error });
  }
}

function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}
