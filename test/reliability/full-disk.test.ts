/**
 * A full disk: the archive lives on a small tmpfs mounted for the test. An
 * import runs until the disk is full and stops with an error naming the full
 * disk; an editor's save on the full disk is refused the same way and
 * changes nothing. After space returns (the mount grown, a filler file
 * removed) the archive passes `dossier check`, opens, serves and finds what
 * committed, and the import run again ends with every record.
 *
 * Mounting needs root with CAP_SYS_ADMIN. Where it is not permitted the
 * tests skip and say why; `DOSSIER_REQUIRE_FULL_DISK=1` turns that skip into
 * a failure, for a test machine that must keep this promise (a container
 * without the capability would otherwise pass by testing nothing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDossier, DOSSIER_BIN } from '../built-dossier.js';
import { checkArchiveFolder } from '../../src/check-archive.js';
import { StorageError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/domain/roles.js';
import { openArchive } from '../../src/open-archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { createWebApp } from '../../src/web/app.js';
import { tempDir } from '../helpers.js';

const editor: Actor = { name: 'editor@example.org', role: 'admin', via: 'session', userId: 'editor' };

const mountPoint = tempDir('dossier-full-disk-');
let mounted = false;
let reason = '';
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'pipe' });
  mounted = true;
} catch (error) {
  reason = String((error as { stderr?: Buffer }).stderr ?? error).trim();
}
const mustMount = process.env.DOSSIER_REQUIRE_FULL_DISK === '1';
if (!mounted) console.log(`full disk: SKIPPED — cannot mount a tmpfs at ${mountPoint} (${reason}); run as root to test`);

function remount(size: string): void {
  execFileSync('mount', ['-o', `remount,size=${size}`, mountPoint]);
}

/** Records large enough that a few megabytes fill up within a few dozen. */
function bigRecords(n: number): string {
  const file = join(tempDir(), 'big.jsonl');
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ kind: 'document', id: `big-${i}`, title: `Long cable ${i}`, date: '1962', translations: [{ language: 'en', html: `<p>${`word${i} embargo `.repeat(3000)}</p>` }] }),
  );
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function dossier(...args: string[]) {
  return spawnSync(process.execPath, [DOSSIER_BIN, '--data', mountPoint, ...args], { encoding: 'utf8' });
}

afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
});

describe('a full disk', () => {
  it.runIf(mustMount)('can be tested here (DOSSIER_REQUIRE_FULL_DISK=1)', () => {
    expect(mounted, `mounting a tmpfs must work here: ${reason}`).toBe(true);
  });

  describe.runIf(mounted)('on a 3 MB tmpfs', () => {
    const records = bigRecords(300);
    beforeAll(async () => {
      await buildDossier();
      expect(dossier('init').status).toBe(0);
    });

    it('stops an import with an error naming the full disk; what committed is whole, served and found once space returns', async () => {
      const run = dossier('import', '--batch-size', '10', records);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/the disk holding the archive .*archive\.sqlite is full: nothing of this change was written/);
      expect(run.stderr).not.toMatch(/cannot rollback/);

      remount('64m');
      const report = await checkArchiveFolder(mountPoint);
      expect(report.problems).toEqual([]);
      expect(report.documents).toBeGreaterThan(0);
      expect(report.documents).toBeLessThan(300);
      expect(report.documents % 10).toBe(0); // whole batches only

      const archive = await openArchive({ dataDir: mountPoint });
      const app = createWebApp(archive, { log: 'silent' });
      expect((await app.request('/documents/big-0')).status).toBe(200);
      const found = await (await app.request('/api/v1/search?q=embargo')).json() as { total: number };
      expect(found.total).toBe(report.documents);
      await archive.backend.close();

      const again = dossier('import', records);
      expect(again.status).toBe(0);
      expect((await checkArchiveFolder(mountPoint)).documents).toBe(300);
    }, 120_000);

    it('refuses an editor save on a full disk with the same error, changing nothing, and saves once a filler file is removed', async () => {
      const archive = await openArchive({ dataDir: mountPoint });
      const editorial = new Editorial(archive);
      const before = await editorial.document(editor, 'big-1');
      const filler = join(mountPoint, 'filler');
      remount('48m');
      // Fill what is left (tmpfs refuses the write that does not fit).
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M', 'count=64'], { stdio: 'pipe' });
      } catch {
        // dd ends with "No space left on device": the disk is full, which is the point.
      }
      const longer = { title: before.document.title, translations: [{ language: 'en', html: `<p>${'a revised and much longer text '.repeat(20_000)}</p>` }] };
      const refused = await editorial.update(editor, 'big-1', longer, before.revision, 'revised').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StorageError);
      expect((refused as Error).message).toMatch(/the disk holding the archive .* is full/);
      const app = createWebApp(archive, { log: 'silent' });
      expect((await editorial.document(editor, 'big-1')).revision).toBe(before.revision);
      expect((await app.request('/documents/big-1')).status).toBe(200);

      rmSync(filler);
      const saved = await editorial.update(editor, 'big-1', longer, before.revision, 'revised');
      expect(saved.revision).toBeGreaterThan(before.revision);
      await archive.backend.close();
      expect((await checkArchiveFolder(mountPoint)).problems).toEqual([]);
    }, 120_000);
  });
});
