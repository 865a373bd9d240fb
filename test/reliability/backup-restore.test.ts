/**
 * `dossier backup` during writes from another process and requests to the
 * site, then `dossier restore` into a fresh folder: the restored archive
 * exports exactly what the live one held at one instant (a whole prefix of
 * the concurrent writes, nothing half-written). Restore refuses anything
 * that is not a Dossier archive and leaves the live archive as it was.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRecords } from '../../src/ingest/export-service.js';
import { openArchive } from '../../src/open-archive.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp } from '../../src/web/app.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { runCli as cli } from '../cli-in-process.js';

const ROOT = join(import.meta.dirname, '..', '..');

async function exported(archive: Archive): Promise<string[]> {
  const lines: string[] = [];
  for await (const record of exportRecords(archive)) lines.push(JSON.stringify(record));
  return lines;
}

describe('backup and restore', () => {
  it('snapshots a consistent archive while another process writes and the site serves', async () => {
    const live = tempDir();
    const seed = await openArchive({ dataDir: live });
    expect((await importPaths(seed, [SMALL_ARCHIVE])).failed).toBe(0);
    await seed.backend.close();

    const writer = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/reliability/backup-writer.ts'), live], { cwd: ROOT });
    let written = 0;
    const started = new Promise<void>((ready, fail) => {
      writer.stdout.on('data', (chunk: Buffer) => {
        written = Number(chunk.toString().trim().split('\n').pop());
        if (written >= 20) ready();
      });
      writer.on('exit', (code) => fail(new Error(`writer exited early (${code})`)));
    });
    await started;

    const site = await openArchive({ dataDir: live });
    const app = createWebApp(site);
    const backupFile = join(tempDir(), 'nightly.dossier');
    const before = written;
    const [backup, page] = await Promise.all([cli(['backup', backupFile, '--data', live]), app.request('/documents/t-001')]);
    const after = written;
    expect(backup.err).toEqual([]);
    expect(backup.out[0]).toMatch(/^Backed up the archive to .*nightly\.dossier \(\d+\.\d MB\), integrity checked\.$/);
    expect(page.status).toBe(200);
    expect(after).toBeGreaterThan(before);
    writer.kill('SIGTERM');
    await new Promise((r) => writer.once('exit', r));
    expect(readdirSync(join(backupFile, '..'))).toEqual(['nightly.dossier']);

    const restoredDir = tempDir();
    const restore = await cli(['restore', backupFile, '--data', restoredDir]);
    expect(restore.err).toEqual([]);
    expect(restore.out[0]).toMatch(/^Restored the archive from .*: \d+ documents\.$/);
    const restored = await openArchive({ dataDir: restoredDir });
    const copy = await exported(restored);
    const ids = copy.map((l) => (JSON.parse(l) as { id: string }).id);
    const writes = ids.filter((id) => id.startsWith('w-')).map((id) => Number(id.slice(2))).sort((a, b) => a - b);
    // A whole prefix of the concurrent writes: every transaction committed before the snapshot, none after.
    expect(writes.length).toBeGreaterThanOrEqual(before);
    expect(writes).toEqual(Array.from({ length: writes.length }, (_, i) => i + 1));
    // The live archive, less the writes the snapshot did not see, exports exactly the same lines.
    const k = writes.length;
    const original = (await exported(site)).filter((l) => {
      const id = (JSON.parse(l) as { id: string }).id;
      return !(id.startsWith('w-') && Number(id.slice(2)) > k);
    });
    expect(copy).toEqual(original);
    // The search index travelled with it.
    expect((await restored.stats()).documents).toBe((await exported(restored)).filter((l) => l.includes('"kind":"document"')).length);
    const hits = await createWebApp(restored).request('/search?q=fishing');
    expect(await hits.text()).toContain('Cable on the fishing agreement');
    await restored.backend.close();
    await site.backend.close();
  }, 60_000);

  it('refuses a file that is not a Dossier archive, and creates nothing', async () => {
    const dir = tempDir();
    const notSqlite = join(dir, 'notes.txt');
    writeFileSync(notSqlite, 'just some text, long enough to have a header');
    const target = tempDir();
    const refused = await cli(['restore', notSqlite, '--data', target]);
    expect(refused.ok).toBe(false);
    expect(refused.err.join('\n')).toMatch(/notes\.txt is not a Dossier archive: it is not an SQLite database/);
    expect(existsSync(join(target, 'archive.sqlite'))).toBe(false);

    const foreign = join(dir, 'other.sqlite');
    const Sqlite = (await import('better-sqlite3')).default;
    const other = new Sqlite(foreign);
    other.exec('CREATE TABLE people (name TEXT)');
    other.close();
    const foreignRefused = await cli(['restore', foreign, '--data', target]);
    expect(foreignRefused.err.join('\n')).toMatch(/other\.sqlite is not a Dossier archive: an SQLite database without the tables documents/);
    expect(existsSync(join(target, 'archive.sqlite'))).toBe(false);

    const missing = await cli(['restore', join(dir, 'nope.dossier'), '--data', target]);
    expect(missing.err.join('\n')).toMatch(/nope\.dossier does not exist/);
    expect(existsSync(join(dir, 'nope.dossier'))).toBe(false);

    const noArchive = await cli(['backup', join(dir, 'b.dossier'), '--data', join(dir, 'empty')]);
    expect(noArchive.err.join('\n')).toMatch(/no archive at .*archive\.sqlite: nothing to back up/);
    expect(existsSync(join(dir, 'empty'))).toBe(false);
  });

  it('a refused restore leaves the live archive untouched', async () => {
    const live = tempDir();
    const archive = await openArchive({ dataDir: live });
    await importPaths(archive, [SMALL_ARCHIVE]);
    const before = await exported(archive);
    const truncated = join(tempDir(), 'cut.dossier');
    const backupFile = join(tempDir(), 'whole.dossier');
    expect((await cli(['backup', backupFile, '--data', live])).ok).toBe(true);
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(backupFile);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const refused = await cli(['restore', truncated, '--data', live]);
    expect(refused.ok).toBe(false);
    expect(refused.err.join('\n')).toMatch(/cut\.dossier (is damaged|is not a readable Dossier archive)/);
    expect(await exported(archive)).toEqual(before);
    await archive.backend.close();
  });
});
