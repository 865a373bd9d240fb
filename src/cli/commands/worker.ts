/**
 * `dossier worker`: runs the archive's queued jobs (scan derivatives,
 * scheduled publication, index merges and compaction, bulk download files) until it
 * is stopped. Any number may run against one PostgreSQL database, on any
 * machine; each job runs on one of them at a time, and a job whose worker
 * died runs again once its lease runs out. SIGTERM or SIGINT lets the job
 * in hand finish, then exits. On SQLite `dossier serve` runs the jobs
 * itself, and a worker is only needed when nothing serves the archive.
 * @module
 */
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { openMediaStorage } from '../../media/open-media-storage.js';
import { JobRunner } from '../../services/jobs/job-runner.js';
import type { CliContext } from '../context.js';
import { JOB_KIND_NAMES, jobKinds } from '../job-kinds.js';
import { wholeNumber } from '../options.js';

export function workerCommand(ctx: CliContext): Command {
  return new Command('worker')
    .description('run queued jobs (scan derivatives, scheduled publication, index merges and compaction, bulk downloads) until stopped')
    .option('--only <kinds>', `run only these kinds, comma-separated (${JOB_KIND_NAMES.join(', ')})`, kindList)
    .option('--lease <seconds>', 'how long a job stays this worker\'s without a sign of life before another runs it (default 60)', wholeNumber(1, 86_400))
    .action(async (opts: { only?: string[]; lease?: number }, cmd: Command) => {
      const archive = await ctx.open(cmd);
      const dataDir = (cmd.optsWithGlobals().data as string | undefined) ?? ctx.config.dataDir;
      const media = await openMediaStorage(ctx.config.media, dataDir === ':memory:' ? undefined : join(dataDir, 'media'), ctx.err);
      const runner = new JobRunner(archive, jobKinds(dataDir, media), { only: opts.only, leaseMs: opts.lease === undefined ? undefined : opts.lease * 1000, log: ctx.out });
      ctx.out(`Dossier worker ${runner.worker} is running the jobs of ${archive.location} (Ctrl+C to stop).`);
      runner.start();
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          ctx.out(`${signal}: stopping once the job in hand is finished…`);
          void runner.stop().then(resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      await archive.close();
    });
}

function kindList(value: string): string[] {
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !(JOB_KIND_NAMES as readonly string[]).includes(k));
  if (kinds.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`unknown job kind ${unknown.join(', ') || '(none given)'}; the kinds are ${JOB_KIND_NAMES.join(', ')}.`);
  return kinds;
}
