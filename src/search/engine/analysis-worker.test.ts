/**
 * Analysis in the helper thread changes nothing: an index built with it
 * holds byte for byte the posting rows, document rows and lengths of one
 * built in a single thread, for texts of every script the analyzer treats
 * apart, drafts and replaced documents included, in a direct batch and in
 * a deferred (transaction) one.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../backends/search-index.js';
import { sqliteSearchIndex, storedRows } from '../../backends/sqlite/sqlite-index-storage.js';
import { makeDocument } from '../../backends/store.contract.js';
import { parseQuery } from '../query-parser.js';
import { analysisThreadRuns } from './analysis-worker.js';

const TEXTS = [
  'The Secretary of State to the Ambassador in China: Chou En-lai’s negotiations on the treaty, o’clock.',
  'Товарищ Сталин писал о промышленности; Београд и Ниш. Ёлка.',
  '蔣介石與周恩來在重慶會談，討論國共合作問題。中华人民共和国宪法',
  '日本国憲法は、国民主権、基本的人権の尊重、平和主義を基本原理とする。',
  '대한민국 헌법 제1조 대한민국은 민주공화국이다.',
  'ประเทศไทย รัฐธรรมนูญแห่งราชอาณาจักรไทย',
  'Lüshun (Port Arthur), Łódź and Ærø; naïve coöperation — 1962-10-27, file 611.61/3-2262.',
  'الحكومة المؤقتة والمفاوضات ‏ שָׁלוֹם',
];

function entries(n: number, prefix: string): IndexEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const body = `${TEXTS[i % TEXTS.length]} ${TEXTS[(i * 5 + 1) % TEXTS.length]} word${i % 37} item-${i}`;
    const document = makeDocument({
      id: `${prefix}${i % 150}`, // ids repeat: later versions replace earlier ones
      title: `${TEXTS[(i * 3) % TEXTS.length]!.slice(0, 40)} ${i}`,
      status: i % 11 === 0 ? 'draft' : 'published',
      transcripts: [{ language: 'und', html: `<p>${body}</p><p>${TEXTS[(i + 2) % TEXTS.length]}</p>` }],
    });
    return { document, names: [], authorities: [{ kind: 'person', id: `p${i % 7}`, names: [`Person ${i % 7}`, '周恩来'] }] };
  });
}

async function build(thread: boolean): Promise<BetterSqlite3.Database> {
  const db = new BetterSqlite3(':memory:');
  const index = sqliteSearchIndex(db, { analysisThread: thread });
  await index.index(entries(400, 'a'));
  index.beginDeferral();
  await index.index(entries(300, 'b'));
  await index.index(entries(5, 'c')); // few: analyzed here either way
  await index.flushDeferred();
  index.endDeferral();
  const hits = await index.search({ query: parseQuery('treaty OR 周恩来 OR stalin').root, filters: {}, sort: 'relevance', limit: 1000, offset: 0 });
  expect(hits.total).toBeGreaterThan(100);
  return db;
}

const rows = (db: BetterSqlite3.Database, sql: string) => db.prepare(sql).raw().all();

describe('the analysis thread', () => {
  it('builds the same index as analysis in one thread', async () => {
    const single = await build(false);
    const threaded = await build(true);
    expect(analysisThreadRuns()).toBe(true);
    // Stored rows, long lists read from ix_long; most of a segment's rare terms in runs (term-runs.ts), which must come out the same too.
    const postings = (db: BetterSqlite3.Database) => [...storedRows(db)].map((r) => [r.base, r.term, r.n, Buffer.from(r.data), Buffer.from(r.positions)]);
    const a = postings(single);
    expect(a.length).toBeGreaterThan(100);
    expect(a.filter((r) => (r[2] as number) < 0).length).toBeGreaterThan(20);
    expect(postings(threaded)).toEqual(a);
    for (const sql of ['SELECT * FROM ix_docs ORDER BY 1', 'SELECT * FROM ix_segments ORDER BY 1', 'SELECT * FROM ix_facet_values ORDER BY 1, 2']) {
      expect(rows(threaded, sql)).toEqual(rows(single, sql));
    }
  });
});
