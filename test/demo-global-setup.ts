/**
 * Vitest global setup of the `sqlite` project: the demo archive, built once
 * for the run (demo-template.ts). `DOSSIER_TEST_DEMO=load` builds none, so
 * every test loads the demo afresh (to compare, or to rule the copy out).
 * @module
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSqliteDemo } from './demo-template.js';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (process.env.DOSSIER_TEST_DEMO === 'load') return undefined;
  const file = await buildSqliteDemo();
  project.provide('sqliteDemo', file);
  return () => rmSync(dirname(file), { recursive: true, force: true });
}
