/**
 * The PostgreSQL side of `dossier migrate --to`: whether the database may
 * receive an archive (empty, or holding an interrupted copy of the same
 * source), and each chunk of rows written in one transaction together with
 * the progress row that counts it (migration 0006c-migrate), so that a copy
 * killed at any moment has either all of a chunk and its count or neither.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import { DossierError } from '../../domain/errors.js';
import type { Database } from '../sql/schema.js';

export interface StepProgress {
  step: string;
  source: string;
  lastRowid: number;
  rows: number;
  done: boolean;
}

/** Parameters a statement may carry stay well under PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

export class CopyTarget {
  constructor(private readonly db: Kysely<Database>) {}

  async progress(): Promise<Map<string, StepProgress>> {
    const rows = await this.db.selectFrom('migration_progress').selectAll().execute();
    return new Map(rows.map((r) => [r.step, { step: r.step, source: r.source, lastRowid: Number(r.last_rowid), rows: Number(r.rows), done: r.done === 1 }]));
  }

  /**
   * Throws unless every table to be filled is as a new archive leaves it: no
   * rows, but for counters still at zero and settings. An archive only
   * created or served on this database (`dossier init --name`, a first
   * start that wrote the index's version and the harvesting key) holds no
   * record, account or history; its settings are replaced by the source's.
   */
  async assertEmpty(tables: string[], location: string): Promise<void> {
    const found: string[] = [];
    for (const table of tables) {
      if (table === 'settings') continue;
      let query = sql<{ n: number }>`select count(*)::int as n from ${sql.id(table)}`;
      if (table === 'sequences') query = sql`select count(*)::int as n from sequences where value <> 0`;
      const n = (await query.execute(this.db)).rows[0]!.n;
      if (n > 0) found.push(`${table} (${n})`);
    }
    if (found.length) {
      throw new DossierError(
        `${location} already holds an archive (rows in ${found.join(', ')}); migrate only into an empty database, or one holding an interrupted migration of this same archive`,
      );
    }
  }

  /**
   * Appends rows to `table` and moves its progress to `lastRowid`, in one
   * transaction. The first chunk of a table first removes the rows a new
   * archive is seeded with (zeroed counters, the index's settings), which
   * the source's own rows replace.
   */
  async writeChunk(table: string, columns: string[], rows: unknown[][], progress: Omit<StepProgress, 'done' | 'step'>, first: boolean): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (first) await sql`delete from ${sql.id(table)}`.execute(trx);
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
      const names = sql.join(columns.map((c) => sql.id(c)));
      for (let i = 0; i < rows.length; i += perStatement) {
        const values = sql.join(rows.slice(i, i + perStatement).map((r) => sql`(${sql.join(r)})`));
        await sql`insert into ${sql.id(table)} (${names}) values ${values}`.execute(trx);
      }
      await this.#record(trx, { step: table, ...progress, done: false });
    });
  }

  async markDone(step: string, source: string, rows: number, lastRowid = 0): Promise<void> {
    await this.#record(this.db, { step, source, lastRowid, rows, done: true });
  }

  async count(table: string): Promise<number> {
    return (await sql<{ n: number }>`select count(*)::int as n from ${sql.id(table)}`.execute(this.db)).rows[0]!.n;
  }

  async #record(db: Kysely<Database>, p: StepProgress): Promise<void> {
    await db
      .insertInto('migration_progress')
      .values({ step: p.step, source: p.source, last_rowid: p.lastRowid, rows: p.rows, done: p.done ? 1 : 0 })
      .onConflict((oc) => oc.column('step').doUpdateSet({ source: p.source, last_rowid: p.lastRowid, rows: p.rows, done: p.done ? 1 : 0 }))
      .execute();
  }
}
