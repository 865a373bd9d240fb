/**
 * COPY on a transaction's own client: any text (tabs, newlines, backslashes,
 * `\N`, quotes, characters beyond the Basic Multilingual Plane, control
 * characters) and any bytes come back exactly as written; a row the server
 * refuses in the middle of a copied group names that row and leaves nothing
 * of its transaction behind, through the Backend as through the copier; a
 * value that does not fit its column is refused before anything is sent;
 * and COPY outside a transaction is an error, never a write on another
 * connection of the pool.
 * @module
 */
import fc from 'fast-check';
import { sql, type Kysely, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import type { Backend } from '../backend.js';
import { BULK_MIN_ROWS } from '../sql/document-writes.js';
import { makeAuthority, makeCollection, makeDocument } from '../store.contract.js';
import { CopyRowsError, RowCopier } from './copy-rows.js';
import { openPostgres, type PostgresHandle } from './open-postgres.js';
import { openPostgresBackend } from './postgres-backend.js';
import { NoTransactionError } from './transaction-clients.js';

const COLUMNS = ['id', 'body', 'small', 'count', 'big', 'ratio', 'flag', 'bytes'];
type Row = [string, string | null, number | null, number | null, number | null, number | null, boolean | null, Uint8Array | null];

/** Text the COPY text format would have to escape, and characters where encodings part, drawn often. */
const tricky = fc.constantFrom('\t', '\n', '\r', '\\', '\\N', '\\.', '"', "'", ',', '|', '\u0001', '\u001f', '\u007f', '\u0085', '\u2028', '😀', '𠀀', '\uffff', 'é', ' ', 'N');
const text = fc.array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 8 }).map((s) => s.replaceAll('\u0000', ''))), { maxLength: 12 }).map((parts) => parts.join(''));
const row = (id: string): fc.Arbitrary<Row> =>
  fc.tuple(
    fc.constant(id),
    fc.option(text),
    fc.option(fc.integer({ min: -32768, max: 32767 })),
    fc.option(fc.integer()),
    fc.option(fc.maxSafeInteger()),
    fc.option(fc.double({ noNaN: true })),
    fc.option(fc.boolean()),
    fc.option(fc.uint8Array({ maxLength: 64 })),
  );

