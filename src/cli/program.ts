/**
 * The `dossier` program: its commands, and how errors become exit codes.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { createContext, EXIT, reportError } from './context.js';
import { auditCommand } from './commands/audit.js';
import { authorityCommand } from './commands/authority.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { checkCommand } from './commands/check.js';
import { exportCommand } from './commands/export.js';
import { iiifCommand } from './commands/iiif.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { migrateCommand } from './commands/migrate.js';
import { reindexCommand } from './commands/reindex.js';
import { searchCommand } from './commands/search.js';
import { serveCommand } from './commands/serve.js';
import { statsCommand } from './commands/stats.js';
import { tokenCommand } from './commands/token.js';
import { userCommand } from './commands/user.js';
import { workerCommand } from './commands/worker.js';
import { jobsCommand } from './commands/jobs.js';

export function buildProgram(ctx = createContext()): Command {
  const program = new Command('dossier')
    .description('Dossier: publish and research archives of declassified historical documents')
    .option('-d, --data <dir>', 'the archive folder (DOSSIER_DATA, default ./data)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const make of [initCommand, importCommand, exportCommand, serveCommand, searchCommand, authorityCommand, statsCommand, reindexCommand, iiifCommand, userCommand, auditCommand, tokenCommand, backupCommand, restoreCommand, checkCommand, migrateCommand]) {
    program.addCommand(make(ctx).exitOverride());
  }
  program.addCommand(workerCommand(ctx).exitOverride());
  program.addCommand(jobsCommand(ctx).exitOverride());
  return program;
}

export async function main(argv = process.argv): Promise<number> {
  // `dossier … | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  let ctx;
  try {
    ctx = createContext();
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    await buildProgram(ctx).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(error, ctx.err);
  }
}
