// Bundles the TypeScript sources into dist/dossier.js with esbuild. Packages
// stay external (better-sqlite3 is a native module); web assets are served
// from src/web/assets, so nothing else is copied.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/dossier.js',
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
