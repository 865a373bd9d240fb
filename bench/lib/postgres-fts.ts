/**
 * PostgreSQL's own full-text search as the peer an operator would otherwise
 * pick, over the same synthetic documents as Dossier's index: one table with
 * a `tsvector` per document (title weighted A, body B, the `english`
 * configuration, like a contentless FTS5 table it keeps no text), the date
 * range and year, and a GIN index on the vector; with the RUM extension
 * installed (Debian's postgresql-15-rum), a RUM index on a copy of the
 * vector too, which can return the top 20 by rank from the index itself.
 *
 * The queries are the usual ones: `@@` a tsquery made from the same text
 * (plainto / phraseto / `:*` prefix / `:A` for a title word), top 20 by
 * `ts_rank` (GIN) or by the `<=>` distance (RUM), and a year facet as a
 * GROUP BY.
 * @module
 */
import pg from 'pg';

export interface FtsQuery {
  text: string;
  from?: string;
  to?: string;
}

export interface FtsDoc {
  title: string;
  text: string;
  /** [yyyymmdd start, yyyymmdd end] when dated. */
  range?: [number, number];
}

export class PostgresFts {
  constructor(
    private readonly client: pg.Client,
    /** Whether the RUM extension could be created. */
    readonly rum: boolean,
  ) {}

  static async open(url: string): Promise<PostgresFts> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rum = await client.query('create extension if not exists rum').then(() => true, () => false);
    await client.query(`create table if not exists fts_docs (
      id integer primary key, tsv tsvector not null, date_start integer, date_end integer, year integer
      ${rum ? ', tsv_rum tsvector' : ''})`);
    return new PostgresFts(client, rum);
  }

  /** Inserts documents `first`, `first + 1`, … (the vectors are made by the server, as an operator's trigger or generated column would). */
  async insert(first: number, docs: readonly FtsDoc[]): Promise<void> {
    const ids: number[] = [], titles: string[] = [], bodies: string[] = [], starts: (number | null)[] = [], ends: (number | null)[] = [];
    docs.forEach((d, k) => {
      ids.push(first + k);
      titles.push(d.title);
      bodies.push(d.text);
      starts.push(d.range?.[0] ?? null);
      ends.push(d.range?.[1] ?? null);
    });
    await this.client.query(
      `insert into fts_docs (id, tsv, date_start, date_end, year)
       select id, setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B'), s, e, s / 10000
       from unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[]) as t(id, title, body, s, e)`,
      [ids, titles, bodies, starts, ends],
    );
  }

  /** How many documents are loaded: they go in from id 1, a thousand a statement, so the highest id is the count. */
  async count(): Promise<number> {
    const { rows } = await this.client.query<{ n: number }>('select coalesce(max(id), 0)::int as n from fts_docs');
    return rows[0]!.n;
  }

  /** Builds the indexes after the load (faster than maintaining them row by row); returns the seconds each took. */
  async createIndexes(): Promise<{ gin: number; rum?: number }> {
    let t = performance.now();
    await this.client.query('create index if not exists fts_docs_gin on fts_docs using gin (tsv)');
    await this.client.query('create index if not exists fts_docs_dates on fts_docs (date_start, date_end)');
    const gin = (performance.now() - t) / 1000;
    if (!this.rum) return { gin };
    t = performance.now();
    await this.client.query('update fts_docs set tsv_rum = tsv');
    await this.client.query('create index if not exists fts_docs_rum on fts_docs using rum (tsv_rum rum_tsvector_ops)');
    await this.client.query('vacuum analyze fts_docs');
    return { gin, rum: (performance.now() - t) / 1000 };
  }

  /** The tsquery expression for a query text, with its parameters from $1. */
  static tsquery(text: string): { expr: string; value: string } {
    if (text.startsWith('title:')) return { expr: `to_tsquery('english', $1)`, value: `${text.slice(6)}:A` };
    if (text.startsWith('"')) return { expr: `phraseto_tsquery('english', $1)`, value: text.slice(1, -1) };
    if (text.endsWith('*')) return { expr: `to_tsquery('english', $1)`, value: `${text.slice(0, -1)}:*` };
    return { expr: `plainto_tsquery('english', $1)`, value: text };
  }

  /** Top 20 by rank: ts_rank over the GIN matches, or RUM's `<=>` from the index. Returns the ids. */
  async top(q: FtsQuery, index: 'gin' | 'rum'): Promise<number[]> {
    const { expr, value } = PostgresFts.tsquery(q.text);
    const column = index === 'rum' ? 'tsv_rum' : 'tsv';
    const dated = q.from ? 'and date_start <= $2 and date_end >= $3' : '';
    const order = index === 'rum' ? `${column} <=> q` : `ts_rank(${column}, q) desc`;
    const params: unknown[] = [value, ...(q.from ? [Number(`${q.to}1231`), Number(`${q.from}0101`)] : [])];
    const { rows } = await this.client.query<{ id: number }>(
      `select id from fts_docs, ${expr} q where ${column} @@ q ${dated} order by ${order} limit 20`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /** Matches per year: the one facet an operator would add with SQL. */
  async years(q: FtsQuery): Promise<number> {
    const { expr, value } = PostgresFts.tsquery(q.text);
    const { rows } = await this.client.query(`select year, count(*) from fts_docs, ${expr} q where tsv @@ q group by year`, [value]);
    return rows.length;
  }

  /** One round trip and nothing else. */
  async ping(): Promise<void> {
    await this.client.query('select 1');
  }

  /** Bytes of the table and each index. */
  async sizes(): Promise<{ table: number; gin: number; rum: number }> {
    const { rows } = await this.client.query<{ table: string; gin: string; rum: string | null }>(`
      select pg_table_size('fts_docs')::text as table, pg_relation_size('fts_docs_gin')::text as gin,
             (select pg_relation_size(oid)::text from pg_class where relname = 'fts_docs_rum') as rum`);
    return { table: Number(rows[0]!.table), gin: Number(rows[0]!.gin), rum: Number(rows[0]!.rum ?? 0) };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
