/**
 * `npx tsx bench/snippets-by-turns.ts [--dir /tmp/dossier-bench] [--docs 50000] [--queries 40] [--rounds 3] [--peer main]`:
 * the snippets (`src/search/snippet.ts`) of this tree beside those of
 * another revision (`--peer`, any git revision), in one process, on the top
 * 20 hits of searches of every kind (bench/lib/search-queries.ts) on an
 * archive bench:search built and kept under `--dir`. Each hit's text is
 * regenerated and turned into plain text beforehand, as the search page
 * reads it (its translations, then its transcripts, until three passages are
 * found); then each query's hits are cut by both sides in turn, which side
 * goes first alternating, `--rounds` times. Prints each kind's CPU time for
 * a query's 20 hits (p50 and mean µs, user + system, getrusage) on both
 * sides, their ratio, and how many hits' snippets differ between the two:
 * none, unless the revisions cut snippets differently. Beside them, the CPU
 * time a query's hits took to regenerate (what bench:search once timed with
 * the snippets), and to turn from HTML as the catalog stores it (sanitized)
 * into plain text (what the search page pays on a text it has not seen
 * recently, services/plain-text-memo.ts) by each side's `htmlToText`, by
 * turns as the snippets are, with how many plain texts differ: none; and
 * how many of the texts cut gave fewer passages than asked for, so were
 * analyzed to their last character.
 * @module
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteIndexStorage } from '../src/backends/sqlite/sqlite-index-storage.js';
import { EngineSearchIndex } from '../src/search/engine-search-index.js';
import { parseQuery } from '../src/search/query-parser.js';
import { bothRevisions } from './lib/both-revisions.js';
import { loadCorpora } from './lib/corpus.js';
import { stats } from './lib/latency.js';
import { queriesOf, QUERY_KINDS, type QueryKind } from './lib/search-queries.js';
import { SyntheticArchive } from './lib/synthetic.js';
import { catalogDocument } from './lib/synthetic-site.js';

const OPTIONS = { dir: '/tmp/dossier-bench', docs: '50000', queries: '40', rounds: '3', peer: 'main' };
const { values: args } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: 'string' as const, default: v }])) });
const DOCS = Number(args.docs);

/** What each side's bundle exports. */
type Snippets = typeof import('../src/search/snippet.js') & Pick<typeof import('../src/domain/rich-text.js'), 'htmlToText'>;

const sides = (
  await bothRevisions<Snippets>(
    args.peer!,
    (src) => `export * from ${JSON.stringify(join(src, 'search', 'snippet.ts'))};\nexport { htmlToText } from ${JSON.stringify(join(src, 'domain', 'rich-text.ts'))};\n`,
  )
).map(({ name, module }) => ({ name, snippets: module }));

