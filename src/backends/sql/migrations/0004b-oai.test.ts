import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as m0001 from './0001-init.js';
import { migrationProvider } from './index.js';

describe('migration 0004b-oai', () => {
  it('gives each document of an older archive the time of its latest revision as its datestamp', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    // The archive as it was before: only the first migration.
    await new Migrator({ db, provider: { getMigrations: async () => ({ '0001-init': m0001 }) } }).migrateToLatest();
    const row = (id: string, updated: string, seq: number) => ({
      id, slug: id, title: id, status: 'published', date_sort: '~', updated_at: updated, change_seq: seq, hash: id, record: '{}',
    });
    await db.insertInto('documents').values([row('a', '1999-01-01T00:00:00Z', 1), row('b', '1999-01-01T00:00:00Z', 2)]).execute();
    const rev = (id: string, n: number, at: string) => ({ record_kind: 'document', record_id: id, revision: n, changed_at: at, actor: 'import', hash: 'h', record: '{}' });
    await db.insertInto('revisions').values([rev('a', 1, '2025-01-01T00:00:00.000Z'), rev('a', 2, '2025-03-01T00:00:00.000Z')]).execute();

    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    expect(error).toBeUndefined();
    const rows = await sql<{ id: string; changed_at: string }>`select id, changed_at from documents order by id`.execute(db);
    // "a" takes its latest revision, not the updatedAt its source claimed; "b", with no revision, keeps updated_at.
    expect(rows.rows).toEqual([
      { id: 'a', changed_at: '2025-03-01T00:00:00.000Z' },
      { id: 'b', changed_at: '1999-01-01T00:00:00Z' },
    ]);
    await db.destroy();
  });
});
