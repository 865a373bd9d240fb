import { describe, expect, it } from 'vitest';
import { htmlToText } from '../domain/rich-text.js';
import { plainText } from './plain-text-memo.js';

describe('plainText', () => {
  it('is the text htmlToText makes, the first time and from memory, and follows edits', () => {
    const html = '<p>To the <span class="editorial">[American]</span> Legation:</p><ul><li>one</li><li>two</li></ul>';
    expect(plainText(html)).toBe(htmlToText(html));
    expect(plainText(html)).toBe(htmlToText(html));
    const edited = html.replace('one', 'first');
    expect(plainText(edited)).toBe(htmlToText(edited));
    expect(plainText(edited)).toContain('first');
  });
});
