/**
 * For the scripts that take searches apart on the PostgreSQL cluster
 * `bench:search --backend postgres` built and kept under its `--dir`
 * (profile-search-postgres.ts, postings-statement.ts): the cluster started
 * with a pool and a listening connection on it, the queries drawn, and a
 * record of the named statements a search sends through the pool.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { ChangeNotices } from '../../src/backends/postgres/change-notices.js';
import { openPostgres, poolOf } from '../../src/backends/postgres/open-postgres.js';
import type { SearchRequest } from '../../src/backends/search-index.js';
import { parseQuery } from '../../src/search/query-parser.js';
import { keptCluster, type PostgresCluster } from '../../test/postgres-cluster.js';
import { loadCorpora } from './corpus.js';
import { queriesOf, type QueryKind } from './search-queries.js';
import { SyntheticArchive } from './synthetic.js';

/** The kept cluster of `docs` documents under `dir`, started, and `queries` queries of `kind` drawn from its documents. */
export async function openKept(dir: string, docs: number, kind: QueryKind, queries: number): Promise<{
  cluster: PostgresCluster; db: Kysely<any>; pool: pg.Pool; notices: ChangeNotices; list: string[]; request: (q: string) => SearchRequest;
}> {
  const root = keptClusterFolder(dir, docs);
  const list = queriesOf(kind, new SyntheticArchive(loadCorpora(dir)), docs, queries);
  const cluster = await keptCluster(root);
  const url = cluster.url('bench');
  const { db } = await openPostgres(url);
  return {
    cluster, db, pool: poolOf(db)!, notices: new ChangeNotices(url), list,
    request: (q) => ({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 20, offset: 0 }),
  };
}

/** The folder of the cluster kept for `docs` documents under `dir`; an error when none was built there. */
export function keptClusterFolder(dir: string, docs: number): string {
  const root = join(dir, `pg-${docs}`);
  if (!existsSync(join(root, 'built'))) throw new Error(`no cluster built by bench:search --backend postgres --docs ${docs} under ${dir}`);
  return root;
}

/** A named statement as it was sent, with its parameters. */
export interface SentStatement {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * Records every named statement sent through `pool.query` (those `keep` accepts) between `start()` and
 * `stop()`, which answers them.
 */
export function recordStatements(pool: pg.Pool, keep: (name: string) => boolean = () => true): { start(): void; stop(): SentStatement[] } {
  let recording: SentStatement[] | undefined;
  const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
  (pool as unknown as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
    const c = config as { name?: string; text?: string; values?: unknown[] };
    if (recording && typeof c === 'object' && c.name && keep(c.name)) recording.push({ name: c.name, text: c.text!, values: c.values ?? [] });
    return query(config, ...rest);
  };
  return {
    start: () => void (recording = []),
    stop: () => {
      const sent = recording ?? [];
      recording = undefined;
      return sent;
    },
  };
}
