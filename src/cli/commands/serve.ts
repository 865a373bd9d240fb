/**
 * `dossier serve`: the public site over HTTP, in this process or, with
 * `--workers N`, in N web processes sharing the port (serve-workers.ts).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { serve } from '@hono/node-server';
import { loadDemo } from '../../ingest/demo.js';
import type { Archive } from '../../services/archive.js';
import { Editorial } from '../../services/editorial.js';
import { createWebApp } from '../../web/app.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../options.js';
import { isWebWorker, superviseWorkers } from '../serve-workers.js';

interface ServeOptions { port?: number; host?: string; demo?: boolean; workers: number }

export function serveCommand(ctx: CliContext): Command {
  return new Command('serve')
    .description('serve the archive over HTTP')
    .option('-p, --port <port>', 'port to listen on (PORT)', wholeNumber(0, 65_535))
    .option('--host <host>', 'address to listen on (HOST)')
    .option('--demo', 'load the demonstration archive if the archive is empty')
    .option('--workers <n>', 'web processes sharing the port (a dead one is restarted)', wholeNumber(1, 64), 1)
    .action(async (opts: ServeOptions, cmd: Command) => {
      const port = opts.port ?? ctx.config.port;
      const hostname = opts.host ?? ctx.config.host;
      const announce = (location: string, listening: number) => {
        const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
        ctx.out(`Dossier is serving ${location}${opts.workers > 1 ? ` with ${opts.workers} web processes` : ''}`);
        ctx.out(`Open http://${shown}:${listening}/ in a browser (Ctrl+C to stop).`);
      };
      if (isWebWorker()) return serveHere(ctx, cmd, { port, hostname, publish: false });

      const archive = await ctx.open(cmd, { create: opts.demo }); // npm start (serve --demo) makes the first archive
      if (opts.demo && (await archive.stats()).documents === 0) {
        ctx.out('First run: loading the demonstration archive…');
        const report = await loadDemo(archive);
        ctx.out(`Loaded ${report.created} records.`);
      }
      if (opts.workers === 1) return serveHere(ctx, cmd, { port, hostname, publish: true, archive, announce });
      superviseWorkers({
        workers: opts.workers,
        // Page cursors must open in whichever process the next page lands on.
        env: { DOSSIER_CURSOR_KEY: ctx.config.cursorKey ?? randomBytes(24).toString('base64url') },
        onListening: (listening) => announce(archive.location, listening),
        err: ctx.err,
        background: () => {
          const stopPublishing = publishOnSchedule(archive, ctx);
          return async () => {
            stopPublishing();
            await archive.close();
          };
        },
      });
    });
}

interface HereOptions {
  port: number;
  hostname: string;
  /** Whether this process runs scheduled publication (a web process of `--workers` leaves it to its supervisor). */
  publish: boolean;
  archive?: Archive;
  announce?: (location: string, port: number) => void;
}

async function serveHere(ctx: CliContext, cmd: Command, options: HereOptions): Promise<void> {
  const archive = options.archive ?? (await ctx.open(cmd));
  const dataDir = (cmd.optsWithGlobals().data as string | undefined) ?? ctx.config.dataDir;
  // The archive's own scans (media/ beside the archive file) come before the demo's.
  const app = createWebApp(archive, {
    baseUrl: ctx.config.baseUrl,
    log: ctx.config.log,
    trustProxy: ctx.config.trustProxy,
    cursorKey: ctx.config.cursorKey,
    // On PostgreSQL, several processes are the point: they count searches together.
    rateLimits: ctx.config.databaseUrl ? 'archive' : 'process',
    interfaces: { adminEmail: ctx.config.adminEmail },
    mediaDirs: [join(dirname(archive.location), 'media')],
    bulkDir: dataDir === ':memory:' ? undefined : join(dataDir, 'bulk'),
  });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname }, (info) => {
    options.announce?.(archive.location, info.port);
  });
  const stopPublishing = options.publish ? publishOnSchedule(archive, ctx) : () => {};
  const stop = () => {
    stopPublishing();
    // Requests in flight are answered before the archive closes; a load balancer sends new ones elsewhere.
    server.close(() => void archive.close().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Scheduled publication: checked every half minute (and whenever an editor opens the worklist). */
function publishOnSchedule(archive: Archive, ctx: CliContext): () => void {
  const editorial = new Editorial(archive);
  const timer = setInterval(() => void editorial.publishDue().catch((e: unknown) => ctx.err(`scheduled publication failed: ${String(e)}`)), 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
