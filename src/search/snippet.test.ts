import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openTestArchive } from '../../test/helpers.js';
import { loadDemo } from '../ingest/demo.js';
import { plainText } from '../services/plain-text-memo.js';
import { parseQuery } from './query-parser.js';
import { leadSnippet, makeSnippets, matchTerms } from './snippet.js';

const snippets = (text: string, q: string, max?: number) => makeSnippets(text, matchTerms(parseQuery(q).root), { max });

describe('snippets', () => {
  it('marks folded matches in context and escapes the text', () => {
    expect(snippets('The <fleet> left Lüshun at dawn & sailed.', 'lushun')).toEqual(['The &lt;fleet&gt; left <mark>Lüshun</mark> at dawn &amp; sailed.']);
  });

  it('marks a CJK word as one run and a prefix match', () => {
    expect(snippets('两国关系正常化以后', '正常化')).toEqual(['两国关系<mark>正常化</mark>以后']);
    expect(snippets('normalization of relations', 'normaliz*')).toEqual(['<mark>normalization</mark> of relations']);
  });

  it('gives several passages from a long text, each with ellipses, and none for excluded words', () => {
    const text = `${'filler words here. '.repeat(30)}first treaty mention. ${'more filler text. '.repeat(30)}second treaty mention.`;
    const out = snippets(text, 'treaty');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^… .*<mark>treaty<\/mark>.* …$/);
    expect(snippets(text, 'filler -treaty', 1)[0]).not.toContain('<mark>treaty</mark>');
    expect(snippets('nothing here', 'absent')).toEqual([]);
  });

  it('marks other forms of a stem, either Chinese script, and every name a query was expanded to', () => {
    expect(snippets('The treaty was signed.', 'treaties')).toEqual(['The <mark>treaty</mark> was signed.']);
    expect(snippets('переговоров не было', 'переговоры')).toEqual(['<mark>переговоров</mark> не было']);
    expect(snippets('蔣介石今日抵達臺北。', '蒋介石')).toEqual(['<mark>蔣介石</mark>今日抵達臺北。']);
    const expanded = matchTerms({ type: 'or', children: [{ type: 'term', text: 'Lüshun' }, { type: 'phrase', text: 'Port Arthur' }] });
    expect(makeSnippets('The fleet left Port Arthur for Lushun.', expanded)).toEqual(['The fleet left <mark>Port</mark> <mark>Arthur</mark> for <mark>Lushun</mark>.']);
  });

  it('cuts the same passages when it stops analyzing once enough are found as from every match of the text', () => {
    const words = ['treaty', 'treaties', 'the', 'harbour', 'minister', 'Zhou', 'En-lai', 'Port', 'Arthur', 'переговоры', '正常化以后', 'normalization', 'a', 'of'];
    const separators = [' ', ' ', ' ', '\n', ', ', '. ', '  '];
    const text = fc
      .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...separators)), { minLength: 1, maxLength: 1200, size: 'max' })
      .map((parts) => parts.map(([w, sep]) => w + sep).join(''));
    const query = fc.oneof(fc.constantFrom(...words), fc.constantFrom('"Port Arthur"', 'treat*', 'harbour OR minister', 'Zhou Enlai', '正常'));
    fc.assert(
      fc.property(text, query, fc.integer({ min: 1, max: 4 }), fc.constantFrom(10, 30, 40, 90, 200), (t, q, max, context) => {
        const match = matchTerms(parseQuery(q).root);
        expect(makeSnippets(t, match, { max, context })).toEqual(makeSnippets(t, match, { max, context, stopEarly: false }));
      }),
      { numRuns: 300 },
    );
  });

  it('cuts the same passages from ASCII words whether it analyzes every piece or only the words where a term can begin', () => {
    // Stems that end otherwise than their words do (dying → die, possibility → possibl, hoped → hope), compounds across
    // hyphens and apostrophes of every kind, digits, capitals, and separators outside ASCII.
    const words = ['treaty', 'Treaties', 'dying', 'tied', 'skies', 'sky', 'possibility', 'possibilities', 'sensibly', 'relational', 'conditional', 'hopping', 'hoped', 'agreed', 'generalization', 'Zhou', 'En', 'lai', 'o', 'clock', 'Gromyko', 's', 'U', 'S', 'Soviet', '1945', 'ye', 'yes', 'yesterday', 'a', 'of', 'the', 'Port', 'Arthur', 'harbour', 'ministers', 'normalizing', 'ational', 'ies', 'wars', 'Warring', 'ably', 'abilities'];
    const separators = [' ', ' ', ' ', '\n', ', ', '. ', '-', '-', "'", '\u2019', '\u2010', '\u2014', ' \u201c', '\u201d ', '  ', '\t', '--', '.'];
    const text = fc
      .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...separators)), { minLength: 1, maxLength: 800, size: 'max' })
      .map((parts) => parts.map(([w, sep]) => w + sep).join(''));
    const queries = [...words, 'Enlai', 'En-lai', 'oclock', '"Port Arthur"', 'harbour OR minister', 'treat*', 'poss*', 'Gromyko*', 'gromykos', 'sovi*', 'die', 'tie', 'sensible', 'possible', 'hope', 'general', 'Zhou Enlai', '1945soviet', 'ye*', 'en*', 'war', 'war*', 'able', 'Lüshun', '正常'];
    fc.assert(
      fc.property(text, fc.constantFrom(...queries), fc.integer({ min: 1, max: 4 }), fc.constantFrom(10, 40, 90), (t, q, max, context) => {
        const match = matchTerms(parseQuery(q).root);
        const every = makeSnippets(t, match, { max, context, stopEarly: false });
        expect(makeSnippets(t, match, { max, context })).toEqual(every);
        expect(makeSnippets(t, match, { max, context, locate: false })).toEqual(every);
      }),
      { numRuns: 1500 },
    );
    // 1,500 characters without a space or line break: the first chunk ends inside "treaty", the second starts a word "eaty".
    const run = `${'x'.repeat(1498)}treaty and eaty`;
    expect(snippets(run, 'eaty', 3)).toEqual(makeSnippets(run, matchTerms(parseQuery('eaty').root), { max: 3, locate: false }));
    expect(snippets(run, 'eaty', 3)[0]).toContain('<mark>eaty</mark> and <mark>eaty</mark>');
  });

  it('opens a text at a word boundary', () => {
    expect(leadSnippet('short')).toBe('short');
    expect(leadSnippet('word '.repeat(100), 22)).toBe('word word word word …');
  });

  it('cuts the same passages from a long text whether it analyzes every chunk or only those its index names', async () => {
    const archive = await openTestArchive();
    await loadDemo(archive);
    const docs = (await archive.backend.store.getDocuments((await archive.backend.store.listDocuments({ limit: 1000 })).items.map((d) => d.id))).values();
    // Every demo text in one: English, Japanese, Russian and Chinese, some of it without a space for thousands of characters.
    const all = [...docs].flatMap((d) => [...d.translations, ...d.transcripts].map((t) => plainText(t.html))).join('\n');
    // Twice, to be well past the length from which a text is indexed (30,000 characters).
    const long = `${all}\n${all}`;
    await archive.close();
    expect(long.length).toBeGreaterThan(60_000);
    const words = long.match(/[\p{L}\p{N}]+/gu)!.filter((_, i) => i % 97 === 0);
    const queries = [...new Set(words), 'treaties', 'Port Arthur', '"most favored nation"', '正常化', 'переговоры', 'Zhou Enlai', 'nowhere-to-be-found'];
    let found = 0;
    for (const q of queries) {
      const match = matchTerms(parseQuery(q).root);
      for (const max of [1, 3]) {
        const indexed = makeSnippets(long, match, { max });
        expect(indexed, q).toEqual(makeSnippets(long, match, { max, chunkIndex: false }));
        if (indexed.length > 0) found++;
      }
    }
    expect(found).toBeGreaterThan(queries.length);
  });
});
