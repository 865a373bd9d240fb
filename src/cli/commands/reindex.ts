/**
 * `dossier reindex`: rebuilds the search index from the catalog.
 * @module
 */
import { Command } from 'commander';
import type { CliContext } from '../context.js';

export function reindexCommand(ctx: CliContext): Command {
  return new Command('reindex')
    .description('rebuild the search index from the stored documents')
    .action(async (_opts: unknown, cmd: Command) => {
      const archive = await ctx.open(cmd);
      try {
        const started = performance.now();
        const n = await archive.reindex();
        ctx.out(`Indexed ${n} published documents in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      } finally {
        await archive.close();
      }
    });
}
