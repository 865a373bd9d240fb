/**
 * Migration 0006c on an archive made before it: each record's revision
 * counter starts at its highest revision, a deleted record's included.
 * @module
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { makeDocument } from '../../store.contract.js';
import { KyselyStore } from '../kysely-store.js';
import { QueryTemplates } from '../query-templates.js';
import { migrationProvider } from './index.js';

describe('migration 0006c-migrate', () => {
  it('starts each record\'s revision counter at its highest revision, so an older archive numbers on without repeats', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    const all = await migrationProvider.getMigrations();
    const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0006c'));
    await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
    const rev = (id: string, n: number) => ({ record_kind: 'document', record_id: id, revision: n, changed_at: '2025-01-01T00:00:00.000Z', actor: 'import', hash: `h${n}`, record: null });
    // "gone" was deleted at revision 3: its next revision must be 4 (numbers are never reused).
    await db.insertInto('revisions').values([rev('gone', 1), rev('gone', 2), rev('gone', 3), rev('other', 1)]).execute();

    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    expect(error).toBeUndefined();
    const counters = await sql<{ record_id: string; last: number }>`select record_id, last from revision_counters order by record_id`.execute(db);
    expect(counters.rows).toEqual([{ record_id: 'gone', last: 3 }, { record_id: 'other', last: 1 }]);

    const store = new KyselyStore(db, new QueryTemplates());
    await store.putDocument(makeDocument({ id: 'gone' }), { actor: 'test' });
    expect((await store.listRevisions('document', 'gone')).map((r) => r.revision)).toEqual([4, 3, 2, 1]);
    await db.destroy();
  });
});
