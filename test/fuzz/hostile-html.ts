/**
 * Generated hostile HTML: known script-injection vectors (encoded schemes,
 * mXSS shapes, handlers, foreign content) mixed with random text and broken
 * tags, for the sanitizer's fuzz test and its Chromium check.
 * @module
 */
import fc from 'fast-check';

const pieces = fc.constantFrom(
  '<script>alert(1)</script>', '<script src=//evil.example/x.js></script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<svg><script>alert(1)</script></svg>',
  '<a href="javascript:alert(1)">x</a>', '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a href=" JaVaScRiPt:alert(1)">x</a>', '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a href="vbscript:msgbox(1)">x</a>', '<a href="//evil.example">x</a>', '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="x.swf"></object>', '<embed src=x>', '<style>*{x:expression(alert(1))}</style>', '<p style="background:url(javascript:alert(1))">s</p>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<form action="javascript:alert(1)"><button>x</button></form>', '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<!--<script>alert(1)</script>-->', '<![CDATA[<script>alert(1)</script>]]>', '<p onclick="alert(1)">c</p>',
  '<div id="x" onmouseover=alert(1)>d</div>', '<template><script>alert(1)</script></template>', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<span class="footnote" data-n="1">ok</span>', '<p>plain</p>', '<a href="https://example.org/">ok</a>', '<table><tr><td colspan="2">t</td></tr></table>',
  '<', '>', '"', "'", '=', '</p>', '<p', '&lt;script&gt;', '<scr<script>ipt>alert(1)</script>', '<a href="java\u0000script:alert(1)">x</a>', '<textarea><script>alert(1)</script></textarea>',
);

export const hostileHtml = fc.array(fc.oneof({ weight: 3, arbitrary: pieces }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 16 }).map((p) => p.join(''));

