/**
 * A temporary folder for what the site writes beside an archive that has no
 * folder of its own (in memory, or in a database server when no data folder
 * is given): the bulk download files, the IIIF derivatives. It is removed
 * when the archive closes, or else when the process exits, so short-lived
 * archives (tests, `serve --data :memory:`) leave nothing in the system's
 * temporary directory.
 *
 * A process killed outright (SIGKILL, or a signal it has no handler for)
 * runs no exit hook and leaves its folders; the names carry the process's
 * id, and the next process to make one removes them (process-temp-folder.ts).
 * @module
 */
import { rmSync } from 'node:fs';
import { processTempFolder } from '../process-temp-folder.js';
import type { Archive } from '../services/archive.js';

/** Folders not yet removed, for the one exit hook (a hook per folder would pile up listeners). */
const open = new Set<string>();
let hooked = false;

function remove(folder: string): void {
  open.delete(folder);
  rmSync(folder, { recursive: true, force: true });
}

/** Makes a folder named `<prefix><pid>-XXXXXX` in the temporary directory, removed with `archive`. */
export function scratchFolder(archive: Archive, prefix: string): string {
  const folder = processTempFolder(prefix);
  open.add(folder);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeScratchFolders);
  }
  archive.onClose(() => remove(folder));
  return folder;
}

/** Removes every folder still open (at exit; a test runner that ends its processes without an exit event calls it). */
export function removeScratchFolders(): void {
  for (const folder of [...open]) remove(folder);
}
