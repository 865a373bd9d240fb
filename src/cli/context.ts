/**
 * What every command shares: configuration, opening the archive named by
 * --data (or DOSSIER_DATA), and the one place errors become exit codes.
 * @module
 */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { DossierError, NotFoundError, ValidationError } from '../domain/errors.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ARCHIVE_FILE } from '../archive-file.js';
import type { Archive } from '../services/archive.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export interface CliContext {
  config: Config;
  /**
   * Opens the archive chosen by --data / DOSSIER_DATA. Only `init` and `serve --demo` (npm start) may create
   * one: for every other command a folder without an archive is a mistyped --data, an error.
   */
  open(command: Command, options?: { create?: boolean }): Promise<Archive>;
  /** The data folder --data / DOSSIER_DATA names, checked to hold an archive unless `create`. */
  dataDir(command: Command, options?: { create?: boolean }): string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export function createContext(config = loadConfig()): CliContext {
  return {
    config,
    dataDir(command, options = {}) {
      const dataDir = (command.optsWithGlobals().data as string | undefined) ?? config.dataDir;
      // On PostgreSQL the database is the archive; the data folder keeps the files beside it (scans, bulk downloads).
      if (!config.databaseUrl && !options.create && dataDir !== ':memory:' && !existsSync(join(resolve(dataDir), ARCHIVE_FILE))) {
        throw new DossierError(`no archive in ${resolve(dataDir)} (check --data or DOSSIER_DATA; \`dossier init\` creates one)`);
      }
      return dataDir;
    },
    async open(command, options = {}) {
      // Loaded here, not with the command line: `dossier import` works in its own thread and opens no archive until it audits the run.
      const { openArchive } = await import('../open-archive.js');
      return openArchive({
        dataDir: this.dataDir(command, options),
        databaseUrl: config.databaseUrl,
        databaseReadUrl: config.databaseReadUrl,
        site: { name: config.siteName },
      });
    },
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}

/** Prints an error the way a person at a terminal needs it and returns the exit code. */
export function reportError(error: unknown, err: (text: string) => void): number {
  if (error instanceof ValidationError) {
    err(`error: ${error.message.split(':')[0]}`);
    for (const issue of error.issues) err(`  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    return EXIT.failure;
  }
  if (error instanceof NotFoundError || error instanceof DossierError) {
    err(`error: ${error.message}`);
    return EXIT.failure;
  }
  err(`error: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DOSSIER_DEBUG && error instanceof Error) err(error.stack ?? '');
  return EXIT.failure;
}
