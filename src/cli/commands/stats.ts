/**
 * `dossier stats`: what the archive holds.
 * @module
 */
import { Command } from 'commander';
import type { CliContext } from '../context.js';

export function statsCommand(ctx: CliContext): Command {
  return new Command('stats')
    .description('count documents, collections, people, places and other records')
    .option('--json', 'print the counts as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const archive = await ctx.open(cmd);
      try {
        const s = await archive.stats();
        const a = s.authorities;
        const counts = {
          documents: s.documents,
          published: s.published,
          drafts: s.drafts,
          withdrawn: s.withdrawn,
          collections: s.collections,
          people: a.person ?? 0,
          organizations: a.organization ?? 0,
          places: a.place ?? 0,
          subjects: a.subject ?? 0,
          funders: a.funder ?? 0,
          repositories: a.repository ?? 0,
        };
        if (opts.json) ctx.out(JSON.stringify(counts, null, 2));
        else for (const [k, v] of Object.entries(counts)) ctx.out(`${k.padEnd(14)} ${v}`);
      } finally {
        await archive.close();
      }
    });
}
