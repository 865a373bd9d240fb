/**
 * `tsx bench/pages-in-process-by-turns.ts <data-dir> <passes> <checkout-a> <checkout-b> [--search] [--data-b <dir>]`: document
 * pages with the page cache off, rendered in one process by two checkouts of the code by turns — the CPU a
 * page of each, where separate runs on a loaded machine differ by more than a change. Each checkout's site
 * (its `src/`) opens its own copy of the archive in `<data-dir>` (so what one keeps, the other does not
 * find), renders 300 FRUS documents once (a first visit), then both render them again, alternating, for
 * `<passes>` passes each (seen before; the order flips each pass), with `Accept-Encoding: br, gzip`.
 * Prints each pass's CPU time a page (the process's, so zlib's thread pool counts) and the medians.
 *
 * With `--translated`, the pages of the archive's published documents that have a translation (any ids: the demo
 * archive's), each asked in turn until a pass has 300, so a translated page's own work (its translation's
 * versions) is measured; the first visit's figure then includes pages already seen.
 *
 * With `--data-b <dir>`, site b opens a copy of that archive instead (the same documents, e.g. one its own code's
 * `citations` job went through), so a first visit of an archive prepared by each checkout's code is compared.
 *
 * With `--search`, search pages for distinct words instead: both sites first make their long texts ready
 * (as a server does at start), then each pass searches 200 words of the archive's titles and summaries that
 * no earlier pass searched (the same words for both sites), so every page is a visitor's first search for
 * its word; the CPU a page's median and 99th percentile are printed for each pass.
 *
 * tsx compiles a file's JSX by the tsconfig.json that includes it, and a checkout elsewhere is outside
 * this one's; so the script writes a tsconfig naming both checkouts (this one's compiler options) and
 * runs itself again under it.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fixedShuffle } from './lib/fixed-shuffle.js';

const search = process.argv.includes('--search');
const translated = process.argv.includes('--translated');
const dataBAt = process.argv.indexOf('--data-b');
const dirB = dataBAt >= 0 ? process.argv[dataBAt + 1] : undefined;
const [dir, passes = '8', a, b] = process.argv.slice(2).filter((x, i, all) => x !== '--search' && x !== '--translated' && x !== '--data-b' && all[i - 1] !== '--data-b');
if (!dir || !a || !b) throw new Error('usage: bench/pages-in-process-by-turns.ts <data-dir> <passes> <checkout-a> <checkout-b> [--search | --translated] [--data-b <dir>]');
const [rootA, rootB] = [resolve(a), resolve(b)];
const scratch = process.env.DOSSIER_BY_TURNS_DIR;

if (!scratch) {
  const made = mkdtempSync(join(tmpdir(), 'dossier-by-turns-'));
  const here = new URL('..', import.meta.url).pathname;
  const { compilerOptions } = JSON.parse(readFileSync(join(here, 'tsconfig.json'), 'utf8')) as { compilerOptions: object };
  const self = new URL(import.meta.url).pathname;
  writeFileSync(join(made, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: [join(rootA, 'src'), join(rootB, 'src'), join(here, 'src'), self] }));
  const tsx = join(here, 'node_modules/.bin/tsx');
  const run = spawnSync(tsx, ['--tsconfig', join(made, 'tsconfig.json'), self, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, DOSSIER_BY_TURNS_DIR: made } });
  rmSync(made, { recursive: true, force: true });
  process.exit(run.status ?? 1);
}

interface Site {
  name: string;
  request(path: string): Promise<Response>;
  close(): Promise<void>;
}

async function site(root: string, copy: string, from = dir!): Promise<Site> {
  cpSync(from, copy, { recursive: true });
  const { openArchive } = (await import(join(root, 'src/open-archive.js'))) as typeof import('../src/open-archive.js');
  const { createWebApp } = (await import(join(root, 'src/web/app.js'))) as typeof import('../src/web/app.js');
  const archive = await openArchive({ dataDir: copy });
  const app = createWebApp(archive, { log: 'error', cache: false });
  if (search) {
    const { warmLongTexts } = (await import(join(root, 'src/services/long-text-warmup.js'))) as typeof import('../src/services/long-text-warmup.js');
    await warmLongTexts(archive);
  }
  return { name: root, request: async (p) => app.request(p, { headers: { 'accept-encoding': 'br, gzip' } }), close: () => archive.backend.close() };
}

const sites = [await site(rootA, join(scratch, 'a')), await site(rootB, join(scratch, 'b'), dirB)];
const { openArchive } = await import('../src/open-archive.js');
const { documentPath } = await import('../src/web/urls.js');
const listing = await openArchive({ dataDir: join(scratch, 'a') });
const listed = (await listing.backend.store.listDocuments({ limit: 100_000 })).items;
const docs = listed.filter((d) => d.id.startsWith('frus'));
/** With `--translated`: the published documents with a translation, of any archive (the demo's), each asked in turn up to 300 pages a pass. */
const withTranslations = translated ? [...(await listing.backend.store.getDocuments(listed.map((d) => d.id))).values()].filter((d) => d.status === 'published' && d.translations.length > 0).map((d) => d.id) : [];
await listing.backend.close();
if (translated && withTranslations.length === 0) throw new Error('no published document with a translation in this archive');
const step = Math.max(1, Math.floor(docs.length / 300));
const paths = translated
  ? Array.from({ length: 300 }, (_, i) => documentPath(withTranslations[i % withTranslations.length]!))
  : docs.filter((_, i) => i % step === 0).slice(0, 300).map((d) => documentPath(d.id));
