// Bundles the TypeScript sources into dist/dossier.js (and the import's thread
// bundle beside it) with esbuild. Packages
// stay external (better-sqlite3 is a native module); web assets are served
// from src/web/assets, so nothing else is copied.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

await build({
  // The command, and the thread `dossier import` works in (its bundle holds only what an import runs).
  entryPoints: { dossier: 'src/cli/main.ts', 'import-thread': 'src/cli/threads/import-thread.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
});
