/**
 * `dossier serve --workers N`: one supervising process and N web processes
 * sharing one port (node:cluster; the kernel socket is the primary's, and
 * connections are handed to the workers in turn). A web process keeps
 * nothing of its own that another would need — sessions, sign-in failures,
 * rate limits and the archive are in the database, caches follow the change
 * marker — so one that dies is simply started again while the others go on
 * answering. The supervisor opens the archive first (migrations, a stale
 * index rebuilt, the demo) so that N processes do not race to do it, and
 * keeps it for what must not run N times: the queued jobs (serve.ts).
 * @module
 */
import cluster, { type Worker } from 'node:cluster';

export interface SupervisorOptions {
  workers: number;
  /** Environment added for every web process (what they must share, e.g. the cursor key). */
  env: Record<string, string>;
  /** Called once, with the port, when every first worker listens. */
  onListening: (port: number) => void;
  err: (text: string) => void;
  /** Work the supervisor does itself until it stops; returns how to stop it. */
  background: () => () => Promise<void>;
}

/** A worker that dies sooner than this after starting counts as a failed start. */
const EARLY_DEATH_MS = 5_000;
/** Failed starts in a row double the wait before the next, up to this. */
const MAX_RESTART_DELAY_MS = 30_000;

export function superviseWorkers(options: SupervisorOptions): void {
  let stopping = false;
  let listening = 0;
  let failedStarts = 0;
  const startedAt = new Map<Worker, number>();

  const fork = () => {
    const worker = cluster.fork(options.env);
    startedAt.set(worker, Date.now());
    worker.once('listening', (address) => {
      // Announced once every first process listens: a connection is not refused while one of them still starts.
      if (++listening === options.workers) options.onListening(address.port);
      if (listening > options.workers) options.err(`web process ${worker.process.pid} is answering`);
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) return;
    failedStarts = lived < EARLY_DEATH_MS ? failedStarts + 1 : 0;
    // A process that cannot start (the database is down, a bad setting) is not restarted in a tight loop.
    const delay = failedStarts === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** (failedStarts - 1));
    options.err(`web process ${worker.process.pid} stopped (${signal ?? `exit ${code}`}); starting another${delay ? ` in ${delay} ms` : ''}`);
    setTimeout(() => !stopping && fork(), delay); // held: with every process dead, this timer keeps the supervisor alive
  });

  for (let i = 0; i < options.workers; i++) fork();
  const stopBackground = options.background();

  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    // Each worker finishes the requests it holds (serve.ts), then exits; a stuck one is ended after 10 s.
    const exited = workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const w of workers) w.process.kill('SIGTERM');
    const force = setTimeout(() => workers.forEach((w) => w.isDead() || w.process.kill('SIGKILL')), 10_000);
    void Promise.all(exited).then(async () => {
      clearTimeout(force);
      await stopBackground();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Whether this process is a web process started by a supervisor. */
export function isWebWorker(): boolean {
  return cluster.isWorker;
}
