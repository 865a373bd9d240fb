/**
 * `dossier check` finds what a crash or a bug could leave: a search index
 * that disagrees with the catalog, a record that is not a whole document, a
 * record its latest revision does not match. Each damage is made with SQL
 * on a real archive file, as only a fault could make it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDossier, DOSSIER_BIN } from '../built-dossier.js';
import { checkArchiveFolder } from '../../src/check-archive.js';
import { openArchive } from '../../src/open-archive.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';


async function archiveDir(): Promise<string> {
  const dir = tempDir();
  const archive = await openArchive({ dataDir: dir });
  expect((await importPaths(archive, [SMALL_ARCHIVE])).failed).toBe(0);
  await archive.backend.close();
  return dir;
}

function damage(dir: string, sql: string): void {
  const db = new BetterSqlite3(join(dir, 'archive.sqlite'));
  db.exec(sql);
  db.close();
}

function check(dir: string) {
  return spawnSync(process.execPath, [DOSSIER_BIN, '--data', dir, 'check'], { encoding: 'utf8' });
}

beforeAll(() => buildDossier(), 60_000);

describe('dossier check', () => {
  it('passes a sound archive', async () => {
    const dir = await archiveDir();
    const report = await checkArchiveFolder(dir);
    expect(report.integrity).toEqual(['ok']);
    expect(report.problems).toEqual([]);
    expect(report.indexed).toBe(report.published);
    expect(report.revisionsChecked).toBe(report.documents);
    const cli = check(dir);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('The archive is sound.');
  });

  it('reports a published document missing from the search index, and exits 1', async () => {
    const dir = await archiveDir();
    damage(dir, "UPDATE ix_docs SET live = 0 WHERE doc_id = 't-001'");
    const report = await checkArchiveFolder(dir);
    expect(report.problems).toContain('search index: published document t-001 is missing');
    const cli = check(dir);
    expect(cli.status).toBe(1);
    expect(cli.stdout).toMatch(/problem: search index: published document t-001 is missing/);
  });

  it('reports a record that is not a whole document, and one its latest revision does not match', async () => {
    const dir = await archiveDir();
    damage(dir, `UPDATE documents SET record = json_remove(record, '$.title') WHERE id = 't-001';
                 UPDATE documents SET record = json_set(record, '$.summary', 'changed behind the archive''s back') WHERE id = 't-002';`);
    const problems = (await checkArchiveFolder(dir)).problems.join('\n');
    expect(problems).toMatch(/document t-001: the stored record is not a valid document \(title:/);
    expect(problems).toMatch(/document t-002: its latest revision \(\d+\) is not the stored record/);
  });

  it('reports an index rebuild that never finished', async () => {
    const dir = await archiveDir();
    damage(dir, "DELETE FROM settings WHERE key = 'search.version'");
    expect((await checkArchiveFolder(dir)).problems).toContain('search index: not marked complete for this version (an interrupted rebuild); run dossier reindex');
  });
});
