/**
 * `npm run bench:index-size -- <archive.sqlite>`: where the bytes of an
 * archive's search index go (lib/index-breakdown.ts), for a real archive
 * as for bench:search's. Opens the file read-only.
 * @module
 */
import BetterSqlite3 from 'better-sqlite3';
import { indexBreakdown } from './lib/index-breakdown.js';

const path = process.argv[2];
if (!path) throw new Error('usage: bench/index-size.ts <archive.sqlite>');
const db = new BetterSqlite3(path, { readonly: true });
for (const line of indexBreakdown(db, path)) console.log(line);
db.close();
