/**
 * `tsx bench/postings-statement.ts [--dir /tmp/dossier-bench] [--docs 50000] [--kind rare|two|fielded|phrase] [--queries 100] [--passes 5]`:
 * a search's postings statement on PostgreSQL taken apart, on the cluster
 * `bench:search --backend postgres` built and kept under `--dir` (it builds
 * none). Each query's first search records the postings statement it sent
 * (its segments and terms); then, pass after pass, each way of reading the
 * same rows is timed over every query on one held connection, the ways in a
 * different order each pass, beside one round trip (`select 1`) in the same
 * pass:
 *
 * - the statement as the search sends it, and the same unnamed (parsed and
 *   planned at each call), through the pool (a connection checked out for
 *   it), on a second held connection that only it uses (whose server
 *   process sleeps between its calls, as a pool's does between searches),
 *   with its rows as arrays (`rowMode: 'array'`); `select 1` through the pool;
 * - without its join of the segment list and the state row;
 * - its bytea as node-postgres's hex text (parsed by the driver) instead of
 *   base64;
 * - the same rows by binary COPY, each value as its bytes;
 * - one row by primary key, the floor of a statement that reads anything;
 * - the base64 decode of the rows alone, in this process.
 *
 * Printed: µs a query (bytes: a query's), medians of the passes, and each
 * beside `select 1` as the ratio of the medians.
 * @module
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { PostgresIndexStorage } from '../src/backends/postgres/postgres-index-storage.js';
import { EngineSearchIndex } from '../src/search/engine-search-index.js';
import { openKept, recordStatements, type SentStatement } from './lib/kept-postgres.js';
import { stats } from './lib/latency.js';
import { queryKind, QUERY_KINDS } from './lib/search-queries.js';

const OPTIONS = { dir: '/tmp/dossier-bench', docs: '50000', kind: 'rare', queries: '100', passes: '5' };
const { values: args } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: 'string' as const, default: v }])) });
const KIND = queryKind(args.kind);
const DOCS = Number(args.docs);
const PASSES = Number(args.passes);

const { cluster, db, pool, notices, list, request } = await openKept(args.dir!, DOCS, KIND, Number(args.queries));
try {
  // The postings statements a search sends (a phrase's positions go by COPY, not recorded).
  const recorder = recordStatements(pool, (name) => name.startsWith('ix_postings'));
  const engine = new EngineSearchIndex(new PostgresIndexStorage(db, { notices }));
  const sent: SentStatement[] = [];
  try {
    await engine.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0 });
    for (const q of list) {
      recorder.start();
      await engine.search(request(q));
      sent.push(...recorder.stop());
    }
  } finally {
    await notices.close();
  }
  if (sent.length === 0) throw new Error('the searches sent no postings statement');
  console.log(`${DOCS.toLocaleString()} documents, ${list.length} ${QUERY_KINDS[KIND].name}: ${sent.length} postings statements (${[...new Set(sent.map((s) => s.name))].join(', ')})\n`);

  const asSent = sent[0]!.text;
  const withoutJoins = `select q.base::text, q.term, p.term as key, p.n, encode(p.data, 'base64') as data
    from unnest($1::bigint[], $2::text[]) as q(base, term)
    left join lateral (select r.term, r.n, case when r.n < 0 or r.term = q.term then r.data end as data
      from ix_postings r where r.base = q.base and r.term <= q.term order by r.term desc limit 1) p on true`;
  const pairsOf = (s: SentStatement) => {
    const [bases, terms] = s.values as [string[], string[]];
    // ix_postings_of_bases crosses its bases with its terms; ix_postings_of pairs them.
    if (s.name === 'ix_postings_of') return { bases, terms };
    return { bases: terms.flatMap(() => bases), terms: terms.flatMap((t) => bases.map(() => t)) };
  };
  const pairs = sent.map(pairsOf);
  const literalPairs = (p: { bases: string[]; terms: string[] }) =>
    `unnest(array[${p.bases.join(',')}]::bigint[], array[${p.terms.map(pg.escapeLiteral).join(',')}]::text[])`;
  const copyText = (p: { bases: string[]; terms: string[] }) => `copy (${withoutJoins.replace('unnest($1::bigint[], $2::text[])', literalPairs(p)).replace("encode(p.data, 'base64')", 'p.data')}) to stdout (format binary)`;

  const client = await pool.connect();
  // A second connection held aside, used by one way only: its server process sleeps between that way's calls, as a
  // pool's connection does between a web process's searches.
  const alone = await pool.connect();
  const measured: Record<string, number[]> = {};
  const bytes: Record<string, number> = {};
  const add = (name: string, us: number) => (measured[name] ??= []).push(us);
  const copied = async (text: string) => {
    let total = 0;
    for await (const chunk of client.query(copyTo(text))) total += (chunk as Buffer).length;
    return total;
  };
  const arrays = (p: { bases: string[]; terms: string[] }) => `array[${p.bases.join(',')}]::bigint[], array[${p.terms.map(pg.escapeLiteral).join(',')}]::text[]`;
  /** Each way of reading query i's rows, answering the bytes that arrived. */
  const ways: Record<string, (i: number) => Promise<number>> = {
    'select 1 (named)': async () => sizeOf(await client.query({ name: 'ps_ping', text: 'select 1' })),
    'as sent (named, held connection)': async (i) => sizeOf(await client.query({ name: 'ps_as_sent', text: asSent, values: values(i) })),
    'as sent, on a connection of its own (idle between its calls)': async (i) => sizeOf(await alone.query({ name: 'ps_as_sent', text: asSent, values: values(i) })),
    'select 1, through the pool': async () => sizeOf(await pool.query({ name: 'ps_ping', text: 'select 1' })),
    'as sent, through the pool': async (i) => sizeOf(await pool.query({ name: 'ps_as_sent', text: asSent, values: values(i) })),
    'as sent, unnamed': async (i) => sizeOf(await client.query({ text: asSent, values: values(i) })),
    'as sent, rows as arrays': async (i) => sizeOf(await client.query({ name: 'ps_arrays', text: asSent, values: values(i), rowMode: 'array' })),
    'without the segment and state join': async (i) => sizeOf(await client.query({ name: 'ps_no_join', text: withoutJoins, values: values(i) })),
    'bytea as hex (driver parses)': async (i) => sizeOf(await client.query({ name: 'ps_hex', text: withoutJoins.replace("encode(p.data, 'base64')", 'p.data'), values: values(i) })),
    'binary COPY of the same rows': (i) => copied(copyText(pairs[i]!)),
    'binary COPY of a PL/pgSQL function (its plan kept)': (i) => copied(`copy (select * from pg_temp.ps_rows(${arrays(pairs[i]!)})) to stdout (format binary)`),
    'one row by primary key (named)': async (i) => sizeOf(await client.query({ name: 'ps_pk', text: `select n, encode(data, 'base64') as data from ix_postings where base = $1 and term = $2`, values: [pairs[i]!.bases[0], pairs[i]!.terms[0]] })),
  };
  const values = (i: number) => [pairs[i]!.bases, pairs[i]!.terms];
  // A function of this session: its statement is planned once per connection, as a named statement is, where a COPY's own is planned each call.
  await client.query(`create function pg_temp.ps_rows(bases bigint[], terms text[])
    returns table (o_base bigint, o_term text, o_key text, o_n integer, o_data bytea) language plpgsql stable as $$
    begin
      return query select q.base, q.term, p.term, p.n, p.data from unnest(bases, terms) as q(base, term)
        left join lateral (select r.term, r.n, case when r.n < 0 or r.term = q.term then r.data end as data
          from ix_postings r where r.base = q.base and r.term <= q.term order by r.term desc limit 1) p on true;
    end $$`);
  try {
    const names = Object.keys(ways);
    for (const name of names) await ways[name]!(0); // each statement parsed on this connection (and the pool's) before it is timed
    for (let pass = 0; pass < PASSES; pass++) {
      // Query by query, every way in turn (in another order for each query), so that the machine's moods hit them alike.
      for (let i = 0; i < sent.length; i++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(i + k + pass) % names.length]!;
          const t = performance.now();
          const size = await ways[name]!(i);
          add(name, (performance.now() - t) * 1000);
          bytes[name] = (bytes[name] ?? 0) + size / sent.length / PASSES;
        }
      }
      // The base64 decode alone, of the rows as sent.
      const rows: pg.QueryResult[] = [];
      for (let i = 0; i < sent.length; i++) rows.push(await client.query({ name: 'ps_as_sent', text: asSent, values: values(i) }));
      const t = performance.now();
      let decoded = 0;
      for (const r of rows) for (const row of r.rows) if (row.data !== null) decoded += Buffer.from(row.data as string, 'base64').byteLength;
      add('base64 decode of its rows, in this process', ((performance.now() - t) / sent.length) * 1000);
      bytes['base64 decode of its rows, in this process'] = decoded / sent.length;
      const explained = { asSent: 0, withoutJoins: 0 };
      for (const p of pairs) {
        explained.asSent += (await client.query({ text: `explain (analyze, format json) ${asSent}`, values: [p.bases, p.terms] })).rows[0]['QUERY PLAN'][0]['Execution Time'];
        explained.withoutJoins += (await client.query({ text: `explain (analyze, format json) ${withoutJoins}`, values: [p.bases, p.terms] })).rows[0]['QUERY PLAN'][0]['Execution Time'];
      }
      add("as sent: server's execution (explain analyze)", (explained.asSent / sent.length) * 1000);
      add("without the join: server's execution (explain analyze)", (explained.withoutJoins / sent.length) * 1000);
    }
  } finally {
    client.release();
    alone.release();
  }
  const ping = stats(measured['select 1 (named)']!).p50;
  console.log(`µs a statement, the median of every call (${sent.length} statements × ${PASSES} passes; server's execution and the decode: of the passes' means) (÷ select 1; bytes a statement as they arrive):`);
  for (const [name, us] of Object.entries(measured)) {
    const p50 = stats(us).p50;
    console.log(`  ${name.padEnd(58)} ${p50.toFixed(1).padStart(9)}  ${(p50 / ping).toFixed(2).padStart(6)}×  ${bytes[name] === undefined ? '' : `${Math.round(bytes[name]!).toLocaleString()} B`}`);
  }
  await db.destroy();
} finally {
  await cluster.stop();
}

/** The bytes of the text or bytea values of a result's rows. */
function sizeOf(result: pg.QueryResult): number {
  let total = 0;
  for (const row of result.rows) {
    for (const v of Array.isArray(row) ? row : Object.values(row)) total += typeof v === 'string' ? v.length : v instanceof Uint8Array ? v.byteLength : v === null ? 0 : 8;
  }
  return total;
}
