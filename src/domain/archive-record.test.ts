import { describe, expect, it } from 'vitest';
import { parseArchiveRecord } from './archive-record.js';

const issues = (raw: unknown) => {
  const result = parseArchiveRecord(raw);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('parseArchiveRecord', () => {
  it('accepts a full document and applies defaults', () => {
    const result = parseArchiveRecord({
      id: 'wcda-300641',
      title: 'Main Points of Meeting',
      date: '1967-11-24',
      languages: ['JA'],
      translations: [{ language: 'en', html: '<p>x</p>' }],
      cable: { number: '123', sent: { dateTime: '1984-03-25T19:45', timeZone: 'Asia/Tokyo' }, to: ['Minister'] },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record).toMatchObject({ kind: 'document', status: 'published', sample: false, languages: ['ja'], classification: [] });
  });

  it('collects every problem of a record, each with its field', () => {
    expect(
      issues({
        kind: 'document',
        id: 'has space',
        title: '   ',
        date: '1985-02-29',
        languages: ['Japanese'],
        translations: [{ language: 'en' }],
        collections: [{ id: 'c' }, { id: 'c' }],
        related: [{ id: 'has space' }],
        status: 'secret',
        titel: 'typo',
      }),
    ).toEqual([
      expect.stringMatching(/^id: an ID uses letters/),
      'title: cannot be empty',
      'date: "1985-02-29": 1985 has no February 29',
      'languages.0: "Japanese" is not a language tag such as "en", "zh-Hans" or "ru"',
      'translations.0.html: is required',
      expect.stringMatching(/^related\.0\.id: an ID uses letters/),
      'status: Invalid option: expected one of "draft"|"review"|"published"|"withdrawn"',
      'titel: is not a field of this record (misspelt?)',
    ]);
  });

  it('checks relations and withdrawal consistency', () => {
    expect(issues({ id: 'a', title: 'A', related: [{ id: 'a' }] })).toEqual(['related: a document cannot be related to itself']);
    expect(issues({ id: 'a', title: 'A', withdrawnReason: 'x' })).toEqual(['withdrawnReason: only a withdrawn document has a withdrawal reason']);
    expect(issues({ id: 'a', title: 'A', collections: [{ id: 'c' }, { id: 'c' }] })).toEqual(['collections.1: collection "c" is listed twice']);
  });

  it('validates authorities by kind, including partial dates and URLs', () => {
    expect(issues({ kind: 'person', id: 'p', name: 'P', born: '1898-13', sameAs: ['not a url'] })).toEqual([
      'sameAs.0: expected an http(s) URL',
      'born: "1898-13": month 13 is not between 01 and 12',
    ]);
    expect(issues({ kind: 'rights', id: 'r', name: 'R' })).toEqual(['statement: is required']);
    expect(issues({ kind: 'planet', id: 'x', name: 'X' })).toEqual(['kind: unknown record kind']);
    expect(issues('a string')).toEqual([': expected a JSON object']);
    expect(issues([1, 2])).toEqual([': expected a JSON object']);
  });

  it('sanitizes rich text as it validates', () => {
    const result = parseArchiveRecord({ kind: 'collection', id: 'c', title: 'C', description: '<p>ok<script>x()</script></p>' });
    expect(result.ok && result.record.kind === 'collection' && result.record.description).toBe('<p>ok</p>');
  });
});
