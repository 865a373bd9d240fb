import { describe, expect, it } from 'vitest';
import { analyze, EXACT, indexText, normalizeTerm } from './analyzer.js';
import { toSimplified } from './chinese.js';

const terms = (text: string) => analyze(text).map((t) => t.term);
const main = (text: string) => analyze(text).filter((t) => t.extra === undefined).map((t) => t.term);

describe('analyze: folding', () => {
  it('splits on punctuation, lower-cases and folds Latin diacritics (Lüshun = Lushun)', () => {
    expect(main('Lüshun, LUSHUN; lushun')).toEqual(['lushun', 'lushun', 'lushun']);
    expect(main('CAFÉ Straße Ålesund')).toEqual(main('cafe strasse alesund'));
  });

  it('normalizes full-width and compatibility forms (NFKC)', () => {
    expect(terms('ＡＢＣ１２３')).toEqual(['abc123']);
    expect(main('ｶﾀｶﾅ')).toEqual(['カタ', 'タカ', 'カナ']);
    expect(main('ﬁnal')).toEqual(main('final'));
  });

  it('folds Cyrillic ё to е but keeps й, and keeps Japanese voiced marks', () => {
    expect(main('Ёлка')).toEqual(main('елка'));
    expect(main('йод')).not.toEqual(main('иод'));
    expect(terms('が')).toEqual(['が']);
  });

  it('folds Greek accents and final sigma, and Arabic and Hebrew points', () => {
    expect(main('Ἀθῆναι άνθρωπος')).toEqual(main('αθηναι ανθρωπος'));
    expect(main('λόγος')).toEqual(main('λογοσ'));
    expect(main('مُحَمَّد')).toEqual(main('محمد'));
    expect(main('שָׁלוֹם')).toEqual(main('שלום'));
  });

  it('folds the Latin letters Unicode does not decompose (ł đ ı İ ø æ œ þ ð)', () => {
    expect(normalizeTerm('człowieka')).toBe(normalizeTerm('czlowieka'));
    expect(main('İNSANLIK ınsanlık')).toEqual(main('insanlik insanlik'));
    expect(main('Đurđević Øresund Ærø œuvre Þingvellir Ðe')).toEqual(main('Durdevic Oresund Aero oeuvre Thingvellir De'));
    // Still different words: folding ł must not touch the Russian л.
    expect(main('лодка')[0]).toMatch(/^лодк/);
  });

  it('indexes a Cyrillic word under its scholarly and English Latin renderings, at its own position and offsets', () => {
    const tokens = analyze('Хрущёв в Београду', 0, { transliterate: true });
    const translit = tokens.filter((t) => t.extra === 'translit');
    expect(translit.map((t) => [t.term, t.position, t.start, t.end])).toEqual([
      [normalizeTerm('hruscev'), 0, 0, 6],
      [normalizeTerm('Khrushchev'), 0, 0, 6],
      [normalizeTerm('v'), 1, 7, 8],
      [normalizeTerm('Beogradu'), 2, 9, 17],
    ]);
    // Serbian and Macedonian letters read as their own Latin alphabets write them.
    expect(analyze('Љубљана Ѓорѓија џем', 0, { transliterate: true }).filter((t) => t.extra === 'translit').map((t) => t.term)).toEqual(
      expect.arrayContaining([normalizeTerm('Ljubljana'), normalizeTerm('Gorgija'), normalizeTerm('dzem')]),
    );
    // A query is analyzed without them: a Cyrillic query means its own words.
    expect(analyze('Хрущёв').some((t) => t.extra === 'translit')).toBe(false);
  });

  it('folds OCR homoglyphs inside Latin words but leaves Russian words alone', () => {
    // "cоpy" with a Cyrillic о, as OCR leaves it in the JFK files.
    expect(main('c\u043epy')).toEqual(main('copy'));
    expect(main('копия')[0]).toMatch(/^коп/);
  });

  it('gives offsets that point at the source words', () => {
    const text = 'Met Zhou Enlai in Peking.';
    for (const t of analyze(text).filter((x) => x.extra === undefined)) expect(normalizeTerm(text.slice(t.start, t.end))).toBe(t.term);
  });

  it('caps absurdly long runs and survives empty or symbol-only input', () => {
    expect(terms('x'.repeat(1000))[0]).toHaveLength(64);
    expect(terms('')).toEqual([]);
    expect(terms('!!! --- ***')).toEqual([]);
    expect(indexText('A b')).toBe('a b');
    expect(indexText('Abc')).toBe(`abc ${EXACT}abc`);
  });
});

