/**
 * `tsx bench/compress-levels.ts <data-dir> [rounds] [pages] [--at-once 8]`: what compressing a document page costs and gives
 * at a few brotli qualities and gzip levels, and with the zlib stream's options the site can set (brotli's
 * window sized to the page) or one synchronous call instead of the pool. Renders `pages` FRUS document pages (default 200) once with the page cache off and `identity`, then
 * compresses all of them with each setting through zlib's thread pool, one page at a time as a request does
 * (or `--at-once` pages at a time, as a server at that many connections does), the settings by turns in each round. Prints, per setting, the median over the rounds of the process's CPU
 * a page (the pool's threads count) and the pages' compressed bytes against the identity bytes.
 * @module
 */
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, type BrotliOptions, type ZlibOptions } from 'node:zlib';
import { openArchive } from '../src/open-archive.js';
import { createWebApp } from '../src/web/app.js';
import { documentPath } from '../src/web/urls.js';

const argv = process.argv.slice(2);
const atOnceAt = argv.indexOf('--at-once');
const atOnce = atOnceAt >= 0 ? Number(argv.splice(atOnceAt, 2)[1]) : 1;
const [dir, rounds = '5', count = '200'] = argv;
if (!dir) throw new Error('usage: bench/compress-levels.ts <data-dir> [rounds] [pages]');
const archive = await openArchive({ dataDir: dir });
const app = createWebApp(archive, { log: 'error', cache: false });
const docs = (await archive.backend.store.listDocuments({ limit: 100_000 })).items.filter((d) => d.id.startsWith('frus'));
const step = Math.max(1, Math.floor(docs.length / Number(count)));
const pages: Buffer[] = [];
for (const d of docs.filter((_, i) => i % step === 0).slice(0, Number(count))) {
  const res = await app.request(documentPath(d.id), { headers: { 'accept-encoding': 'identity' } });
  pages.push(Buffer.from(await res.arrayBuffer()));
}
await archive.backend.close();

const br = promisify(brotliCompress);
const gz = promisify(gzip);
const window = (n: number) => Math.min(24, Math.max(16, Math.ceil(Math.log2(n + 1))));
const brotliAt = (quality: number, extra: (b: Buffer) => BrotliOptions = () => ({})) => (b: Buffer) =>
  br(b, { ...extra(b), params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: b.length, ...extra(b).params } });
const gzipAt = (level: number, extra: (b: Buffer) => ZlibOptions = () => ({})) => (b: Buffer) => gz(b, { level, ...extra(b) });
const settings: [string, (b: Buffer) => Promise<Buffer>][] = [
  ['br 1', brotliAt(1)],
  ['br 2', brotliAt(2)],
  ['br 3', brotliAt(3)],
  ['br 4 (as now)', brotliAt(4)],
  ['br 5', brotliAt(5)],
  ['br 4, window to size', brotliAt(4, (b) => ({ params: { [constants.BROTLI_PARAM_LGWIN]: window(b.length) } }))],
  ['br 4, one synchronous call', async (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } })],
  ['br 3, one synchronous call', async (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 3, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } })],
  ['gzip 1', gzipAt(1)],
  ['gzip 4', gzipAt(4)],
  ['gzip 6 (as now)', gzipAt(6)],
];
const identity = pages.reduce((n, p) => n + p.length, 0);
const cpu: number[][] = settings.map(() => []);
const sys: number[][] = settings.map(() => []);
const bytes: number[] = settings.map(() => 0);
for (let round = 0; round < Number(rounds); round++) {
  for (const [i, [, run]] of (round % 2 ? [...settings.entries()].reverse() : [...settings.entries()])) {
    let total = 0;
    const before = process.cpuUsage();
    for (let at = 0; at < pages.length; at += atOnce) for (const out of await Promise.all(pages.slice(at, at + atOnce).map(run))) total += out.length;
    const spent = process.cpuUsage(before);
    cpu[i]!.push((spent.user + spent.system) / pages.length);
    sys[i]!.push(spent.system / pages.length);
    bytes[i] = total;
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${pages.length} FRUS document pages, ${(identity / pages.length / 1024).toFixed(1)} KB each on average (identity); ${rounds} rounds, ${atOnce} at a time`);
console.log('setting | CPU a page (µs, median) | of which the kernel | bytes a page | of identity');
for (const [i, [name]] of settings.entries()) {
  console.log(`${name} | ${median(cpu[i]!).toFixed(0)} | ${median(sys[i]!).toFixed(0)} | ${Math.round(bytes[i]! / pages.length)} | ${((100 * bytes[i]!) / identity).toFixed(1)}%`);
}
