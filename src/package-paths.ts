/**
 * Where Dossier's own files are (demo archive, field maps, web assets),
 * whether it runs from src/ (tests, tsx) or from the dist/ bundle.
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'maps'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('Cannot find the Dossier package folder (with package.json and maps/)');
}

export const PACKAGE_ROOT = findRoot();
export const MAPS_DIR = join(PACKAGE_ROOT, 'maps');
export const DEMO_DIR = join(PACKAGE_ROOT, 'demo', 'records');
/** The demo archive's page scans and PDFs, served under /media after the archive's own media folder. */
export const DEMO_MEDIA_DIR = join(PACKAGE_ROOT, 'demo', 'media');
export const ASSETS_DIR = join(PACKAGE_ROOT, 'src', 'web', 'assets');
