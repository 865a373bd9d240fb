// Bundles the TypeScript sources into dist/dossier.js (and the import's and
// the search index's analysis threads' bundles beside it) with esbuild. Packages
// stay external (better-sqlite3 is a native module); web assets are served
// from src/web/assets, so nothing else is copied.
// The bundles are written beside dist and renamed into it one by one, so a
// `dossier` already running (or started meanwhile, as `npm run dossier` and
// the tests do) never loads a half-written file. Prints nothing on success,
// so `npm run -s dossier -- … --json` output pipes cleanly.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const staging = `dist.${process.pid}.tmp`;
rmSync(staging, { recursive: true, force: true });
try {
  await build({
    // The command, and the thread `dossier import` works in (its bundle holds only what an import runs),
    // and the thread that analyzes documents for the search index (src/search/engine/analysis-worker.ts).
    entryPoints: { dossier: 'src/cli/main.ts', 'import-thread': 'src/cli/threads/import-thread.ts', 'read-thread': 'src/cli/threads/read-thread.ts', 'analysis-thread': 'src/search/engine/analysis-thread.ts' },
    outdir: staging,
    bundle: true,
    // Each command is a chunk of its own, loaded when it runs (cli/program.ts), with the packages it imports.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    logLevel: 'warning',
  });
  mkdirSync('dist', { recursive: true });
  const built = readdirSync(staging);
  for (const file of built) renameSync(join(staging, file), join('dist', file));
  for (const file of readdirSync('dist')) if (!built.includes(file)) rmSync(join('dist', file), { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
