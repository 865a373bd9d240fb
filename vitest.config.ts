import { defineConfig } from 'vitest/config';

/**
 * Two projects: every test on the default (embedded SQLite) backend, and the
 * HTTP tests again on PostgreSQL, one cluster for the run
 * (test/postgres-global-setup.ts) and a fresh database per test archive;
 * each builds the demo archive once, for the tests that start from it.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
          // The demo archive, built once for the run and copied by the tests that start from it (test/demo-template.ts).
          globalSetup: ['test/demo-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'postgres', include: ['test/http/**/*.test.ts', 'test/http/**/*.test.tsx'], globalSetup: ['test/postgres-global-setup.ts'] },
      },
    ],
  },
});