/** Distinct words for `--search`, in a fixed shuffle; pass k searches the k-th 200 of them. */
const words = fixedShuffle([...new Set(docs.flatMap((d) => `${d.title} ${d.summary ?? ''}`.toLowerCase().match(/\b[a-z]{5,}\b/g) ?? []))]);
const SEARCHES = 200;
const pathsOf = (k: number) => (search ? words.slice(k * SEARCHES, (k + 1) * SEARCHES).map((w) => `/search?q=${w}`) : paths);
const tails: number[][] = [[], []];

/** CPU milliseconds a page for one pass of `s` over the pages of pass `k`. */
async function pass(s: Site, k: number): Promise<number> {
  const list = pathsOf(k);
  const each: number[] = [];
  const cpu = process.cpuUsage();
  for (const p of list) {
    const one = process.cpuUsage();
    const res = await s.request(p);
    await res.arrayBuffer();
    const spent = process.cpuUsage(one);
    each.push((spent.user + spent.system) / 1000);
    if (res.status !== 200) throw new Error(`${s.name}: ${p} answered ${res.status}`);
  }
  const used = process.cpuUsage(cpu);
  each.sort((x, y) => x - y);
  tails[sites.indexOf(s)]!.push(each[Math.floor(each.length * 0.99)]!);
  return (used.user + used.system) / 1000 / list.length;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
console.log(search ? `search pages, ${SEARCHES} distinct words a pass (${words.length} words), page cache off, br, gzip; CPU ms a page` : translated ? `${paths.length} pages of ${withTranslations.length} translated documents, page cache off, br, gzip; CPU ms a page` : `${paths.length} FRUS document pages, page cache off, br, gzip; CPU ms a page`);
const first = [await pass(sites[0]!, 0), await pass(sites[1]!, 0)];
console.log(`first visit: a ${first[0]!.toFixed(2)}, b ${first[1]!.toFixed(2)}`);
const seen: number[][] = [[], []];
for (let k = 0; k < Number(passes); k++) for (const i of k % 2 ? [1, 0] : [0, 1]) seen[i]!.push(await pass(sites[i]!, search ? k + 1 : 0));
console.log(`${search ? 'later passes (new words)' : 'seen before'}: a ${seen[0]!.map((x) => x.toFixed(2)).join(' ')} | b ${seen[1]!.map((x) => x.toFixed(2)).join(' ')}`);
console.log(`medians of ${passes}: a ${median(seen[0]!).toFixed(2)}, b ${median(seen[1]!).toFixed(2)}, b / a ${(median(seen[1]!) / median(seen[0]!)).toFixed(3)}`);
if (search) console.log(`p99 of a page's CPU, medians of the passes: a ${median(tails[0]!.slice(1)).toFixed(1)}, b ${median(tails[1]!.slice(1)).toFixed(1)}, b / a ${(median(tails[1]!.slice(1)) / median(tails[0]!.slice(1))).toFixed(3)}`);
for (const s of sites) await s.close();
