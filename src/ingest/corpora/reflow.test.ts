/**
 * Reflowing never joins what the source separates, and always joins what only the layout split:
 * each rule tested both ways, on lines shaped like the shared corpora's.
 */
import { describe, expect, it } from 'vitest';
import { egovLines, joinMojLines, markdownBlocks } from './layouts.js';
import { ocrToHtml } from './nara-ocr.js';
import { addWords } from '../accounting/word-bag.js';

describe('ROC law text (MOJ JSON)', () => {
  // 32 full-width characters: the fixed width at which the MOJ data wraps.
  const full = '人民因犯罪嫌疑被逮捕拘禁時，其逮捕拘禁機關應將逮捕拘禁原因，以書';
  it('joins a line wrapped at 32 full-width characters, so a word across the wrap is whole', () => {
    expect([...full]).toHaveLength(32);
    expect(joinMojLines(`${full}\r\n面告知本人。`)).toBe(`${full}面告知本人。`);
    // "ＣＨＩＮ" / "ＥＳＥ": a wrap inside a full-width word (Q0040009).
    const line = `${'出口文件'.repeat(7)}大陸ＣＨ`;
    expect([...line]).toHaveLength(32);
    expect(joinMojLines(`${line}\r\nＩＮＡ）字樣。`)).toContain('ＣＨＩＮＡ');
  });

  it('keeps a break after a shorter line, and after a full line that ends a sentence', () => {
    expect(joinMojLines('第一條　本法所稱者。\r\n第二條　其他。')).toBe('第一條　本法所稱者。\n第二條　其他。');
    const sentence = `${full.slice(0, 31)}。`;
    expect(joinMojLines(`${sentence}\r\n二、次項。`)).toBe(`${sentence}\n二、次項。`);
  });

  it('joins an indented continuation line, even inside a number', () => {
    expect(joinMojLines('署授食字第 1011300\r\n    684 號令修正')).toBe('署授食字第 1011300684 號令修正');
  });
});

describe('Japanese law text (e-Gov HTML)', () => {
  it('joins text split by a line break of the HTML source between Japanese characters', () => {
    expect(egovLines('法律</A>\n（以下「法」という。）<A>第一条</A>\nに規定する')).toEqual(['法律（以下「法」という。）第一条に規定する']);
  });

  it('keeps the breaks the markup makes, and reads a source break between Latin words as a space', () => {
    expect(egovLines('第一条　目的<BR>第二条　定義<DIV class="item">一　用語</DIV>')).toEqual(['第一条　目的', '第二条　定義', '一　用語']);
    expect(egovLines('Japanese Industrial\nStandards')).toEqual(['Japanese Industrial Standards']);
  });
});

describe('Markdown law text', () => {
  it('imports an empty heading as nothing, never as a literal "##"', () => {
    expect(markdownBlocks(['##', '## 第一章　总则', '第一条 …'])).toBe('<h3>第一章　总则</h3>\n<p>第一条 …</p>');
  });

  it('reads a pipe table as a table, without its rule line', () => {
    const html = markdownBlocks(['| 刑法条文 | 罪名 |', '|-----|-----|', '| 第201条 | 逃税罪 |']);
    expect(html).toBe('<table><tbody><tr><td>刑法条文</td><td>罪名</td></tr><tr><td>第201条</td><td>逃税罪</td></tr></tbody></table>');
  });
});

describe('JFK OCR text', () => {
  it('drops only the first line naming the PDF; an OCR line beginning with "# " is text', () => {
    const html = ocrToHtml('# 104-10004-10143\n\n## Page 1\n\n# 13 SECRET\n\nNW 65924\n\n---\n', 'r1');
    expect(html).not.toContain('104-10004-10143');
    expect(html).toContain('<p># 13 SECRET</p>');
    expect(html).toContain('data-page="1"');
  });
});

describe('word counting', () => {
  it('counts Han and kana per character and other words by runs of letters and digits, case-folded', () => {
    const bag = addWords('Mr. FISH to Gen. Schenck; 逮捕拘禁 ＣＨＩＮＥＳＥ');
    expect(bag.get('fish')).toBe(1);
    expect(bag.get('逮')).toBe(1);
    expect(bag.get('拘')).toBe(1);
    expect(bag.get('chinese')).toBe(1);
  });
});
