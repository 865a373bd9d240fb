import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteBackend } from './sqlite-backend.js';
import { runStoreContract } from '../store.contract.js';

runStoreContract('SQLite in memory', () => openSqliteBackend(':memory:'));
runStoreContract('SQLite file (WAL)', () => openSqliteBackend(join(mkdtempSync(join(tmpdir(), 'dossier-store-')), 'archive.sqlite')));
