import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlToText, linesToHtml, sanitizeRichText, textToHtml } from './rich-text.js';

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
