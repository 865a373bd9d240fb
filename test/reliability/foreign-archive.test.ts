/**
 * A file that is not a Dossier archive where the archive should be: a text
 * file, another program's SQLite database, a file whose header was
 * overwritten. Every command that opens the archive refuses it by name, and
 * the file is left byte for byte as it was — never migrated into a new,
 * empty archive.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/open-archive.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { runCli as cli } from '../cli-in-process.js';

function folderWith(make: (file: string) => void): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, 'archive.sqlite');
  make(file);
  return { dir, file };
}

describe('a foreign or damaged file as the archive', () => {
  const cases: [string, (file: string) => void, RegExp][] = [
    ['a text file', (f) => writeFileSync(f, 'These are my notes, not a database.\n'.repeat(200)), /archive\.sqlite is not a Dossier archive: it is not an SQLite database/],
    ['another program\'s SQLite database', (f) => {
      const db = new BetterSqlite3(f);
      db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')");
      db.close();
    }, /archive\.sqlite is not a Dossier archive: an SQLite database of another program \(tables contacts\)/],
  ];

  it.each(cases)('%s is refused by name and left untouched', async (_name, make, message) => {
    const { dir, file } = folderWith(make);
    const before = readFileSync(file);
    for (const args of [['stats'], ['search', 'fishing'], ['export'], ['backup', join(dir, 'b.dossier')]]) {
      const result = await cli([...args, '--data', dir]);
      expect(result.ok, args.join(' ')).toBe(false);
      expect(result.err.join('\n'), args.join(' ')).toMatch(args[0] === 'backup' ? /archive\.sqlite (is not a Dossier archive|is not a readable Dossier archive)/ : message);
    }
    // What the importer and the site open, the same way.
    await expect(openArchive({ dataDir: dir })).rejects.toThrow(message);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('an archive whose header was overwritten is refused, not replaced', async () => {
    const dir = tempDir();
    const archive = await openArchive({ dataDir: dir });
    await importPaths(archive, [SMALL_ARCHIVE]);
    await archive.backend.close();
    const file = join(dir, 'archive.sqlite');
    const bytes = readFileSync(file);
    bytes.write('GARBAGEGARBAGE!!', 0, 'latin1');
    writeFileSync(file, bytes);
    const result = await cli(['stats', '--data', dir]);
    expect(result.ok).toBe(false);
    expect(result.err.join('\n')).toMatch(/archive\.sqlite is not a Dossier archive: it is not an SQLite database/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('an empty folder is refused by every command but init, which makes it a new archive', async () => {
    const dir = tempDir();
    const refused = await cli(['stats', '--data', dir]);
    expect(refused.ok).toBe(false);
    expect(refused.err.join('\n')).toMatch(/no archive in .*dossier init/);
    expect(existsSync(join(dir, 'archive.sqlite'))).toBe(false);
    expect((await cli(['init', '--data', dir])).ok).toBe(true);
    expect((await cli(['stats', '--data', dir])).ok).toBe(true);
  });
});
