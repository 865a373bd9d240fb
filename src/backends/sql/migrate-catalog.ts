/**
 * Brings an archive's catalog to this version's migrations, for SQLite and
 * PostgreSQL alike, and says in the archive's own terms why it cannot.
 *
 * Kysely's Migrator refuses an archive whose record of migrations run does
 * not begin with this version's list ("corrupted migrations"): one written by
 * a newer or another version of Dossier (a migration this version lacks), or
 * set up by a version that lacked one of ours and ran later ones (migrations
 * are named in order, but development branches add theirs side by side).
 * Nothing has been changed when it refuses, and nothing here can repair it:
 * the remedy is the version that wrote the archive, or an export from it.
 * Running the missing migrations out of order (Kysely's
 * `allowUnorderedMigrations`) is not done: a later migration may already
 * have assumed the earlier one absent.
 * @module
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { DossierError } from '../../domain/errors.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

const REMEDY =
  'Nothing was changed. Open it with the version of Dossier that wrote it; to bring its documents to this version, ' +
  'export them there (dossier export) and import the export into a new archive here. ' +
  'A scratch archive (a benchmark\'s, a test\'s) can be removed and built again.';

/** An archive this version's migrations cannot be applied to: written by another version. */
export class ArchiveVersionError extends DossierError {
  override name = 'ArchiveVersionError';

  constructor(
    readonly where: string,
    /** What differs, without the remedy. */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`the archive ${where} ${reason}. ${REMEDY}`, options);
  }
}

/** Runs the migrations `where` (the archive's file, or its redacted database URL) has not had yet. */
export async function migrateCatalog(db: Kysely<Database>, where: string): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (!error && !failed) return;
  if (/corrupted migrations/.test(String(error))) {
    const known = Object.keys(await migrationProvider.getMigrations()).sort();
    const executed = (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name);
    const mismatch = describeMigrationMismatch(known, executed);
    if (mismatch) throw new ArchiveVersionError(where, mismatch, { cause: error });
  }
  throw new DossierError(`Migrating the archive ${where} failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`, { cause: error });
}

/**
 * Why an archive that ran `executed` cannot be brought to `known` (this
 * version's migrations, in order), or undefined when it can.
 */
export function describeMigrationMismatch(known: readonly string[], executed: readonly string[]): string | undefined {
  const ours = new Set(known);
  const unknown = executed.filter((name) => !ours.has(name)).sort();
  if (unknown.length > 0) {
    return `was written by a newer or another version of Dossier: it has had ${list(unknown)}, which this version does not have`;
  }
  const ran = new Set(executed);
  const last = known.findLastIndex((name) => ran.has(name));
  const skipped = known.slice(0, last + 1).filter((name) => !ran.has(name));
  if (skipped.length > 0) {
    return `was set up by another version of Dossier: it has had migrations up to ${known[last]} but not ${list(skipped)}, which this version would have had to run before them`;
  }
  return undefined;
}

function list(names: string[]): string {
  return `${names.length === 1 ? 'the migration' : 'the migrations'} ${names.join(', ')}`;
}
