/**
 * The `dossier` program: its commands, and how errors become exit codes.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { createContext, EXIT, reportError } from './context.js';
import type { CliContext } from './context.js';

type MakeCommand = (ctx: CliContext) => Command;

/**
 * Every command, in the order `--help` lists them, each loaded from its own module (a chunk of the
 * bundle) only when it runs. The main thread of `dossier import` then holds the command line and the
 * import's own modules, not the web server's, the citation engines' or the S3 client's packages (it
 * waits beside the import thread, so what it loads counts against the import's memory).
 */
const COMMANDS: [string, () => Promise<MakeCommand>][] = [
  ['init', async () => (await import('./commands/init.js')).initCommand],
  ['import', async () => (await import('./commands/import.js')).importCommand],
  ['export', async () => (await import('./commands/export.js')).exportCommand],
  ['serve', async () => (await import('./commands/serve.js')).serveCommand],
  ['search', async () => (await import('./commands/search.js')).searchCommand],
  ['authority', async () => (await import('./commands/authority.js')).authorityCommand],
  ['stats', async () => (await import('./commands/stats.js')).statsCommand],
  ['reindex', async () => (await import('./commands/reindex.js')).reindexCommand],
  ['iiif', async () => (await import('./commands/iiif.js')).iiifCommand],
  ['user', async () => (await import('./commands/user.js')).userCommand],
  ['audit', async () => (await import('./commands/audit.js')).auditCommand],
  ['token', async () => (await import('./commands/token.js')).tokenCommand],
  ['backup', async () => (await import('./commands/backup.js')).backupCommand],
  ['restore', async () => (await import('./commands/backup.js')).restoreCommand],
  ['check', async () => (await import('./commands/check.js')).checkCommand],
  ['migrate', async () => (await import('./commands/migrate.js')).migrateCommand],
  ['worker', async () => (await import('./commands/worker.js')).workerCommand],
  ['jobs', async () => (await import('./commands/jobs.js')).jobsCommand],
];

/**
 * The program with the commands `argv` names (every command when it names none: `--help`, a
 * mistyped command). A word of argv that only looks like a command (an option's value) loads one
 * more command, which is harmless.
 */
export async function buildProgram(ctx = createContext(), argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('dossier')
    .description('Dossier: publish and research archives of declassified historical documents')
    .option('-d, --data <dir>', 'the archive folder (DOSSIER_DATA, default ./data)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const named = COMMANDS.filter(([name]) => argv.slice(2).includes(name));
  for (const [, load] of named.length > 0 ? named : COMMANDS) program.addCommand((await load())(ctx).exitOverride());
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
    await (await buildProgram(ctx, argv)).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(error, ctx.err);
  }
}
