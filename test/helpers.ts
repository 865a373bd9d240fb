/**
 * Test helpers: real archives (SQLite in memory, or a file in a temp folder)
 * loaded through the real import path.
 * @module
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { openArchive } from '../src/open-archive.js';
import { emptyReport, importItems } from '../src/ingest/import-service.js';
import { findSourceFiles, loadFieldMap, readSources } from '../src/ingest/sources.js';
import type { Archive } from '../src/services/archive.js';
import { loadDemo } from '../src/ingest/demo.js';
import { adminQuery } from './demo-template.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const SMALL_ARCHIVE = join(FIXTURES, 'json', 'small-archive.jsonl');

/** The shared corpora (../shared/data beside the project), overridable with DOSSIER_TEST_DATA. */
export const SHARED_DATA = process.env.DOSSIER_TEST_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));

import { tempDir } from './temp-dirs.js';

export { tempDir };

/**
 * An empty archive (or, with `demo`, the demo archive): SQLite in memory (or
 * in a file), or, in the `postgres` test project (vitest.config.ts), a fresh
 * database on the run's cluster.
 */
export async function openTestArchive(options: { file?: boolean; demo?: boolean } = {}): Promise<Archive> {
  const server = inject('postgresServer');
  // With `demo` on PostgreSQL, the run's demo database copied (demo-template.ts); elsewhere the demo is loaded.
  const template = options.demo && server ? inject('postgresDemo') : undefined;
  let archive: Archive;
  if (server) {
    const name = `t_${process.pid}_${++databases}_${Date.now() % 100_000}`;
    await adminQuery(server, `create database "${name}"${template ? ` template "${template}"` : ''}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    archive = await openArchive({ dataDir: tempDir(), databaseUrl: url.toString() });
  } else {
    archive = await openArchive({ dataDir: options.file ? tempDir() : ':memory:' });
  }
  if (options.demo && !template) {
    const report = await loadDemo(archive);
    if (report.failed > 0) throw new Error(`demo failed to load: ${JSON.stringify(report.failures)}`);
  }
  return archive;
}

let databases = 0;

export async function importPaths(archive: Archive, paths: string[], map?: string) {
  const files = await findSourceFiles(paths);
  const loaded = map ? await loadFieldMap(map) : undefined;
  return importItems(archive, readSources(files, loaded, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
}

export async function smallArchive(): Promise<Archive> {
  const archive = await openTestArchive();
  const report = await importPaths(archive, [SMALL_ARCHIVE]);
  if (report.failed > 0) throw new Error(`fixture failed to import: ${JSON.stringify(report.failures, null, 2)}`);
  return archive;
}

/** The URL a `dossier serve` child prints once it listens ("Open http://…/ in a browser"); rejects if it exits first or prints none in time. */
export function servedUrl(child: ChildProcessWithoutNullStreams, timeoutMs = 15_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open (http:\/\/\S+\/) in a browser/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', () => reject(new Error(`server exited: ${out}`)));
    setTimeout(() => reject(new Error(`no URL printed: ${out}`)), timeoutMs);
  });
}
