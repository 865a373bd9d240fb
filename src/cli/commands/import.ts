/**
 * `dossier import <file|dir>…`: loads records, prints the report, exits
 * non-zero when any record failed.
 * @module
 */
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import type { ImportReport } from '../../ingest/import-service.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../ingest/import-formats.js';
import { auditCommandRun } from '../audit-run.js';
import { EXIT, type CliContext } from '../context.js';
import { wholeNumber } from '../options.js';
import { importInWorker, type ImportTask } from '../import-worker.js';

export function importCommand(ctx: CliContext): Command {
  return new Command('import')
    .description('import records from files or folders: Dossier JSON / JSON Lines, or CSV through a field map')
    .argument('<paths...>', 'files or folders (folders are read in file-name order)')
    .addOption(new Option('-f, --format <format>', 'format of the files (default: from each extension)').choices(IMPORT_FORMATS))
    .option('-m, --map <file|name>', 'field map for CSV files: a JSON file, or the name of a map in maps/ (e.g. wilson-center-scrape)')
    .option('--batch-size <n>', 'records per transaction', wholeNumber(1, 100_000), 250)
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExamples:\n  dossier import exports/archive.jsonl\n  dossier import spreadsheets/ --map maps/my-columns.json\n')
    .action(async (paths: string[], opts: { format?: ImportFormat; map?: string; batchSize: number; json?: boolean }, cmd: Command) => {
      const dataDir = ctx.dataDir(cmd); // an import never creates an archive: a mistyped --data is an error
      const report = await runImport({ task: 'import', dataDir, siteName: ctx.config.siteName, databaseUrl: ctx.config.databaseUrl, readHeapMb: ctx.config.importReadHeapMb, paths, ...opts }, ctx.config.importHeapMb, !opts.json && process.stderr.isTTY);
      await auditCommandRun(ctx, cmd, 'import', { paths, created: report.created, updated: report.updated, failed: report.failed });
      ctx.out(opts.json ? JSON.stringify(report, null, 2) : (await import('../print-report.js')).formatReport(report));
      process.exitCode = report.failed > 0 ? EXIT.failure : EXIT.ok;
    });
}

/** Imports in a worker thread with a heap budget (import-worker.ts), drawing a progress bar on a terminal. */
export async function runImport(task: ImportTask, heapMb: number, showProgress = false): Promise<ImportReport> {
  const bar = showProgress
    ? new cliProgress.SingleBar(
        { format: 'Importing [{bar}] {percentage}% | {records} records | {eta_formatted} left', hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let total = 1;
  try {
    return await importInWorker(task, heapMb, (p) => {
      if ('start' in p) bar?.start((total = Math.max(p.totalBytes, 1)), 0, { records: 0 });
      else bar?.update(p.bytesRead, { records: p.records });
    });
  } finally {
    bar?.update(total);
    bar?.stop();
  }
}

