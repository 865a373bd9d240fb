/**
 * `dossier check`: is the archive sound? The database's integrity check and
 * the archive's own consistency check (catalog against search index,
 * revisions, whole records); exit code 1 and one line per problem if not.
 * @module
 */
import { Command } from 'commander';
import { checkArchiveAt } from '../../check-archive.js';
import { EXIT, type CliContext } from '../context.js';

export function checkCommand(ctx: CliContext): Command {
  return new Command('check')
    .description('check the archive: database integrity, every record whole, revisions, search index against the catalog')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const report = await checkArchiveAt({ dataDir: ctx.dataDir(cmd), databaseUrl: ctx.config.databaseUrl });
      if (opts.json) ctx.out(JSON.stringify(report, null, 2));
      else {
        ctx.out(`database integrity: ${report.integrity.join('; ')}`);
        ctx.out(`documents ${report.documents} (published ${report.published}), search index ${report.indexed}, revisions checked ${report.revisionsChecked}`);
        for (const p of report.problems) ctx.out(`problem: ${p}`);
        ctx.out(report.problems.length ? `${report.problems.length} problem(s) found.` : 'The archive is sound.');
      }
      process.exitCode = report.problems.length ? EXIT.failure : EXIT.ok;
    });
}
