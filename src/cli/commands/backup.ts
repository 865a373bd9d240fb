/**
 * `dossier backup <file>` and `dossier restore <file>`: a consistent copy of
 * the whole archive (catalog, drafts, history and search index) taken while
 * it serves, and the way back from one.
 * @module
 */
import { Command } from 'commander';
import { backupArchive, restoreArchive } from '../../backup-archive.js';
import type { CliContext } from '../context.js';

function dataDir(ctx: CliContext, cmd: Command): string {
  return (cmd.optsWithGlobals().data as string | undefined) ?? ctx.config.dataDir;
}

export function backupCommand(ctx: CliContext): Command {
  return new Command('backup')
    .description('write a consistent snapshot of the archive to <file>, while the site serves and imports run')
    .argument('<file>', 'the backup file to write (replaced whole once the copy is checked)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const { bytes } = await backupArchive(dataDir(ctx, cmd), file);
      ctx.out(`Backed up the archive to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB), integrity checked.`);
    });
}

export function restoreCommand(ctx: CliContext): Command {
  return new Command('restore')
    .description('replace the archive with the backup <file> (refused unless it is a sound Dossier archive); stop the site first')
    .argument('<file>', 'a file written by dossier backup')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const { stats } = await restoreArchive(file, dataDir(ctx, cmd));
      ctx.out(`Restored the archive from ${file}: ${stats.documents} documents.`);
    });
}
