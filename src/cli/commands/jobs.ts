/**
 * `dossier jobs`: the job queue from the shell: what is waiting, running,
 * done or failed, with attempts and the last error (docs/deploy.md).
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import type { JobStatus } from '../../backends/job-queue.js';
import { listJobs } from '../../services/jobs/list-jobs.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../options.js';

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'failed'];

export function jobsCommand(ctx: CliContext): Command {
  return new Command('jobs')
    .description('list queued, running, done and failed jobs, newest first, with attempts and the last error')
    .option('--status <status>', `only jobs in this state (${STATUSES.join(', ')})`, (v: string) => {
      if (!(STATUSES as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${STATUSES.join(', ')}.`);
      return v as JobStatus;
    })
    .option('--kind <kind>', 'only jobs of this kind (scan-derivatives, publish-due, compact-index, bulk-files)')
    .option('--limit <n>', 'at most this many (default 50)', wholeNumber(1, 10_000), 50)
    .option('--json', 'print JSON Lines, one job a line')
    .action(async (opts: { status?: JobStatus; kind?: string; limit: number; json?: boolean }, cmd: Command) => {
      const archive = await ctx.open(cmd);
      try {
        const jobs = await listJobs(archive, { status: opts.status, kind: opts.kind, limit: opts.limit });
        if (opts.json) {
          for (const job of jobs) ctx.out(JSON.stringify(job));
          return;
        }
        if (jobs.length === 0) return ctx.out('No jobs.');
        for (const j of jobs) {
          const when = (j.finishedAt ?? j.runAt).slice(0, 19).replace('T', ' ');
          ctx.out(`${when}  ${j.status.padEnd(8)} ${j.kind.padEnd(17)} ${j.attempts}/${j.maxAttempts}  ${j.id}${j.worker ? `  ${j.worker}` : ''}`);
          if (j.lastError) ctx.out(`    ${j.lastError.split('\n')[0]}`);
        }
      } finally {
        await archive.close();
      }
    });
}
