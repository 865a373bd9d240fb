import { describe, expect, it } from 'vitest';
import { parseQuery } from '../query-parser.js';
import { toFts5 } from './fts5-query.js';

const fts = (q: string) => {
  const root = parseQuery(q).root;
  return root ? toFts5(root) : undefined;
};

describe('toFts5', () => {
  it.each([
    ['cuba missile', '("cuba" AND "missile")'],
    ['"yen loan"', '"yen loan"'],
    ['Beijing OR Peking', '("beijing" OR "peking")'],
    ['treaty -draft', '("treaty" NOT "draft")'],
    ['normaliz*', '"normaliz"*'],
    ['Lüshun', '"lushun"'],
    ['正常化', '"正常 常化"'],
    ['Kai-shek', '"kai shek kaishek"'],
    ['title:communiqué', 'title : "communique"'],
    ['person:"Zhou Enlai"', 'names : "zhou enlai"'],
    ['正*', '"正"'],
    ['NEAR(a b)', '("near" AND "a" AND "b")'],
  ])('renders %s as %s', (q, expected) => {
    expect(fts(q)).toBe(expected);
  });

  it('quotes every term, so FTS5 syntax typed by a visitor is only ever text', () => {
    expect(fts('a:b:c')).toBe('"a b c"');
    expect(fts('{title}: x ^y')).toBe('("title" AND "x" AND "y")');
  });

  it('drops what cannot match text', () => {
    expect(toFts5({ type: 'term', text: '***' })).toBeUndefined();
    expect(toFts5({ type: 'and', children: [{ type: 'not', child: { type: 'term', text: 'x' } }] })).toBeUndefined();
  });
});