const synthetic = new SyntheticArchive(loadCorpora(args.dir!));
const db = new BetterSqlite3(`${args.dir}/ours-${DOCS}.sqlite`, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -65536');
const index = new EngineSearchIndex(new SqliteIndexStorage(db), { analysisThread: false });

/** µs of CPU since `before`. */
const since = (before: NodeJS.CpuUsage) => {
  const spent = process.cpuUsage(before);
  return spent.user + spent.system;
};

/**
 * A query's hits' texts as the search page cuts snippets from them (translations, then transcripts, as plain
 * text from the HTML the catalog stores), the CPU the hits took to regenerate, and each side's CPU to turn
 * their HTML into plain text, which side goes first alternating with `turn`; throws if the sides' texts differ.
 */
function textsOf(ids: string[], turn: number): { texts: string[][]; regenerate: number; plain: number[] } {
  const before = process.cpuUsage();
  const docs = ids.map((id) => synthetic.doc(Number(id.slice(1))).entry.document);
  const regenerate = since(before);
  const html = docs.map((doc) => catalogDocument(doc)).map((doc) => [...doc.translations, ...doc.transcripts].map((t) => t.html));
  const plain: number[] = [];
  const texts: string[][][] = [];
  for (const side of turn % 2 === 0 ? [0, 1] : [1, 0]) {
    const { htmlToText } = sides[side]!.snippets;
    const t = process.cpuUsage();
    texts[side] = html.map((texts) => texts.map((h) => htmlToText(h)));
    plain[side] = since(t);
  }
  if (JSON.stringify(texts[0]) !== JSON.stringify(texts[1])) throw new Error(`the sides' plain texts of ${ids.join(', ')} differ`);
  return { texts: texts[1]!, regenerate, plain };
}

/** Up to three passages of one hit, from one text at a time, as the search page takes them. */
function cut(snippets: Snippets, texts: string[], match: ReturnType<Snippets['matchTerms']>): string[] {
  const out: string[] = [];
  for (const text of texts) {
    if (out.length >= 3) break;
    out.push(...snippets.makeSnippets(text, match, { max: 3 - out.length }));
  }
  return out;
}

/**
 * Of the texts {@link cut} cuts from, how many, and how many gave fewer passages than asked for: those were
 * analyzed to their end (nothing stops the analysis before a text's last character unless enough passages are found).
 */
function textsToTheirEnd(snippets: Snippets, texts: string[], match: ReturnType<Snippets['matchTerms']>): [number, number] {
  let found = 0;
  let cutFrom = 0;
  let whole = 0;
  for (const text of texts) {
    if (found >= 3) break;
    const passages = snippets.makeSnippets(text, match, { max: 3 - found }).length;
    cutFrom++;
    if (passages < 3 - found) whole++;
    found += passages;
  }
  return [cutFrom, whole];
}

const kinds = Object.keys(QUERY_KINDS) as QueryKind[];
console.log(`${DOCS.toLocaleString()} documents, the top 20 hits of up to ${args.queries} queries a kind, ${args.rounds} rounds; µs of CPU for a query's hits, p50 / mean:`);
let differing = 0;
let hitsCut = 0;
for (const kind of kinds) {
  const queries = queriesOf(kind, synthetic, DOCS, Number(args.queries));
  const lists: { match: ReturnType<Snippets['matchTerms']>[]; texts: string[][] }[] = [];
  const regenerating: number[] = [];
  const plain = sides.map(() => [] as number[]);
  for (const [j, q] of queries.entries()) {
    const root = parseQuery(q).root;
    const result = await index.search({ query: root, filters: {}, sort: 'relevance', limit: 20, offset: 0 });
    const hits = textsOf(result.hits.map((h) => h.id), j);
    regenerating.push(hits.regenerate);
    hits.plain.forEach((cpu, side) => plain[side]!.push(cpu));
    lists.push({ match: sides.map((s) => s.snippets.matchTerms(root)), texts: hits.texts });
  }
  const cpu = sides.map(() => [] as number[]);
  let [textsCut, textsWhole] = [0, 0];
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const [j, list] of lists.entries()) {
      const answers: string[][] = [];
      for (const side of (j + round) % 2 === 0 ? [0, 1] : [1, 0]) {
        const { snippets } = sides[side]!;
        const before = process.cpuUsage();
        const out = list.texts.map((texts) => cut(snippets, texts, list.match[side]!));
        const spent = process.cpuUsage(before);
        cpu[side]!.push(spent.user + spent.system);
        answers[side] = out.map((x) => JSON.stringify(x));
      }
      if (round === 0) {
        for (const texts of list.texts) {
          const [cutFrom, whole] = textsToTheirEnd(sides[1]!.snippets, texts, list.match[1]!);
          textsCut += cutFrom;
          textsWhole += whole;
        }
        hitsCut += list.texts.length;
        differing += answers[0]!.filter((a, k) => a !== answers[1]![k]).length;
      }
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [peer, here] = cpu as [number[], number[]];
  console.log(
    `  ${QUERY_KINDS[kind].name.padEnd(15)} ${sides[0]!.name} ${stats(peer).p50} / ${mean(peer).toFixed(0)}, ${sides[1]!.name} ${stats(here).p50} / ${mean(here).toFixed(0)};` +
      ` this / peer ${(stats(here).p50 / stats(peer).p50).toFixed(3)}× at p50, ${(mean(here) / mean(peer)).toFixed(3)}× in all;` +
      ` regenerating the hits ${stats(regenerating).p50} (p50); their HTML to plain text, p50 / mean: ${sides[0]!.name} ${stats(plain[0]!).p50} / ${mean(plain[0]!).toFixed(0)},` +
      ` this tree ${stats(plain[1]!).p50} / ${mean(plain[1]!).toFixed(0)}, ${(stats(plain[1]!).p50 / stats(plain[0]!).p50).toFixed(3)}× at p50;` +
      ` texts analyzed to their end (fewer passages than asked) ${textsWhole} of ${textsCut}`,
  );
}
console.log(`hits whose snippets differ: ${differing} of ${hitsCut.toLocaleString()}`);
db.close();
