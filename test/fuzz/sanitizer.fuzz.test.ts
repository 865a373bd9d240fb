/**
 * The rich-text sanitizer against generated hostile HTML: whatever goes in,
 * what comes out parses (with the same HTML parser browsers' rules follow)
 * into nothing executable — no script-bearing element, no event handler, no
 * style, no URL with a scheme other than http, https or mailto — and
 * sanitizing it again changes nothing an attacker could use.
 */
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { sanitizeRichText } from '../../src/domain/rich-text.js';
import { fuzz } from './budget.js';
import { hostileHtml } from './hostile-html.js';

const DANGEROUS_TAGS = new Set(['script', 'iframe', 'object', 'embed', 'style', 'link', 'meta', 'base', 'form', 'input', 'button', 'svg', 'math', 'template', 'frame', 'frameset', 'applet', 'img', 'video', 'audio', 'source', 'noscript', 'textarea', 'select']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'data', 'srcdoc']);

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
