/**
 * `tsx bench/page-statements.ts <data-dir> [--code <checkout>] [--documents 300]`: the SQL statements a
 * document page runs, counted at the driver (better-sqlite3's statements: `all`, `get`, `run`, `iterate`),
 * with the page cache off — FRUS documents spread over the archive, each rendered twice (a first visit,
 * then seen before), in process. `--code` renders with another checkout's code (its `src/` and its
 * better-sqlite3); run it from that checkout's folder (`cd` there first), so that tsx compiles its JSX with
 * its tsconfig. Renders on the archive in place: give it a copy.
 * @module
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { code: { type: 'string' }, documents: { type: 'string', default: '300' } } });
const [dir] = positionals;
if (!dir) throw new Error('usage: bench/page-statements.ts <data-dir> [--code <checkout>] [--documents 300]');
const root = resolve(args.code ?? new URL('..', import.meta.url).pathname);

// Count every execution of a prepared statement of the checkout's own better-sqlite3.
const BetterSqlite3 = createRequire(join(root, 'package.json'))('better-sqlite3') as typeof import('better-sqlite3');
const probe = new BetterSqlite3(':memory:');
const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
probe.close();
let statements = 0;
for (const method of ['all', 'get', 'run', 'iterate']) {
  const original = statement[method]!;
  statement[method] = function (this: unknown, ...a: unknown[]) {
    statements++;
    return original.apply(this, a);
  };
}

const { openArchive } = (await import(join(root, 'src/open-archive.js'))) as typeof import('../src/open-archive.js');
const { createWebApp } = (await import(join(root, 'src/web/app.js'))) as typeof import('../src/web/app.js');
const { documentPath } = (await import(join(root, 'src/web/urls.js'))) as typeof import('../src/web/urls.js');
const archive = await openArchive({ dataDir: dir });
const app = createWebApp(archive, { log: 'error', cache: false });
const frus = (await archive.backend.store.listDocuments({ limit: 100_000 })).items.filter((d) => d.id.startsWith('frus'));
const n = Number(args.documents);
const step = Math.max(1, Math.floor(frus.length / n));
const paths = frus.filter((_, i) => i % step === 0).slice(0, n).map((d) => documentPath(d.id));
// The site's per-version reads (site name, collection records, the marker) once, before counting.
await (await app.request(documentPath(frus.at(-1)!.id))).arrayBuffer();
for (const pass of ['first visit', 'seen before']) {
  const before = statements;
  for (const p of paths) {
    const res = await app.request(p, { headers: { 'accept-encoding': 'identity' } });
    await res.arrayBuffer();
    if (res.status !== 200) console.error(p, res.status);
  }
  console.log(`${paths.length} FRUS document pages, ${pass}: ${((statements - before) / paths.length).toFixed(2)} statements a page (${root})`);
}
await archive.backend.close();
