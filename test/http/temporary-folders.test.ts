/**
 * The folders the site makes for an archive with no folder of its own (in
 * memory, or in a database server): the bulk download files and the IIIF
 * derivatives go to the system's temporary directory and are removed when
 * the archive closes, so test runs and short-lived servers leave nothing
 * there. The temporary directory is one of this test's own (TMPDIR), so
 * what other tests make at the same time is not counted.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebApp } from '../../src/web/app.js';
import { smallArchive, tempDir } from '../helpers.js';
import { BASE } from './demo-site.js';

describe('temporary folders', () => {
  it('are made on use and removed with the archive', async () => {
    const tmp = tempDir('dossier-tmpdir-');
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const archive = await smallArchive();
      const app = createWebApp(archive, { log: 'silent', baseUrl: BASE });
      const res = await app.request(`${BASE}/data/manifest.json`);
      expect(res.status).toBe(200);
      const manifest = (await res.json()) as { generation: string };
      const made = readdirSync(tmp).filter((name) => /^dossier-(bulk|iiif)-/.test(name));
      const bulk = made.find((name) => name.startsWith('dossier-bulk-'));
      expect(bulk, `folders made: ${made.join(', ')}`).toBeDefined();
      expect(made.some((name) => name.startsWith('dossier-iiif-'))).toBe(true);
      // The files the site serves are in it until the archive closes.
      expect(existsSync(join(tmp, bulk!, manifest.generation))).toBe(true);
      expect((await app.request(`${BASE}/data/manifest.json`)).status).toBe(200);

      await archive.close();
      expect(readdirSync(tmp).filter((name) => /^dossier-(bulk|iiif)-/.test(name))).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });
});
