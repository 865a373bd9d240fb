/**
 * `dossier backup` and `dossier restore` on PostgreSQL (pg_dump and
 * pg_restore): a backup taken while documents are being written holds a
 * whole prefix of those writes and nothing half-written; restored into a
 * fresh database, or over another archive, it exports exactly what the live
 * archive held at that instant and searches it. Every kind of wrong input
 * is refused with an error that says what is wrong, before the target is
 * touched: a file that is no backup, an embedded archive's backup, a dump
 * of some other database, a cut file, missing tools, a pg_dump older than
 * the server.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupArchive, restoreArchive } from '../../src/backup-archive.js';
import { parseArchiveRecord } from '../../src/domain/archive-record.js';
import { exportRecords } from '../../src/ingest/export-service.js';
import { openArchive } from '../../src/open-archive.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp } from '../../src/web/app.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { postgresAvailable, startCluster, type PostgresCluster } from '../postgres-cluster.js';
import { runCli } from '../cli-in-process.js';

async function exported(archive: Archive): Promise<string[]> {
  const lines: string[] = [];
  for await (const record of exportRecords(archive)) lines.push(JSON.stringify(record));
  return lines;
}

describe.skipIf(!postgresAvailable())('backup and restore on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let live: string;
  let backupFile: string;
  let snapshot: string[];
  beforeAll(async () => {
    cluster = await startCluster();
    live = await cluster.createDatabase();
    const seed = await openArchive({ dataDir: tempDir(), databaseUrl: live });
    expect((await importPaths(seed, [SMALL_ARCHIVE])).failed).toBe(0);
    await seed.close();
  }, 60_000);
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('snapshots a consistent archive while documents are written, and restores it into a fresh database', async () => {
    const site = await openArchive({ dataDir: tempDir(), databaseUrl: live });
    let written = 0;
    let stop = false;
    const writer = (async () => {
      for (let n = 1; !stop; n++) {
        const parsed = parseArchiveRecord({ kind: 'document', id: `w-${n}`, title: `Written during the backup ${n}`, date: '1970', collections: [{ id: 'test-cables' }] });
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
        await site.save(parsed.record, { actor: 'writer' });
        written = n;
      }
    })();
    while (written < 10) await new Promise((r) => setTimeout(r, 10));
    backupFile = join(tempDir(), 'nightly.dump');
    const before = written;
    const backup = await cli(live, ['backup', backupFile]);
    const after = written;
    stop = true;
    await writer;
    expect(backup.err).toEqual([]);
    expect(backup.out[0]).toMatch(/^Backed up the archive to .*nightly\.dump \(\d+\.\d MB\), read back\.$/);
    expect(after).toBeGreaterThan(before);

    const fresh = await cluster.createDatabase();
    const restore = await cli(fresh, ['restore', backupFile]);
    expect(restore.err).toEqual([]);
    expect(restore.out[0]).toMatch(/^Restored the archive from .*: \d+ documents\.$/);
    const restored = await openArchive({ dataDir: tempDir(), databaseUrl: fresh });
    snapshot = await exported(restored);
    const writes = snapshot.map((l) => (JSON.parse(l) as { id: string }).id).filter((id) => id.startsWith('w-')).map((id) => Number(id.slice(2))).sort((a, b) => a - b);
    // A whole prefix of the concurrent writes: every one committed before the snapshot, none after.
    expect(writes.length).toBeGreaterThanOrEqual(before);
    expect(writes).toEqual(Array.from({ length: writes.length }, (_, i) => i + 1));
    const original = (await exported(site)).filter((l) => {
      const id = (JSON.parse(l) as { id: string }).id;
      return !(id.startsWith('w-') && Number(id.slice(2)) > writes.length);
    });
    expect(snapshot).toEqual(original);
    // The search index came with it, at the same instant.
    expect(await restored.backend.search.count()).toBe((await restored.stats()).published);
    expect(await (await createWebApp(restored).request('/search?q=fishing')).text()).toContain('Cable on the fishing agreement');
    await restored.close();
    await site.close();
  }, 60_000);

  it('restores over another archive, which it replaces whole', async () => {
    const other = await cluster.createDatabase();
    const archive = await openArchive({ dataDir: tempDir(), databaseUrl: other });
    const parsed = parseArchiveRecord({ kind: 'document', id: 'x-1', title: 'Only in the other archive', date: '1999' });
    if (!parsed.ok) throw new Error('fixture');
    await archive.save(parsed.record, { actor: 'test' });
    await archive.close();
    const { stats } = await restoreArchive(backupFile, { dataDir: tempDir(), databaseUrl: other });
    expect(stats.documents).toBe(snapshot.filter((l) => l.includes('"kind":"document"')).length);
    const restored = await openArchive({ dataDir: tempDir(), databaseUrl: other });
    expect(await exported(restored)).toEqual(snapshot);
    await restored.close();
  });

  it('refuses what is not a backup of a Dossier archive on PostgreSQL, leaving the target as it was', async () => {
    const target = await cluster.createDatabase();
    const archive = await openArchive({ dataDir: tempDir(), databaseUrl: target });
    await importPaths(archive, [SMALL_ARCHIVE]);
    const before = await exported(archive);
    const dir = tempDir();
    const restore = (file: string) => restoreArchive(file, { dataDir: tempDir(), databaseUrl: target });

    writeFileSync(join(dir, 'notes.txt'), 'just some text, long enough to have a header');
    await expect(restore(join(dir, 'notes.txt'))).rejects.toThrow(/notes\.txt is not a Dossier backup: not a pg_dump custom-format file/);

    const embedded = tempDir();
    const sqlite = await openArchive({ dataDir: embedded });
    await sqlite.close();
    await backupArchive({ dataDir: embedded }, join(dir, 'embedded.dossier'));
    await expect(restore(join(dir, 'embedded.dossier'))).rejects.toThrow(/embedded\.dossier is a backup of an embedded \(SQLite\) archive.*dossier migrate --to/);

    const foreign = await cluster.createDatabase();
    await cluster.query('create table people (name text)', [], new URL(foreign).pathname.slice(1));
    // Dossier's own backup of a database that holds no archive is refused, and leaves no file; pg_dump itself makes one.
    await expect(backupArchive({ dataDir: tempDir(), databaseUrl: foreign }, join(dir, 'people.dump')))
      .rejects.toThrow(/people\.dump is not a backup of a Dossier archive/);
    expect(existsSync(join(dir, 'people.dump'))).toBe(false);
    const { execFileSync } = await import('node:child_process');
    execFileSync('pg_dump', ['--format=custom', `--file=${join(dir, 'people.dump')}`, `--dbname=${foreign}`]);
    await expect(restore(join(dir, 'people.dump'))).rejects.toThrow(/people\.dump is not a backup of a Dossier archive: it has no documents, collections/);

    const whole = readFileSync(backupFile);
    writeFileSync(join(dir, 'cut.dump'), whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(restore(join(dir, 'cut.dump'))).rejects.toThrow(/pg_restore failed: .*cut\.dump|pg_restore failed/);

    await expect(restore(join(dir, 'nope.dump'))).rejects.toThrow(/nope\.dump does not exist/);
    expect(await exported(archive)).toEqual(before);
    await archive.close();
  });

  it('says when the tools are missing or pg_dump is older than the server, and writes no file', async () => {
    const dir = tempDir();
    await expect(backupArchive({ dataDir: dir, databaseUrl: live, postgres: { binDir: dir } }, join(dir, 'b.dump')))
      .rejects.toThrow(new RegExp(`pg_dump was not found in ${dir}: install PostgreSQL's client tools`));
    const old = join(dir, 'pg_dump');
    writeFileSync(old, '#!/bin/sh\necho "pg_dump (PostgreSQL) 12.9"\n');
    chmodSync(old, 0o755);
    await expect(backupArchive({ dataDir: dir, databaseUrl: live, postgres: { binDir: dir } }, join(dir, 'b.dump')))
      .rejects.toThrow(/pg_dump is PostgreSQL 12's, older than the server \(15\).*postgresql-client-15/);
    expect(readFileSync(old, 'utf8')).toContain('12.9');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir)).toEqual(['pg_dump']);
  });
});

/** The real command, with DATABASE_URL set to `databaseUrl`. */
function cli(databaseUrl: string, args: string[]) {
  return runCli(args, { databaseUrl });
}
