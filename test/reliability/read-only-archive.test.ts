/**
 * A read-only archive file (made immutable with `chattr +i`, which binds
 * even root): the site serves pages and search from it, and every write —
 * a save, an import of new records — fails with an error saying the archive
 * is read-only, leaving it as it was. Skipped, with a message, where the
 * file cannot be made immutable (not root, or a file system without it).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArchiveRecord } from '../../src/domain/archive-record.js';
import { openArchive } from '../../src/open-archive.js';
import { createWebApp } from '../../src/web/app.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';

function immutable(file: string, on: boolean): boolean {
  try {
    execFileSync('chattr', [on ? '+i' : '-i', file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('a read-only archive', () => {
  it('serves the site, and refuses writes with a clear error', async (t) => {
    const dir = tempDir();
    const seed = await openArchive({ dataDir: dir });
    await importPaths(seed, [SMALL_ARCHIVE]);
    await seed.backend.close();
    const file = join(dir, 'archive.sqlite');
    if (!immutable(file, true)) {
      t.skip('chattr +i is not available here (needs root and a file system that supports it)');
      return;
    }
    try {
      const before = readFileSync(file);
      const archive = await openArchive({ dataDir: dir });
      const app = createWebApp(archive, { log: 'silent' });
      expect((await app.request('/documents/t-001')).status).toBe(200);
      const search = await app.request('/search?q=fishing');
      expect(await search.text()).toContain('Cable on the fishing agreement');

      const parsed = parseArchiveRecord({ kind: 'document', id: 'ro-1', title: 'Not to be written', date: '1970' });
      if (!parsed.ok) throw new Error('bad record');
      await expect(archive.save(parsed.record, { actor: 'test' })).rejects.toThrow(/archive .*archive\.sqlite is read-only, so nothing can be written to it \(the site can still serve it\)/);

      const extra = join(tempDir(), 'more.jsonl');
      writeFileSync(extra, `${JSON.stringify({ kind: 'document', id: 'ro-2', title: 'Also not written', date: '1971' })}\n`);
      const outcome = await importPaths(archive, [extra]).then((report) => JSON.stringify(report.failures), (error: Error) => error.message);
      expect(outcome).toMatch(/is read-only, so nothing can be written/);
      expect((await app.request('/documents/ro-1')).status).toBe(404);
      await archive.backend.close();
      expect(readFileSync(file).equals(before)).toBe(true);
    } finally {
      immutable(file, false);
    }
  });
});
