/**
 * `dossier import <file|dir>…`: loads records, prints the report, exits
 * non-zero when any record failed.
 * @module
 */
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { emptyReport, importItems } from '../../ingest/import-service.js';
import { findSourceFiles, IMPORT_FORMATS, loadFieldMap, readSources, type ImportFormat } from '../../ingest/sources.js';
import type { Archive } from '../../services/archive.js';
import { EXIT, type CliContext } from '../context.js';
import { formatReport } from '../print-report.js';

export function importCommand(ctx: CliContext): Command {
  return new Command('import')
    .description('import records from files or folders: Dossier JSON / JSON Lines, or CSV through a field map')
    .argument('<paths...>', 'files or folders (folders are read in file-name order)')
    .addOption(new Option('-f, --format <format>', 'format of the files (default: from each extension)').choices(IMPORT_FORMATS))
    .option('-m, --map <file|name>', 'field map for CSV files: a JSON file, or the name of a map in maps/ (e.g. wilson-center-scrape)')
    .option('--batch-size <n>', 'records per transaction', (v) => Number.parseInt(v, 10), 250)
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExamples:\n  dossier import exports/archive.jsonl\n  dossier import spreadsheets/ --map maps/my-columns.json\n')
    .action(async (paths: string[], opts: { format?: ImportFormat; map?: string; batchSize: number; json?: boolean }, cmd: Command) => {
      const archive = await ctx.open(cmd);
      try {
        const report = await runImport(archive, paths, opts, !opts.json && process.stderr.isTTY);
        ctx.out(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
        process.exitCode = report.failed > 0 ? EXIT.failure : EXIT.ok;
      } finally {
        await archive.backend.close();
      }
    });
}

export async function runImport(
  archive: Archive,
  paths: string[],
  opts: { format?: ImportFormat; map?: string; batchSize?: number },
  showProgress = false,
) {
  const files = await findSourceFiles(paths, opts.format);
  const map = opts.map ? await loadFieldMap(opts.map) : undefined;
  const progress = { bytesRead: 0 };
  const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
  const bar = showProgress
    ? new cliProgress.SingleBar(
        { format: 'Importing [{bar}] {percentage}% | {records} records | {eta_formatted} left', hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(Math.max(totalBytes, 1), 0, { records: 0 });
  try {
    return await importItems(archive, readSources(files, map, progress), {
      actor: `import:${paths.join(',')}`.slice(0, 200),
      batchSize: opts.batchSize,
      onProgress: (records) => bar?.update(Math.min(progress.bytesRead, totalBytes), { records }),
    }, emptyReport());
  } finally {
    bar?.update(totalBytes);
    bar?.stop();
  }
}
