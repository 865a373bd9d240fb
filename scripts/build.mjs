// Bundles the TypeScript sources into dist/ with esbuild. Dependencies stay
// external (native modules such as better-sqlite3 cannot be bundled).
import { build } from 'esbuild';
import { cp, mkdir } from 'node:fs/promises';

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
await mkdir('dist/assets', { recursive: true });
await cp('src/web/assets', 'dist/assets', { recursive: true });
