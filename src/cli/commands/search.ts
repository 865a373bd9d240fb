/**
 * `dossier search <query>`: the site's search from the terminal, as text or JSON.
 * @module
 */
import { Command, Option } from 'commander';
import { displayDate } from '../../domain/display.js';
import { runSearch, searchParamsSchema } from '../../services/search.js';
import { ValidationError } from '../../domain/errors.js';
import { zodIssues } from '../../domain/archive-record.js';
import type { CliContext } from '../context.js';

export function searchCommand(ctx: CliContext): Command {
  return new Command('search')
    .description('search the published documents')
    .argument('<query...>', 'words, "phrases", OR, -exclusions, prefix*, field:term')
    .option('--json', 'print { total, hits: [{ id, title, date, score }] } as JSON')
    .option('-n, --limit <n>', 'hits to show', '10')
    .option('--page <n>', 'page of hits', '1')
    .option('-c, --collection <id>', 'search in this collection (and the collections inside it)')
    .option('--from <date>', 'documents dated from (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'documents dated until')
    .addOption(new Option('--sort <order>', 'order of hits').choices(['relevance', 'date', 'date-desc']))
    .action(async (words: string[], opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const parsed = searchParamsSchema.safeParse({
        q: words.join(' '),
        perPage: opts.limit,
        page: opts.page,
        collection: opts.collection,
        from: opts.from,
        to: opts.to,
        sort: opts.sort,
      });
      if (!parsed.success) throw new ValidationError(zodIssues(parsed.error), 'Invalid search options');
      const archive = await ctx.open(cmd);
      try {
        const page = await runSearch(archive, parsed.data);
        if (opts.json) {
          const hits = page.hits.map((h) => ({ id: h.id, title: h.title, date: h.date ?? null, score: Number(h.score.toFixed(4)) }));
          ctx.out(JSON.stringify({ total: page.total, hits }, null, 2));
          return;
        }
        for (const n of page.notices) ctx.err(`note: ${n}`);
        ctx.out(`${page.total} document${page.total === 1 ? '' : 's'} found.`);
        for (const h of page.hits) ctx.out(`  ${h.id}  ${h.date ? displayDate(h.date) : 'undated'}  ${h.title}`);
      } finally {
        await archive.backend.close();
      }
    });
}
