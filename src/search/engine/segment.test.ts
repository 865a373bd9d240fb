import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compareTerms, unionOfSorted } from './segment.js';

describe('term order', () => {
  it('orders terms exactly as SQLite orders TEXT, astral and U+E000–U+FFFF characters included', () => {
    const alphabet = ['a', 'z', 'é', '中', '\uE000', '\uFB01', '\uFFFD', '𠀀', '𝐀', '\u0001', '0'];
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const terms = new Set<string>();
    while (terms.size < 400) {
      let t = '';
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) t += alphabet[Math.floor(random() * alphabet.length)];
      terms.add(t);
    }
    const db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE t (term TEXT PRIMARY KEY) WITHOUT ROWID');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (const t of terms) insert.run(t);
    const bySqlite = db.prepare('SELECT term FROM t ORDER BY term').pluck().all();
    expect([...terms].sort(compareTerms)).toEqual(bySqlite);
    // Plain `<` disagrees: the comparison is needed.
    expect([...terms].sort()).not.toEqual(bySqlite);
  });

  it('unites sorted lists into one sorted list without repeats', () => {
    expect(unionOfSorted([['a', 'c', '𠀀'], ['b', 'c', '\uE000'], []])).toEqual(['a', 'b', 'c', '\uE000', '𠀀']);
    expect(unionOfSorted([['x']])).toEqual(['x']);
  });
});
