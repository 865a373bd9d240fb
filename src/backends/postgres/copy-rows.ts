/**
 * Rows written with PostgreSQL's COPY, in its binary format, on a
 * transaction's own client (transaction-clients.ts), so they commit or roll
 * back with the rest of the transaction. A multi-row INSERT costs the server
 * a parse and plan per statement and a parameter per value, and caps a
 * statement at 65,535 parameters; COPY streams any number of rows in one
 * statement. The binary format carries each value as its bytes with a
 * length: nothing is escaped, so no text (tabs, newlines, backslashes,
 * `\N`) can be misread, and bytea travels as itself, not as hex.
 *
 * Each column is encoded by its type in the table (read from the catalog
 * once per table), and a value of the wrong kind is refused before anything
 * is sent. A row the server refuses (a NUL in a text, a broken constraint)
 * fails the whole COPY, and with it the transaction; the error names the row.
 * @module
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely, Transaction } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { DossierError } from '../../domain/errors.js';
import { quoteIdentifier } from '../sql/quote-identifier.js';
import type { TransactionClients } from './transaction-clients.js';

/** How a column's values are encoded: one of the binary formats of PostgreSQL's own types. */
export type CopyType = 'text' | 'int2' | 'int4' | 'int8' | 'float8' | 'bool' | 'bytea';

const TYPES: Record<string, CopyType> = {
  text: 'text', 'character varying': 'text', smallint: 'int2', integer: 'int4', bigint: 'int8',
  'double precision': 'float8', boolean: 'bool', bytea: 'bytea',
};

/** A row the server refused in a COPY: the table, the row's place in what was sent and what names it. */
export class CopyRowsError extends DossierError {
  override name = 'CopyRowsError';
  constructor(
    readonly table: string,
    /** The refused row's index in the rows given, when the server said which. */
    readonly row: number | undefined,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Names a row in an error: by default its first column whose name is `id` or ends in `_id`, else its first. */
export type DescribeRow = (row: readonly unknown[]) => string;

/** Writes rows with COPY on the transactions of one database; column types are read once per table. */
export class RowCopier {
  readonly #clients: TransactionClients;
  readonly #types = new Map<string, Map<string, CopyType>>();

  constructor(clients: TransactionClients) {
    this.#clients = clients;
  }

  /**
   * Appends `rows` (each in the order of `columns`) to `table` inside `trx`. Throws NoTransactionError
   * outside a Backend transaction, TypeError for a value that does not fit its column (nothing sent),
   * and CopyRowsError naming the row the server refused.
   */
  async copy(trx: Kysely<any> | Transaction<any>, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], describe?: DescribeRow): Promise<void> {
    const { client } = this.#clients.clientOf(trx, `COPY into ${table}`);
    if (rows.length === 0) return;
    let types = this.#types.get(table);
    if (!types) {
      const { rows: found } = await client.query<{ name: string; type: string }>(
        'select attname as name, format_type(atttypid, null) as type from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped',
        [table],
      );
      types = new Map(found.flatMap((c) => (TYPES[c.type] ? [[c.name, TYPES[c.type]!] as const] : [])));
      this.#types.set(table, types);
    }
    const encoding = columns.map((c) => {
      const type = types.get(c);
      if (!type) throw new TypeError(`COPY into ${table}: column ${c} is not in the table, or of a type COPY here does not write`);
      return type;
    });
    // Encoded before anything is sent: a value of the wrong kind leaves the transaction as it was.
    const chunks = encodeBinaryCopy(table, columns, encoding, rows);
    const statement = `copy ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) from stdin (format binary)`;
    try {
      await pipeline(Readable.from(chunks), client.query(copyFrom(statement)));
    } catch (error) {
      throw refused(table, columns, rows, error, describe);
    }
  }
}

/** The server's error, naming the row it gives the line of (`COPY t, line 3, column c: …`). */
function refused(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], error: unknown, describe?: DescribeRow): Error {
  const e = error as { message?: string; where?: string; detail?: string; code?: string };
  if (!e.code) return error as Error; // not the server's answer (a lost connection): as it came
  const at = /line (\d+)(?:, column ([^:,]+))?/.exec(e.where ?? '');
  const index = at ? Number(at[1]) - 1 : undefined;
  const row = index === undefined ? undefined : rows[index];
  const name = row ? ` (${(describe ?? describeBy(columns))(row)})` : '';
  const where = at ? ` row ${index! + 1} of ${rows.length}${name}${at[2] ? `, column ${at[2]}` : ''}` : ` ${rows.length} rows`;
  return new CopyRowsError(table, index, `COPY into ${table} refused${where}: ${e.message}${e.detail ? ` (${e.detail})` : ''}`, { cause: error });
}

