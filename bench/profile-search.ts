/**
 * `tsx bench/profile-search.ts [--dir /tmp/dossier-bench] [--docs 50000] [--kind rare|phrase|prefix|common|two] [--queries 400]`:
 * where one top-20 search of a rare word, a phrase, a prefix, a common word
 * or two words goes, on an archive bench:search built and kept under `--dir`
 * (it builds none), beside raw FTS5 on the same file pair in the same
 * process. Queries are drawn as bench:search draws them (a word met once in
 * a sample of 6,000 documents; two adjacent words of an English document; a
 * common word's first four letters; a word in 15–60% of the documents; such
 * a word after one in 1–30%), but from another seed and each once, so that
 * their lists have not been read before. `--facets on` asks every search of
 * ours for every facet's counts, as bench:search's second column does.
 *
 * Two passes: the first searches of every query, ours and FTS5's in
 * alternating order (p50 / p95); then, with every page now in SQLite's
 * caches, each part of a search alone over all the queries, medians of
 * seven passes: FTS5's whole query, the change marker, parsing, the rows
 * read per segment (postings, and positions for phrases; a prefix's
 * expansions), their postings decoded into typed arrays as the engine
 * decodes them, the page's
 * record ids (from the doc columns, where the engine holds them), and our
 * whole search with its lists already decoded. The load for
 * `node --cpu-prof` on searches without bench:search's build.
 * @module
 */
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { analyze, EXACT } from '../src/search/analyzer.js';
import { MAX_PREFIX_TERMS, seek } from '../src/search/engine/match.js';
import { parseQuery } from '../src/search/query-parser.js';
import { SqliteIndexStorage } from '../src/backends/sqlite/sqlite-index-storage.js';
import { EngineSearchIndex } from '../src/search/engine-search-index.js';
import { DocColumns } from '../src/search/engine/doc-columns.js';
import { decodeInto, type Postings } from '../src/search/engine/posting-codec.js';
import { decodeExactInto, isExactForm, stemOfExact } from '../src/search/engine/exact-codec.js';
import { loadCorpora } from './lib/corpus.js';
import { fmt, stats } from './lib/latency.js';
import { allFacets, queriesOf, queryKind, QUERY_KINDS } from './lib/search-queries.js';
import { SyntheticArchive } from './lib/synthetic.js';

/** Every option is a string with a default. */
const OPTIONS = { dir: '/tmp/dossier-bench', docs: '50000', kind: 'rare', queries: '400', facets: 'off' };
const { values: args } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: 'string' as const, default: v }])) });
const KIND = queryKind(args.kind);
const DOCS = Number(args.docs);

function open(path: string): BetterSqlite3.Database {
  // Read-only, with bench:search's page cache: nothing here writes.
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -65536');
  return db;
}

const ours = open(`${args.dir}/ours-${DOCS}.sqlite`);
const storage = new SqliteIndexStorage(ours);
const docNumber = ours.prepare('SELECT rowid FROM ix_docs WHERE doc_id = ? AND live = 1').pluck();
const index = new EngineSearchIndex(storage, { analysisThread: false });
const raw = open(`${args.dir}/fts5-${DOCS}.sqlite`);
const rawTop = raw.prepare('SELECT rowid, rank FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rank LIMIT 20');
const synthetic = new SyntheticArchive(loadCorpora(args.dir!));

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const ftsMatch = (q: string) => (q.startsWith('"') ? quote(q.slice(1, -1)) : q.endsWith('*') ? `${quote(q.slice(0, -1))}*` : quote(q));
const facets = args.facets === 'on' ? { facets: allFacets() } : {};
const request = (q: string) => ({ query: parseQuery(q).root, filters: {}, sort: 'relevance' as const, limit: 20, offset: 0, ...facets });

const list = queriesOf(KIND, synthetic, DOCS, Number(args.queries));
// The doc columns and the files' first pages, with queries not measured.
await index.search({ filters: {}, sort: 'relevance', limit: 20, offset: 0 });
for (const w of ['committee', 'treaty']) {
  await index.search(request(w));
  rawTop.all(w);
}
const bases = storage.segments().map((s) => s.base);
console.log(`${DOCS.toLocaleString()} documents, ${bases.length} segments, ${list.length} ${QUERY_KINDS[KIND]}\n`);

