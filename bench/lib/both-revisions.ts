/**
 * The same modules of this tree and of another git revision, loaded side by
 * side in one process, for the benchmarks that time two revisions by turns
 * (search-by-turns.ts, snippets-by-turns.ts). The revision's `src` is taken
 * with `git archive`; each side's entry (`entry(srcFolder)`, the source of a
 * module re-exporting what is wanted) is bundled alike with esbuild into
 * node_modules/.cache, so that both sides' packages resolve, and loaded; the
 * bundles are removed once loaded.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..', '..');

/** `entry`'s exports as of `peer` and as of this tree, named for the benchmarks' output. */
export async function bothRevisions<T>(peer: string, entry: (src: string) => string): Promise<{ name: string; module: T }[]> {
  const cache = join(root, 'node_modules', '.cache', `dossier-by-turns-${process.pid}`);
  const peerTree = join(cache, 'peer-tree');
  mkdirSync(peerTree, { recursive: true });
  const load = async (from: string, side: string): Promise<T> => {
    const dir = join(cache, side);
    mkdirSync(dir);
    writeFileSync(join(dir, 'entry.ts'), entry(join(from, 'src')));
    await build({ entryPoints: [join(dir, 'entry.ts')], outfile: join(dir, 'bundle.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
    return (await import(pathToFileURL(join(dir, 'bundle.mjs')).href)) as T;
  };
  try {
    execFileSync('sh', ['-c', `git archive ${JSON.stringify(peer)} src | tar -x -C ${JSON.stringify(peerTree)}`], { cwd: root });
    return [
      { name: `peer (${peer})`, module: await load(peerTree, 'peer') },
      { name: 'this tree', module: await load(root, 'this') },
    ];
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
