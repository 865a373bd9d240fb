/**
 * `npx tsx bench/runs-packing.ts <archive.sqlite> [--run-bytes 0,420,600] [--dir /tmp]`: what SQLite leaves unused
 * in the pages of `ix_postings` for other cuts of its runs of terms (engine/term-runs.ts), on the rows of an archive
 * bench:search built (opened read-only). Each cut writes the archive's rows again into a fresh file under `--dir`
 * (removed afterwards), segment by segment in key order as a build appends them: `0` the rows as stored, another
 * value the segment's terms packed anew into runs of up to that many bytes (a term's own row and a common term's row
 * in `ix_long`'s stream left as they are). Then the rows as stored once more, copied by `INSERT … SELECT` into an
 * empty table, which SQLite fills as a bulk load. Prints, per cut, the stored rows, the table's pages, the bytes its
 * rows hold and the bytes left unused, from `dbstat`.
 * @module
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import type { TermRow } from '../src/search/engine/index-storage.js';
import { isRun, packRuns, unpackRow } from '../src/search/engine/term-runs.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'run-bytes': { type: 'string', default: '0,420,600' }, dir: { type: 'string', default: '/tmp' } },
});
const path = positionals[0];
if (!path) throw new Error('usage: bench/runs-packing.ts <archive.sqlite> [--run-bytes 0,420,600] [--dir /tmp]');
const SCHEMA = 'CREATE TABLE ix_postings (base INTEGER NOT NULL, term TEXT NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL, positions BLOB NOT NULL, PRIMARY KEY (base, term)) WITHOUT ROWID;';
type Row = [base: number, term: string, n: number, data: Buffer, positions: Buffer | number | bigint];

const source = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
const pageSize = source.pragma('page_size', { simple: true }) as number;
const rows = source.prepare('SELECT base, term, n, data, positions FROM ix_postings ORDER BY base, term').raw().all() as Row[];
source.close();
const segments = new Map<number, Row[]>();
for (const r of rows) (segments.get(r[0]) ?? segments.set(r[0], []).get(r[0])!).push(r);

const MB = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
/** A fresh file of the archive's page size holding `ix_postings` alone, filled by `fill`; its figures, and the file removed. */
function measure(name: string, fill: (db: BetterSqlite3.Database) => number): void {
  const file = join(args.dir!, `runs-packing-${process.pid}.sqlite`);
  rmSync(file, { force: true });
  const db = new BetterSqlite3(file);
  try {
    db.pragma(`page_size = ${pageSize}`);
    db.pragma('journal_mode = OFF');
    db.exec(SCHEMA);
    const written = fill(db);
    const s = db.prepare("SELECT count(*) AS pages, sum(payload) AS payload, sum(unused) AS unused FROM dbstat('main') WHERE name = 'ix_postings'").get() as { pages: number; payload: number; unused: number };
    console.log(
      `${name.padEnd(40)} rows ${written.toLocaleString().padStart(9)} | pages ${MB(s.pages * pageSize).padStart(8)} MB | row bytes ${MB(s.payload).padStart(8)} | unused ${MB(s.unused).padStart(7)} (${((100 * s.unused) / (s.pages * pageSize)).toFixed(1)}%)`,
    );
  } finally {
    db.close();
    rmSync(file, { force: true });
  }
}

for (const runBytes of args['run-bytes']!.split(',').map(Number)) {
  measure(runBytes ? `runs of up to ${runBytes} bytes, appended` : 'the rows as stored, appended', (db) => db.transaction(() => {
    const insert = db.prepare('INSERT INTO ix_postings (base, term, n, data, positions) VALUES (?, ?, ?, ?, ?)');
    let written = 0;
    for (const [base, segment] of segments) {
      if (!runBytes) {
        for (const r of segment) insert.run(...r);
        written += segment.length;
        continue;
      }
      let terms: TermRow[] = [];
      const flush = () => {
        for (const t of packRuns(terms, runBytes)) {
          insert.run(base, t.term, t.n, t.postings, t.positions);
          written++;
        }
        terms = [];
      };
      for (const r of segment) {
        // A row in the stream (its address an integer) is kept as it is, between the runs before and after it.
        if (!Buffer.isBuffer(r[4])) {
          flush();
          insert.run(...r);
          written++;
          continue;
        }
        const row: TermRow = { term: r[1], n: r[2], postings: r[3], positions: r[4] };
        if (isRun(row)) terms.push(...unpackRow(row));
        else terms.push(row);
      }
      flush();
    }
    return written;
  })());
}
measure('the rows as stored, INSERT … SELECT (bulk)', (db) => {
  db.exec(`ATTACH ${JSON.stringify(path)} AS source`);
  db.exec('INSERT INTO main.ix_postings SELECT * FROM source.ix_postings');
  return rows.length;
});
