/**
 * A setup file of every test project (vitest.config.ts): once a test file is
 * done, the temporary folders its tests made (test/temp-dirs.ts) and those
 * the site made for archives the file never closed (web/scratch-folder.ts)
 * are removed. Vitest ends its worker processes without an exit event, so
 * the product's own exit hook never runs there.
 * @module
 */
import { afterAll } from 'vitest';
import { removeScratchFolders } from '../src/web/scratch-folder.js';
import { removeTempDirs } from './temp-dirs.js';

afterAll(() => {
  removeScratchFolders();
  removeTempDirs();
});
