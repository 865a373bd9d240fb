/**
 * `dossier serve`: the public site over HTTP.
 * @module
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { serve } from '@hono/node-server';
import { loadDemo } from '../../ingest/demo.js';
import { openMediaStorage } from '../../media/open-media-storage.js';
import { Editorial } from '../../services/editorial.js';
import { createWebApp } from '../../web/app.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../options.js';

export function serveCommand(ctx: CliContext): Command {
  return new Command('serve')
    .description('serve the archive over HTTP')
    .option('-p, --port <port>', 'port to listen on (PORT)', wholeNumber(0, 65_535))
    .option('--host <host>', 'address to listen on (HOST)')
    .option('--demo', 'load the demonstration archive if the archive is empty')
    .action(async (opts: { port?: number; host?: string; demo?: boolean }, cmd: Command) => {
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
      });
      const port = opts.port ?? ctx.config.port;
      const hostname = opts.host ?? ctx.config.host;
      const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
        const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
        ctx.out(`Dossier is serving ${archive.location}`);
        ctx.out(`Open http://${shown}:${info.port}/ in a browser (Ctrl+C to stop).`);
      });
      // Scheduled publication: checked every half minute (and whenever an editor opens the worklist).
      const editorial = new Editorial(archive);
      const timer = setInterval(() => void editorial.publishDue().catch((e: unknown) => ctx.err(`scheduled publication failed: ${String(e)}`)), 30_000);
      timer.unref();
      const stop = () => {
        clearInterval(timer);
        server.close();
        void archive.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
