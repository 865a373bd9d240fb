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

  it.each([
    ['date:1955', 'date:1955', { type: 'date', from: '1955', to: '1955' }],
    ['date:1950..1960', 'date:1950..1960', { type: 'date', from: '1950', to: '1960' }],
    ['date:1950-1960', 'date:1950..1960', { type: 'date', from: '1950', to: '1960' }],
    ['date:1948-06', 'date:1948-06', { type: 'date', from: '1948-06', to: '1948-06' }],
    ['date:..1945', 'date:..1945', { type: 'date', to: '1945' }],
    ['date:1989..', 'date:1989..', { type: 'date', from: '1989' }],
    ['type:cable', 'type:cable', { type: 'value', field: 'type', text: 'cable' }],
    ['type:"memorandum of conversation"', 'type:"memorandum of conversation"', { type: 'value', field: 'type', text: 'memorandum of conversation' }],
    ['lang:ja', 'lang:ja', { type: 'value', field: 'lang', text: 'ja' }],
    ['collection:sino-japanese', 'collection:sino-japanese', { type: 'value', field: 'collection', text: 'sino-japanese' }],
  ])('reads the date and value field %s', (input, canonical, node) => {
    const result = parseQuery(input);
    expect(result.root).toEqual(node);
    expect(formatQuery(result.root)).toBe(canonical);
    expect(result.notices).toEqual([]);
  });

  it('combines fields, dates and words, and applies a value field to a group', () => {
    expect(parsed('Zhou date:1950..1960 -type:draft')).toBe('Zhou date:1950..1960 -type:draft');
    expect(parsed('type:(cable OR telegram) Sato')).toBe('(type:cable OR type:telegram) Sato');
    expect(parsed('place:Lushun person:"Chou En-lai"')).toBe('place:Lushun person:"Chou En-lai"');
  });

  it('turns a backwards date range around, and says so', () => {
    const result = parseQuery('date:1960..1950');
    expect(result.root).toEqual({ type: 'date', from: '1950', to: '1960' });
    expect(result.notices.join(' ')).toContain('backwards');
  });

  it.each(['date:yesterday', 'date:19555', 'date:1955-13', 'date:..', 'date:1955-02-30x'])('ignores the impossible date %s and says how to write one', (q) => {
    const result = parseQuery(`treaty ${q}`);
    expect(formatQuery(result.root)).toBe('treaty');
    expect(result.notices.join(' ')).toContain('is not a date');
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
    for (const q of ['"'.repeat(999), '-'.repeat(999), ')('.repeat(499), 'a OR '.repeat(199), '\u0000\u0001x', 'date:'.repeat(200), 'type:('.repeat(300), '((((date:1955'.repeat(50)]) parseQuery(q);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('never throws, whatever it is given', () => {
    const r = (() => {
      let seed = 7;
      return () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    })();
    const alphabet = ['"', '(', ')', '-', '*', ':', ' ', 'OR', 'AND', 'NOT', 'date:', 'type:', 'title:', '..', '1955', 'a', '正常', '\u0000', '\uD800', '“', '」', '|'];
    for (let i = 0; i < 2000; i++) {
      const q = Array.from({ length: Math.floor(r() * 20) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      expect(() => formatQuery(parseQuery(q).root)).not.toThrow();
    }
  });

  it('reads a prefix only at the end of a word of two or more characters', () => {
    expect(parseQuery('a*').root).toEqual({ type: 'term', text: 'a' });
    expect(parseQuery('ab*').root).toEqual({ type: 'term', text: 'ab', prefix: true });
  });
});

describe('impossible dates', () => {
  it('are errors naming the value, while a malformed date is only a notice', () => {
    expect(parseQuery('date:1955-02-30').errors).toEqual(['"date:1955-02-30" is not a real date: 1955 has no February 30.']);
    expect(parseQuery('treaty date:0000..1950').errors[0]).toContain('there is no year 0000');
    expect(parseQuery('date:1956-02-29').errors).toEqual([]);
    const soon = parseQuery('date:soon');
    expect(soon.errors).toEqual([]);
    expect(soon.notices[0]).toContain('is not a date');
  });
});
