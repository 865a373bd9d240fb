/**
 * `dossier export`: every record of the archive as JSON Lines, to a file or
 * standard output. Importing the result into an empty archive reproduces it.
 * @module
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command, Option } from 'commander';
import { exportRecords } from '../../ingest/export-service.js';
import type { CliContext } from '../context.js';

export function exportCommand(ctx: CliContext): Command {
  return new Command('export')
    .description('write every record (authorities, collections, documents with their drafts) as Dossier JSON Lines')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['jsonl']).default('jsonl'))
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (opts: { output?: string }, cmd: Command) => {
      const archive = await ctx.open(cmd);
      const out = opts.output ? createWriteStream(opts.output) : process.stdout;
      let count = 0;
      try {
        for await (const record of exportRecords(archive)) {
          if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
          count++;
        }
      } finally {
        if (opts.output) {
          out.end();
          await once(out, 'finish');
          ctx.err(`Exported ${count} records to ${opts.output}.`);
        }
        await archive.close();
      }
    });
}
