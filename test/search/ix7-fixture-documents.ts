/**
 * The documents of `test/fixtures/search/ix-7-archive.json.gz`, an archive's search index as the
 * `ix-7` layout (positions as varints, no block lengths) wrote it, and the queries whose answers it
 * recorded then: made again here, the same every time (a fixed pseudo-random sequence).
 */
import { makeDocument } from '../../src/backends/store.contract.js';
import type { Document } from '../../src/domain/document.js';

const WORDS = ['treaty', 'minister', 'loan', 'yen', 'cable', 'embassy', 'report', 'soviet', 'prime', 'council', 'oil', 'tariff', 'harbor', 'memorandum', 'delegation'];

/** 300 documents: a segment's full blocks of common words, small segments, pending rows, rare words in three scripts. */
export function ix7FixtureDocuments(): Document[] {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const docs: Document[] = [];
  for (let i = 0; i < 300; i++) {
    const body: string[] = [];
    for (let k = 0, n = 8 + Math.floor(rand() * 50); k < n; k++) {
      const r = rand();
      body.push(r < 0.08 ? 'yen loan' : r < 0.13 ? 'prime minister' : r < 0.16 ? `zq${Math.floor(rand() * 2000)}` : WORDS[Math.floor(rand() * WORDS.length)]!);
    }
    const title = `${i % 3 ? 'Telegram on the yen loan' : 'Memorandum about shipping'}${i % 7 === 0 ? ` отчёт${i}` : ''}${i % 11 === 0 ? ` 條約${i}` : ''}`;
    docs.push(makeDocument({ id: `doc-${String(i).padStart(3, '0')}`, title, summary: body.join(' '), date: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}` }));
  }
  return docs;
}

/** Words, phrases of common words (across full blocks), rare words, prefixes and fields. */
export const IX7_FIXTURE_QUERIES = ['loan', 'memorandum', '"yen loan"', '"prime minister"', '"loan yen"', '"minister prime"', 'treaty oil', 'zq17', 'zq1*', 'отчёт42', '條約33', 'title:telegram', '"telegram on the yen loan"'];
