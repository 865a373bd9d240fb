import { describe, expect, it } from 'vitest';
import { documentSchema } from './document.js';
import { diffDocuments, htmlToText } from './record-diff.js';

const base = documentSchema.parse({
  id: 'd1',
  title: 'Cable from Beijing',
  date: '1984-03-25',
  cable: { number: '123', to: ['Foreign Minister'] },
  translations: [{ language: 'en', html: '<p>The ambassador met the premier on Sunday.</p><p>They spoke of fishing.</p>' }],
  transcripts: [{ language: 'ja', html: '<p>大使は日曜日に首相と会談した。</p>' }],
});

describe('diffDocuments', () => {
  it('lists only the fields that changed, nested ones by path', () => {
    const next = { ...base, title: 'Cable from Peking', cable: { ...base.cable!, number: '124' }, updatedAt: '2026-01-01' };
    expect(diffDocuments(base, next)).toEqual([
      { field: 'title', before: 'Cable from Beijing', after: 'Cable from Peking' },
      { field: 'cable.number', before: '123', after: '124' },
    ]);
  });

  it('compares translations word by word, as text', () => {
    const next = { ...base, translations: [{ ...base.translations[0]!, html: '<p>The ambassador met the <em>foreign</em> minister on Sunday.</p><p>They spoke of fishing.</p>' }] };
    const [change] = diffDocuments(base, next);
    expect(change!.field).toBe('translation (en)');
    expect(change!.words!.filter((w) => w.change === 'removed').map((w) => w.text.trim())).toEqual(['premier']);
    expect(change!.words!.filter((w) => w.change === 'added').map((w) => w.text.trim()).join(' ')).toBe('foreign minister');
  });

  it('finds a changed word inside Japanese text that has no spaces', () => {
    const next = { ...base, transcripts: [{ ...base.transcripts[0]!, html: '<p>大使は月曜日に首相と会談した。</p>' }] };
    const words = diffDocuments(base, next)[0]!.words!;
    expect(words.filter((w) => w.change).map((w) => `${w.change}:${w.text}`)).toEqual(['removed:日曜日', 'added:月曜日']);
    expect(words.find((w) => !w.change)!.text).toBe('大使は');
  });

  it('reports added and removed texts and a new document whole', () => {
    const next = { ...base, translations: [...base.translations, { language: 'fr', html: '<p>L’ambassadeur &amp; le premier.</p>', translators: ['A. Martin'] }] };
    const changes = diffDocuments(base, next);
    expect(changes.map((c) => c.field)).toEqual(['translation (fr)', 'translation (fr): translators']);
    expect(changes[0]!.after).toBe('L’ambassadeur & le premier.');
    expect(diffDocuments(undefined, base).map((c) => c.field)).toContain('title');
  });

  it('turns rich text into the words a reader sees', () => {
    expect(htmlToText('<p>One&nbsp;<span class="editorial">[Andrei]</span></p><ul><li>a</li><li>b &lt;c&gt;</li></ul>')).toBe('One\u00a0[Andrei]\na\nb <c>');
  });
});
