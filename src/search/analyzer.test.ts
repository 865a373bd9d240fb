import { describe, expect, it } from 'vitest';
import { analyze, indexText } from './analyzer.js';

const terms = (text: string) => analyze(text).map((t) => t.term);

describe('analyze', () => {
  it('splits on punctuation, lower-cases and folds Latin diacritics', () => {
    expect(terms('Lüshun, Port-Arthur; CAFÉ Straße')).toEqual(['lushun', 'port', 'arthur', 'portarthur', 'cafe', 'strasse']);
  });

  it('joins hyphenated names after their parts so both spellings match', () => {
    expect(terms('Chou En-lai')).toEqual(['chou', 'en', 'lai', 'enlai']);
    expect(terms('Chiang Ching-kuo')).toEqual(['chiang', 'ching', 'kuo', 'chingkuo']);
  });

  it('folds Cyrillic ё to е but keeps й and Japanese voiced marks', () => {
    expect(terms('Ёлка йод')).toEqual(['елка', 'йод']);
    expect(terms('が')).toEqual(['が']);
  });

  it('turns Chinese and Japanese runs into overlapping bigrams with offsets into the source', () => {
    const tokens = analyze('关于正常化。');
    expect(tokens.map((t) => t.term)).toEqual(['关于', '于正', '正常', '常化']);
    expect(tokens[2]).toEqual({ term: '正常', start: 2, end: 4 });
    expect(terms('日本国と中華人民共和国')).toEqual(['日本', '本国', '国と', 'と中', '中華', '華人', '人民', '民共', '共和', '和国']);
    expect(terms('北')).toEqual(['北']);
  });

  it('normalizes full-width and compatibility forms', () => {
    expect(terms('ＡＢＣ１２３')).toEqual(['abc123']);
    expect(terms('ｶﾀｶﾅ')).toEqual(['カタ', 'タカ', 'カナ']);
  });

  it('keeps words of scripts with combining marks whole', () => {
    expect(terms('मानव अधिकार')).toEqual(['मानव', 'अधिकार']);
  });

  it('gives offsets that point at the source words', () => {
    const text = 'Met Zhou Enlai in Peking.';
    for (const t of analyze(text)) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.term);
  });

  it('caps absurdly long runs and survives empty or symbol-only input', () => {
    expect(terms('x'.repeat(1000))[0]).toHaveLength(64);
    expect(terms('')).toEqual([]);
    expect(terms('!!! --- ***')).toEqual([]);
    expect(indexText('A b')).toBe('a b');
  });
});
