/**
 * `dossier search <query>`: the site's search from the terminal, as text or
 * JSON, with the same filters and facets as the search page.
 * @module
 */
import { Command, Option } from 'commander';
import { displayDate } from '../../domain/display.js';
import { runSearch } from '../../services/search.js';
import { searchParamsSchema } from '../../search/search-state.js';
import { FACETS, isFacetId } from '../../search/facets.js';
import { ValidationError } from '../../domain/errors.js';
import { zodIssues } from '../../domain/archive-record.js';
import type { CliContext } from '../context.js';
import { asOptionIssues, wholeNumber } from '../options.js';

/** Which option each search parameter comes from, for error messages. */
const OPTION_OF: Record<string, string> = {
  q: '<query>', perPage: '--limit', page: '--page', collection: '--collection', from: '--from', to: '--to', sort: '--sort', facets: '--facet', approx: '--exclude-approximate',
};

export function searchCommand(ctx: CliContext): Command {
  return new Command('search')
    .description('search the published documents')
    .argument('<query...>', 'words, "phrases", OR, -exclusions, prefix*, field:term, date:1950..1960')
    .option('--json', 'print { total, hits: [{ id, title, date, score, matched }], facets } as JSON')
    .option('-n, --limit <n>', 'hits to show (1–100)', wholeNumber(1, 100), 10)
    .option('--page <n>', 'page of hits', wholeNumber(1, 10_000), 1)
    .option('-c, --collection <id>', 'search in this collection (and the collections inside it)')
    .option('--from <date>', 'documents dated from (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'documents dated until')
    .option('--exclude-approximate', 'leave out documents dated only approximately or uncertainly')
    .option('-f, --facet <facet=value>', `filter by a facet value (repeatable): ${FACETS.map((f) => f.id).join(', ')}`, collect, [])
    .addOption(new Option('--sort <order>', 'order of hits').choices(['relevance', 'date', 'date-desc']))
    .action(async (words: string[], opts: Record<string, string | boolean | string[] | undefined>, cmd: Command) => {
      const facets: Record<string, string[]> = {};
      const issues: { path: string; message: string }[] = [];
      for (const pair of opts.facet as string[]) {
        const [id = '', ...rest] = pair.split('=');
        if (!isFacetId(id) || rest.length === 0) issues.push({ path: '--facet', message: `"${pair}" is not facet=value with a facet among ${FACETS.map((f) => f.id).join(', ')}` });
        else facets[id] = [...(facets[id] ?? []), rest.join('=')];
      }
      const parsed = searchParamsSchema.safeParse({
        q: words.join(' '),
        perPage: opts.limit,
        page: opts.page,
        collection: opts.collection,
        from: opts.from,
        to: opts.to,
        approx: opts.excludeApproximate ? 'exclude' : undefined,
        sort: opts.sort,
        facets,
      });
      if (!parsed.success) issues.push(...asOptionIssues(zodIssues(parsed.error), OPTION_OF));
      if (issues.length > 0 || !parsed.success) throw new ValidationError(issues, 'Invalid search options');
      const archive = await ctx.open(cmd);
      try {
        const page = await runSearch(archive, parsed.data);
        // The site searches the whole archive with a notice; a script asked for one collection and must not get another answer.
        if (parsed.data.collection && !page.scope) {
          throw new ValidationError([{ path: '--collection', message: `there is no collection "${parsed.data.collection}" (its id, as in /collections/<id>)` }], 'Invalid search options');
        }
        if (opts.json) {
          const hits = page.hits.map((h) => ({
            id: h.id,
            title: h.title,
            date: h.date ?? null,
            score: Number(h.score.toFixed(4)),
            ...(h.matched.length ? { matched: h.matched.map((m) => ({ query: m.query, variant: m.variant, authority: m.authority.id, how: m.how })) } : {}),
          }));
          const facetCounts = Object.fromEntries(page.facets.map((f) => [f.id, f.values.map((v) => ({ value: v.value, label: v.label, count: v.count }))]));
          ctx.out(JSON.stringify({ total: page.total, hits, facets: facetCounts, ...(page.notices.length ? { notices: page.notices } : {}) }, null, 2));
          return;
        }
        for (const n of page.notices) ctx.err(`note: ${n}`);
        ctx.out(`${page.total} document${page.total === 1 ? '' : 's'} found.`);
        for (const h of page.hits) {
          const via = h.matched.filter((m) => m.how === 'text' && m.variant !== m.query).map((m) => `  (as ${m.variant})`).join('');
          ctx.out(`  ${h.id}  ${h.date ? displayDate(h.date) : 'undated'}  ${h.title}${via}`);
        }
      } finally {
        await archive.close();
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
