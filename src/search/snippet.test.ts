import { describe, expect, it } from 'vitest';
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

  it('opens a text at a word boundary', () => {
    expect(leadSnippet('short')).toBe('short');
    expect(leadSnippet('word '.repeat(100), 22)).toBe('word word word word …');
  });
});
