/**
 * `tsx bench/render-pages.ts <data-dir> <out-dir> [--code <checkout>] [--documents 400] [--warm] [--encoding br]`:
 * renders a fixed set of pages in process with the page cache off, each twice (a first visit, then
 * seen before), and writes every body to `<out-dir>` — to compare, byte for byte (`diff -r`), the
 * pages of two versions of the code on copies of one archive. The pages: `--documents` FRUS documents
 * spread over the archive and every demo document, in the reading view and side by side, and searches
 * (twelve words, two pages each; in the whole archive, in a collection, by type). `--code` renders
 * with another checkout's code (its `src/`), e.g. the code before a change; `--warm` first makes the
 * long texts ready for search as a server does when it starts (services/long-text-warmup.ts);
 * `--encoding br` (or gzip) asks for compressed answers and writes them decoded. Run it
 * from the other checkout's folder (`cd` there first), so that tsx compiles its JSX with its tsconfig.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { code: { type: 'string' }, documents: { type: 'string', default: '400' }, warm: { type: 'boolean', default: false }, encoding: { type: 'string', default: 'identity' } },
});
const [dir, out] = positionals;
if (!dir || !out) throw new Error('usage: bench/render-pages.ts <data-dir> <out-dir> [--code <checkout>] [--documents 400] [--warm] [--encoding br|gzip|identity]');
const root = resolve(args.code ?? new URL('..', import.meta.url).pathname);
const { openArchive } = (await import(join(root, 'src/open-archive.js'))) as typeof import('../src/open-archive.js');
const { createWebApp } = (await import(join(root, 'src/web/app.js'))) as typeof import('../src/web/app.js');
const { documentPath } = (await import(join(root, 'src/web/urls.js'))) as typeof import('../src/web/urls.js');

const archive = await openArchive({ dataDir: dir });
const app = createWebApp(archive, { log: 'error', cache: false });
if (args.warm) {
  const { warmLongTexts } = (await import(join(root, 'src/services/long-text-warmup.js'))) as typeof import('../src/services/long-text-warmup.js');
  await warmLongTexts(archive);
}
const docs = (await archive.backend.store.listDocuments({ limit: 100_000 })).items;
const frus = docs.filter((d) => d.id.startsWith('frus'));
const step = Math.max(1, Math.floor(frus.length / Number(args.documents)));
const chosen = [...frus.filter((_, i) => i % step === 0).slice(0, Number(args.documents)), ...docs.filter((d) => !d.id.startsWith('frus'))];
const collection = (await archive.backend.store.listCollections()).find((c) => c.id.startsWith('frus'))?.id;
const words = ['treaty', 'minister', 'cotton', 'railway', 'consul', 'telegram', 'Tokyo', 'Peking', 'loan', 'embassy', 'earnestly', 'blake'];
const paths = [
  ...chosen.flatMap((d) => [documentPath(d.id), `${documentPath(d.id)}?view=parallel`]),
  ...words.flatMap((w) => [`/search?q=${encodeURIComponent(w)}`, `/search?q=${encodeURIComponent(w)}&page=2`]),
  ...(collection ? words.slice(0, 4).map((w) => `/search?q=${encodeURIComponent(w)}&collection=${encodeURIComponent(collection)}`) : []),
  ...words.slice(0, 4).map((w) => `/search?q=${encodeURIComponent(`${w} type:telegram`)}`),
];
mkdirSync(out, { recursive: true });
let n = 0;
for (const visit of [1, 2]) {
  for (const p of paths) {
    const res = await app.request(p, { headers: { 'accept-encoding': args.encoding! } });
    const name = `${visit}-${p.replace(/[^a-zA-Z0-9._-]+/g, '_')}`;
    writeFileSync(join(out, name), `${res.status}\n${decode(res.headers.get('content-encoding'), Buffer.from(await res.arrayBuffer()))}`);
    n++;
  }
}
/** The body as the client reads it: a compressed answer decoded (so pages sent compressed compare with the same check). */
function decode(encoding: string | null, body: Buffer): string {
  if (encoding === 'br') return brotliDecompressSync(body).toString();
  if (encoding === 'gzip') return gunzipSync(body).toString();
  if (encoding === 'deflate') return inflateSync(body).toString();
  return body.toString();
}

console.log(`${n} pages (${paths.length} paths, twice) from ${root} written to ${out}`);
await archive.close();
