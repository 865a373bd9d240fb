/**
 * The first bytes of a file, for telling what a backup file is (an SQLite
 * database, a pg_dump archive) before handing it to the tool that reads it.
 * @module
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { DossierError } from '../domain/errors.js';

/** Up to `length` bytes from the start of `path` (fewer if the file is shorter); a DossierError naming `label` if it does not exist. */
export function fileHead(path: string, length: number, label: string): Buffer {
  if (!existsSync(path)) throw new DossierError(`${label} does not exist`);
  const head = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}
