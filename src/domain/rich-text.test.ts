import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlToText, htmlToTextByParsing, linesToHtml, sanitizedFormText, sanitizeRichText, textToHtml } from './rich-text.js';

describe('sanitizeRichText', () => {
  it('keeps paragraphs, numbered lists, editorial brackets, notes and language tags', () => {
    const html =
      '<p>1. [<span class="editorial">Andrei</span>] Gromyko said:</p><ol start="2"><li>first</li></ol>' +
      '<p>(Note: <span class="note">added</span>)</p><p lang="ja">日本</p><table><tr><td colspan="2">x</td></tr></table>';
    expect(sanitizeRichText(html)).toBe(html);
  });

  it('removes scripts, styles, handlers, javascript: links and unknown classes', () => {
    const dirty =
      '<p onclick="steal()" style="color:red" class="editorial evil">Hi<script>alert(1)</script></p>' +
      '<a href="javascript:alert(1)">x</a><a href="https://example.org/a">ok</a><img src=x onerror=alert(1)>' +
      '<iframe src="https://evil"></iframe><style>p{}</style><svg><script>x</script></svg>';
    const clean = sanitizeRichText(dirty);
    expect(clean).toBe('<p class="editorial">Hi</p><a>x</a><a href="https://example.org/a" rel="nofollow noopener">ok</a>');
  });

  it('drops unsafe ids but keeps footnote and page anchors', () => {
    expect(sanitizeRichText('<span class="footnote" id="d1fn2" data-n="2">n</span><span id="x y">z</span>')).toBe(
      '<span class="footnote" id="d1fn2" data-n="2">n</span><span>z</span>',
    );
  });

  it('is stable: sanitizing twice changes nothing', () => {
    const once = sanitizeRichText('<p>a &amp; b <b>c</b><br>d</p><ul><li>e</li></ul>');
    expect(sanitizeRichText(once)).toBe(once);
  });
});

