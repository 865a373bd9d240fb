/**
 * The folders the site makes for an archive with no folder of its own (in
 * memory, or in a database server): the bulk download files and the IIIF
 * derivatives go to the system's temporary directory and are removed when
 * the archive closes, so test runs and short-lived servers leave nothing
 * there. A process killed outright leaves its folders; the next process to
 * make one removes those of processes that no longer run, and only those.
 * The temporary directory is one of this test's own (TMPDIR), so what other
 * tests make at the same time is not counted.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

  it('left by a process killed outright are removed by the next one, and those of running processes are kept', async () => {
    const tmp = tempDir('dossier-tmpdir-');
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const running = process.ppid;
    const left = [`dossier-bulk-${gone}-aB3dE9`, `dossier-iiif-${gone}-xY7zQ2`, `dossier-bulk-${running}-kEpT01`, 'dossier-bulk-Zq81Xw', 'dossier-bulkish-1-aaaaaa'];
    for (const name of left) {
      mkdirSync(join(tmp, name));
      writeFileSync(join(tmp, name, 'manifest.json'), '{}');
    }
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const archive = await smallArchive();
      const app = createWebApp(archive, { log: 'silent', baseUrl: BASE });
      expect((await app.request(`${BASE}/data/manifest.json`)).status).toBe(200);
      const now = readdirSync(tmp);
      expect(now.filter((name) => left.includes(name)).sort()).toEqual([`dossier-bulk-${running}-kEpT01`, 'dossier-bulk-Zq81Xw', 'dossier-bulkish-1-aaaaaa']);
      expect(now.filter((name) => name.startsWith(`dossier-bulk-${process.pid}-`))).toHaveLength(1);
      await archive.close();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });
});
