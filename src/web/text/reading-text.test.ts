import { describe, expect, it } from 'vitest';
import { alignUnits, markInsertions, splitUnits } from './reading-text.js';

describe('markInsertions', () => {
  it('marks bracketed words and notes a translator typed, and titles the ones already marked', () => {
    const { html, count } = markInsertions('<p>[Andrei] Gromyko said (Note: figures revised) and <span class="editorial">[x]</span>.</p>');
    expect(count).toBe(3);
    expect(html).toBe(
      '<p><span class="editorial" title="Added by the translator or editor">[Andrei]</span> Gromyko said ' +
        '<span class="note" title="Note by the translator or editor">(Note: figures revised)</span> and ' +
        '<span class="editorial" title="Added by the translator or editor">[x]</span>.</p>',
    );
  });

  it('leaves long bracketed runs, text without insertions and entities alone', () => {
    const long = `<p>[${'a'.repeat(130)}] &amp; “quoted” &lt;tag&gt;</p>`;
    expect(markInsertions(long)).toEqual({ html: long, count: 0 });
  });

  it('gives words in the original’s script inside a translation their language', () => {
    const { html } = markInsertions('<p>mother-ship (Note: 母船式, a factory ship) from Отпор</p>', { original: 'ja' });
    expect(html).toContain('(Note: <span lang="ja">母船式</span>, a factory ship)');
    expect(html).toContain('from Отпор'); // Cyrillic is not Japanese
    expect(markInsertions('<p>at Отпор station</p>', { original: 'ru' }).html).toBe('<p>at <span lang="ru">Отпор</span> station</p>');
  });
});

describe('splitUnits and alignUnits', () => {
  it('cuts blocks and list items, keeping each item’s number, and wraps loose text', () => {
    const units = splitUnits('loose <b>text</b><ol start="2"><li>a</li><li value="7">b</li><li>c</li></ol><div class="header"><p>h</p></div>');
    expect(units.map((u) => u.html)).toEqual([
      '<p>loose <b>text</b></p>',
      '<ol start="2"><li>a</li></ol>',
      '<ol start="7"><li value="7">b</li></ol>',
      '<ol start="8"><li>c</li></ol>',
      '<div class="header"><p>h</p></div>',
    ]);
  });

  it('pairs texts with the same number of units in order, by data-n keys when both carry them, and refuses to pair the rest', () => {
    const en = splitUnits('<p>One</p><p>Two</p>');
    const ja = splitUnits('<p>一</p><p>二</p>');
    expect(alignUnits(en, ja)).toEqual({ aligned: true, rows: [{ translation: en[0], original: ja[0] }, { translation: en[1], original: ja[1] }] });
    const keyedEn = splitUnits('<p data-n="1">One</p><p data-n="2">Two, joined</p>');
    const keyedJa = splitUnits('<p data-n="1">一</p><p data-n="2">二</p><p data-n="3">三</p>');
    const keyed = alignUnits(keyedEn, keyedJa);
    expect(keyed.aligned).toBe(true);
    expect(keyed.rows.map((r) => [r.translation?.key, r.original?.key])).toEqual([['1', '1'], ['2', '2'], [undefined, '3']]);
    expect(alignUnits(en, splitUnits('<p>一</p><p>二</p><p>三</p>'))).toEqual({ aligned: false, rows: [] });
  });
});
