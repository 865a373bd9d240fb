/**
 * The rich-text sanitizer against generated hostile HTML: whatever goes in,
 * what comes out parses (with the same HTML parser browsers' rules follow)
 * into nothing executable — no script-bearing element, no event handler, no
 * style, no URL with a scheme other than http, https or mailto — and
 * sanitizing it again changes nothing an attacker could use.
 */
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { sanitizeRichText } from '../../src/domain/rich-text.js';
import { fuzz } from './budget.js';

const DANGEROUS_TAGS = new Set(['script', 'iframe', 'object', 'embed', 'style', 'link', 'meta', 'base', 'form', 'input', 'button', 'svg', 'math', 'template', 'frame', 'frameset', 'applet', 'img', 'video', 'audio', 'source', 'noscript', 'textarea', 'select']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'data', 'srcdoc']);

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

const hostileHtml = fc.array(fc.oneof({ weight: 3, arbitrary: pieces }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 16 }).map((p) => p.join(''));

function executableConstructs(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (DANGEROUS_TAGS.has(name)) found.push(`<${name}>`);
        for (const [attr, raw] of Object.entries(attribs)) {
          if (/^on/i.test(attr)) found.push(`${name}@${attr}`);
          if (attr === 'style') found.push(`${name}@style`);
          if (URL_ATTRIBUTES.has(attr)) {
            // As a browser reads it: entities decoded (htmlparser2 does), tabs/newlines/controls stripped, case folded.
            const url = raw.replace(/[\u0000-\u0020]/g, '').toLowerCase();
            const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url)?.[1];
            if (url.startsWith('//') || (scheme && !['http', 'https', 'mailto'].includes(scheme))) found.push(`${name}@${attr}=${raw}`);
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

describe('fuzz: rich-text sanitizer', () => {
  it('never lets an executable construct through', async () => {
    await fuzz('sanitizer', hostileHtml, (input) => {
      const once = sanitizeRichText(input);
      expect(executableConstructs(once)).toEqual([]);
      expect(executableConstructs(sanitizeRichText(once))).toEqual([]);
    }, 20);
  });

  it('the checker itself sees what it must', () => {
    expect(executableConstructs('<img src=x onerror=alert(1)>')).toEqual(['<img>', 'img@onerror']);
    expect(executableConstructs('<a href="jav&#x09;ascript:x">')).toEqual(['a@href=jav\tascript:x']);
  });
});
