/**
 * For the scripts that take searches apart on the PostgreSQL cluster
 * `bench:search --backend postgres` built and kept under its `--dir`
 * (profile-search-postgres.ts, postings-statement.ts): the cluster's folder,
 * and a record of the named statements a search sends through the pool.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

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
