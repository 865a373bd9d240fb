/**
 * Before an archive file is migrated, make sure it is one: a file that is not
 * an SQLite database, or an SQLite database of some other program, must be
 * refused by name — migrating would otherwise add Dossier's tables to a
 * stranger's database and carry on as if it were a new, empty archive.
 * A new or empty file is a new archive; a file with Dossier's migration
 * table is an archive (of this or an older version).
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { DossierError } from '../../domain/errors.js';

export function refuseForeignDatabase(raw: BetterSqlite3.Database, path: string): void {
  let tables: string[];
  try {
    tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new DossierError(`${path} is not a Dossier archive: it is not an SQLite database. Nothing was changed; point --data at the archive's folder`);
    if (code === 'SQLITE_CORRUPT') throw new DossierError(`${path} is damaged (${(error as Error).message}); restore it from a backup (docs/deploy.md)`);
    throw error;
  }
  if (tables.length > 0 && !tables.includes('kysely_migration')) {
    throw new DossierError(`${path} is not a Dossier archive: an SQLite database of another program (tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}). Nothing was changed`);
  }
}