describe.skipIf(!postgresAvailable())('COPY on a transaction’s client', () => {
  let cluster: PostgresCluster;
  let handle: PostgresHandle;
  let copier: RowCopier;
  let backend: Backend;
  let db: Kysely<any>;
  beforeAll(async () => {
    cluster = await startCluster();
    handle = await openPostgres(await cluster.createDatabase());
    db = handle.db as Kysely<any>;
    copier = new RowCopier(handle.clients);
    await sql`create table copied (id text primary key, body text, small smallint, count integer, big bigint, ratio double precision, flag boolean, bytes bytea)`.execute(db);
    backend = await openPostgresBackend(await cluster.createDatabase());
  });
  afterAll(async () => {
    await backend?.close();
    await handle?.db.destroy();
    await cluster?.destroy();
  });

  const read = async (): Promise<Row[]> => {
    const { rows } = await sql<Record<string, unknown>>`select * from copied order by id collate "C"`.execute(db);
    return rows.map((r) => COLUMNS.map((c) => (Buffer.isBuffer(r[c]) ? new Uint8Array(r[c] as Buffer) : r[c])) as Row);
  };

  it('brings back every value as written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 40 }).chain((ns) => fc.tuple(...ns.map((_, i) => row(`r${String(i).padStart(3, '0')}`)))), async (rows) => {
        await sql`truncate copied`.execute(db);
        await handle.clients.transaction(db, (trx) => copier.copy(trx, 'copied', COLUMNS, rows));
        expect(await read()).toEqual(rows);
      }),
      { numRuns: 60 },
    );
  });

  it('names the row the server refuses and leaves nothing of its transaction', async () => {
    await sql`truncate copied`.execute(db);
    const rows: Row[] = Array.from({ length: 100 }, (_, i) => [`d${String(i).padStart(3, '0')}`, `text ${i}`, null, i, null, null, null, null]);
    rows[36]![1] = 'a NUL \u0000 in a text';
    const attempt = handle.clients.transaction(db, async (trx) => {
      await sql`insert into copied (id) values ('written before')`.execute(trx);
      await copier.copy(trx, 'copied', COLUMNS, rows);
    });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CopyRowsError);
    expect((error as CopyRowsError).row).toBe(36);
    expect((error as Error).message).toMatch(/COPY into copied refused row 37 of 100 \(id "d036"\), column body: .*0x00/);
    expect(await read()).toEqual([]);
  });

  it('refuses a value that does not fit its column before sending anything', async () => {
    await sql`truncate copied`.execute(db);
    await handle.clients.transaction(db, async (trx) => {
      const wrong = [['a', 'fine', 70_000, 1, 1, 1, true, null]];
      await expect(copier.copy(trx, 'copied', COLUMNS, wrong)).rejects.toThrow(/row 1, column small \(int2\): number 70000 does not fit/);
      await expect(copier.copy(trx, 'copied', ['id', 'missing'], [['a', 1]])).rejects.toThrow(/column missing is not in the table/);
      // The transaction is still usable: nothing reached the server.
      await copier.copy(trx, 'copied', COLUMNS, [['b', 'after', 1, 1, 1, 1, true, null]]);
    });
    expect((await read()).map((r) => r[0])).toEqual(['b']);
  });

  it('cannot be used outside a transaction', async () => {
    await expect(copier.copy(db, 'copied', COLUMNS, [['x', null, null, null, null, null, null, null]])).rejects.toThrow(NoTransactionError);
    await expect(copier.copy(db, 'copied', COLUMNS, [])).rejects.toThrow(/COPY into copied runs only inside a Backend transaction on PostgreSQL/);
    // Nor inside one Kysely began without lending its client, nor with a transaction that has ended.
    await db.transaction().execute(async (trx) => {
      await expect(copier.copy(trx, 'copied', COLUMNS, [])).rejects.toThrow(NoTransactionError);
    });
    let ended: Transaction<any> | undefined;
    await handle.clients.transaction(db, async (trx) => void (ended = trx));
    await expect(copier.copy(ended!, 'copied', COLUMNS, [])).rejects.toThrow(NoTransactionError);
    expect(await read()).not.toContainEqual(expect.arrayContaining(['x']));
  });

  it('through the Backend, a refused document fails its whole group and names it', async () => {
    const group = Array.from({ length: BULK_MIN_ROWS + 20 }, (_, i) => makeDocument({ id: `group/d${i}`, status: 'published', summary: `summary ${i}` }));
    group[BULK_MIN_ROWS - 3] = { ...group[BULK_MIN_ROWS - 3]!, summary: 'broken \u0000 summary' };
    const error = await backend.transaction(async (tx) => {
      await tx.store.putDocument(makeDocument({ id: 'group/before', status: 'published' }), { actor: 'test' });
      await tx.store.putDocuments(group, { actor: 'test' });
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(new RegExp(`COPY into documents refused row ${BULK_MIN_ROWS - 2} of ${group.length} \\(id "group/d${BULK_MIN_ROWS - 3}"\\)`));
    expect(await backend.store.getDocument('group/before')).toBeUndefined();
    expect(await backend.store.getDocument('group/d0')).toBeUndefined();
    expect(await backend.store.listRevisions('document', 'group/before')).toEqual([]);
    // The same group without the broken document lands whole.
    group[BULK_MIN_ROWS - 3] = makeDocument({ id: `group/d${BULK_MIN_ROWS - 3}`, status: 'published', summary: 'mended summary' });
    await backend.transaction((tx) => tx.store.putDocuments(group, { actor: 'test' }));
    expect((await backend.store.getDocuments(group.map((d) => d.id))).size).toBe(group.length);
    expect((await backend.store.listRevisions('document', `group/d${BULK_MIN_ROWS - 3}`)).length).toBe(1);
  });

  it('through the Backend, groups of authorities and collections large enough for COPY read back as written', async () => {
    const n = BULK_MIN_ROWS + 5;
    const people = Array.from({ length: n }, (_, i) => makeAuthority({ kind: 'person', id: `copy/p${i}`, name: `Person ${i}\t“quoted”`, variants: [{ name: `P. ${i} \\N` }] }));
    const sections = Array.from({ length: n }, (_, i) => makeCollection({ id: `copy/c${i}`, title: `Section ${i}\n😀`, ...(i > 0 ? { parent: 'copy/c0', position: i } : {}) }));
    await backend.transaction(async (tx) => {
      expect((await tx.store.putAuthorities(people, { actor: 'test' })).every((w) => w.outcome === 'created')).toBe(true);
      expect((await tx.store.putCollections(sections, { actor: 'test' })).every((w) => w.outcome === 'created')).toBe(true);
    });
    expect(await backend.store.getAuthority('person', `copy/p${n - 1}`)).toEqual(people[n - 1]);
    expect((await backend.store.findAuthoritiesByName('person', `P. ${n - 1} \\N`)).map((a) => a.id)).toEqual([`copy/p${n - 1}`]);
    expect(await backend.store.getCollection(`copy/c${n - 1}`)).toMatchObject({ title: `Section ${n - 1}\n😀`, parent: 'copy/c0', position: n - 1 });
    expect((await backend.store.listRevisions('collection', `copy/c${n - 1}`)).length).toBe(1);
    expect((await backend.store.listRevisions('person', 'copy/p0')).length).toBe(1);
    const again = await backend.transaction((tx) => tx.store.putAuthorities(people, { actor: 'test' }));
    expect(again.every((w) => w.outcome === 'unchanged')).toBe(true);
  });
});