describe('plain text and rich text', () => {
  it('turns blank-line paragraphs and line breaks into HTML, escaping the text', () => {
    expect(textToHtml('Dear premier,\nI write <again>.\n\n2. Next & last.')).toBe('<p>Dear premier,<br>I write &lt;again&gt;.</p>\n<p>2. Next &amp; last.</p>');
    expect(linesToHtml('Secret\r\n\r\nF.N.33.\n')).toBe('<p>Secret</p>\n<p>F.N.33.</p>');
  });

  it('extracts text with block boundaries and decoded entities', () => {
    expect(htmlToText('<p>One&nbsp;&amp; two</p><ol><li>three</li><li>four</li></ol>five<br>six')).toBe('One\u00a0& two\nthree\nfour\nfive\nsix');
  });

  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('plain text of HTML in the sanitizer’s form, read without a parser', () => {
  const KEPT = ['p', 'br', 'hr', 'div', 'span', 'blockquote', 'pre', 'h2', 'ol', 'ul', 'li', 'dl', 'dt', 'dd', 'em', 'b', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'col', 'a'];
  const OTHER = ['script', 'style', 'textarea', 'title', 'xmp', 'svg', 'img', 'P', 'my-tag', 'body'];
  const space = fc.constantFrom('', ' ', '\n', '\t', '\r', '\f', '\u00a0', '  ');
  const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\t', '\r', '\f', '\u00a0', '<', '>', '&', '"', "'", '=', '/', '\0', 'é', '中', '!', ';', '#'), maxLength: 12 });
  const value = fc.string({ unit: fc.constantFrom('x', ' ', '>', '<', '&amp;', "'", '"', '=', '/'), maxLength: 5 });
  const attribute = fc
    .tuple(fc.constantFrom(' ', '\n', '  ', ''), fc.constantFrom('class', 'lang', 'href', 'data-n', 'a/b', 'x"y'), fc.oneof(fc.constant(''), value.map((v) => `="${v}"`), value.map((v) => `='${v}'`), fc.constant('=x'), fc.constant(' = "y"')))
    .map((parts) => parts.join(''));
  const name = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...KEPT) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER) });
  const startTag = fc.tuple(name, fc.array(attribute, { maxLength: 3 }), space, fc.constantFrom('', '', '/')).map(([n, a, s, slash]) => `<${n}${a.join('')}${s}${slash}>`);
  const endTag = fc.tuple(name, space).map(([n, s]) => `</${n}${s}>`);
  const entity = fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&#39;', '&nbsp;', '&#160;', '&amp', '&copy', '&#x41;', '&ampx;');
  const odd = fc.constantFrom('<!-- c -->', '<![CDATA[c]]>', '<?x?>', '<!doctype html>', '< p>', '<p', '</>');
  /** Any string of HTML's pieces: tags unbalanced, attributes in every quoting, entities known and not. */
  const anyHtml = fc.array(fc.oneof({ weight: 4, arbitrary: text }, { weight: 3, arbitrary: startTag }, { weight: 3, arbitrary: endTag }, { weight: 1, arbitrary: entity }, { weight: 1, arbitrary: odd }), { maxLength: 30 }).map((parts) => parts.join(''));
  /** Balanced trees of the kept tags, with text and entities as the sanitizer escapes them. */
  const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text.map((t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\0/g, '')),
      fc.constantFrom('<br>', '<br />', '<hr>', '&quot;', '&#39;'),
      fc.tuple(fc.constantFrom(...KEPT.filter((t) => !['br', 'hr', 'col'].includes(t))), fc.constantFrom('', ' class="note"', ' lang="fr" data-n="2"'), fc.array(tie('node'), { maxLength: 4 })).map(([n, a, children]) => `<${n}${a}>${children.join('')}</${n}>`),
    ),
  })).node;

  it('is the parser’s text wherever it reads the HTML, and leaves every other HTML to the parser', () => {
    fc.assert(
      fc.property(fc.oneof(anyHtml, tree, anyHtml.map(sanitizeRichText), tree.map(sanitizeRichText)), (html) => {
        const read = sanitizedFormText(html);
        if (read !== undefined) expect(read).toBe(htmlToTextByParsing(html));
        expect(htmlToText(html)).toBe(htmlToTextByParsing(html));
      }),
      { numRuns: 4000 },
    );
  });

  it('reads stored texts as the sanitizer writes them without the parser', () => {
    const stored = [
      '<p class="header">SECRET</p><p>1. The <em>Minister</em> said &quot;no&quot; &amp; left.<span class="footnote" id="d1fn1" data-n="1">See <a href="https://example.org/" rel="nofollow noopener">here</a>.</span></p>',
      '<ol start="2"><li>first</li><li><p>second</p><ul><li>inner</li></ul></li></ol><span class="page-break" id="pg_2" data-page="2"></span>',
      '<table><thead><tr><th scope="col">Port</th></tr></thead><tbody><tr><td colspan="2">Pemba</td></tr></tbody></table><p>a<br />b</p><hr />',
      '<p lang="ru">Москва &lt; Пекин</p><blockquote><p>quoted</p></blockquote><pre>  kept\n  lines</pre>',
    ];
    for (const html of stored) {
      const clean = sanitizeRichText(html);
      expect(sanitizedFormText(clean)).toBe(htmlToTextByParsing(clean));
    }
    expect(sanitizedFormText(sanitizeRichText(stored[0]!))).toBe('SECRET\n1. The Minister said "no" & left.See here.');
  });

  it('folds the whitespace of text without markup as the parser’s reading always did', () => {
    // Runs of spaces and tabs become one space, and with line breaks one line break.
    const before = (text: string) => text.replace(/[ \t]*\n[ \t\n]*/g, '\n').replace(/[ \t]+/g, ' ').trim();
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', ' ', '\t', '\n', '\r', '\f', '\u00a0'), maxLength: 40 }), (text) => {
        expect(htmlToText(text)).toBe(before(text));
        expect(htmlToTextByParsing(text)).toBe(before(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a table’s cells, line breaks and entities as the parser does', () => {
    const html = '<table><tbody><tr><td>a</td><td>b&amp;c</td></tr></tbody></table><p>x<br />y &lt;z&gt;</p>';
    expect(sanitizedFormText(html)).toBe('a b&c\nx\ny <z>');
    expect(sanitizedFormText('<p>one<p>two</p></p>')).toBeUndefined();
    expect(sanitizedFormText('<p>a &nbsp; b</p>')).toBeUndefined();
  });
});
