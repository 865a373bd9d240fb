/**
 * The database's own checks for `dossier check` on PostgreSQL, where
 * SQLite's `PRAGMA integrity_check` has no single equivalent: every table of
 * the archive is read whole (a page the server cannot read, or whose
 * checksum fails when data checksums are on, is an error there), and every
 * B-tree index is verified against its ordering rules by `amcheck`'s
 * `bt_index_check` when that extension is installed in the database (it
 * ships with Debian's postgresql package; `CREATE EXTENSION amcheck` as the
 * database's owner). Foreign keys need no check: PostgreSQL enforces them on
 * every write. Reads only, in one read-only transaction.
 * @module
 */
import pg from 'pg';
import { DossierError } from '../../domain/errors.js';
import { postgresUrlSchema, redactPostgresUrl } from './postgres-url.js';
import { ARCHIVE_TABLES } from '../archive-tables.js';


export interface PostgresIntegrity {
  /** What was checked and found sound, one line each. */
  checked: string[];
  /** What was found wrong, one line each. */
  problems: string[];
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Checks the archive's database at `url`; throws when it holds no Dossier archive. */
export async function checkPostgresIntegrity(url: string): Promise<PostgresIntegrity> {
  const parsed = postgresUrlSchema.safeParse(url);
  if (!parsed.success) throw new DossierError(`DATABASE_URL: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const location = redactPostgresUrl(parsed.data);
  const client = new pg.Client({ connectionString: parsed.data, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('begin transaction isolation level repeatable read read only');
    const tables = (
      await client.query<{ name: string }>(
        `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind in ('r', 'p') order by c.relname`,
      )
    ).rows.map((r) => r.name);
    const missing = ARCHIVE_TABLES.filter((t) => !tables.includes(t));
    if (missing.length > 0) {
      throw new DossierError(`${location} holds no Dossier archive: it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''} (\`dossier init\` creates one)`);
    }
    const checked: string[] = [];
    const problems: string[] = [];
    const checksums = (await client.query<{ data_checksums: string }>('show data_checksums')).rows[0]?.data_checksums;
    let rows = 0;
    let failed = 0;
    for (const table of tables) {
      // A savepoint each, so one unreadable table is reported and the others are still read.
      await client.query('savepoint t');
      try {
        rows += Number((await client.query<{ n: string }>(`select count(*) as n from ${quoted(table)}`)).rows[0]!.n);
        await client.query('release savepoint t');
      } catch (error) {
        failed++;
        problems.push(`database: table ${table} could not be read whole: ${(error as Error).message}`);
        await client.query('rollback to savepoint t');
      }
    }
    if (failed === 0) checked.push(`tables: ok (${tables.length} read whole, ${rows} rows; data checksums ${checksums === 'on' ? 'on' : 'off'})`);
    const amcheck = (await client.query("select 1 from pg_extension where extname = 'amcheck'")).rowCount! > 0;
    if (!amcheck) {
      checked.push('indexes: not verified (the amcheck extension is not installed in this database: CREATE EXTENSION amcheck)');
    } else {
      const indexes = (
        await client.query<{ name: string }>(
          `select i.relname as name from pg_index x
           join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
           join pg_namespace n on n.oid = t.relnamespace join pg_am a on a.oid = i.relam
           where n.nspname = current_schema() and a.amname = 'btree' and i.relpersistence <> 't' and x.indisvalid
           order by i.relname`,
        )
      ).rows.map((r) => r.name);
      let bad = 0;
      for (const index of indexes) {
        await client.query('savepoint i');
        try {
          await client.query('select bt_index_check($1::regclass)', [quoted(index)]);
          await client.query('release savepoint i');
        } catch (error) {
          bad++;
          problems.push(`database: index ${index}: ${(error as Error).message}`);
          await client.query('rollback to savepoint i');
        }
      }
      if (bad === 0) checked.push(`indexes: ok (${indexes.length} B-tree indexes verified by amcheck)`);
    }
    await client.query('commit');
    return { checked, problems };
  } finally {
    await client.end().catch(() => {});
  }
}
