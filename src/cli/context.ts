/**
 * What every command shares: configuration, opening the archive named by
 * --data (or DOSSIER_DATA), and the one place errors become exit codes.
 * @module
 */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { DossierError, NotFoundError, ValidationError } from '../domain/errors.js';
import { openArchive } from '../open-archive.js';
import type { Archive } from '../services/archive.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export interface CliContext {
  config: Config;
  /** Opens the archive chosen by --data / DOSSIER_DATA. */
  open(command: Command): Promise<Archive>;
  out: (text: string) => void;
  err: (text: string) => void;
}

export function createContext(config = loadConfig()): CliContext {
  return {
    config,
    async open(command) {
      const dataDir = (command.optsWithGlobals().data as string | undefined) ?? config.dataDir;
      return openArchive({ dataDir, site: { name: config.siteName } });
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
