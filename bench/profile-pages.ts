/**
 * `node --cpu-prof --import tsx bench/profile-pages.ts <data-dir> [documents|search] [n] [passes]`:
 * renders `n` distinct pages of one kind with the page cache off, in process, with
 * `Accept-Encoding: br, gzip`, and prints the mean time per page — the load for a CPU
 * profile of uncached rendering (bench/web.ts measures it over HTTP).
 * @module
 */
import { openArchive } from '../src/open-archive.js';
import { createWebApp } from '../src/web/app.js';
import { documentPath } from '../src/web/urls.js';

const [dir, kind = 'documents', count = '300', passes = '1'] = process.argv.slice(2);
if (!dir) throw new Error('usage: bench/profile-pages.ts <data-dir> [documents|search] [n] [passes]');
const archive = await openArchive({ dataDir: dir });
const app = createWebApp(archive, { log: 'error', cache: false });
const docs = (await archive.backend.store.listDocuments({ limit: 100_000 })).items;
const n = Number(count);
let paths: string[];
if (kind === 'search') {
  const words = new Set<string>();
  for (const d of docs) for (const w of d.title.toLowerCase().match(/\b[a-z]{5,}\b/g) ?? []) words.add(w);
  paths = [...words].slice(0, n).map((w) => `/search?q=${encodeURIComponent(w)}`);
} else {
  const step = Math.max(1, Math.floor(docs.length / n));
  paths = docs.filter((_, i) => i % step === 0).slice(0, n).map((d) => documentPath(d.id));
}
for (const p of paths.slice(0, 10)) await (await app.request(p, { headers: { 'accept-encoding': 'br, gzip' } })).arrayBuffer();
// A second pass renders the same pages again (page cache still off): what is kept per record (citations) is then warm.
for (let pass = 1; pass <= Number(passes); pass++) {
  const start = performance.now();
  for (const p of paths) {
    const res = await app.request(p, { headers: { 'accept-encoding': 'br, gzip' } });
    await res.arrayBuffer();
    if (res.status !== 200) console.error(p, res.status);
  }
  console.log(`${paths.length} ${kind} pages, pass ${pass}, ${((performance.now() - start) / paths.length).toFixed(1)} ms each`);
}
await archive.backend.close();
