/**
 * `dossier backup <file>` and `dossier restore <file>`: a consistent copy of
 * the whole archive (catalog, drafts, history and search index) taken while
 * it serves, and the way back from one.
 * @module
 */
import { Command } from 'commander';
import { backupArchive, restoreArchive, type ArchiveLocation } from '../../backup-archive.js';
import type { CliContext } from '../context.js';

function location(ctx: CliContext, cmd: Command): ArchiveLocation {
  return { dataDir: (cmd.optsWithGlobals().data as string | undefined) ?? ctx.config.dataDir, databaseUrl: ctx.config.databaseUrl };
}

export function backupCommand(ctx: CliContext): Command {
  return new Command('backup')
    .description('write a consistent snapshot of the archive to <file>, while the site serves and imports run')
    .argument('<file>', 'the backup file to write (replaced whole once the copy is checked)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const { bytes } = await backupArchive(location(ctx, cmd), file);
      ctx.out(`Backed up the archive to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB), ${ctx.config.databaseUrl ? 'read back' : 'integrity checked'}.`);
    });
}

export function restoreCommand(ctx: CliContext): Command {
  return new Command('restore')
    .description('replace the archive with the backup <file> (refused unless it is a sound Dossier archive); stop the site first')
    .argument('<file>', 'a file written by dossier backup (an SQLite file, or on PostgreSQL a pg_dump custom-format file)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const { stats } = await restoreArchive(file, location(ctx, cmd));
      ctx.out(`Restored the archive from ${file}: ${stats.documents} documents.`);
    });
}
