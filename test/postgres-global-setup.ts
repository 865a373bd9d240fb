/**
 * Vitest global setup of the `postgres` project: one throwaway cluster for
 * every test file of the run, whose address the test helpers receive
 * (`inject('postgresServer')`), so each archive a test opens is a fresh
 * database on it instead of an SQLite file.
 * @module
 */
import type { TestProject } from 'vitest/node';
import { postgresAvailable, startCluster } from './postgres-cluster.js';
import { buildPostgresDemo } from './demo-template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresServer: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Without the server binaries (a developer machine; CI fails instead) the tests run on SQLite again.
  if (!postgresAvailable()) return undefined;
  const cluster = await startCluster();
  project.provide('postgresServer', cluster.url());
  if (process.env.DOSSIER_TEST_DEMO !== 'load') project.provide('postgresDemo', await buildPostgresDemo(cluster.url()));
  return () => cluster.destroy();
}