describe('analyze: stemming', () => {
  it('stems English words with Snowball, so inflections meet', () => {
    expect(main('treaty treaties')).toEqual(['treati', 'treati']);
    expect(main('negotiations negotiated negotiating')).toEqual(['negoti', 'negoti', 'negoti']);
    expect(main("Gromyko's")[0]).toBe('gromyko');
  });

  it('stems Russian words with Snowball', () => {
    const [a, b, c] = main('переговоры переговоров переговорами');
    expect(a).toBe(b);
    expect(b).toBe(c);
  });

  it('indexes the word as written beside its stem, without a position of its own', () => {
    expect(analyze('normalization').map((t) => [t.term, t.extra])).toEqual([
      ['normal', undefined],
      [`${EXACT}normalization`, 'exact'],
    ]);
  });

  it('splits words joined by an apostrophe and keeps the joined form', () => {
    expect(main("o'clock d’Auvergne")).toEqual(['o', 'clock', 'd', 'auvergn']);
    expect(analyze("o'clock").some((t) => t.extra === 'joined' && t.term === 'oclock')).toBe(true);
  });

  it('leaves numbers and short words unstemmed', () => {
    expect(main('1950s as is')).toEqual(['1950s', 'as', 'is']);
  });
});

describe('analyze: names', () => {
  it('joins hyphenated names at the first part’s position so both spellings match', () => {
    const tokens = analyze('Chou En-lai').filter((t) => t.extra !== 'exact');
    expect(tokens.map((t) => [t.term, t.position, t.extra])).toEqual([
      ['chou', 0, undefined],
      ['en', 1, undefined],
      ['lai', 2, undefined],
      ['enlai', 1, 'joined'],
    ]);
    expect(main('Chou Enlai')).toEqual(['chou', 'enlai']);
  });
});

describe('analyze: Chinese, Japanese, Korean and Thai', () => {
  it('turns Chinese runs into overlapping bigrams with offsets into the source, plus the run’s last character', () => {
    const tokens = analyze('关于正常化。');
    expect(tokens.filter((t) => t.extra === undefined).map((t) => t.term)).toEqual(['关于', '于正', '正常', '常化']);
    expect(tokens.find((t) => t.term === '正常')).toMatchObject({ start: 2, end: 4, position: 2 });
    expect(tokens.find((t) => t.extra === 'tail')).toMatchObject({ term: '化', start: 4, end: 5 });
  });

  it('adds the segmenter’s longer words at their first bigram’s position', () => {
    const words = analyze('中华人民共和国成立').filter((t) => t.extra === 'word');
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect([...w.term].length).toBeGreaterThanOrEqual(3);
  });

  it('folds traditional to simplified characters (蔣介石 = 蒋介石), keeping offsets', () => {
    expect(main('蔣介石')).toEqual(main('蒋介石'));
    expect(main('中華民國')).toEqual(main('中华民国'));
    expect(toSimplified('臺灣')).toBe('台湾');
    const t = analyze('x 關於 y').find((x) => x.term === '关于')!;
    expect([t.start, t.end]).toEqual([2, 4]);
  });

  it('keeps Japanese kana and kanji in bigrams', () => {
    expect(main('日本国と中華人民共和国')).toEqual(['日本', '本国', '国と', 'と中', '中华', '华人', '人民', '民共', '共和', '和国']);
  });

  it('gives Korean words bigrams, so a word is found with its particle', () => {
    expect(main('인권을')).toContain('인권');
    expect(main('인권')).toEqual(['인권']);
  });

  it('splits Thai, written without spaces, into words', () => {
    expect(main('สิทธิมนุษยชน').length).toBeGreaterThan(1);
  });

  it('keeps words of scripts with combining marks whole (Hindi)', () => {
    expect(main('मानव अधिकार')).toEqual(['मानव', 'अधिकार']);
  });
});
