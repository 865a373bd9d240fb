/**
 * `tsx bench/profile-pages.ts <data-dir> [documents|search] [n] [passes] [--profile out-dir] [--warm]`:
 * renders `n` distinct pages of one kind with the page cache off, in process, with
 * `Accept-Encoding: br, gzip`, `passes` times, and prints the mean time per page of each
 * pass (wall time, and the process's CPU time with zlib's thread pool) — the load for a CPU profile of uncached rendering (bench/web.ts measures it over
 * HTTP). The first pass renders pages never rendered before; later passes, pages whose
 * per-record work (citations) is kept. With `--profile`, each pass is profiled on its own
 * (`pass-<n>.cpuprofile`, for Chrome DevTools or speedscope), without the start-up. With `--warm`, the
 * long texts are first made ready for search as a server does when it starts (long-text-warmup.ts), so a
 * search page's first pass is that of a running server rather than the first meetings of long texts.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { openArchive } from '../src/open-archive.js';
import { warmLongTexts } from '../src/services/long-text-warmup.js';
import { createWebApp } from '../src/web/app.js';
import { documentPath } from '../src/web/urls.js';

const argv = process.argv.slice(2);
const profileAt = argv.indexOf('--profile');
const profileDir = profileAt >= 0 ? argv.splice(profileAt, 2)[1] : undefined;
const warmAt = argv.indexOf('--warm');
if (warmAt >= 0) argv.splice(warmAt, 1);
const [dir, kind = 'documents', count = '300', passes = '1'] = argv;
if (!dir) throw new Error('usage: bench/profile-pages.ts <data-dir> [documents|search] [n] [passes]');
const archive = await openArchive({ dataDir: dir });
const app = createWebApp(archive, { log: 'error', cache: false });
if (warmAt >= 0) await warmLongTexts(archive);
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
const session = profileDir ? new Session() : undefined;
session?.connect();
await session?.post('Profiler.enable');
for (let pass = 1; pass <= Number(passes); pass++) {
  await session?.post('Profiler.start');
  const start = performance.now();
  const cpu = process.cpuUsage();
  const each: { path: string; cpu: number }[] = [];
  for (const p of paths) {
    const before = process.cpuUsage();
    const res = await app.request(p, { headers: { 'accept-encoding': 'br, gzip' } });
    await res.arrayBuffer();
    const spent = process.cpuUsage(before);
    each.push({ path: p, cpu: (spent.user + spent.system) / 1000 });
    if (res.status !== 200) console.error(p, res.status);
  }
  // CPU time of the whole process (zlib's thread pool included): on a shared machine, steadier than the wall time.
  const used = process.cpuUsage(cpu);
  console.log(`${paths.length} ${kind} pages, pass ${pass}, ${((performance.now() - start) / paths.length).toFixed(1)} ms each, CPU ${((used.user + used.system) / 1000 / paths.length).toFixed(2)} ms each`);
  // The tail: a page's CPU (not its wall time, which the machine's other work stretches), and the slowest pages.
  const byCpu = [...each].sort((a, b) => a.cpu - b.cpu);
  const at = (q: number) => byCpu[Math.min(byCpu.length - 1, Math.floor(q * byCpu.length))]!.cpu.toFixed(2);
  console.log(`  CPU a page p50 ${at(0.5)} ms, p90 ${at(0.9)}, p99 ${at(0.99)}; slowest: ${byCpu.slice(-5).reverse().map((e) => `${decodeURIComponent(e.path)} ${e.cpu.toFixed(1)}`).join(', ')}`);
  if (session) writeFileSync(join(profileDir!, `pass-${pass}.cpuprofile`), JSON.stringify((await session.post('Profiler.stop')).profile));
}
await archive.backend.close();
