/**
 * `dossier serve`: the public site over HTTP, in this process or, with
 * `--workers N`, in N web processes sharing the port (serve-workers.ts).
 * Queued jobs (scheduled publication, bulk files, index compaction) run in
 * the process that opened the archive — this one, or the supervisor of the
 * web processes — unless `--no-jobs` leaves them to `dossier worker`.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Command } from 'commander';
import { serve } from '@hono/node-server';
import { loadDemo } from '../../ingest/demo.js';
import { openMediaStorage } from '../../media/open-media-storage.js';
import type { Archive } from '../../services/archive.js';
import { JobRunner } from '../../services/jobs/job-runner.js';
import { warmLongTexts } from '../../services/long-text-warmup.js';
import type { MediaStorage } from '../../services/media-storage.js';
import { createWebApp } from '../../web/app.js';
import type { CliContext } from '../context.js';
import { JOB_KIND_NAMES, jobKinds } from '../job-kinds.js';
import { wholeNumber } from '../options.js';
import { isWebWorker, superviseWorkers } from '../serve-workers.js';

interface ServeOptions { port?: number; host?: string; demo?: boolean; workers: number; jobs: boolean }

export function serveCommand(ctx: CliContext): Command {
  return new Command('serve')
    .description('serve the archive over HTTP')
    .option('-p, --port <port>', 'port to listen on (PORT)', wholeNumber(0, 65_535))
    .option('--host <host>', 'address to listen on (HOST)')
    .option('--demo', 'load the demonstration archive if the archive is empty')
    .option('--workers <n>', 'web processes sharing the port (a dead one is restarted)', wholeNumber(1, 64), 1)
    .option('--no-jobs', 'leave queued jobs to `dossier worker` processes instead of running them here')
    .action(async (opts: ServeOptions, cmd: Command) => {
      const port = opts.port ?? ctx.config.port;
      const hostname = opts.host ?? ctx.config.host;
      const announce = (location: string, listening: number) => {
        const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
        ctx.out(`Dossier is serving ${location}${opts.workers > 1 ? ` with ${opts.workers} web processes` : ''}`);
        ctx.out(`Open http://${shown}:${listening}/ in a browser (Ctrl+C to stop).`);
      };
      if (isWebWorker()) return serveHere(ctx, cmd, opts, { port, hostname, runJobs: false });

      const archive = await ctx.open(cmd, { create: opts.demo }); // npm start (serve --demo) makes the first archive
      if (opts.demo && (await archive.stats()).documents === 0) {
        ctx.out('First run: loading the demonstration archive…');
        const report = await loadDemo(archive);
        ctx.out(`Loaded ${report.created} records.`);
      }
      if (opts.workers === 1) return serveHere(ctx, cmd, opts, { port, hostname, runJobs: opts.jobs, archive, announce });
      const media = await mediaOf(ctx, cmd);
      superviseWorkers({
        workers: opts.workers,
        // Page cursors must open in whichever process the next page lands on.
        env: { DOSSIER_CURSOR_KEY: ctx.config.cursorKey ?? randomBytes(24).toString('base64url') },
        onListening: (listening) => announce(archive.location, listening),
        err: ctx.err,
        background: () => {
          const jobs = opts.jobs ? jobRunner(ctx, cmd, archive, media) : undefined;
          jobs?.start();
          return async () => {
            await jobs?.stop();
            await archive.close();
          };
        },
      });
    });
}

/** How long after listening the long texts are made ready for search. */
const WARM_AFTER_MS = 1000;

interface HereOptions {
  port: number;
  hostname: string;
  /** Whether this process runs the queued jobs (a web process of `--workers` leaves them to its supervisor). */
  runJobs: boolean;
  archive?: Archive;
  announce?: (location: string, port: number) => void;
}

function dataDirOf(ctx: CliContext, cmd: Command): string {
  return (cmd.optsWithGlobals().data as string | undefined) ?? ctx.config.dataDir;
}

/** Scans: the data folder's media/ (uploads go there unless DOSSIER_MEDIA_URL names a bucket), then the demo's. */
function mediaOf(ctx: CliContext, cmd: Command): Promise<MediaStorage | undefined> {
  const dataDir = dataDirOf(ctx, cmd);
  return openMediaStorage(ctx.config.media, dataDir === ':memory:' ? undefined : join(dataDir, 'media'), ctx.err);
}

/** Every kind but uploads: a web process draws an upload's pages in its own request, which a runner must not take. */
function jobRunner(ctx: CliContext, cmd: Command, archive: Archive, media: MediaStorage | undefined): JobRunner {
  const only = JOB_KIND_NAMES.filter((kind) => kind !== 'scan-derivatives');
  return new JobRunner(archive, jobKinds(dataDirOf(ctx, cmd), media), { only, log: (line) => /^jobs:|: failed/.test(line) && ctx.err(line) });
}

async function serveHere(ctx: CliContext, cmd: Command, opts: ServeOptions, options: HereOptions): Promise<void> {
  const archive = options.archive ?? (await ctx.open(cmd));
  const dataDir = dataDirOf(ctx, cmd);
  const mediaDir = dataDir === ':memory:' ? undefined : join(dataDir, 'media');
  const media = await mediaOf(ctx, cmd);
  const jobs = options.runJobs ? jobRunner(ctx, cmd, archive, media) : undefined;
  const app = createWebApp(archive, {
    baseUrl: ctx.config.baseUrl,
    log: ctx.config.log,
    trustProxy: ctx.config.trustProxy,
    cursorKey: ctx.config.cursorKey,
    // On PostgreSQL, several processes are the point: they count searches together.
    rateLimits: ctx.config.databaseUrl ? 'archive' : 'process',
    interfaces: { adminEmail: ctx.config.adminEmail },
    mediaDirs: mediaDir ? [mediaDir] : [],
    media,
    // In the data folder, never beside archive.location: on PostgreSQL that is the database's URL.
    iiifDir: mediaDir && join(dataDir, 'iiif'),
    bulkDir: dataDir === ':memory:' ? undefined : join(dataDir, 'bulk'),
    jobs: dataDir === ':memory:' ? undefined : { nudge: () => jobs?.nudge(), workers: !opts.jobs },
  });
  // Long texts made ready for search between requests (long-text-warmup.ts), a moment after the first pages are
  // answered (a start's first page is not kept waiting); a failure costs only their first search's time.
  const warming = new AbortController();
  const warm = () => warmLongTexts(archive, { signal: warming.signal }).catch((e: unknown) => warming.signal.aborted || ctx.err(`Long texts not made ready for search: ${String(e)}`));
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname }, (info) => {
    options.announce?.(archive.location, info.port);
    setTimeout(warm, WARM_AFTER_MS).unref();
  });
  jobs?.start();
  const stop = () => {
    warming.abort();
    // Requests in flight are answered before the archive closes; a load balancer sends new ones elsewhere.
    server.close(() => void (jobs ? jobs.stop() : Promise.resolve()).then(() => archive.close()).then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
