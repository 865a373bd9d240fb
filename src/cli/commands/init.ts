/**
 * `dossier init`: creates an empty archive (or the demo) in the data folder.
 * @module
 */
import { Command } from 'commander';
import { loadDemo } from '../../ingest/demo.js';
import type { CliContext } from '../context.js';
import { formatReport } from '../print-report.js';

export function initCommand(ctx: CliContext): Command {
  return new Command('init')
    .description('create the archive in the data folder (nothing happens to an existing one)')
    .option('--name <name>', "the archive's name, shown on every page")
    .option('--tagline <text>', 'one line under the name')
    .option('--demo', 'load the demonstration archive')
    .action(async (opts: { name?: string; tagline?: string; demo?: boolean }, cmd: Command) => {
      const archive = await ctx.open(cmd, { create: true });
      try {
        await archive.setSiteInfo({ name: opts.name, tagline: opts.tagline });
        if (opts.demo) ctx.out(formatReport(await loadDemo(archive)));
        const stats = await archive.stats();
        ctx.out(`Archive ready at ${archive.location} (${stats.documents} documents, ${stats.collections} collections).`);
      } finally {
        await archive.close();
      }
    });
}
