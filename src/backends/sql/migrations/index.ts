/**
 * The catalog's migrations, in order. Kysely's Migrator records which have run.
 * Dialect-specific objects (full-text tables) belong to the search backends,
 * which create their own.
 * @module
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-init.js';
import * as m0003 from './0003-editors.js';
import * as m0004bOai from './0004b-oai.js';
import * as m0005cPostgres from './0005c-postgres.js';
import * as m0006aWebProcesses from './0006a-web-processes.js';
import * as m0006bJobs from './0006b-jobs.js';
import * as m0006cMigrate from './0006c-migrate.js';
import * as m0007aPageParts from './0007a-page-parts.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001-init': m0001,
  '0003-editors': m0003,
  '0004b-oai': m0004bOai,
  '0005c-postgres': m0005cPostgres,
  '0006a-web-processes': m0006aWebProcesses,
  '0006b-jobs': m0006bJobs,
  '0006c-migrate': m0006cMigrate,
  '0007a-page-parts': m0007aPageParts,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