// First searches, alternating which side goes first (the second finds the operating system's cache warmer).
const first = { ours: [] as number[], fts5: [] as number[] };
const hitIds: number[][] = [];
for (const [j, q] of list.entries()) {
  for (const side of j % 2 === 0 ? ['ours', 'fts5'] : ['fts5', 'ours']) {
    const t = performance.now();
    if (side === 'fts5') rawTop.all(ftsMatch(q));
    else await index.search(request(q));
    first[side as 'ours' | 'fts5'].push(performance.now() - t);
  }
}
const cell = (ms: number[]) => `${fmt(stats(ms).p50)} / ${fmt(stats(ms).p95)}`;
console.log(`first search, p50 / p95 ms: ours ${cell(first.ours)}, raw FTS5 ${cell(first.fts5)}; ours / FTS5 at p50 ${(stats(first.ours).p50 / stats(first.fts5).p50).toFixed(2)}×\n`);

// The doc numbers each query's top 20 resolves to record ids (the page's hits, in doc order), and the columns that hold them, as the engine loads them.
const columns = new DocColumns();
for (const row of storage.loadDocs(0)) columns.append(row);
// A prefix's terms are its expansions, as the engine asks for them (words as written, then terms as indexed).
const expand = (head: string) => storage.termsInRange(bases, head, `${head}\uffff`, MAX_PREFIX_TERMS + 1).map((r) => r.term);
const terms = list.map((q) => (KIND === 'prefix' ? [...expand(EXACT + q.slice(0, -1)), ...expand(q.slice(0, -1))] : analyze(q.replace(/"/g, '')).filter((t) => t.extra === undefined).map((t) => t.term)));
for (const q of list) {
  const result = await index.search(request(q));
  hitIds.push(result.hits.map((h) => docNumber.get(h.id) as number));
}

const rows = terms.map((ts) => ts.map((t) => ({ term: t, list: storage.postings(bases, t) })));
type Rows = { base: number; n: number; postings: Uint8Array }[];
/** A term's rows decoded into one list, as the engine's reader decodes them (a form as typed against its stem's list, decoded too). */
function decode({ term, list }: { term: string; list: Rows }): Postings {
  const n = list.reduce((s, r) => s + r.n, 0);
  const p: Postings = { docs: new Int32Array(n), wtf: new Uint8Array(n), masks: new Uint8Array(n), n };
  let at = 0;
  if (!isExactForm(term)) {
    for (const r of list) at = decodeInto(r.postings, r.base, p, at);
    return p;
  }
  const stemTerm = stemOfExact(term);
  const stem = decode({ term: stemTerm, list: storage.postings(bases, stemTerm) });
  for (const r of list) {
    const next = bases[bases.indexOf(r.base) + 1] ?? Infinity;
    const from = seek(stem.docs, 0, stem.n, r.base);
    at = decodeExactInto(r.postings, r.base, { ...stem, from, to: next === Infinity ? stem.n : seek(stem.docs, from, stem.n, next) }, p, at);
  }
  return p;
}

const parts: Record<string, () => unknown> = {
  'raw FTS5, whole query': () => list.forEach((q) => rawTop.all(ftsMatch(q))),
  'change marker': () => list.forEach(() => storage.marker()),
  'parse the query': () => list.forEach((q) => parseQuery(q)),
  'rows, every segment (postings)': () => terms.forEach((ts) => ts.forEach((t) => storage.postings(bases, t))),
  'the postings decoded': () => rows.forEach((rs) => rs.forEach(decode)),
  ...(KIND === 'phrase' ? { 'rows, every segment (positions)': () => terms.forEach((ts) => ts.forEach((t) => storage.positions(bases, t))) } : {}),
  "the page's record ids (held in the columns)": () => hitIds.forEach((docs) => docs.forEach((d) => columns.ids.get(d))),
};
const measured: Record<string, number[]> = {};
for (let pass = 0; pass < 7; pass++) {
  for (const [name, run] of Object.entries(parts)) {
    const t = performance.now();
    run();
    (measured[name] ??= []).push(((performance.now() - t) / list.length) * 1000);
  }
  const t = performance.now();
  for (const q of list) await index.search(request(q));
  (measured['ours, whole search (lists decoded before)'] ??= []).push(((performance.now() - t) / list.length) * 1000);
}
console.log('each part alone, pages cached, µs a query (medians of 7 passes):');
for (const [name, us] of Object.entries(measured)) console.log(`  ${name.padEnd(44)} ${stats(us).p50.toFixed(1).padStart(8)}`);
