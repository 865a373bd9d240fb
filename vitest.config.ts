import { defineConfig } from 'vitest/config';

/**
 * Two projects: every test on the default (embedded SQLite) backend, and the
 * HTTP tests again on PostgreSQL, one cluster for the run
 * (test/postgres-global-setup.ts) and a fresh database per test archive.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file's temporary folders are removed when it is done.
    setupFiles: ['test/remove-temp-dirs.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'] },
      },
      {
        extends: true,
        test: { name: 'postgres', include: ['test/http/**/*.test.ts', 'test/http/**/*.test.tsx'], globalSetup: ['test/postgres-global-setup.ts'] },
      },
    ],
  },
});