function describeBy(columns: readonly string[]): DescribeRow {
  const at = Math.max(0, columns.findIndex((c) => c === 'id' || c.endsWith('_id')));
  return (row) => `${columns[at]} ${JSON.stringify(row[at])}`;
}

/** Bytes gathered before a chunk is handed to the socket; a value at least this large goes out as its own chunk. */
const CHUNK = 1 << 20;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The rows in COPY's binary format: the signature, flags and header extension (both 0), then per row
 * its field count (int16) and each field as an int32 length (-1 for NULL) and its bytes, then -1.
 * Encodes every row before returning, so a value that does not fit throws before anything is sent.
 */
export function encodeBinaryCopy(table: string, columns: readonly string[], types: readonly CopyType[], rows: readonly (readonly unknown[])[]): Buffer[] {
  const chunks: Buffer[] = [];
  let buf = Buffer.allocUnsafe(CHUNK);
  let at = 0;
  const room = (n: number) => {
    if (at + n <= buf.length) return;
    chunks.push(buf.subarray(0, at));
    buf = Buffer.allocUnsafe(Math.max(CHUNK, n));
    at = 0;
  };
  const bytes = (value: Uint8Array) => {
    room(4);
    at = buf.writeInt32BE(value.byteLength, at);
    if (value.byteLength >= CHUNK) {
      chunks.push(buf.subarray(0, at), Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      buf = Buffer.allocUnsafe(CHUNK);
      at = 0;
      return;
    }
    room(value.byteLength);
    buf.set(value, at);
    at += value.byteLength;
  };
  room(SIGNATURE.length + 8);
  at += SIGNATURE.copy(buf, at);
  at = buf.writeInt32BE(0, at);
  at = buf.writeInt32BE(0, at);
  rows.forEach((row, r) => {
    if (row.length !== columns.length) throw new TypeError(`COPY into ${table}: row ${r + 1} has ${row.length} values for ${columns.length} columns`);
    room(2);
    at = buf.writeInt16BE(columns.length, at);
    for (let c = 0; c < columns.length; c++) {
      const value = row[c];
      if (value === null || value === undefined) {
        room(4);
        at = buf.writeInt32BE(-1, at);
        continue;
      }
      const wrong = () => new TypeError(`COPY into ${table}: row ${r + 1}, column ${columns[c]} (${types[c]}): ${typeof value} ${String(value).slice(0, 40)} does not fit`);
      switch (types[c]) {
        case 'text': {
          if (typeof value !== 'string') throw wrong();
          const length = Buffer.byteLength(value, 'utf8');
          room(4 + length);
          at = buf.writeInt32BE(length, at);
          at += buf.write(value, at, 'utf8');
          break;
        }
        case 'int2':
        case 'int4': {
          const limit = types[c] === 'int2' ? 0x8000 : 0x80000000;
          if (typeof value !== 'number' || !Number.isInteger(value) || value < -limit || value >= limit) throw wrong();
          const size = types[c] === 'int2' ? 2 : 4;
          room(4 + size);
          at = buf.writeInt32BE(size, at);
          at = size === 2 ? buf.writeInt16BE(value, at) : buf.writeInt32BE(value, at);
          break;
        }
        case 'int8': {
          if (!(typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)))) throw wrong();
          room(12);
          at = buf.writeInt32BE(8, at);
          at = buf.writeBigInt64BE(BigInt(value), at);
          break;
        }
        case 'float8':
          if (typeof value !== 'number') throw wrong();
          room(12);
          at = buf.writeInt32BE(8, at);
          at = buf.writeDoubleBE(value, at);
          break;
        case 'bool':
          if (typeof value !== 'boolean') throw wrong();
          room(5);
          at = buf.writeInt32BE(1, at);
          at = buf.writeUInt8(value ? 1 : 0, at);
          break;
        case 'bytea':
          if (!(value instanceof Uint8Array)) throw wrong();
          bytes(value);
          break;
      }
    }
  });
  room(2);
  at = buf.writeInt16BE(-1, at);
  chunks.push(buf.subarray(0, at));
  return chunks;
}
