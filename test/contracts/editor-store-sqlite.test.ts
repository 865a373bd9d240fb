import { openSqliteBackend } from '../../src/backend/sqlite-backend.js';
import { runEditorStoreContract } from './editor-store.contract.js';

runEditorStoreContract('SQLite in memory', () => openSqliteBackend(':memory:'));
