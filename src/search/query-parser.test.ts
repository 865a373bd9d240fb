import { describe, expect, it } from 'vitest';
import { formatQuery } from './query.js';
import { MAX_QUERY_LENGTH, MAX_TERMS, parseQuery } from './query-parser.js';

const parsed = (q: string) => formatQuery(parseQuery(q).root);

describe('parseQuery', () => {
  it.each([
    ['cuba missile', 'cuba missile'],
    ['"yen loan" Sato', '"yen loan" Sato'],
    ['Beijing OR Peking', 'Beijing OR Peking'],
    ['Beijing | Peking', 'Beijing OR Peking'],
    ['treaty -draft', 'treaty -draft'],
    ['treaty NOT draft', 'treaty -draft'],
    ['normaliz*', 'normaliz*'],
    ['(Beijing OR Peking) trade', '(Beijing OR Peking) trade'],
    ['title:communiqué', 'title:communiqué'],
    ['title:"joint communiqué"', 'title:"joint communiqué"'],
    ['person:(Zhou OR Chou)', 'person:Zhou OR person:Chou'],
    ['a AND b', 'a b'],
    ['“curly quotes”', '"curly quotes"'],
    ['「日本国」', '"日本国"'],
    ['Kai-shek', 'Kai-shek'],
    ['re-examine -x', 're-examine -x'],
  ])('reads %s', (input, expected) => {
    expect(parsed(input)).toBe(expected);
    expect(parseQuery(input).notices).toEqual([]);
  });

  it('treats unknown field names as words', () => {
    expect(parsed('foo:bar')).toBe('foo:bar');
    expect(parseQuery('foo:bar').root).toEqual({ type: 'term', text: 'foo:bar' });
  });

  it.each([
    ['"unclosed phrase', '"unclosed phrase"', 'unmatched quotation mark'],
    ['(open', 'open', 'unclosed parenthesis'],
    ['close)', 'close', 'unmatched closing parenthesis'],
    ['OR cuba', 'cuba', '"OR" needs words on both sides'],
    ['cuba OR', 'cuba', '"OR" needs words on both sides'],
    ['-draft', 'draft', 'only of exclusions'],
    ['title:', '', 'needs a word after it'],
    ['cuba NOT', 'cuba', 'nothing after it'],
  ])('reinterprets %s and says how', (input, expected, notice) => {
    const result = parseQuery(input);
    expect(formatQuery(result.root)).toBe(expected);
    expect(result.notices.join(' ')).toContain(notice);
  });

  it('yields no query for empty or symbol-only input', () => {
    for (const q of ['', '   ', '***', '"" ""', '()', '- - -', 'AND OR']) expect(parseQuery(q).root).toBeUndefined();
  });

  it('bounds its work on absurd input', () => {
    const long = parseQuery('word '.repeat(1000));
    expect(long.notices.join(' ')).toContain(`first ${MAX_QUERY_LENGTH} characters`);
    expect(long.notices.join(' ')).toContain(`first ${MAX_TERMS} words`);
    const deep = parseQuery('('.repeat(5000) + 'x' + ')'.repeat(5000));
    expect(deep.notices.join(' ')).toContain('nested too deeply');
    const started = performance.now();
    for (const q of ['"'.repeat(999), '-'.repeat(999), ')('.repeat(499), 'a OR '.repeat(199), '\u0000\u0001x']) parseQuery(q);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('reads a prefix only at the end of a word of two or more characters', () => {
    expect(parseQuery('a*').root).toEqual({ type: 'term', text: 'a' });
    expect(parseQuery('ab*').root).toEqual({ type: 'term', text: 'ab', prefix: true });
  });
});
