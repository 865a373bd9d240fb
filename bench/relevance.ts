/**
 * `npm run bench:relevance [-- --queries 500 --seed 7]`
 *
 * Known-item search on the FRUS volumes in ../shared/data: for randomly
 * chosen documents, a query of a few distinctive words of the body (drawn
 * with probability by tf·idf, as in known-item simulations) and a query of
 * the words of the title; the document is the one right answer. Reports
 * MRR@10 and recall@10 for Dossier's index and, in the same run on the same
 * documents, for the foundation's plain FTS5 bm25 (bench/lib/foundation).
 * @module
 */
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { documentSchema } from '../src/domain/document.js';
import { parseQuery } from '../src/search/query-parser.js';
import { sqliteSearchIndex } from '../src/backends/sqlite/sqlite-index-storage.js';
import { Fts5SearchIndex } from './lib/foundation/fts5-search-index.js';
import { parseQuery as foundationParse } from './lib/foundation/query-parser.js';
import { readFrus, sharedData } from './lib/corpus.js';
import { rng } from './lib/synthetic.js';

const { values: args } = parseArgs({ options: { queries: { type: 'string', default: '500' }, seed: { type: 'string', default: '7' }, words: { type: 'string', default: '4' } } });
const QUERIES = Number(args.queries);
const WORDS = Number(args.words);

const STOP = new Set(
  'the of and to in a is that for on with as by at from this be it which was his her he she they their have has had not are were been will would shall should may can could but or an its any all no so if than then there these those upon into such who whom our your my me we you i one two three said also very most more other some only about after before being under over what when where while same each both do did done sir mr his'.split(' '),
);

const started = performance.now();
const pieces = readFrus(`${sharedData()}/frus`);
console.log(`FRUS: ${pieces.length.toLocaleString()} documents in 16 volumes, read in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const docs = pieces.map((p, i) =>
  documentSchema.parse({
    id: `f${i}`,
    title: p.title.slice(0, 2000),
    date: undefined,
    languages: ['en'],
    transcripts: [{ language: 'en', html: p.paragraphs.map((x) => `<p>${escapeHtml(x)}</p>`).join('') }],
  }),
);

// Both indexes, in memory, from the same documents.
const ours = sqliteSearchIndex(new BetterSqlite3(':memory:'));
const base = new Fts5SearchIndex(new BetterSqlite3(':memory:'));
let t = performance.now();
for (let i = 0; i < docs.length; i += 1000) await ours.index(docs.slice(i, i + 1000).map((document) => ({ document, names: [] })));
const oursBuild = performance.now() - t;
t = performance.now();
for (let i = 0; i < docs.length; i += 1000) await base.index(docs.slice(i, i + 1000).map((document) => ({ document, names: [] })));
const baseBuild = performance.now() - t;
console.log(`indexed: ours ${(oursBuild / 1000).toFixed(1)} s, foundation FTS5 ${(baseBuild / 1000).toFixed(1)} s`);

// Document frequencies of plain lower-case words, for choosing distinctive ones.
const words = (text: string) => text.toLowerCase().match(/[a-z]{4,}/g) ?? [];
const df = new Map<string, number>();
const bodies = pieces.map((p) => p.paragraphs.join(' '));
for (const b of bodies) for (const w of new Set(words(b))) df.set(w, (df.get(w) ?? 0) + 1);

const r = rng(Number(args.seed));
const chosen: number[] = [];
while (chosen.length < Math.min(QUERIES, pieces.length)) {
  const i = Math.floor(r() * pieces.length);
  if (!chosen.includes(i) && words(bodies[i]!).length >= 20) chosen.push(i);
}

/** A few distinct words of the body, drawn with probability ∝ tf·idf. */
function bodyQuery(i: number): string {
  const tf = new Map<string, number>();
  for (const w of words(bodies[i]!)) if (!STOP.has(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
  const weighted = [...tf].map(([w, n]) => ({ w, weight: n * Math.log(pieces.length / (df.get(w) ?? 1)) }));
  const picked: string[] = [];
  while (picked.length < WORDS && weighted.length > 0) {
    const total = weighted.reduce((s, x) => s + x.weight, 0);
    let u = r() * total;
    const k = weighted.findIndex((x) => (u -= x.weight) <= 0);
    picked.push(weighted.splice(k < 0 ? 0 : k, 1)[0]!.w);
  }
  return picked.join(' ');
}

function titleQuery(i: number): string {
  const ws = pieces[i]!.title.split(/[^\p{L}\p{N}'-]+/u).filter((w) => w.length > 1 && !STOP.has(w.toLowerCase()));
  return ws.slice(0, 8).join(' ');
}

async function rank(index: 'ours' | 'base', q: string, target: string): Promise<number> {
  const request = { filters: {}, sort: 'relevance' as const, limit: 10, offset: 0 };
  const hits =
    index === 'ours'
      ? (await ours.search({ ...request, query: parseQuery(q).root })).hits
      : (await base.search({ ...request, query: foundationParse(q).root })).hits;
  const at = hits.findIndex((h) => h.id === target);
  return at < 0 ? 0 : at + 1;
}

const report: string[] = [];
for (const [kind, make] of [['body', bodyQuery], ['title', titleQuery]] as const) {
  const sums = { ours: { rr: 0, hit: 0, ms: [] as number[] }, base: { rr: 0, hit: 0, ms: [] as number[] } };
  let n = 0;
  for (const i of chosen) {
    const q = make(i);
    if (!q) continue;
    n++;
    for (const index of ['ours', 'base'] as const) {
      const t0 = performance.now();
      const at = await rank(index, q, `f${i}`);
      sums[index].ms.push(performance.now() - t0);
      if (at > 0) {
        sums[index].rr += 1 / at;
        sums[index].hit++;
      }
    }
  }
  const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
  for (const index of ['ours', 'base'] as const) {
    const s = sums[index];
    report.push(
      `${kind.padEnd(6)} ${index === 'ours' ? 'Dossier       ' : 'plain FTS5 bm25'}  MRR@10 ${(s.rr / n).toFixed(3)}  recall@10 ${(s.hit / n).toFixed(3)}  (${n} queries, median ${median(s.ms).toFixed(1)} ms)`,
    );
  }
}
console.log(`\nKnown-item search, ${chosen.length} documents, ${WORDS} body words (seed ${args.seed}); e.g. body "${bodyQuery(chosen[0]!)}", title "${titleQuery(chosen[0]!)}"\n`);
console.log(report.join('\n'));

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
