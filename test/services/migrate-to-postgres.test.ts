/**
 * `dossier migrate --to`: a small embedded archive with drafts, a withdrawn
 * document, a second revision, an editor's account, a live session and
 * audit entries, copied into PostgreSQL. Every table arrives row for row,
 * the export is the same, searches give the same hits, the site's pages are
 * the same, the editor's session still opens; an interrupted copy resumes and ends identical; a finished
 * one run again changes nothing; a target holding anything else is refused.
 * @module
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchRequest } from '../../src/backends/search-index.js';
import { exportRecords } from '../../src/ingest/export-service.js';
import { ARCHIVE_FILE, openArchive } from '../../src/open-archive.js';
import { FACET_IDS } from '../../src/search/facets.js';
import { parseQuery } from '../../src/search/query-parser.js';
import { CLI_ACTOR } from '../../src/services/access.js';
import { Accounts } from '../../src/services/accounts.js';
import type { Archive } from '../../src/services/archive.js';
import { migrateToPostgres } from '../../src/services/migrate-to-postgres.js';
import { Sessions } from '../../src/services/sessions.js';
import { createWebApp } from '../../src/web/app.js';
import { importPaths, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { postgresAvailable, startCluster, type PostgresCluster } from '../postgres-cluster.js';
import { runCli as cli } from '../cli-in-process.js';

const QUERIES = ['fishing', 'fishing quotas', '"fishing agreement"', 'fish*', 'zhou enlai', '周恩来', 'cable -quotas', ''];

describe.skipIf(!postgresAvailable())('migrating an embedded archive into PostgreSQL', () => {
  let cluster: PostgresCluster;
  let dataDir: string;
  let file: string;
  let sessionId: string;
  let migrated: string;
  beforeAll(async () => {
    cluster = await startCluster();
    dataDir = tempDir();
    file = join(dataDir, ARCHIVE_FILE);
    const archive = await openArchive({ dataDir });
    try {
      expect((await importPaths(archive, [SMALL_ARCHIVE])).failed).toBe(0);
      const doc = (await archive.backend.store.getDocument('t-001'))!;
      await archive.save({ kind: 'document', ...doc, title: `${doc.title} (revised)` } as never, { actor: 'test', note: 'second revision' });
      await new Accounts(archive).add(CLI_ACTOR, { email: 'editor@example.org', role: 'editor', password: 'a long enough passphrase' });
      sessionId = (await new Sessions(archive).signIn({ email: 'editor@example.org', password: 'a long enough passphrase', ip: '127.0.0.1' })).id;
      // An archive that has served: the site keeps the key its harvesting tokens are signed with, which must travel too.
      expect((await createWebApp(archive).request('/oai?verb=Identify')).status).toBe(200);
    } finally {
      await archive.close();
    }
  }, 60_000);
  afterAll(async () => {
    await cluster?.destroy();
  });

  /** Every row of every table, values as text, sorted: what "the same database" means here. */
  const sqliteTables = (tables: string[]) => {
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      return Object.fromEntries(tables.map((t) => [t, normalize(db.prepare(`select * from "${t}"`).all() as Record<string, unknown>[])]));
    } finally {
      db.close();
    }
  };
  const postgresTables = async (url: string, tables: string[]) => {
    const out: Record<string, string[]> = {};
    for (const t of tables) out[t] = normalize(await cluster.query(`select * from "${t}"`, [], new URL(url).pathname.slice(1)));
    return out;
  };

  const facets = FACET_IDS.map((id) => ({ id, limit: 0 }));
  const answers = async (archive: Archive) => {
    const out = [];
    for (const q of QUERIES) {
      const request: SearchRequest = { query: q ? parseQuery(q).root : undefined, filters: {}, sort: q ? 'relevance' : 'date', limit: 50, offset: 0, facets };
      const r = await archive.backend.search.search(request);
      out.push({ q, total: r.total, hits: r.hits.map((h) => h.id), facets: r.facets });
    }
    return out;
  };
  const exported = async (archive: Archive) => {
    const records = [];
    for await (const record of exportRecords(archive)) records.push(record);
    return records;
  };

  it('copies every table row for row, and the copy exports, searches and signs in like the original', async () => {
    migrated = await cluster.createDatabase();
    const report = await migrateToPostgres(file, migrated);
    expect(report).toMatchObject({ resumed: false, alreadyDone: false, indexed: 4 });
    const names = report.tables.map((t) => t.name);
    for (const table of ['documents', 'revisions', 'authorities', 'collections', 'users', 'sessions', 'audit_log', 'settings', 'sequences']) {
      expect(names).toContain(table);
    }
    expect(report.tables.find((t) => t.name === 'revisions')!.rows).toBeGreaterThan(15);
    // The one row that must differ: the index's version names each database's own layout, rebuilt on the target.
    expect(sqliteTables(['settings']).settings!.some((r) => r.includes('"oai.token-key"'))).toBe(true);
    const indexVersion = (tables: Record<string, string[]>) => ({ ...tables, settings: tables.settings!.filter((r) => !r.includes('"search.version"')) });
    expect(indexVersion(await postgresTables(migrated, names))).toEqual(indexVersion(sqliteTables(names)));

    const [source, target] = [await openArchive({ dataDir }), await openArchive({ dataDir: tempDir(), databaseUrl: migrated })];
    try {
      const records = await exported(source);
      expect(records.some((r) => r.kind === 'document' && r.status === 'draft')).toBe(true);
      expect(await exported(target)).toEqual(records);
      const hits = await answers(source);
      expect(hits.filter((h) => h.total > 0).length).toBeGreaterThan(5);
      expect(await answers(target)).toEqual(hits);
      expect(await target.backend.store.listRevisions('document', 't-001')).toEqual(await source.backend.store.listRevisions('document', 't-001'));
      expect((await new Sessions(target).find(sessionId, '127.0.0.1'))?.user.email).toBe('editor@example.org');
      // And the public site serves the same pages, byte for byte.
      const [before, after] = [createWebApp(source), createWebApp(target)];
      for (const path of ['/', '/documents/t-001', '/search?q=fishing', '/collections', '/people', '/dates']) {
        const page = await before.request(path);
        expect(page.status, path).toBe(200);
        expect(await (await after.request(path)).text(), path).toBe(await page.text());
      }
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('finishes an interrupted migration on the next run, with the same result', async () => {
    const url = await cluster.createDatabase();
    let chunks = 0;
    const interrupted = migrateToPostgres(file, url, {
      chunkRows: 3,
      onProgress: () => {
        if (++chunks === 12) throw new Error('killed');
      },
    });
    await expect(interrupted).rejects.toThrow('killed');
    const steps = await cluster.query<{ step: string; done: number }>('select step, done from migration_progress', [], new URL(url).pathname.slice(1));
    // Stopped part-way: some tables copied (or begun), not all, and no index.
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((s) => s.done === 1).length).toBeLessThan(10);
    expect(steps.some((s) => s.step === 'search-index')).toBe(false);

    const report = await migrateToPostgres(file, url, { chunkRows: 5 });
    expect(report).toMatchObject({ resumed: true, alreadyDone: false, indexed: 4 });
    const names = report.tables.map((t) => t.name);
    expect(await postgresTables(url, names)).toEqual(await postgresTables(migrated, names));
  });

  it('does nothing when the migration already finished', async () => {
    const names = (await migrateToPostgres(file, migrated)).tables.map((t) => t.name);
    const before = await postgresTables(migrated, [...names, 'migration_progress']);
    const again = await migrateToPostgres(file, migrated);
    expect(again).toMatchObject({ alreadyDone: true, indexed: 0 });
    expect(await postgresTables(migrated, [...names, 'migration_progress'])).toEqual(before);
  });

  it('takes a database where an archive was only created and served, replacing its settings', async () => {
    const url = await cluster.createDatabase();
    const fresh = await openArchive({ dataDir: tempDir(), databaseUrl: url, site: { name: 'Not this one' } });
    await fresh.backend.store.putSetting('site.name', 'Not this one');
    expect((await createWebApp(fresh).request('/oai?verb=Identify')).status).toBe(200);
    await fresh.close();
    const report = await migrateToPostgres(file, url);
    expect(report).toMatchObject({ resumed: false, indexed: 4 });
    const settings = await postgresTables(url, ['settings']);
    const source = sqliteTables(['settings']);
    expect(settings.settings!.filter((r) => !r.includes('search.version'))).toEqual(source.settings!.filter((r) => !r.includes('search.version')));
  });

  it('refuses a database holding another archive, naming what it found, and writes nothing to it', async () => {
    const url = await cluster.createDatabase();
    const other = await openArchive({ dataDir: tempDir(), databaseUrl: url });
    await importPaths(other, [SMALL_ARCHIVE]);
    const before = await other.stats();
    await other.close();
    await expect(migrateToPostgres(file, url)).rejects.toThrow(/already holds an archive \(rows in .*documents \(6\)/);
    const after = await openArchive({ dataDir: tempDir(), databaseUrl: url });
    expect(await after.stats()).toEqual(before);
    await after.close();
  });

  it('is the command `dossier migrate --to`, which says what it did, that a second run has nothing to do, and what was wrong', async () => {
    const url = await cluster.createDatabase();
    const first = await cli(['migrate', '--to', url, '--data', dataDir]);
    expect(first.err.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(first.out[0]).toMatch(/^Migrated the archive into postgres:\/\/postgres@127\.0\.0\.1:\d+\/test_\w+: \d+ rows in \d+ tables, 4 documents indexed, in \d+\.\d s\.$/);
    expect((await cli(['migrate', '--to', url, '--data', dataDir])).out[0]).toMatch(/^Nothing to do: .* already holds this archive\.$/);
    expect((await cli(['migrate', '--to', 'mysql://db/archive', '--data', dataDir])).err).toEqual([expect.stringMatching(/^--to: expected postgres:\/\/user:password@host:port\/database/)]);
    expect((await cli(['migrate', '--to', url, '--chunk-rows', '0', '--data', dataDir])).err).toEqual(['--chunk-rows: expected a whole number from 1 to 100000, not "0"']);
    const empty = tempDir();
    expect((await cli(['migrate', '--to', url, '--data', empty])).err.join('\n')).toMatch(/archive\.sqlite does not exist/);
  });

  it('refuses to resume when the archive changed since the interrupted run', async () => {
    const url = await cluster.createDatabase();
    const interrupted = migrateToPostgres(file, url, { chunkRows: 2, onProgress: () => { throw new Error('killed'); } });
    await expect(interrupted).rejects.toThrow('killed');
    const archive = await openArchive({ dataDir });
    await new Accounts(archive).add(CLI_ACTOR, { email: 'second@example.org', role: 'editor' });
    await archive.close();
    await expect(migrateToPostgres(file, url)).rejects.toThrow(/holds a migration of another archive, or of this one before it changed/);
  });
});

function normalize(rows: Record<string, unknown>[]): string[] {
  const text = (v: unknown) => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v.toString('hex') : String(v));
  return rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, text(r[k])]))).sort();
}
