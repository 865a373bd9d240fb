/**
 * `dossier migrate --to postgres://…`: copies the embedded archive in the
 * data folder into a PostgreSQL database (services/migrate-to-postgres.ts).
 * Run it again after an interruption and it finishes the copy.
 * @module
 */
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { postgresUrlSchema } from '../../backends/postgres/postgres-url.js';
import { DossierError } from '../../domain/errors.js';
import { ARCHIVE_FILE } from '../../open-archive.js';
import { migrateToPostgres } from '../../services/migrate-to-postgres.js';
import type { CliContext } from '../context.js';

export function migrateCommand(ctx: CliContext): Command {
  return new Command('migrate')
    .description('copy the embedded archive (catalog, history, drafts, accounts, audit log, settings) into an empty PostgreSQL database; run again to resume')
    .requiredOption('--to <url>', 'the PostgreSQL database: postgres://user:password@host:port/database')
    .option('--chunk-rows <n>', 'rows copied per committed chunk (what a resumed run need not copy again)', '1000')
    .action(async (opts: { to: string; chunkRows: string }, cmd: Command) => {
      const url = postgresUrlSchema.safeParse(opts.to);
      if (!url.success) throw new DossierError(`--to: ${url.error.issues[0]?.message ?? 'invalid'}`);
      const chunkRows = z.coerce.number().int().min(1).max(100_000).safeParse(opts.chunkRows);
      if (!chunkRows.success) throw new DossierError(`--chunk-rows: expected a whole number from 1 to 100000, not "${opts.chunkRows}"`);
      const dataDir = (cmd.optsWithGlobals().data as string | undefined) ?? ctx.config.dataDir;
      const started = performance.now();
      const report = await migrateToPostgres(join(resolve(dataDir), ARCHIVE_FILE), url.data, {
        chunkRows: chunkRows.data,
        onProgress: (step, done, of) => {
          if (done === of) ctx.err(`  ${step}: ${done} rows`);
        },
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (report.alreadyDone) {
        ctx.out(`Nothing to do: ${report.location} already holds this archive.`);
        return;
      }
      const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
      ctx.out(
        `${report.resumed ? 'Finished the interrupted migration' : 'Migrated the archive'} into ${report.location}: ` +
          `${rows} rows in ${report.tables.length} tables, ${report.indexed} documents indexed, in ${seconds} s.`,
      );
      ctx.out(`Serve it with DATABASE_URL set to that database.`);
    });
}
