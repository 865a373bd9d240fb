/**
 * The demo archive on PostgreSQL, built once per test run as a template
 * database and copied for each test archive that starts from it. Loading
 * the demo through the import path there takes seconds, and some forty
 * test archives of `test/http` start from it; `CREATE DATABASE … TEMPLATE`
 * takes a fraction of one. (On SQLite the demo loads into memory about as
 * fast as a file is copied, so it is loaded afresh.) The global setup
 * builds it (`postgres-global-setup.ts`); `openTestArchive({ demo: true })`
 * copies it, or loads the demo where no template was built. The demo's own
 * import is still tested from scratch (test/demo.test.ts).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadDemo } from '../src/ingest/demo.js';
import { openArchive } from '../src/open-archive.js';

declare module 'vitest' {
  export interface ProvidedContext {
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

/** The demo in a database on `server` that others are created from; its name. */
export async function buildPostgresDemo(server: string): Promise<string> {
  await adminQuery(server, `create database "${TEMPLATE_DB}"`);
  const url = new URL(server);
  url.pathname = `/${TEMPLATE_DB}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'dossier-demo-template-'));
  try {
    await load(await openArchive({ dataDir, databaseUrl: url.toString() }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return TEMPLATE_DB;
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
