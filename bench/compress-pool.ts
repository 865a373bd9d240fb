/**
 * `tsx bench/compress-pool.ts <data-dir> [rounds]`: the CPU a page's compression costs when it goes through
 * zlib's thread pool, as the site compresses pages rendered for one request (web/compress.ts, its dynamic
 * levels), eight pages at a time — beside brotli at that quality in one synchronous call, in the same process. The process's
 * CPU time counts the pool's threads, which a CPU profile of the main thread does not show; the kernel's part
 * (page faults) is printed beside it. Each round runs twice, by turns: in a process with glibc's allocator as
 * it starts, and in one told to keep what it frees (`GLIBC_TUNABLES`, raised trim and mmap thresholds).
 * The pages: 200 FRUS document pages of the archive and 20 search pages (a word each), rendered once in each
 * process with the page cache off, each kind measured on its own (a search page is about three times a
 * document page's size).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip } from 'node:zlib';
import { DYNAMIC_LEVELS } from '../src/web/compress.js';

const [dir, rounds = '3', child] = process.argv.slice(2);
if (!dir) throw new Error('usage: bench/compress-pool.ts <data-dir> [rounds]');
const TUNABLES = 'glibc.malloc.trim_threshold=67108864:glibc.malloc.mmap_threshold=33554432';

if (child !== '--measure') {
  const self = new URL(import.meta.url).pathname;
  const tsx = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;
  console.log('CPU a page (µs), the process with its pool threads; (sys) the kernel part');
  for (let round = 1; round <= Number(rounds); round++) {
    for (const [name, env] of [['allocator as it starts', {}], [`GLIBC_TUNABLES=${TUNABLES}`, { GLIBC_TUNABLES: TUNABLES }]] as const) {
      const run = spawnSync(tsx, [self, dir, '1', '--measure'], { encoding: 'utf8', env: { ...process.env, ...env } });
      if (run.status !== 0) throw new Error(run.stderr);
      console.log(`round ${round}, ${name}: ${run.stdout.trim()}`);
    }
  }
  process.exit(0);
}

const { openArchive } = await import('../src/open-archive.js');
const { createWebApp } = await import('../src/web/app.js');
const { documentPath } = await import('../src/web/urls.js');
const archive = await openArchive({ dataDir: dir });
const app = createWebApp(archive, { log: 'error', cache: false });
const docs = (await archive.backend.store.listDocuments({ limit: 100_000 })).items.filter((d) => d.id.startsWith('frus'));
const step = Math.max(1, Math.floor(docs.length / 200));
const render = async (path: string) => Buffer.from(await (await app.request(path)).arrayBuffer());
const kinds: [string, Buffer[]][] = [['document pages', []], ['search pages', []]];
for (const d of docs.filter((_, i) => i % step === 0).slice(0, 200)) kinds[0]![1].push(await render(documentPath(d.id)));
for (const w of ['treaty', 'minister', 'cotton', 'railway', 'consul', 'telegram', 'tokyo', 'peking', 'loan', 'embassy', 'harbor', 'silver', 'mission', 'customs', 'trade', 'war', 'peace', 'japan', 'china', 'russia']) {
  kinds[1]![1].push(await render(`/search?q=${w}`));
}
await archive.backend.close();

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const params = (b: Buffer) => ({ params: { [constants.BROTLI_PARAM_QUALITY]: DYNAMIC_LEVELS.brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } });
const ways: [string, (b: Buffer) => Promise<Buffer>][] = [
  [`brotli ${DYNAMIC_LEVELS.brotliQuality}, pool`, (b) => brotli(b, params(b))],
  [`gzip ${DYNAMIC_LEVELS.gzipLevel}, pool`, (b) => gzipAsync(b, { level: DYNAMIC_LEVELS.gzipLevel })],
  [`brotli ${DYNAMIC_LEVELS.brotliQuality}, one call`, async (b) => brotliCompressSync(b, params(b))],
];
const lines: string[] = [];
for (const [kind, bodies] of kinds) {
  const cells: string[] = [];
  for (const [name, compress] of ways) {
    for (const b of bodies.slice(0, 20)) await compress(b);
    const n = Math.max(1000, bodies.length * 5);
    let next = 0;
    const cpu = process.cpuUsage();
    // Eight at a time, as concurrent requests hand them to the pool.
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < n) await compress(bodies[next++ % bodies.length]!);
    }));
    const used = process.cpuUsage(cpu);
    cells.push(`${name} ${((used.user + used.system) / n).toFixed(0)} (sys ${(used.system / n).toFixed(0)})`);
  }
  const kb = bodies.reduce((s, b) => s + b.length, 0) / bodies.length / 1024;
  lines.push(`${kind} (${bodies.length}, ${kb.toFixed(1)} KB on average): ${cells.join(', ')}`);
}
console.log(lines.join('; '));
