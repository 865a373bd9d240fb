/**
 * Throwaway PostgreSQL clusters for tests: Debian's server binaries, a data
 * folder in a temp dir, listening on 127.0.0.1 on a free port, removed when
 * the suite stops it. `replicaOf` makes a streaming replica with
 * `pg_basebackup -R`. PostgreSQL refuses to run as root, so when the tests
 * run as root (CI) every server command runs as the `postgres` user.
 *
 * The cluster's default collation is ICU's en-US, as on a typical server, so
 * anything that relies on the database sorting like SQLite's byte order
 * shows up in tests rather than in production.
 * @module
 */
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where the server binaries are: PG_BIN, else the newest of Debian's /usr/lib/postgresql/N/bin. */
export const PG_BIN = process.env.PG_BIN ?? debianBinaries();

function debianBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  return join(root, versions.find((v) => existsSync(join(root, v, 'bin', 'initdb'))) ?? '15', 'bin');
}

/**
 * Whether tests can start a cluster. Absent binaries skip the PostgreSQL
 * tests on a developer machine; in CI (`CI` set) they are a failure, since
 * `.ci/run` installs Debian's `postgresql`.
 */
export function postgresAvailable(): boolean {
  const found = existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
  if (!found && process.env.CI) {
    throw new Error(`PostgreSQL server binaries are not in ${PG_BIN}; .ci/run installs them (apt-get install postgresql)`);
  }
  if (!found) console.warn(`PostgreSQL tests skipped: no server binaries in ${PG_BIN} (apt-get install postgresql, or set PG_BIN)`);
  return found;
}

export interface PostgresCluster {
  readonly port: number;
  readonly dataDir: string;
  /** A URL for `database` on this cluster (user `postgres`, trusted on loopback). */
  url(database?: string): string;
  /** Creates a fresh empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Runs one statement as the superuser against `database` (default `postgres`). */
  query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[], database?: string): Promise<R[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

const asRoot = userInfo().uid === 0;

/** Runs a server binary, as `postgres` when the tests run as root. */
async function pgCommand(binary: string, args: string[]): Promise<string> {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, binary), ...args]] : [join(PG_BIN, binary), args];
  try {
    const { stdout } = await run(file, argv, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${binary} failed: ${e.stderr || e.message}`, { cause: error });
  }
}

/** A folder the server's user may write. */
function serverDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  return dir;
}

function postgresUser(): { uid: number; gid: number } {
  // `id` is always there; reading /etc/passwd by hand would miss NSS users.
  const out = (field: string) => Number(execFileSync('id', [field, 'postgres']).toString().trim());
  return { uid: out('-u'), gid: out('-g') };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function cluster(root: string, dataDir: string, port: number): PostgresCluster {
  let counter = 0;
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = [], database = 'postgres'): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  let running = true;
  return {
    port,
    dataDir,
    url,
    query,
    async createDatabase(name = `test_${process.pid}_${++counter}`) {
      await query(`create database "${name}"`);
      return url(name);
    },
    async stop() {
      if (!running) return;
      await pgCommand('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    async start() {
      await pgCommand('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', 'start']);
      running = true;
    },
    async destroy() {
      try {
        // The data is removed next: no shutdown checkpoint, and no wait for a replica to catch up.
        if (running) await pgCommand('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
        running = false;
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** Settings for a test server: loopback only, its socket in its own folder, durability traded for speed. */
function serverConfig(dataDir: string, port: number): string {
  return [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dataDir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'shared_buffers = 32MB',
    'max_connections = 150',
    'wal_level = replica',
    'max_wal_senders = 4',
    'hot_standby = on',
    '',
  ].join('\n');
}

/** Initializes and starts a new cluster in a temp folder. */
export async function startCluster(given?: number): Promise<PostgresCluster> {
  const root = serverDir('dossier-pg-');
  const dataDir = join(root, 'data');
  try {
    await pgCommand('initdb', [
      '-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8',
      '--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=en-US', '--no-sync',
    ]);
    const port = given ?? (await freePort());
    appendFileSync(join(dataDir, 'postgresql.conf'), serverConfig(dataDir, port));
    const c = cluster(root, dataDir, port);
    await c.start();
    return c;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The cluster kept in `root` (a benchmark's, reused between its runs):
 * started on a free port if it is there, else initialized there first;
 * on `DOSSIER_BENCH_PG_PORT` when that is set (a machine where a server may
 * listen only on given ports). `destroy` removes it; `stop` keeps it for the next run.
 */
export async function keptCluster(root: string): Promise<PostgresCluster> {
  const dataDir = join(root, 'data');
  const given = process.env.DOSSIER_BENCH_PG_PORT ? Number(process.env.DOSSIER_BENCH_PG_PORT) : undefined;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(root, { recursive: true, force: true });
    const fresh = await startCluster(given);
    await fresh.stop();
    await run('mv', [join(fresh.dataDir, '..'), root]);
  }
  const port = given ?? (await freePort());
  // The later lines of the file win: the new port and socket folder replace the last run's.
  appendFileSync(join(dataDir, 'postgresql.conf'), serverConfig(dataDir, port));
  const c = cluster(root, dataDir, port);
  await c.start();
  return c;
}

/** A streaming replica of `primary` (pg_basebackup -R writes standby.signal and the connection), started on its own port. */
export async function replicaOf(primary: PostgresCluster): Promise<PostgresCluster> {
  const root = serverDir('dossier-pg-replica-');
  const dataDir = join(root, 'data');
  try {
    await pgCommand('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    const port = await freePort();
    // The copied configuration names the primary's port and socket folder; the later lines win.
    appendFileSync(join(dataDir, 'postgresql.conf'), serverConfig(dataDir, port));
    const c = cluster(root, dataDir, port);
    await c.start();
    return c;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
