/**
 * A fresh process's first searches on a search index file, for
 * bench:cold-start `--index`: `tsx bench/lib/first-search.ts FILE rows|snapshot WORD…`
 * opens the file read-only (as a web process reads), then searches each word
 * with every facet counted, as the search page asks, and prints one JSON
 * line: milliseconds since the process started when the index was opened and
 * when each search was answered, and the resident memory after them.
 * `rows` reads the doc columns row by row, `snapshot` from their stored blob
 * when the file holds one (engine/column-snapshot.ts).
 * @module
 */
import BetterSqlite3 from 'better-sqlite3';
import { sqliteSearchIndex } from '../../src/backends/sqlite/sqlite-index-storage.js';
import { FACETS } from '../../src/search/facets.js';
import { parseQuery } from '../../src/search/query-parser.js';

const [file, mode, ...words] = process.argv.slice(2);
if (!file || (mode !== 'rows' && mode !== 'snapshot') || words.length === 0) throw new Error('usage: first-search.ts FILE rows|snapshot WORD…');
const index = sqliteSearchIndex(new BetterSqlite3(file, { readonly: true }), { snapshotRows: mode === 'rows' ? 0 : undefined });
const opened = performance.now();
const searches: number[] = [];
for (const word of words) {
  await index.search({
    query: parseQuery(word).root, filters: {}, sort: 'relevance', limit: 20, offset: 0,
    facets: FACETS.map((f) => ({ id: f.id, limit: f.limit + 1 })),
  });
  searches.push(performance.now());
}
console.log(JSON.stringify({ opened, searches, rssMb: process.memoryUsage().rss / 2 ** 20, columnsMb: index.memory().columns / 2 ** 20 }));
