/**
 * An archive written by another version of Dossier (its record of migrations
 * differs from this version's): every command that opens it refuses it,
 * naming the file, what differs and what to do, and changes nothing in it —
 * not the bare "corrupted migrations" of the migration library.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/open-archive.js';
import { runCli as cli } from '../cli-in-process.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';

let template: string;

beforeAll(async () => {
  template = tempDir('dossier-versions-');
  const archive = await openArchive({ dataDir: template });
  expect((await importPaths(archive, [SMALL_ARCHIVE])).failed).toBe(0);
  await archive.backend.close();
});

/** A copy of the archive whose record of migrations `change` rewrites. */
function otherVersion(change: string): string {
  const dir = tempDir('dossier-versions-');
  const db = new BetterSqlite3(join(template, 'archive.sqlite'), { readonly: true });
  db.exec(`VACUUM INTO '${join(dir, 'archive.sqlite')}'`);
  db.close();
  const copy = new BetterSqlite3(join(dir, 'archive.sqlite'));
  copy.exec(change);
  copy.close();
  return dir;
}

function recorded(dir: string): { migrations: string[]; documents: number } {
  const db = new BetterSqlite3(join(dir, 'archive.sqlite'), { readonly: true });
  try {
    const migrations = (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    return { migrations, documents: (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n };
  } finally {
    db.close();
  }
}

describe('an archive of another version', () => {
  const cases: [string, string, RegExp][] = [
    ['a newer one', "INSERT INTO kysely_migration (name, timestamp) VALUES ('9999z-later', '2030-01-01T00:00:00.000Z')",
      /archive\.sqlite was written by a newer or another version of Dossier: it has had the migration 9999z-later, which this version does not have\. Nothing was changed\./],
    ['one that lacked a migration of ours', "DELETE FROM kysely_migration WHERE name = '0003-editors'",
      /archive\.sqlite was set up by another version of Dossier: it has had migrations up to \S+ but not the migration 0003-editors, which this version would have had to run before them\. Nothing was changed\./],
  ];

  it.each(cases)('%s is refused with the file, the difference and the remedy, and left as it was', async (_name, change, message) => {
    const dir = otherVersion(change);
    const before = recorded(dir);
    for (const args of [['stats'], ['search', 'fishing'], ['export']]) {
      const result = await cli([...args, '--data', dir]);
      expect(result.ok, args.join(' ')).toBe(false);
      const said = result.err.join('\n');
      expect(said, args.join(' ')).toMatch(message);
      expect(said).toContain(join(dir, 'archive.sqlite'));
      expect(said).toMatch(/Open it with the version of Dossier that wrote it; .*dossier export.*A scratch archive .* can be removed and built again/);
    }
    expect(recorded(dir)).toEqual(before);
  });
});
