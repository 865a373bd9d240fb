/**
 * `tsx bench/pages-by-turns.ts <data-dir> <rounds> <checkout>[=<data-dir>]… [--port 3293] [--translated] [--fresh]`: document pages seen before, page
 * cache off, over HTTP, for several checkouts of the code by turns — each round starts each
 * checkout's own server (its `bench/web-server.ts`, run from its folder so tsx compiles its JSX with
 * its tsconfig) on the same archive, renders 1,500 FRUS documents once, then drives them for 10 s
 * with `Accept-Encoding: br` and 10 s with `gzip` at 32 connections (autocannon), a different page per
 * request. The same row as bench/web.ts's "seen before", with the code before a change and after it
 * measured in one run, so the machine's load weighs on both alike. Quote the medians of the rounds. Each
 * cell also gives the bytes received a response (headers and body, as autocannon counts them). With
 * `--translated`, only the pages of the published documents that have a translation (of any archive: the
 * demo's), each rendered once, then asked in turn.
 *
 * The first sweep (each page once, 32 connections) is a first visit in a fresh process: its rate is printed
 * too ("first"), but on a shared archive only the first server's sweep finds nothing kept in the catalog (the
 * similar documents and citations its pages wrote). With `--fresh`, each server starts on a fresh copy of its
 * archive, so every round's first sweep is a first visit of an archive as it was given; a checkout given as
 * `<checkout>=<data-dir>` uses that archive instead of `<data-dir>` (e.g. one its own code's `citations` job
 * went through).
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { openArchive } from '../src/open-archive.js';
import { documentPath } from '../src/web/urls.js';

const argv = process.argv.slice(2);
const portAt = argv.indexOf('--port');
const PORT = portAt >= 0 ? Number(argv.splice(portAt, 2)[1]) : 3293;
const translatedAt = argv.indexOf('--translated');
const translated = translatedAt >= 0 && argv.splice(translatedAt, 1).length > 0;
const freshAt = argv.indexOf('--fresh');
const fresh = freshAt >= 0 && argv.splice(freshAt, 1).length > 0;
const [dir, rounds = '3', ...checkouts] = argv;
if (!dir || checkouts.length === 0) throw new Error('usage: bench/pages-by-turns.ts <data-dir> <rounds> <checkout>[=<data-dir>]… [--port 3293] [--translated] [--fresh]');
const TSX = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;
const BASE = `http://127.0.0.1:${PORT}`;

const archive = await openArchive({ dataDir: dir });
const listed = (await archive.backend.store.listDocuments({ limit: 100_000 })).items;
const docs = listed.map((d) => documentPath(d.id));
/** With `--translated`: only the published documents that have a translation (the demo archive's), each in turn. */
const withTranslations = translated ? [...(await archive.backend.store.getDocuments(listed.map((d) => d.id))).values()].filter((d) => d.status === 'published' && d.translations.length > 0).map((d) => documentPath(d.id)) : [];
await archive.backend.close();
if (translated && withTranslations.length === 0) throw new Error('no published document with a translation in this archive');
const paths = translated ? withTranslations : docs.filter((_, i) => i % 5 === 0).slice(0, 1500);

const scratch = fresh ? mkdtempSync(join(tmpdir(), 'dossier-pages-by-turns-')) : undefined;
function start(root: string, data: string): Promise<ChildProcess> {
  let served = data;
  if (scratch) {
    served = join(scratch, 'archive');
    rmSync(served, { recursive: true, force: true });
    cpSync(data, served, { recursive: true });
  }
  const child = spawn(TSX, [join(root, 'bench/web-server.ts'), served, String(PORT), '--no-cache'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ready, fail) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && ready(child));
    child.on('exit', (code) => fail(new Error(`the server of ${root} exited with ${code}`)));
  });
}
const stop = (child: ChildProcess) => new Promise<void>((done) => (child.once('exit', () => done()), child.kill('SIGTERM')));
/** One path per request across all connections, so no page is asked for twice until the list wraps. */
function distinct(answered?: () => void) {
  let i = 0;
  return [{ method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[i++ % paths.length]! }), onResponse: answered }];
}

console.log(`${paths.length} document pages seen before, page cache off, 32 connections, 10 s per encoding`);
for (let round = 1; round <= Number(rounds); round++) {
  for (const [checkout, data] of checkouts.map((c) => c.split('=')).map(([c, d]) => [resolve(c!), resolve(d ?? dir!)] as const)) {
    const server = await start(checkout, data);
    // Each page once (at least as many requests as connections: a list shorter than 32 is asked round again): a first
    // visit. Its rate from the time to the last answer (autocannon ends a run with an amount on a whole second).
    const began = performance.now();
    let last = began;
    const first = await autocannon({ url: BASE, connections: 32, amount: Math.max(32, paths.length), headers: { 'accept-encoding': 'br' }, requests: distinct(() => (last = performance.now())) });
    const cells: string[] = [`first br ${((first.requests.total * 1000) / (last - began)).toFixed(0)} req/s p50 ${first.latency.p50} p99 ${first.latency.p99} errors ${first.errors + first.non2xx}`];
    for (const encoding of ['br', 'gzip']) {
      const r = await autocannon({ url: BASE, connections: 32, duration: 10, headers: { 'accept-encoding': encoding }, requests: distinct() });
      cells.push(`${encoding} ${r.requests.average.toFixed(0)} req/s p50 ${r.latency.p50} p99 ${r.latency.p99} ${(r.throughput.total / Math.max(1, r.requests.total) / 1024).toFixed(2)} KB a response errors ${r.errors + r.non2xx}`);
    }
    await stop(server);
    console.log(`round ${round} ${checkout}${data === resolve(dir!) ? '' : ` on ${data}`}: ${cells.join(' | ')}; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  }
}
if (scratch) rmSync(scratch, { recursive: true, force: true });
