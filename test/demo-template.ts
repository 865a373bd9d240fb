/**
 * The demo archive built once per test run and copied for each test archive
 * that starts from it. Loading the demo through the import path takes about
 * a second (more on PostgreSQL), and some forty test archives start from
 * it; a copy of an SQLite file or a PostgreSQL database made from a template
 * takes milliseconds. The global setups build it (`demo-global-setup.ts`,
 * `postgres-global-setup.ts`); `openTestArchive({ demo: true })` copies it,
 * or loads the demo afresh where no template was built. The demo's own
 * import is still tested from scratch (test/demo.test.ts).
 * @module
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadDemo } from '../src/ingest/demo.js';
import { ARCHIVE_FILE, openArchive } from '../src/open-archive.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The demo archive's SQLite file, built for the run. */
    sqliteDemo?: string;
    /** The name of the demo's template database on the run's cluster. */
    postgresDemo?: string;
  }
}

const TEMPLATE_DB = 'dossier_demo_template';

async function load(archive: Awaited<ReturnType<typeof openArchive>>): Promise<void> {
  try {
    const report = await loadDemo(archive);
    if (report.failed > 0) throw new Error(`the demo failed to load: ${JSON.stringify(report.failures)}`);
  } finally {
    await archive.backend.close();
  }
}

/** The demo in an SQLite file of its own; its path. */
export async function buildSqliteDemo(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-demo-template-'));
  await load(await openArchive({ dataDir: dir }));
  return join(dir, ARCHIVE_FILE);
}

/** The demo in a database on `server` that others are created from; its name. */
export async function buildPostgresDemo(server: string): Promise<string> {
  await adminQuery(server, `create database "${TEMPLATE_DB}"`);
  const url = new URL(server);
  url.pathname = `/${TEMPLATE_DB}`;
  await load(await openArchive({ dataDir: mkdtempSync(join(tmpdir(), 'dossier-demo-template-')), databaseUrl: url.toString() }));
  return TEMPLATE_DB;
}

/** A copy of the SQLite demo in `dir` (closed, so its WAL is already in the file). */
export function copySqliteDemo(template: string, dir: string): void {
  copyFileSync(template, join(dir, ARCHIVE_FILE));
}

export async function adminQuery(server: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
