/**
 * Every contract suite, unchanged, on PostgreSQL: each test gets a fresh
 * database on a throwaway cluster (test/postgres-cluster.ts) whose default
 * collation is ICU's en-US, so byte-order assumptions are exercised.
 * @module
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { postgresAvailable, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import { runBackendContract } from '../backend.contract.js';
import { runDocumentGroupsContract } from '../document-groups.contract.js';
import { runEditorStoreContract } from '../editor-store.contract.js';
import { runJobQueueContract } from '../job-queue.contract.js';
import { runSearchIndexContract } from '../search-index.contract.js';
import { runStoreContract } from '../store.contract.js';
import { openPostgresBackend } from './postgres-backend.js';

describe.skipIf(!postgresAvailable())('PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  const open = async () => openPostgresBackend(await cluster.createDatabase(), { poolSize: 4 });
  runStoreContract('PostgreSQL', open);
  runDocumentGroupsContract('PostgreSQL', open);
  runEditorStoreContract('PostgreSQL', open);
  runBackendContract('PostgreSQL', open);
  runSearchIndexContract('PostgreSQL', open);
  runJobQueueContract('PostgreSQL', open);
});
