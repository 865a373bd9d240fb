/**
 * The HTML the TEI renderer builds is a fixed point of the rich-text
 * sanitizer, which is what lets validation keep it without parsing it again
 * (builtRichText in domain/rich-text.ts): proven over every FRUS volume of the
 * shared corpora and over generated element trees full of hostile text,
 * attributes and link targets. The text accounting reads the words of such
 * HTML without a full parser; they must be the words htmlToText gives.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtRichText,
  builtRichTextToText,
  htmlToText,
  isBuiltRichText,
  sanitizeRichText,
  sanitizeRichTextByParsing,
} from '../../../src/domain/rich-text.js';
import { addWords } from '../../../src/ingest/accounting/word-bag.js';
import { buildDocuments, type VolumeContext } from '../../../src/ingest/tei/frus-document.js';
import { readTeiFile } from '../../../src/ingest/tei/tei-reader.js';
import type { XmlElement, XmlNode } from '../../../src/ingest/tei/xml-tree.js';
import { SHARED_DATA } from '../../helpers.js';
import { fuzz, hostileText } from '../../fuzz/budget.js';

const FRUS = join(SHARED_DATA, 'frus');
const volumes = existsSync(FRUS) ? readdirSync(FRUS).filter((f) => f.endsWith('.xml')).sort() : [];

/** What the words of built HTML must be: those of htmlToText, the parser-based reading. */
function expectSameWords(html: string): void {
  expect(addWords(builtRichTextToText(html))).toEqual(addWords(htmlToText(html)));
}

describe('HTML built from FRUS TEI', () => {
  it.skipIf(volumes.length === 0)(`is a fixed point of the sanitizer in every volume, with the words htmlToText reads (${FRUS}; skipped when absent)`, async () => {
    let texts = 0;
    for (const file of volumes) {
      for await (const item of readTeiFile({ path: join(FRUS, file), display: file })) {
        const raw = item.raw as { id?: string; transcripts?: { html: string }[] } | undefined;
        for (const { html } of raw?.transcripts ?? []) {
          texts++;
          expect(isBuiltRichText(html), `${file} ${raw!.id}`).toBe(true);
          expect(sanitizeRichTextByParsing(html), `${file} ${raw!.id}`).toBe(html);
          expectSameWords(html);
        }
      }
    }
    expect(texts).toBeGreaterThan(7000);
  }, 600_000);
});

/** Text as an XML parser hands it over: only characters XML allows. */
const xmlText = hostileText.map((s) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, ''));

const ELEMENT_NAMES = [
  'p', 'ab', 'head', 'list', 'item', 'label', 'table', 'row', 'cell', 'quote', 'closer', 'dateline', 'opener', 'note',
  'attachment', 'frus:attachment', 'div', 'figure', 'figDesc', 'hi', 'emph', 'title', 'del', 'lb', 'pb', 'ref', 'ptr', 'seg',
  'signed', 'salute', 'gap', 'foreign', 'persName', 'date', 'placeName', 'anchor', 'lg', 'l', 'sp', 'script', 'a', 'br',
  'unknownThing',
];

const attributes = fc.record(
  {
    rend: fc.oneof(fc.constantFrom('italic', 'bold', 'superscript', 'underline', 'blockquote', 'inline'), xmlText),
    type: fc.oneof(fc.constantFrom('source', 'document', 'subject', 'margin', 'from', 'to'), xmlText),
    n: fc.oneof(fc.constantFrom('1', '12', '[ ]', 'a"b', "d'1", '<3>', '&amp;'), xmlText),
    'xml:id': fc.oneof(fc.constantFrom('pg_1', 'd1fn2', 'x y', '1abc', 'a"><script>'), xmlText),
    target: fc.oneof(
      fc.constantFrom('#pg_1', 'frus1900t#d1', 'http://example.org/?a=1&b="2"', 'https://x.test/<i>', 'javascript:alert(1)', '//evil.test', '/\\evil.test', 'mailto:x@y'),
      xmlText,
    ),
    'xml:lang': fc.oneof(fc.constantFrom('en', 'zh-Hant', 'fr', 'EN', 'x"y'), xmlText),
    cols: fc.constantFrom('1', '2', '3', 'x'),
    rows: fc.constantFrom('1', '2', '-1'),
    role: fc.constantFrom('label', 'data'),
    break: fc.constantFrom('no', 'yes'),
  },
  { requiredKeys: [] },
);

