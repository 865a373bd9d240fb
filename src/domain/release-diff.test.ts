import { describe, expect, it } from 'vitest';
import { compareReleases, joinTokens, tokenize, wordKey } from './release-diff.js';

const page1 = `SECRET

PRIORITY DIRECTOR INFO MEXICO CITY

1. SUBJECT VISITED THE SOVIET EMBASSY ON 28 SEPTEMBER AND SPOKE WITH
CONSUL KOSTIKOV ABOUT A VISA FOR TRAVEL TO ODESSA.

2. STATION HAS NO FURTHER TRACES.`;

describe('comparing two releases word by word', () => {
  it('shows no change for the same page re-flowed, re-hyphenated and OCR-ed with look-alike letters', () => {
    const reflowed = `SECRET PRIORITY DIRECTOR
INFO MEXICO CITY 1. SUBJECT VISITED THE SOVIET EMBAS-
SY ON 28 SEPTEMBER AND SPOKE WITH CONSUL KOSTIKOV ABOUT
A VISA FOR TRAVEL TO ОDESSA. • 2. STATION HAS NO FURTHER TRACES.`;
    const c = compareReleases({ pages: [page1] }, { pages: [reflowed] });
    expect(c.addedWords).toBe(0);
    expect(c.removedWords).toBe(0);
    expect(c.passages).toEqual([]);
    expect(c.segments.map((s) => s.kind)).toEqual(['same']);
  });

  it('marks a passage present only in the later release, on its page', () => {
    const later = page1.replace('STATION HAS NO FURTHER TRACES.', 'STATION HAS NO FURTHER TRACES. LIENVOY SOURCE REPORTS CALL FROM CUBAN CONSULATE.');
    const c = compareReleases({ pages: ['cover sheet', page1] }, { pages: ['cover sheet', later] });
    expect(c.passages).toEqual([{ text: 'LIENVOY SOURCE REPORTS CALL FROM CUBAN CONSULATE.', words: 7, page: 2 }]);
    expect(c.addedWords).toBe(7);
    expect(c.pagesChanged).toEqual([2]);
    expect(c.segments.filter((s) => s.kind === 'added')).toHaveLength(1);
  });

  it('takes a misread word for noise but a withheld name for a change', () => {
    const earlier = 'JEK ASSASSINATION SYSTEM. SOURCE [REDACTED] MET THE OFFICER.';
    const later = 'JFK ASSASSINATION SYSTEM. SOURCE JOHN SMITH MET THE OFFICER.';
    const c = compareReleases({ text: earlier }, { text: later });
    expect(c.segments.filter((s) => s.kind === 'added').map((s) => s.tokens.map((t) => t.text).join(' '))).toEqual(['JOHN SMITH']);
    expect(c.segments.filter((s) => s.kind === 'removed').map((s) => s.tokens.map((t) => t.text).join(' '))).toEqual(['[REDACTED]']);
  });

  it('folds case, punctuation and Cyrillic look-alikes in the comparison key only', () => {
    expect(wordKey('Сору,')).toBe('copy');
    const tokens = tokenize(['one two\n\nthree —', 'four']);
    expect(tokens.map((t) => [t.text, t.page, t.para])).toEqual([['one', 1, true], ['two', 1, false], ['three —', 1, true], ['four', 2, true]]);
  });

  it('compares Chinese and Japanese character by character, keeping their spacing', () => {
    const c = compareReleases({ text: '日本政府は■■■と協議した。' }, { text: '日本政府は中国外交部と協議した。' });
    const added = c.segments.filter((s) => s.kind === 'added');
    expect(added.map((s) => joinTokens(s.tokens))).toEqual(['中国外交部']);
    expect(c.passages).toEqual([{ text: '中国外交部', words: 5, page: 1 }]);
    expect(joinTokens(tokenize(['Cable 第1023号 from Beijing'])).toString()).toBe('Cable 第1023号 from Beijing');
    // Punctuation opening a paragraph stays with the word after it.
    expect(joinTokens(tokenize(['（了）\n\n• 2. Station']))).toBe('（了） • 2. Station');
  });
});
