/** Every contract suite on the embedded backend: in memory, and in a file in WAL mode. */
import { join } from 'node:path';
import { tempDir } from '../../../test/temp-dirs.js';
import { runBackendContract } from '../backend.contract.js';
import { runDocumentGroupsContract } from '../document-groups.contract.js';
import { runEditorStoreContract } from '../editor-store.contract.js';
import { runJobQueueContract } from '../job-queue.contract.js';
import { runSearchIndexContract } from '../search-index.contract.js';
import { runStoreContract } from '../store.contract.js';
import { openSqliteBackend } from './sqlite-backend.js';

const inMemory = () => openSqliteBackend(':memory:');
const inFile = () => openSqliteBackend(join(tempDir('dossier-store-'), 'archive.sqlite'));

for (const [name, open] of [['SQLite in memory', inMemory], ['SQLite file (WAL)', inFile]] as const) {
  runStoreContract(name, open);
  runDocumentGroupsContract(name, open);
  runEditorStoreContract(name, open);
  runBackendContract(name, open);
  runSearchIndexContract(name, open);
  runJobQueueContract(name, open);
}