const { node } = fc.letrec<{ node: XmlNode; element: XmlElement }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, xmlText, tie('element')),
  element: fc.record({
    name: fc.constantFrom(...ELEMENT_NAMES),
    attrs: attributes as fc.Arbitrary<Record<string, string>>,
    children: fc.array(tie('node'), { maxLength: 5 }),
    line: fc.constant(1),
    column: fc.constant(1),
  }),
}));

/** Resolves like the reader (outside links as given, fragments to a document), and sometimes to an href no reader should give. */
function volumeContext(hostile: boolean): VolumeContext {
  return {
    volumeId: 'frus1900t',
    dateOptions: {},
    persons: new Set(),
    terms: new Set(),
    named: new Set(),
    resolve: (target) => {
      if (hostile) return { href: target, documentId: 'frus1900t/d2' };
      if (/^https?:\/\//i.test(target)) return { href: target };
      const hash = target.indexOf('#');
      return hash < 0 ? undefined : { href: `/documents/frus1900t/d2#${encodeURIComponent(target.slice(hash + 1))}`, documentId: 'frus1900t/d2' };
    },
    warn: () => {},
  };
}

describe('fuzz: HTML built from generated TEI', () => {
  it('is a fixed point of the sanitizer, registered as built, with the words htmlToText reads', async () => {
    const documents = fc.record({ children: fc.array(node, { maxLength: 8 }), hostile: fc.boolean() });
    await fuzz('tei-built-html', documents, ({ children, hostile }) => {
      const div: XmlElement = { name: 'div', attrs: { type: 'document', 'xml:id': 'd1', n: '1' }, children, line: 1, column: 1 };
      const built = buildDocuments(div, { id: 'frus1900t/d1', xmlId: 'd1', collection: 'frus1900t', position: () => 0, pagesBefore: [] }, volumeContext(hostile));
      for (const { raw } of built) {
        for (const { html } of (raw.transcripts as { html: string }[] | undefined) ?? []) {
          expect(sanitizeRichTextByParsing(html)).toBe(html);
          expect(isBuiltRichText(html)).toBe(true);
          expectSameWords(html);
        }
      }
    }, 10);
  });
});

describe('the registry of built rich text', () => {
  it('returns a registered string from the sanitizer as it is, once, and sanitizes anything else', () => {
    const html = '<p>Built <em>here</em><br />and &amp; there</p>';
    expect(builtRichText(html)).toBe(html);
    expect(isBuiltRichText(html)).toBe(true);
    expect(sanitizeRichText(html)).toBe(html);
    // Validated once: the entry is gone, and the same value is parsed the next time (with the same result, being a fixed point).
    expect(isBuiltRichText(html)).toBe(false);
    expect(sanitizeRichText(html)).toBe(html);
    expect(sanitizeRichText('<p onclick="x()">a<script>b</script></p>')).toBe('<p>a</p>');
  });

  it('holds a bounded number of strings: the oldest falls out and is sanitized the usual way', () => {
    const first = '<p>first <b>one</b></p>';
    builtRichText(first);
    for (let i = 0; i < 200; i++) builtRichText(`<p>${i}</p>`);
    expect(isBuiltRichText(first)).toBe(false);
    expect(isBuiltRichText('<p>199</p>')).toBe(true);
    expect(sanitizeRichText(first)).toBe(first);
  });
});
