/**
 * The embedded archive's file name in its data folder, in a module of its own so that the command
 * line can look for an archive without loading the backends (cli/context.ts).
 * @module
 */
export const ARCHIVE_FILE = 'archive.sqlite';
