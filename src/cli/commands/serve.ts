/**
 * `dossier serve`: the public site over HTTP.
 * @module
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { serve } from '@hono/node-server';
import { loadDemo } from '../../ingest/demo.js';
import { openMediaStorage } from '../../media/open-media-storage.js';
import { JobRunner } from '../../services/jobs/job-runner.js';
import { createWebApp } from '../../web/app.js';
import type { CliContext } from '../context.js';
import { JOB_KIND_NAMES, jobKinds } from '../job-kinds.js';
import { wholeNumber } from '../options.js';

export function serveCommand(ctx: CliContext): Command {
  return new Command('serve')
    .description('serve the archive over HTTP')
    .option('-p, --port <port>', 'port to listen on (PORT)', wholeNumber(0, 65_535))
    .option('--host <host>', 'address to listen on (HOST)')
    .option('--demo', 'load the demonstration archive if the archive is empty')
    .option('--no-jobs', 'leave queued jobs to `dossier worker` processes instead of running them here')
    .action(async (opts: { port?: number; host?: string; demo?: boolean; jobs: boolean }, cmd: Command) => {
      const archive = await ctx.open(cmd, { create: opts.demo }); // npm start (serve --demo) makes the first archive
      if (opts.demo && (await archive.stats()).documents === 0) {
        ctx.out('First run: loading the demonstration archive…');
        const report = await loadDemo(archive);
        ctx.out(`Loaded ${report.created} records.`);
      }
      const dataDir = (cmd.optsWithGlobals().data as string | undefined) ?? ctx.config.dataDir;
      // Scans: the data folder's media/ (uploads go there unless DOSSIER_MEDIA_URL names a bucket), then the demo's.
      const mediaDir = dataDir === ':memory:' ? undefined : join(dataDir, 'media');
      const media = await openMediaStorage(ctx.config.media, mediaDir, ctx.err);
      // Queued jobs (scheduled publication among them) run here unless workers run them (docs/deploy.md). Not
      // uploads: here those run in their own request, which this runner must not take from under it.
      const only = JOB_KIND_NAMES.filter((kind) => kind !== 'scan-derivatives');
      const jobs = new JobRunner(archive, jobKinds(dataDir, media), { only, log: (line) => /^jobs:|: failed/.test(line) && ctx.err(line) });
      const app = createWebApp(archive, {
        baseUrl: ctx.config.baseUrl,
        log: ctx.config.log,
        trustProxy: ctx.config.trustProxy,
        interfaces: { adminEmail: ctx.config.adminEmail },
        mediaDirs: mediaDir ? [mediaDir] : [],
        media,
        // In the data folder, never beside archive.location: on PostgreSQL that is the database's URL.
        iiifDir: mediaDir && join(dataDir, 'iiif'),
        bulkDir: dataDir === ':memory:' ? undefined : join(dataDir, 'bulk'),
        jobs: dataDir === ':memory:' ? undefined : { nudge: () => jobs.nudge(), workers: !opts.jobs },
      });
      const port = opts.port ?? ctx.config.port;
      const hostname = opts.host ?? ctx.config.host;
      const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
        const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
        ctx.out(`Dossier is serving ${archive.location}`);
        ctx.out(`Open http://${shown}:${info.port}/ in a browser (Ctrl+C to stop).`);
      });
      if (opts.jobs) jobs.start();
      const stop = () => {
        server.close();
        void jobs.stop().then(() => archive.close()).then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
